/**
 * NodeHttpTransport with a configured CA verifies against that CA alone first (no parsing of Node's
 * ~140 system roots) and only after a chain-verification failure retries once with system roots + CA,
 * which is docker's pool: the same servers are accepted, an unknown CA still fails with HTTP_TLS.
 * With verification skipped no CA is consulted at all.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isSignetError } from '../../../core/errors.js';
import { NodeHttpTransport } from '../../../core/node/node-transport.js';

const run = promisify(execFile);
let dir: string;
let caA: Buffer;
let caB: Buffer;
const servers: Server[] = [];
const transports: NodeHttpTransport[] = [];

async function makeCa(name: string): Promise<void> {
  const f = (n: string): string => join(dir, n);
  await run('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', f(`${name}.key`)]);
  await run('openssl', [
    'req',
    '-x509',
    '-new',
    '-key',
    f(`${name}.key`),
    '-sha256',
    '-days',
    '2',
    '-subj',
    `/CN=signet test ${name}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-out',
    f(`${name}.crt`),
  ]);
}

async function makeLeaf(name: string, ca: string, san: string): Promise<void> {
  const f = (n: string): string => join(dir, n);
  await run('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', f(`${name}.key`)]);
  await run('openssl', ['req', '-new', '-key', f(`${name}.key`), '-subj', `/CN=${name}`, '-out', f(`${name}.csr`)]);
  writeFileSync(
    f(`${name}.ext`),
    `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=${san}\n`,
  );
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    f(`${name}.csr`),
    '-CA',
    f(`${ca}.crt`),
    '-CAkey',
    f(`${ca}.key`),
    '-CAcreateserial',
    '-days',
    '2',
    '-sha256',
    '-extfile',
    f(`${name}.ext`),
    '-out',
    f(`${name}.crt`),
  ]);
}

/** An HTTPS server answering 200 "ok"; `connections` counts TCP connections (handshake attempts). */
async function serve(leaf: string): Promise<{ url: string; connections: () => number }> {
  let n = 0;
  const s = createServer(
    { key: readFileSync(join(dir, `${leaf}.key`)), cert: readFileSync(join(dir, `${leaf}.crt`)) },
    (_req, res) => res.end('ok'),
  );
  s.on('connection', () => n++);
  s.on('tlsClientError', () => undefined);
  servers.push(s);
  const port = await new Promise<number>((resolve) =>
    s.listen(0, '127.0.0.1', () => resolve((s.address() as { port: number }).port)),
  );
  return { url: `https://127.0.0.1:${port}/x`, connections: () => n };
}

function transport(tls: ConstructorParameters<typeof NodeHttpTransport>[0]): NodeHttpTransport {
  const t = new NodeHttpTransport(tls);
  transports.push(t);
  return t;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'signet-ca-'));
  await makeCa('caA');
  await makeCa('caB');
  await makeLeaf('leafA', 'caA', 'IP:127.0.0.1');
  await makeLeaf('othername', 'caA', 'DNS:other.example');
  caA = readFileSync(join(dir, 'caA.crt'));
  caB = readFileSync(join(dir, 'caB.crt'));
});

after(() => {
  for (const t of transports) t.close();
  for (const s of servers) s.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the configured CA alone verifies its server in one handshake; several CAs work too', async () => {
  const s = await serve('leafA');
  const r = await transport({ tlsFor: () => ({ ca: [caA] }) }).request({ method: 'GET', url: s.url });
  assert.equal(r.status, 200);
  assert.equal(s.connections(), 1);
  const r2 = await transport({ tlsFor: () => ({ ca: [caB, caA] }) }).request({ method: 'GET', url: s.url });
  assert.equal(r2.status, 200);
});

test('a server the configured CA does not sign: retried once with the system roots added, then HTTP_TLS unknown authority', async () => {
  const s = await serve('leafA');
  const t = transport({ tlsFor: () => ({ ca: [caB] }) });
  const expectTls = (e: unknown): boolean => {
    assert.ok(isSignetError(e, 'HTTP_TLS'), String(e));
    assert.match(e.message, /certificate signed by unknown authority/);
    return true;
  };
  await assert.rejects(t.request({ method: 'GET', url: s.url }), expectTls);
  assert.equal(s.connections(), 2, 'CA-only handshake, then system roots + CA');
  // the host now uses the wider pool directly: one handshake per request
  await assert.rejects(t.request({ method: 'GET', url: s.url }), expectTls);
  assert.equal(s.connections(), 3);
});

test('a TLS setup that failed is made again for the next request: a CA added meanwhile is used', async () => {
  const s = await serve('leafA');
  let ca = caB;
  const t = transport({ tlsFor: () => ({ ca: [ca] }) });
  await assert.rejects(t.request({ method: 'GET', url: s.url }), (e: unknown) => isSignetError(e, 'HTTP_TLS'));
  ca = caA; // the right CA put in place (the docker tls dir, the app's settings)
  const r = await t.request({ method: 'GET', url: s.url });
  assert.equal(r.status, 200);
});

test('a host name mismatch is not a CA question: no retry', async () => {
  const s = await serve('othername');
  await assert.rejects(
    transport({ tlsFor: () => ({ ca: [caA] }) }).request({ method: 'GET', url: s.url }),
    (e: unknown) => {
      assert.ok(isSignetError(e, 'HTTP_TLS'), String(e));
      return true;
    },
  );
  assert.equal(s.connections(), 1);
});

test('verification skipped (loopback rule): a CA that does not match is never consulted', async () => {
  const s = await serve('leafA');
  const r = await transport({ tlsFor: () => ({ ca: [caB], insecureSkipVerify: true }) }).request({
    method: 'GET',
    url: s.url,
  });
  assert.equal(r.status, 200);
  assert.equal(s.connections(), 1);
});
