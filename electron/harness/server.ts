/**
 * The browser harness: the built renderer (dist/renderer, or a placeholder page) and the SAME
 * handlers, guards and passphrase broker as the app, over HTTP on 127.0.0.1 only.
 *
 *   GET  /#token=T            the renderer's index.html with harness-bridge.js added
 *   GET  /harness-bridge.js   window.signet for a plain browser (same API shape as the preload)
 *   POST /rpc/<channel>       body: JSON array of arguments → Result JSON
 *   GET  /events              Server-Sent Events: passphrase requests, progress
 *   POST /harness/chooser     the next answer of the stand-in file dialog / confirmation (tests)
 *   GET  /harness/chooser     the dialogs shown so far
 *
 * The random token travels in the page URL's fragment (never sent to a server, so it lands in no
 * request line, log or Referer) and the bridge sends it in the `x-signet-token` header: every API
 * request (/rpc, /events) without that header is refused with 403, a token in the query string
 * counts for nothing. The chooser endpoint takes a second token (`x-signet-control-token`) the
 * page never sees, so a script in the page cannot choose files for itself. The static files are
 * the public renderer bundle. The Host header must name the harness itself (DNS rebinding), and
 * a cross-origin Origin header is refused.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventChannel, EventChannels } from '../ipc/contract.js';
import type { Dispatch } from '../main/dispatch.js';
import {
  CONTENT_SECURITY_POLICY,
  META_CONTENT_SECURITY_POLICY,
  contentType,
  resolveAppFile,
} from '../main/security.js';
import { bridgeScript } from './bridge-script.js';
import type { HarnessChooser } from './chooser.js';
import { chooserControl } from './chooser-control.js';

export interface HarnessServerOptions {
  dispatch: Dispatch;
  rendererDir: string;
  port?: number;
  token?: string;
  /** The stand-in dialogs, driven through /harness/chooser with `controlToken`. */
  chooser?: HarnessChooser;
  controlToken?: string;
  log?: (message: string) => void;
}

export interface HarnessServer {
  url: string;
  origin: string;
  token: string;
  /** For /harness/chooser only (never given to the page). */
  controlToken: string;
  port: number;
  /** Sends an event to every connected page. */
  emit: <E extends EventChannel>(event: E, payload: EventChannels[E]) => void;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

const PLACEHOLDER = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Signet (harness)</title>
<meta http-equiv="Content-Security-Policy" content="${META_CONTENT_SECURITY_POLICY}">
<link rel="icon" href="data:,"></head>
<body><main><h1>Signet</h1><p id="status">The renderer is not built yet (dist/renderer). window.signet is available: try <code>await signet.app.info()</code> in the console.</p></main></body></html>
`;

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const h = req.headers[name];
  return typeof h === 'string' ? h : undefined;
};

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  type = 'text/plain; charset=utf-8',
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    ...extra,
  });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw new Error('request body too large');
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startHarnessServer(opts: HarnessServerOptions): Promise<HarnessServer> {
  const token = opts.token ?? randomBytes(24).toString('hex');
  const controlToken = opts.controlToken ?? randomBytes(24).toString('hex');
  const clients = new Set<ServerResponse>();
  const bridge = bridgeScript();
  let origin = '';

  async function page(): Promise<string> {
    let html: string;
    try {
      html = await readFile(`${opts.rendererDir}/index.html`, 'utf8');
    } catch {
      html = PLACEHOLDER;
    }
    const tag = '<script src="/harness-bridge.js"></script>';
    // before the renderer's own scripts, so window.signet exists when they run
    return /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (m) => `${m}\n${tag}`) : `${tag}\n${html}`;
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', origin);
      if (req.headers.host !== new URL(origin).host) return send(res, 403, 'Forbidden: wrong Host\n');
      if (req.headers.origin !== undefined && req.headers.origin !== origin)
        return send(res, 403, 'Forbidden: cross-origin request\n');
      if (url.pathname === '/harness/chooser') {
        if (!opts.chooser || !sameToken(header(req, 'x-signet-control-token'), controlToken))
          return send(res, 403, 'Forbidden: missing or wrong control token\n');
        const body = req.method === 'POST' ? await readBody(req) : undefined;
        const out = chooserControl(opts.chooser, req.method ?? 'GET', body);
        return send(res, out.status, out.body, 'application/json');
      }
      const isApi = url.pathname.startsWith('/rpc/') || url.pathname === '/events';
      if (isApi && !sameToken(header(req, 'x-signet-token'), token))
        return send(res, 403, 'Forbidden: missing or wrong token (x-signet-token header)\n');

      if (req.method === 'POST' && url.pathname.startsWith('/rpc/')) {
        if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return send(res, 415, 'JSON only\n');
        let args: unknown;
        try {
          args = JSON.parse((await readBody(req)) || '[]');
        } catch {
          return send(
            res,
            200,
            JSON.stringify({
              ok: false,
              error: { code: 'IPC_BAD_ARGUMENTS', message: 'the request body is not a JSON array of arguments' },
            }),
            'application/json',
          );
        }
        const result = await opts.dispatch(
          decodeURIComponent(url.pathname.slice('/rpc/'.length)),
          Array.isArray(args) ? args : [args],
        );
        return send(res, 200, JSON.stringify(result), 'application/json');
      }
      if (req.method === 'GET' && url.pathname === '/events') {
        res.writeHead(200, {
          'Content-Type': 'text/event-stream',
          'Cache-Control': 'no-store',
          Connection: 'keep-alive',
          'X-Content-Type-Options': 'nosniff',
        });
        res.write(': connected\n\n');
        clients.add(res);
        req.on('close', () => clients.delete(res));
        return;
      }
      if (req.method !== 'GET') return send(res, 405, 'Method not allowed\n');
      if (url.pathname === '/harness-bridge.js') return send(res, 200, bridge, 'text/javascript; charset=utf-8');
      if (url.pathname === '/' || url.pathname === '/index.html')
        return send(res, 200, await page(), 'text/html; charset=utf-8');
      const file = resolveAppFile(opts.rendererDir, url.pathname);
      if (!file) return send(res, 404, 'Not found\n');
      try {
        return send(res, 200, await readFile(file), contentType(file));
      } catch {
        return send(res, 404, 'Not found\n');
      }
    })().catch((e: unknown) => {
      opts.log?.(`harness: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) send(res, 500, 'Internal error\n');
      else res.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 5174, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  const keepAlive = setInterval(() => {
    for (const c of clients) c.write(': keep-alive\n\n');
  }, 15_000);
  keepAlive.unref();

  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    controlToken,
    port,
    emit(event, payload) {
      const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const c of clients) c.write(frame);
    },
    async close() {
      clearInterval(keepAlive);
      for (const c of clients) c.end();
      clients.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
    },
  };
}
