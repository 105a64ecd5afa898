import * as http from 'node:http';
import * as https from 'node:https';
import { rootCertificates } from 'node:tls';
import { SignetError } from '../errors.js';
import { displayUrl } from '../http/status.js';
import type { HttpRequest, HttpResponse, HttpTransport } from '../http/transport.js';

/** TLS settings for one server, as docker derives them from `$DOCKER_CONFIG/tls/<host:port>/`. */
export interface TlsOptions {
  /** Extra CAs, trusted in addition to the system roots (docker appends to the system pool). */
  ca?: Buffer[];
  cert?: Buffer;
  key?: Buffer;
  /** Docker skips verification for loopback ("insecure") registries. */
  insecureSkipVerify?: boolean;
}

export interface NodeHttpTransportOptions {
  /** TLS options for a server; called once per `host[:port]` (URL.host, default port omitted). */
  tlsFor?: (host: string) => TlsOptions | Promise<TlsOptions>;
  /** Timeout when a request sets none; default 30 000 ms. */
  defaultTimeoutMs?: number;
}

const UNKNOWN_AUTHORITY = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
]);

/**
 * OpenSSL chain-verification results (Node's X509 verify error codes): after one of these, a
 * connection verified against the configured CA alone is retried with the system roots added.
 * (ERR_TLS_CERT_ALTNAME_INVALID is not one: the host name check does not depend on the CA pool.)
 */
const CHAIN_ERRORS = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_CRL',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECRYPT_CRL_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CRL_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CRL_NOT_YET_VALID',
  'CRL_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'ERROR_IN_CRL_LAST_UPDATE_FIELD',
  'ERROR_IN_CRL_NEXT_UPDATE_FIELD',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
]);

function isChainError(e: unknown): boolean {
  const cause = e instanceof SignetError ? e.cause : undefined;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  return code !== undefined && CHAIN_ERRORS.has(code);
}

/**
 * The agent of one `protocol//host`. With a configured CA the first agent trusts that CA alone:
 * building a secure context from Node's ~140 PEM system roots costs ~25 ms per process, and a
 * private CA is what a private notary server uses. Docker trusts the system pool plus the CA, so on a
 * chain-verification failure `widen()` switches (once, for every later request too) to an agent
 * with the system roots + CA, and the request is retried: the servers accepted are the same.
 */
interface HostAgent {
  agent: http.Agent;
  widen?: () => http.Agent;
}

const ERROR_BODY_CAP = 64 * 1024;

