import type { HttpRequest, HttpResponse, HttpTransport } from '../../core/http/transport.js';

/** An HttpTransport for unit tests: answers from a handler and records every request. */
export class FakeTransport implements HttpTransport {
  readonly log: HttpRequest[] = [];
  constructor(private readonly handler: (req: HttpRequest) => HttpResponse | Promise<HttpResponse>) {}
  async request(req: HttpRequest): Promise<HttpResponse> {
    this.log.push(req);
    return this.handler(req);
  }
}

/** A response with a text or byte body. */
export function reply(
  status: number,
  body: string | Uint8Array = '',
  headers: Record<string, string> = {},
): HttpResponse {
  return { status, headers, body: typeof body === 'string' ? new TextEncoder().encode(body) : body };
}
