/**
 * NodeHttpTransport against a REAL notary-server over HTTPS (fresh openssl CA, memory store,
 * 127.0.0.1 on a free port), plus small local TCP/HTTP servers for the failure modes.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { NodeHttpTransport } from '../../core/node/node-transport.js';
import { tlsOptionsFor } from '../../core/node/docker-config.js';
import { AuthenticatingClient } from '../../core/http/auth.js';
import { HttpRemoteStore } from '../../core/notary/http-remote-store.js';
import { isSignetError } from '../../core/errors.js';

const run = promisify(execFile);
const HOST = '127.0.0.1';
let dir: string;
let port: number;
let notary: ChildProcess | undefined;
let ca: Buffer;
const transports: NodeHttpTransport[] = [];
const servers: (Server | HttpServer)[] = [];
const sockets: Socket[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, HOST, () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}
function transport(opts: ConstructorParameters<typeof NodeHttpTransport>[0] = {}): NodeHttpTransport {
  const t = new NodeHttpTransport(opts);
  transports.push(t);
  return t;
}
const listen = <S extends Server | HttpServer>(s: S): Promise<number> =>
  new Promise((resolve) => {
    servers.push(s);
    s.listen(0, HOST, () => resolve((s.address() as { port: number }).port));
  });

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'signet-notary-'));
  const f = (n: string): string => join(dir, n);
  await run('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', f('ca.key')]);
  await run('openssl', [
    'req',
    '-x509',
    '-new',
    '-key',
    f('ca.key'),
    '-sha256',
    '-days',
    '2',
    '-subj',
    '/CN=signet test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-out',
    f('ca.crt'),
  ]);
  await run('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', f('server.key')]);
  await run('openssl', ['req', '-new', '-key', f('server.key'), '-subj', '/CN=localhost', '-out', f('server.csr')]);
  writeFileSync(
    f('server.ext'),
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n',
  );
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    f('server.csr'),
    '-CA',
    f('ca.crt'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-sha256',
    '-extfile',
    f('server.ext'),
    '-out',
    f('server.crt'),
  ]);
  ca = readFileSync(f('ca.crt'));
  port = await freePort();
  writeFileSync(
    f('server.json'),
    JSON.stringify({
      server: { http_addr: `${HOST}:${port}`, tls_key_file: f('server.key'), tls_cert_file: f('server.crt') },
      trust_service: { type: 'local', key_algorithm: 'ecdsa' },
      storage: { backend: 'memory' },
      logging: { level: 'error' },
    }),
  );
  notary = spawn('notary-server', ['-config', f('server.json')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  notary.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const probe = new NodeHttpTransport({ tlsFor: () => ({ ca: [ca] }) });
  try {
    for (let i = 0; ; i++) {
      try {
        await probe.request({ method: 'GET', url: `https://${HOST}:${port}/_notary_server/health`, timeoutMs: 1000 });
        break;
      } catch (e) {
        if (i > 100 || notary.exitCode !== null)
          throw new Error(`notary-server did not start: ${String(e)}\n${stderr}`, { cause: e });
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    probe.close();
  }
});

after(async () => {
  for (const t of transports) t.close();
  for (const s of sockets) s.destroy();
  for (const s of servers) s.close();
  if (notary && notary.exitCode === null && notary.pid !== undefined) {
    const exited = new Promise((r) => notary!.once('exit', r));
    process.kill(notary.pid, 'SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (notary.exitCode === null && notary.signalCode === null) process.kill(notary.pid, 'SIGKILL');
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('with the CA from $DOCKER_CONFIG/tls/<host:port>/ca.crt → health 200 {}', async () => {
  const cfg = join(dir, 'docker');
  mkdirSync(join(cfg, 'tls', `${HOST}:${port}`), { recursive: true });
  copyFileSync(join(dir, 'ca.crt'), join(cfg, 'tls', `${HOST}:${port}`, 'ca.crt'));
  const seen: string[] = [];
  const t = transport({ tlsFor: (h) => (seen.push(h), tlsOptionsFor(cfg, h)) });
  const url = `https://${HOST}:${port}/_notary_server/health`;
  const res = await t.request({ method: 'GET', url });
  assert.equal(res.status, 200);
  assert.equal(new TextDecoder().decode(res.body).trim(), '{}');
  assert.match(res.headers['content-type'] ?? '', /json|text/);
  const again = await t.request({ method: 'GET', url });
  assert.equal(again.status, 200);
  assert.deepEqual(seen, [`${HOST}:${port}`], 'TLS options resolved once per host (agent reused)');
});

test('without the CA → HTTP_TLS naming the host and "certificate signed by unknown authority"', async () => {
  const t = transport();
  await assert.rejects(t.request({ method: 'GET', url: `https://${HOST}:${port}/_notary_server/health` }), (e) => {
    assert.ok(isSignetError(e, 'HTTP_TLS'), String(e));
    assert.equal(
      e.message,
      `TLS handshake with https://${HOST}:${port} failed: certificate signed by unknown authority`,
    );
    assert.equal(e.hint, `if ${HOST}:${port} uses a private CA, put it in $DOCKER_CONFIG/tls/${HOST}:${port}/ca.crt`);
    return true;
  });
  // insecureSkipVerify (docker's loopback "insecure registry" rule) accepts it.
  const insecure = transport({ tlsFor: () => ({ insecureSkipVerify: true }) });
  assert.equal(
    (await insecure.request({ method: 'GET', url: `https://${HOST}:${port}/_notary_server/health` })).status,
    200,
  );
});

test('HttpRemoteStore end to end: ping, 404 METADATA_NOT_FOUND, rejected publish', async () => {
  const t = transport({ tlsFor: () => ({ ca: [ca] }) });
  const s = new HttpRemoteStore({
    baseUrl: `https://${HOST}:${port}`,
    gun: `${HOST}:5000/signet/none`,
    client: new AuthenticatingClient(t),
  });
  await s.ping();
  await assert.rejects(s.getMeta('root', 1 << 20), (e) => {
    assert.ok(isSignetError(e, 'HTTP_NOT_FOUND'), String(e));
    assert.match(
      e.message,
      /answered 404 Not Found: METADATA_NOT_FOUND: You have requested metadata that does not exist\.$/,
    );
    return true;
  });
  await assert.rejects(s.publish(new Map([['targets', new TextEncoder().encode('{"signed":')]])), (e) => {
    assert.ok(isSignetError(e, 'NOTARY_REJECTED'), String(e));
    assert.match(e.message, /answered 400 Bad Request: [A-Z_]+: /);
    return true;
  });
});

test('nothing listening → HTTP_UNREACHABLE "connection refused"', async () => {
  const p = await freePort();
  await assert.rejects(transport().request({ method: 'GET', url: `https://${HOST}:${p}/v2/` }), {
    code: 'HTTP_UNREACHABLE',
    message: `cannot reach https://${HOST}:${p}: connection refused`,
  });
});

test('a TCP server that never answers → HTTP_TIMEOUT after the short timeout', async () => {
  const p = await listen(createServer((s) => sockets.push(s)));
  const start = Date.now();
  await assert.rejects(transport().request({ method: 'GET', url: `https://${HOST}:${p}/v2/`, timeoutMs: 300 }), {
    code: 'HTTP_TIMEOUT',
    message: `no answer from https://${HOST}:${p} within 0.3 s`,
  });
  const took = Date.now() - start;
  assert.ok(took >= 280 && took < 3000, `took ${took} ms`);
});

test('maxBytes: Content-Length above it, and streamed bytes above it → HTTP_TOO_LARGE', async () => {
  const t = transport({ tlsFor: () => ({ ca: [ca] }) });
  await assert.rejects(
    t.request({ method: 'GET', url: `https://${HOST}:${port}/_notary_server/health`, maxBytes: 1 }),
    {
      code: 'HTTP_TOO_LARGE',
      message: `response from https://${HOST}:${port}/_notary_server/health is larger than 1 bytes`,
    },
  );
  // The cap is for successful bodies: a small cap must not hide a 404 and its errcode body.
  const nf = await t.request({
    method: 'GET',
    url: `https://${HOST}:${port}/v2/x/y/_trust/tuf/root.json`,
    maxBytes: 5,
  });
  assert.equal(nf.status, 404);
  assert.match(new TextDecoder().decode(nf.body), /"code":"METADATA_NOT_FOUND"/);
  // Chunked, no Content-Length: the cap must hold while streaming.
  const p = await listen(
    createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write(Buffer.alloc(600, 1));
      setTimeout(() => res.end(Buffer.alloc(600, 2)), 20);
    }),
  );
  const plain = transport();
  await assert.rejects(plain.request({ method: 'GET', url: `http://${HOST}:${p}/big`, maxBytes: 1000 }), {
    code: 'HTTP_TOO_LARGE',
  });
  const ok = await plain.request({ method: 'GET', url: `http://${HOST}:${p}/big`, maxBytes: 1200 });
  assert.equal(ok.body.length, 1200);
  assert.equal(ok.body[0], 1);
  assert.equal(ok.body[1199], 2);
  // https:// against a plain HTTP server is a TLS error, not a hang.
  await assert.rejects(transport().request({ method: 'GET', url: `https://${HOST}:${p}/big`, timeoutMs: 5000 }), {
    code: 'HTTP_TLS',
    message: `TLS handshake with https://${HOST}:${p} failed: server answered with plain HTTP, not TLS`,
  });
});

test('POST body bytes arrive exactly, with Content-Length', async () => {
  let got: { body: Buffer; len: string | undefined; ct: string | undefined } | undefined;
  const p = await listen(
    createHttpServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        got = { body: Buffer.concat(chunks), len: req.headers['content-length'], ct: req.headers['content-type'] };
        res.writeHead(200, { 'x-multi': ['a', 'b'] });
        res.end();
      });
    }),
  );
  const body = new Uint8Array([0, 255, 13, 10, 7]);
  const res = await transport().request({
    method: 'POST',
    url: `http://${HOST}:${p}/x`,
    headers: { 'content-type': 'application/octet-stream' },
    body,
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers['x-multi'], 'a, b');
  assert.deepEqual(got, { body: Buffer.from(body), len: '5', ct: 'application/octet-stream' });
});

test('an error body is truncated at 64 KiB instead of failing', async () => {
  const p = await listen(
    createHttpServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(Buffer.alloc(200_000, 120));
    }),
  );
  const res = await transport().request({ method: 'GET', url: `http://${HOST}:${p}/`, maxBytes: 10 });
  assert.equal(res.status, 500);
  assert.equal(res.body.length, 65_536);
});