/** Errors of a request sent on a reused keep-alive socket the server had closed (nothing answered). */
const STALE = new WeakSet<SignetError>();
const STALE_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(3))} s`;

/** Maps a Node socket/TLS error to HTTP_TLS or HTTP_UNREACHABLE with a readable reason. */
function classify(err: NodeJS.ErrnoException, url: URL): SignetError {
  const code = err.code ?? '';
  const where = url.origin;
  const tlsHint = `if ${url.host} uses a private CA, put it in $DOCKER_CONFIG/tls/${url.host}/ca.crt`;
  let reason: string | undefined;
  if (UNKNOWN_AUTHORITY.has(code)) reason = 'certificate signed by unknown authority';
  else if (code === 'CERT_HAS_EXPIRED') reason = 'certificate has expired';
  else if (code === 'CERT_NOT_YET_VALID') reason = 'certificate is not yet valid';
  else if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') reason = `certificate is not valid for ${url.hostname}`;
  else if (/WRONG_VERSION_NUMBER|HTTP_REQUEST/.test(code) || /wrong version number/.test(err.message))
    reason = 'server answered with plain HTTP, not TLS';
  else if (
    code.startsWith('ERR_SSL_') ||
    code.startsWith('ERR_TLS_') ||
    code.startsWith('CERT_') ||
    /SSL|TLS|certificate/i.test(err.message)
  )
    reason = err.message;
  if (reason !== undefined)
    return new SignetError('HTTP_TLS', `TLS handshake with ${where} failed: ${reason}`, { hint: tlsHint, cause: err });
  const why: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: `host ${url.hostname} not found`,
    EAI_AGAIN: `host ${url.hostname} not found (DNS lookup failed)`,
    ECONNRESET: 'connection reset',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    ETIMEDOUT: 'connection timed out',
    EPIPE: 'connection closed',
  };
  return new SignetError('HTTP_UNREACHABLE', `cannot reach ${where}: ${why[code] ?? err.message}`, {
    hint: `check that the server at ${url.host} is running and the URL is right`,
    cause: err,
  });
}

/**
 * HttpTransport on node:http/https with per-host TLS, keep-alive agents, timeouts and size caps.
 * `maxBytes` applies to 2xx bodies (as notary's client limits only successful reads); error bodies
 * are truncated at 64 KiB so a small cap never hides a 404 or 401 behind HTTP_TOO_LARGE.
 */
export class NodeHttpTransport implements HttpTransport {
  private readonly agents = new Map<string, Promise<HostAgent>>();
  /** Hosts verified with the system roots + CA (widen()). */
  private readonly widened = new Set<string>();

  constructor(private readonly opts: NodeHttpTransportOptions = {}) {}

  /** Closes the idle keep-alive sockets. */
  close(): void {
    for (const a of this.agents.values())
      void a.then(
        (h) => h.agent.destroy(),
        () => undefined,
      );
    this.agents.clear();
  }

  private hostAgent(url: URL): Promise<HostAgent> {
    const key = `${url.protocol}//${url.host}`;
    let a = this.agents.get(key);
    if (!a) {
      a = (async (): Promise<HostAgent> => {
        if (url.protocol === 'http:') return { agent: new http.Agent({ keepAlive: true }) };
        const t = (await this.opts.tlsFor?.(url.host)) ?? {};
        const base: https.AgentOptions = {
          keepAlive: true,
          ...(t.cert && t.key ? { cert: t.cert, key: t.key } : {}),
          rejectUnauthorized: !t.insecureSkipVerify,
        };
        // Verification skipped (docker's loopback rule): no CA is ever consulted, parse none.
        if (t.insecureSkipVerify || !t.ca || t.ca.length === 0) return { agent: new https.Agent(base) };
        const cas = t.ca.map((c) => c.toString());
        // a host that needed the system roots before starts with them (its agent was made again)
        if (this.widened.has(key)) return { agent: new https.Agent({ ...base, ca: [...rootCertificates, ...cas] }) };
        const host: HostAgent = { agent: new https.Agent({ ...base, ca: cas }) };
        let wide: http.Agent | undefined;
        host.widen = (): http.Agent => {
          if (wide === undefined) {
            // The CA-only agent holds no connection (none verified); requests still on it fail and retry.
            wide = new https.Agent({ ...base, ca: [...rootCertificates, ...cas] });
            host.agent = wide;
            this.widened.add(key);
          }
          return wide;
        };
        return host;
      })();
      this.agents.set(key, a);
      a.catch(() => this.agents.delete(key));
    }
    return a;
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const url = new URL(req.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new SignetError('BAD_INPUT', `unsupported URL scheme in ${displayUrl(req.url)}`);
    }
    const host = await this.hostAgent(url);
    const agent = host.agent;
    // a kept-alive socket the server closed meanwhile: a GET or HEAD is sent again on a new one
    const send = (a: http.Agent): Promise<HttpResponse> =>
      this.send(url, req, a).catch((e: unknown) => {
        if (e instanceof SignetError && STALE.has(e)) return this.send(url, req, a);
        throw e;
      });
    try {
      try {
        return await send(agent);
      } catch (e) {
        // Not verifiable with the configured CA alone: retry with the system roots added (docker's pool).
        // The handshake failed, so nothing of the request was sent.
        if (host.widen === undefined || !isChainError(e)) throw e;
        const wide = host.widen();
        if (wide === agent) throw e; // this agent had the system roots already
        return await send(wide);
      }
    } catch (e) {
      // a TLS setup that fails is not kept: the next request reads the CA files again (one may have been added)
      if (e instanceof SignetError && e.code === 'HTTP_TLS') this.agents.delete(`${url.protocol}//${url.host}`);
      throw e;
    }
  }

  private send(url: URL, req: HttpRequest, agent: http.Agent): Promise<HttpResponse> {
    const timeoutMs = req.timeoutMs ?? this.opts.defaultTimeoutMs ?? 30_000;
    const mod = url.protocol === 'https:' ? https : http;
    const headers: Record<string, string> = { ...req.headers };
    if (req.body) headers['content-length'] = String(req.body.length);
    return new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      const fail = (e: SignetError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        r.destroy();
        reject(e);
      };
      const timer = setTimeout(
        () =>
          fail(
            new SignetError('HTTP_TIMEOUT', `no answer from ${url.origin} within ${seconds(timeoutMs)}`, {
              hint: `check that the server at ${url.host} is running and reachable, or raise the timeout`,
            }),
          ),
        timeoutMs,
      );
      const tooLarge = (): SignetError =>
        new SignetError('HTTP_TOO_LARGE', `response from ${displayUrl(req.url)} is larger than ${req.maxBytes} bytes`, {
          hint: 'the server sent more data than the client accepts for this file',
        });
      let answered = false;
      const r = mod.request(url, { method: req.method, headers, agent }, (res) => {
        answered = true;
        const status = res.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        const declared = Number(res.headers['content-length']);
        if (ok && req.maxBytes !== undefined && Number.isFinite(declared) && declared > req.maxBytes)
          return fail(tooLarge());
        const chunks: Buffer[] = [];
        let size = 0;
        const done = (): void => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          const out: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers))
            if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
          const body = Buffer.concat(chunks);
          resolve({ status, headers: out, body: new Uint8Array(body.buffer, body.byteOffset, body.length) });
        };
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (ok && req.maxBytes !== undefined && size > req.maxBytes) return fail(tooLarge());
          chunks.push(c);
          // Error bodies are only read for their errcode message: keep the first 64 KiB, drop the rest.
          if (!ok && size >= ERROR_BODY_CAP) {
            chunks.splice(0, chunks.length, Buffer.concat(chunks).subarray(0, ERROR_BODY_CAP));
            done();
            r.destroy();
          }
        });
        res.on('error', (e) => fail(classify(e, url)));
        res.on('aborted', () =>
          fail(new SignetError('HTTP_UNREACHABLE', `connection to ${url.origin} closed mid-response`)),
        );
        res.on('end', done);
      });
      r.on('error', (e: NodeJS.ErrnoException) => {
        const err = classify(e, url);
        if (
          r.reusedSocket &&
          !answered &&
          STALE_CODES.has(e.code ?? '') &&
          (req.method === 'GET' || req.method === 'HEAD')
        )
          STALE.add(err);
        fail(err);
      });
      r.end(req.body ? Buffer.from(req.body.buffer, req.body.byteOffset, req.body.length) : undefined);
    });
  }
}
