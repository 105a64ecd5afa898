/**
 * Write-path failures against the REAL stack (notary-server + docker-registry), driven through
 * core/node/trust-writer.ts (not the CLI). Between the writer and notary-server sits a TCP proxy
 * this test controls, so the server can be "stopped", a POST cut after its headers, answered with
 * a 503 or left hanging, while the server's data stays intact (its memory store would be emptied
 * by a real restart). After each failure, `notary list` (the real CLI, key-less identity, straight
 * to the server) and the served timestamp.json prove the server state is exactly the previous one,
 * and the staged changes are still on disk (notary's changelist dir).
 *
 * The proxy speaks to the stack's plain-HTTP notary-server so it can see where a request starts.
 * The last test stops the stack's HTTPS notary-server for real.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { isSignetError, SignetError } from '../../core/errors.js';
import { FileChangeStore } from '../../core/node/file-change-store.js';
import { nodeCrypto } from '../../core/node/node-crypto.js';
import { nodeReadContext, type NodeReadContext } from '../../core/node/read-context.js';
import { nodeWriter } from '../../core/node/trust-context.js';
import type { TrustWriter, WriteSession } from '../../core/operations/index.js';
import type { PassphraseSource } from '../../core/keystore/passphrase.js';
import { planAddSigner } from '../../core/trust/add-signer.js';
import { planSign } from '../../core/trust/sign.js';
import { makeIdentity, ok, ROOT_PASSPHRASE, REPO_PASSPHRASE, type Identity } from '../helpers/identity.js';
import { pushImage } from '../helpers/registry-push.js';
import { freePort, startStack, type Stack } from '../helpers/stack.js';
import { systemClock } from '../../core/node/clock.js';

/* ------------------------------------------------------------------ a controllable TCP proxy */

type ProxyMode = 'pass' | 'drop-post' | 'fail-post-503' | 'hang-post';

