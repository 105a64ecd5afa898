/**
 * Kept-alive connections (the app keeps them from one refresh to the next): a GET sent on a socket
 * the server closed meanwhile, before any answer, is sent again on a new connection; a POST is not
 * (it may have been acted on), and fails as before.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { isSignetError } from '../../../core/errors.js';
import { NodeHttpTransport } from '../../../core/node/node-transport.js';

const servers: Server[] = [];
const t = new NodeHttpTransport();
after(() => {
  t.close();
  for (const s of servers) s.close();
});

/** Answers the first request of each connection; a second one on the same connection is cut off unanswered. */
async function cutting(): Promise<{ url: string; seen: () => number; connections: () => number }> {
  const perSocket = new Map<Socket, number>();
  let seen = 0;
  let connections = 0;
  const s = createServer((req, res) => {
    seen++;
    const n = (perSocket.get(req.socket) ?? 0) + 1;
    perSocket.set(req.socket, n);
    if (n > 1) return req.socket.destroy();
    res.end('ok');
  });
  s.keepAliveTimeout = 60_000;
  s.on('connection', () => connections++);
  servers.push(s);
  const port = await new Promise<number>((r) =>
    s.listen(0, '127.0.0.1', () => r((s.address() as { port: number }).port)),
  );
  return { url: `http://127.0.0.1:${port}/x`, seen: () => seen, connections: () => connections };
}

test('a GET on a kept-alive socket the server dropped is sent again on a new connection', async () => {
  const s = await cutting();
  assert.equal((await t.request({ method: 'GET', url: s.url })).status, 200);
  assert.equal((await t.request({ method: 'GET', url: s.url })).status, 200);
  assert.equal(s.seen(), 3, 'the second GET was cut off once, then sent again');
  assert.equal(s.connections(), 2);
});

test('a POST on a dropped socket is not sent again', async () => {
  const s = await cutting();
  assert.equal((await t.request({ method: 'POST', url: s.url, body: new Uint8Array([1]) })).status, 200);
  await assert.rejects(t.request({ method: 'POST', url: s.url, body: new Uint8Array([2]) }), (e: unknown) =>
    isSignetError(e, 'HTTP_UNREACHABLE'),
  );
  assert.equal(s.seen(), 2);
});
