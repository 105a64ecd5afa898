/**
 * The one HTTP primitive core uses. Platforms supply it (core/node/node-transport.ts uses
 * node:http/https so it can honour docker's per-host CA files); tests may supply fakes.
 */
export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: Uint8Array;
  /** Abort with HTTP_TIMEOUT when no complete response arrives in this many ms. */
  timeoutMs?: number;
  /** Abort with HTTP_TOO_LARGE when a 2xx body exceeds this many bytes (Content-Length or streamed); error bodies are truncated instead. */
  maxBytes?: number;
}

export interface HttpResponse {
  status: number;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: Uint8Array;
}

/**
 * Transport errors are thrown as SignetError with codes HTTP_UNREACHABLE, HTTP_TIMEOUT, HTTP_TLS
 * or HTTP_TOO_LARGE. Any HTTP status is returned, never thrown.
 */
export interface HttpTransport {
  request(req: HttpRequest): Promise<HttpResponse>;
}
