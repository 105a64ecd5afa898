/**
 * A plain-HTTP proxy in front of a (TLS) notary-server for integration tests: it forwards every
 * request and lets a test change answers: corrupt the bytes of chosen paths (a tampered old
 * version), or answer 404 for chosen paths (a server without a changefeed or old versions).
 */
import { createServer, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';

export interface CorruptingProxy {
  url: string;
  /** path (without query) → new body; the status and headers stay the server's. */
  corrupt: Map<string, (body: Buffer) => Buffer>;
  /** Paths (a predicate over path without query) answered 404 METADATA_NOT_FOUND. */
  missing: (path: string) => boolean;
  /** Every path requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

const NOT_FOUND =
  '{"errors":[{"code":"METADATA_NOT_FOUND","message":"You have requested metadata that does not exist.","detail":{}}]}\n';

export async function startCorruptingProxy(upstream: string, caFile: string): Promise<CorruptingProxy> {
  const ca = readFileSync(caFile);
  const target = new URL(upstream);
  const proxy: CorruptingProxy = {
    url: '',
    corrupt: new Map(),
    missing: () => false,
    requests: [],
    close: async () => undefined,
  };
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    proxy.requests.push(path);
    if (proxy.missing(path)) {
      res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' }).end(NOT_FOUND);
      return;
    }
    const up = httpsRequest(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: target.host },
        ca,
      },
      (ur) => {
        const chunks: Buffer[] = [];
        ur.on('data', (c: Buffer) => chunks.push(c));
        ur.on('end', () => {
          let body: Buffer = Buffer.concat(chunks);
          const change = proxy.corrupt.get(path);
          if (change && ur.statusCode === 200) body = change(body);
          const headers = { ...ur.headers, 'content-length': String(body.length) };
          delete headers['transfer-encoding'];
          res.writeHead(ur.statusCode ?? 502, headers).end(body);
        });
      },
    );
    up.on('error', (e) => res.writeHead(502).end(String(e)));
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  proxy.url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
