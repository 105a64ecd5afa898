/**
 * An HTTP(S) reverse proxy on 127.0.0.1 in front of a REAL server (registry or notary-server), for
 * cases the real server cannot produce by itself: a connection dropped for one repository, a
 * registry without a catalog, a tag list served in pages with `Link` headers. Every request is
 * forwarded unchanged unless `hook` answers it. Requests are logged (method + path with query).
 */
import {
  createServer as createHttp,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttps, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';

export type HookAnswer = 'drop' | { status: number; headers?: Record<string, string>; body?: string } | undefined;

export interface FaultProxyOptions {
  /** upstream origin, e.g. http://127.0.0.1:5000 */
  upstream: string;
  /** PEM CA for an https upstream */
  upstreamCa?: string;
  /** serve TLS with this key/cert (PEM); plain HTTP otherwise */
  tls?: { key: string; cert: string };
  /** answer a request itself ('drop' destroys the connection); undefined forwards it */
  hook?: (req: IncomingMessage, url: URL, upstream: (path: string) => Promise<UpstreamReply>) => Promise<HookAnswer>;
}

export interface UpstreamReply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface FaultProxy {
  /** host:port */
  host: string;
  url: string;
  /** "METHOD /path?query" of every request, in order */
  requests: string[];
  stop(): Promise<void>;
}

export async function startFaultProxy(opts: FaultProxyOptions): Promise<FaultProxy> {
  const up = new URL(opts.upstream);
  const send = up.protocol === 'https:' ? httpsRequest : httpRequest;
  const requests: string[] = [];

  const forward = (
    method: string,
    path: string,
    headers: Record<string, string | string[] | undefined>,
    body?: Buffer,
  ): Promise<UpstreamReply> =>
    new Promise((resolve, reject) => {
      const r = send(
        {
          host: up.hostname,
          port: up.port,
          method,
          path,
          headers: { ...headers, host: up.host },
          ...(opts.upstreamCa ? { ca: opts.upstreamCa } : {}),
          agent: false,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const h: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers))
              if (v !== undefined) h[k] = Array.isArray(v) ? v.join(', ') : v;
            resolve({ status: res.statusCode ?? 502, headers: h, body: Buffer.concat(chunks) });
          });
        },
      );
      r.on('error', reject);
      r.end(body);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    try {
      const answer = await opts.hook?.(req, url, (path) =>
        forward('GET', path, {
          accept: req.headers.accept ?? '*/*',
          ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        }),
      );
      if (answer === 'drop') {
        req.socket.destroy();
        return;
      }
      if (answer) {
        res.writeHead(answer.status, answer.headers ?? {}).end(answer.body ?? '');
        return;
      }
      const reply = await forward(
        req.method ?? 'GET',
        `${url.pathname}${url.search}`,
        req.headers,
        body.length ? body : undefined,
      );
      const headers = { ...reply.headers };
      delete headers['transfer-encoding'];
      delete headers['connection'];
      res.writeHead(reply.status, headers).end(req.method === 'HEAD' ? undefined : reply.body);
    } catch (e) {
      res.writeHead(502).end(String(e));
    }
  };

  const server = opts.tls
    ? createHttps({ key: opts.tls.key, cert: opts.tls.cert }, (q, s) => void handle(q, s))
    : createHttp((q, s) => void handle(q, s));
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const host = `127.0.0.1:${port}`;
  return {
    host,
    url: `${opts.tls ? 'https' : 'http'}://${host}`,
    requests,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/**
 * A hook that serves `GET /v2/<name>/tags/list` in pages of `n` (default 100) after `last`, with a
 * `Link: <…>; rel="next"` header while more remain (docker-registry 2.8 ignores both for tags).
 */
export function paginateTags(): NonNullable<FaultProxyOptions['hook']> {
  return async (req, url, upstream) => {
    const m = /^\/v2\/(.+)\/tags\/list$/.exec(url.pathname);
    if (req.method !== 'GET' || !m) return undefined;
    const full = await upstream(`/v2/${m[1]}/tags/list`);
    if (full.status !== 200)
      return { status: full.status, headers: { 'content-type': 'application/json' }, body: full.body.toString() };
    const all = ((JSON.parse(full.body.toString()) as { tags: string[] | null }).tags ?? []).sort();
    const n = Number(url.searchParams.get('n') ?? 100);
    const last = url.searchParams.get('last');
    const from = last === null ? 0 : all.findIndex((t) => t > last);
    const page = from === -1 ? [] : all.slice(from, from + n);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (from !== -1 && from + n < all.length) {
      headers.link = `</v2/${m[1]}/tags/list?last=${encodeURIComponent(page[page.length - 1]!)}&n=${n}>; rel="next"`;
    }
    return { status: 200, headers, body: JSON.stringify({ name: m[1], tags: page }) };
  };
}