class Proxy {
  mode: ProxyMode = 'pass';
  /** POST requests seen (any mode). */
  posts = 0;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  up(): Promise<void> {
    const server = createServer((client) => this.handle(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  /** The server is gone: connections are refused, open ones are reset. */
  async down(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    for (const sock of this.sockets) sock.destroy();
    this.sockets.clear();
    if (s) await new Promise<void>((r) => s.close(() => r()));
  }

  private handle(client: Socket): void {
    const upstream = connect(this.target.port, this.target.host);
    this.sockets.add(client).add(upstream);
    const kill = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', kill).on('close', kill);
    upstream.on('error', kill).on('close', kill);
    upstream.on('data', (b) => client.write(b));
    let swallowing = false;
    client.on('data', (b: Buffer) => {
      if (swallowing) return;
      // with keep-alive, a chunk that starts a request starts with its method
      const isPost = b.subarray(0, 5).toString('latin1') === 'POST ';
      if (isPost) this.posts++;
      if (!isPost || this.mode === 'pass') return void upstream.write(b);
      if (this.mode === 'drop-post') {
        // forward the request headers only, then the connection dies mid-request
        const end = b.indexOf('\r\n\r\n');
        upstream.write(b.subarray(0, end + 4), () => setTimeout(kill, 100));
        swallowing = true;
      } else if (this.mode === 'fail-post-503') {
        swallowing = true;
        const body = '{"errors":[{"code":"UNAVAILABLE","message":"service unavailable"}]}\n';
        client.end(
          `HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
        );
        upstream.destroy();
      } else {
        swallowing = true; // hang: read and never answer
      }
    });
  }
}

/* ------------------------------------------------------------------ setup */

let stack: Stack;
let proxy: Proxy;
let viewer: Identity;
let n = 0;

before(async () => {
  stack = await startStack();
  const target = new URL(stack.notaryHttpUrl);
  proxy = new Proxy(await freePort(), { host: target.hostname, port: Number(target.port) });
  await proxy.up();
  viewer = makeIdentity(stack, 'wf-viewer', { server: stack.notaryHttpUrl });
});
after(async () => {
  await proxy?.down();
  await stack?.stop();
});

const rightPassphrases: PassphraseSource = {
  get: async (r) => (r.role === 'root' ? ROOT_PASSPHRASE : REPO_PASSPHRASE),
};
const opened: NodeReadContext[] = [];
after(() => opened.forEach((s) => s.close()));

function writerFor(
  id: Identity,
  opts: { passphrases?: PassphraseSource; now?: () => Date; timeoutMs?: number; server?: string } = {},
): TrustWriter {
  const server = opts.server ?? proxy.url;
  const services = nodeReadContext({
    env: id.env,
    server: () => server,
    warn: () => undefined, // plain-HTTP warning
    now: opts.now ?? systemClock,
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
  });
  opened.push(services);
  return nodeWriter(services, { passphrases: opts.passphrases ?? rightPassphrases });
}

async function signTag(writer: TrustWriter, s: WriteSession, tag: string) {
  const plan = await planSign(s.repo!, tag, s.held, nodeCrypto, async () =>
    writer.registry(s).resolveTag({ ...s.conn.ref, tag }),
  );
  await writer.stage(s, plan.changes);
  return plan;
}

/** A repository initialised by its admin with v1 signed; v2 pushed (unsigned) for the tests to sign. */
async function adminRepo(label: string) {
  n++;
  const id = makeIdentity(stack, `wf-${label}-${n}`, { server: proxy.url });
  const repo = `wf/${label}-${n}`;
  const gun = `${stack.registryHost}/${repo}`;
  await pushImage(stack.registryHost, repo, 'v1');
  const v2 = await pushImage(stack.registryHost, repo, 'v2');
  const writer = writerFor(id);
  const s0 = await writer.open(gun);
  await writer.publish(s0, await writer.initial(s0));
  const s1 = await writer.open(`${gun}:v1`);
  await signTag(writer, s1, 'v1');
  await writer.publish(s1);
  return { id, gun, repo, writer, v2 };
}

/** What the server serves: `notary list` output (real CLI, no keys) and the exact timestamp bytes. */
async function serverState(gun: string): Promise<{ list: string; timestamp: string }> {
  const list = ok(await viewer.notary(['list', gun], { server: stack.notaryHttpUrl }), 'notary list').stdout;
  const res = await fetch(`${stack.notaryHttpUrl}/v2/${gun}/_trust/tuf/timestamp.json`);
  assert.equal(res.status, 200);
  return { list, timestamp: await res.text() };
}

const staged = (id: Identity, gun: string) => new FileChangeStore(id.trustDir, gun).list();

/** WRITE_FAILURES_VERBOSE=1 prints each expected error (to read the messages by eye). */
function seen(e: unknown): true {
  if (process.env['WRITE_FAILURES_VERBOSE'] === '1')
    console.log(isSignetError(e) ? `${e.code}: ${e.message}${e.hint ? `\n  hint: ${e.hint}` : ''}` : e);
  return true;
}

/* ------------------------------------------------------------------ tests */

test('(1a) server down between open() and publish: HTTP_UNREACHABLE, changes kept on disk, nothing published; retry publishes', async () => {
  const { id, gun, writer } = await adminRepo('down');
  const before = await serverState(gun);
  const s = await writer.open(`${gun}:v2`);
  await signTag(writer, s, 'v2');
  await proxy.down();
  try {
    await assert.rejects(
      writer.publish(s),
      (e) => seen(e) && isSignetError(e, 'HTTP_UNREACHABLE') && /connection refused/.test(e.message),
    );
  } finally {
    await proxy.up();
  }
  const kept = await staged(id, gun);
  assert.equal(kept.length, 1);
  assert.equal(kept[0]!.change.type === 'target' && kept[0]!.change.path, 'v2');
  assert.deepEqual(await serverState(gun), before);
  const r = await writer.publish(s);
  assert.deepEqual(r.published, ['targets']);
  assert.deepEqual(await staged(id, gun), []);
  assert.match((await serverState(gun)).list, /^v2\s/m);
});

test('(1b) connection dropped after the POST headers reached the server: HTTP_UNREACHABLE, nothing half-published; retry publishes', async () => {
  const { id, gun, writer } = await adminRepo('drop');
  const before = await serverState(gun);
  const s = await writer.open(`${gun}:v2`);
  await signTag(writer, s, 'v2');
  proxy.mode = 'drop-post';
  const posts = proxy.posts;
  try {
    await assert.rejects(writer.publish(s), (e) => seen(e) && isSignetError(e, 'HTTP_UNREACHABLE'));
  } finally {
    proxy.mode = 'pass';
  }
  assert.equal(proxy.posts, posts + 1, 'the POST did start');
  assert.equal((await staged(id, gun)).length, 1);
  assert.deepEqual(await serverState(gun), before);
  await writer.publish(s);
  assert.deepEqual(await staged(id, gun), []);
  assert.match((await serverState(gun)).list, /^v2\s/m);
});

test('(2) the server answers the POST with 503: HTTP_SERVER_ERROR, changes kept, nothing published; retry publishes', async () => {
  const { id, gun, writer } = await adminRepo('503');
  const before = await serverState(gun);
  const s = await writer.open(`${gun}:v2`);
  await signTag(writer, s, 'v2');
  proxy.mode = 'fail-post-503';
  try {
    await assert.rejects(
      writer.publish(s),
      (e) => seen(e) && isSignetError(e, 'HTTP_SERVER_ERROR') && /503/.test(e.message),
    );
  } finally {
    proxy.mode = 'pass';
  }
  assert.equal((await staged(id, gun)).length, 1);
  assert.deepEqual(await serverState(gun), before);
  await writer.publish(s);
  assert.match((await serverState(gun)).list, /^v2\s/m);
});

test('(3) the server never answers the POST: HTTP_TIMEOUT after the short timeout, changes kept, nothing published', async () => {
  const { id, gun } = await adminRepo('hang');
  const writer = writerFor(id, { timeoutMs: 1500 });
  const before = await serverState(gun);
  const s = await writer.open(`${gun}:v2`);
  await signTag(writer, s, 'v2');
  proxy.mode = 'hang-post';
  const t0 = Date.now();
  try {
    await assert.rejects(
      writer.publish(s),
      (e) => seen(e) && isSignetError(e, 'HTTP_TIMEOUT') && /within/.test(e.message),
    );
  } finally {
    proxy.mode = 'pass';
  }
  assert.ok(Date.now() - t0 < 10_000);
  assert.equal((await staged(id, gun)).length, 1);
  assert.deepEqual(await serverState(gun), before);
  await writer.publish(s);
  assert.match((await serverState(gun)).list, /^v2\s/m);
});

test('(4) wrong passphrase three times: KEY_WRONG_PASSPHRASE, no POST, notary list unchanged, the change still staged', async () => {
  const { id, gun } = await adminRepo('pass');
  const asked: number[] = [];
  const writer = writerFor(id, { passphrases: { get: async (r) => (asked.push(r.attempt), 'not-the-passphrase') } });
  const before = await serverState(gun);
  const s = await writer.open(`${gun}:v2`);
  await signTag(writer, s, 'v2');
  const posts = proxy.posts;
  await assert.rejects(
    writer.publish(s),
    (e) => seen(e) && isSignetError(e, 'KEY_WRONG_PASSPHRASE') && /Too many attempts/.test(e.message),
  );
  assert.deepEqual(asked, [1, 2, 3]);
  assert.equal(proxy.posts, posts, 'nothing was sent');
  assert.deepEqual(await serverState(gun), before);
  const kept = await staged(id, gun);
  assert.equal(kept.length, 1);
  assert.equal(kept[0]!.change.type === 'target' && kept[0]!.change.path, 'v2');
});

test(`(5) a signer without her key: NO_SIGNING_KEYS with docker's "no valid signing keys for delegation roles", nothing staged`, async () => {
  const { gun, writer: admin } = await adminRepo('nokey');
  const alice = makeIdentity(stack, `wf-alice-${n}`, { server: proxy.url });
  const aliceWriter = writerFor(alice);
  const { key } = await aliceWriter.keys.generateKey('alice');
  const s = await admin.open(gun);
  await admin.stage(s, planAddSigner('alice', [key.publicKey]));
  await admin.publish(s);
  await aliceWriter.keys.removeKey(key.canonicalId); // alice lost her key
  const before = await serverState(gun);
  const as = await aliceWriter.open(`${gun}:v2`);
  await assert.rejects(
    planSign(as.repo!, 'v2', as.held, nodeCrypto, async () => aliceWriter.registry(as).resolveTag(as.conn.ref)),
    (e) => seen(e) && isSignetError(e, 'NO_SIGNING_KEYS') && e.message === 'no valid signing keys for delegation roles',
  );
  assert.deepEqual(await staged(alice, gun), []);
  assert.deepEqual(await serverState(gun), before);
});

test('(6) a clock 15 days ahead: the timestamp looks expired, TUF_EXPIRED, nothing published, the change kept', async () => {
  const { id, gun } = await adminRepo('clock');
  let skew = 0;
  const writer = writerFor(id, { now: () => new Date(Date.now() + skew) });
  const before = await serverState(gun);
  const s = await writer.open(`${gun}:v2`);
  await signTag(writer, s, 'v2');
  skew = 15 * 86_400_000;
  const posts = proxy.posts;
  await assert.rejects(
    writer.publish(s),
    (e) => seen(e) && isSignetError(e, 'TUF_EXPIRED') && /^timestamp expired at /.test(e.message),
  );
  await assert.rejects(writer.open(gun), (e) => seen(e) && isSignetError(e, 'TUF_EXPIRED'));
  assert.equal(proxy.posts, posts);
  assert.deepEqual(await serverState(gun), before);
  assert.equal((await staged(id, gun)).length, 1);
});

test('(7) a tag the registry does not have: HTTP_NOT_FOUND "tag v9 not found in <gun>", nothing staged or published', async () => {
  const { id, gun, writer } = await adminRepo('notag');
  const before = await serverState(gun);
  const s = await writer.open(`${gun}:v9`);
  await assert.rejects(
    signTag(writer, s, 'v9'),
    (e) => seen(e) && isSignetError(e, 'HTTP_NOT_FOUND') && e.message === `tag v9 not found in ${gun}`,
  );
  assert.deepEqual(await staged(id, gun), []);
  assert.deepEqual(await serverState(gun), before);
});

test('(8) the real HTTPS notary-server stopped after open(): HTTP_UNREACHABLE, change kept on disk; after the restart the server is empty', async () => {
  n++;
  const id = makeIdentity(stack, `wf-https-${n}`);
  const repo = `wf/https-${n}`;
  const gun = `${stack.registryHost}/${repo}`;
  await pushImage(stack.registryHost, repo, 'v1');
  const writer = writerFor(id, { server: stack.notaryHttpsUrl });
  const s0 = await writer.open(gun);
  await writer.publish(s0, await writer.initial(s0));
  const s = await writer.open(`${gun}:v1`);
  await signTag(writer, s, 'v1');
  await stack.stopNotary('https');
  try {
    await assert.rejects(
      writer.publish(s),
      (e) => seen(e) && isSignetError(e, 'HTTP_UNREACHABLE') && e.message.includes(new URL(stack.notaryHttpsUrl).host),
    );
    assert.equal((await staged(id, gun)).length, 1);
  } finally {
    await stack.startNotary('https');
  }
  // the memory store is empty after the restart: the verified cache is kept, nothing is lost locally
  await assert.rejects(writer.publish(s), (e) => seen(e) && e instanceof SignetError);
  assert.equal((await staged(id, gun)).length, 1);
});
