/**
 * A Docker Engine API in front of another (podman's): every request is passed through to it,
 * except a push of the tag `slowTag`, which is answered as docker's daemon answers a push (per-layer
 * Preparing, Pushing with byte counts) and then held open until the client goes away, so a test can
 * see the layers and press Cancel. podman's own push reply carries no layer lines: with `layers`,
 * every other push it makes is answered with docker's layer lines first, then podman's own reply.
 */
import { request, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface EngineFront {
  host: string;
  /** Pushes of slowTag started, and how many ended because the client went away (Cancel). */
  slowPushes: { started: number; abandoned: number };
  stop(): Promise<void>;
}

const LAYERS = ['5f70bf18a086', 'e5c62b24f095'];

function slowPush(res: ServerResponse, stats: EngineFront['slowPushes'], name: string): void {
  stats.started += 1;
  res.writeHead(200, { 'content-type': 'application/json' });
  const send = (o: object): boolean => res.write(`${JSON.stringify(o)}\n`);
  send({ status: `The push refers to repository [${name}]` });
  for (const id of LAYERS) send({ status: 'Preparing', progressDetail: {}, id });
  send({ status: 'Layer already exists', progressDetail: {}, id: LAYERS[1] });
  send({
    status: 'Pushing',
    progressDetail: { current: 3_407_872, total: 8_912_896 },
    progress: '[===================>                               ]  3.408MB/8.913MB',
    id: LAYERS[0],
  });
  // held open: the push "runs" until the client disconnects
  res.on('close', () => (stats.abandoned += 1));
}

/** docker's lines for one layer pushed: Preparing, Pushing with its byte counts, Pushed. */
export const LAYER_LINES = [
  { status: 'Preparing', progressDetail: {}, id: LAYERS[0] },
  { status: 'Waiting', progressDetail: {}, id: LAYERS[0] },
  { status: 'Pushing', progressDetail: { current: 512, total: 1024 }, progress: '[====>  ]', id: LAYERS[0] },
  { status: 'Pushing', progressDetail: { current: 1024, total: 1024 }, progress: '[======>]', id: LAYERS[0] },
  { status: 'Pushed', progressDetail: {}, id: LAYERS[0] },
];

export async function startEngineFront(
  targetSocket: string,
  slowTag: string,
  opts: { layers?: boolean } = {},
): Promise<EngineFront> {
  const dir = mkdtempSync(join(tmpdir(), 'signet-engine-front-'));
  const socket = join(dir, 'front.sock');
  const slowPushes = { started: 0, abandoned: 0 };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://engine');
    const push = /^(?:\/v[\d.]+)?\/images\/(.+)\/push$/.exec(url.pathname);
    if (req.method === 'POST' && push && url.searchParams.get('tag') === slowTag) {
      req.resume();
      return slowPush(res, slowPushes, decodeURIComponent(push[1]!));
    }
    const up = request({ socketPath: targetSocket, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      if (opts.layers && req.method === 'POST' && push && r.statusCode === 200)
        for (const line of LAYER_LINES) res.write(`${JSON.stringify(line)}\n`);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    res.on('close', () => up.destroy());
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return {
    host: `unix://${socket}`,
    slowPushes,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
