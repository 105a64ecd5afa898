/**
 * The browser harness: token required in the x-signet-token header (403 without; the page URL
 * carries it in its fragment), same dispatch as the app, SSE delivers a passphrase request during
 * a sign and the answer completes it. Also checks that the served harness-bridge.js builds
 * `window.signet` with exactly the preload's method names, and a real Chromium page gets it.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { startStack, type Stack } from '../helpers/stack.js';
import { makeIdentity } from '../helpers/identity.js';
import { pushImage } from '../helpers/registry-push.js';
import { startHarness, type Harness } from '../../electron/harness/harness.js';
import { keyringUnavailable, startKeyring } from '../helpers/keyring.js';
import { REQUEST_CHANNELS } from '../../electron/ipc/channels.js';

let stack: Stack;
let harness: Harness;
let reference: string;
let harnessEnv: Record<string, string | undefined>;

before(async () => {
  stack = await startStack();
  const id = makeIdentity(stack, 'harness');
  const env: Record<string, string | undefined> = { ...id.env };
  for (const k of Object.keys(env)) if (/PASSPHRASE/.test(k)) delete env[k];
  await pushImage(stack.registryHost, 'example/harness', 'v1');
  reference = `${stack.registryHost}/example/harness:v1`;
  harnessEnv = env;
  harness = await startHarness({
    env,
    port: 0,
    keytar: null,
    rendererDir: mkdtempSync(join(tmpdir(), 'no-renderer-')),
    userDataDir: mkdtempSync(join(tmpdir(), 'signet-harness-ud-')),
    log: () => {},
  });
});
after(async () => {
  await harness?.close();
  await stack?.stop();
});

async function rpc(channel: string, args: unknown[], token: string | null = harness.token) {
  const res = await fetch(`${harness.origin}/rpc/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token !== null ? { 'x-signet-token': token } : {}) },
    body: JSON.stringify(args),
  });
  return { status: res.status, body: (res.status === 200 ? await res.json() : await res.text()) as any };
}

test('listens on 127.0.0.1 and prints a URL with the token in its fragment', () => {
  assert.match(harness.url, /^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{48}$/);
  assert.match(harness.keyStoreLine, /^keys: trust dir /);
});

test('requests without the token are refused with 403; with it, a Result', async () => {
  assert.equal((await rpc('app:info', [], null)).status, 403);
  assert.equal((await rpc('app:info', [], 'f'.repeat(48))).status, 403);
  assert.equal((await fetch(`${harness.origin}/events`)).status, 403);
  assert.equal((await fetch(`${harness.origin}/events?token=${harness.token}`)).status, 403, 'a header, not a query');
  const cross = await fetch(`${harness.origin}/rpc/app:info`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-signet-token': harness.token, origin: 'http://evil.example' },
    body: '[]',
  });
  assert.equal(cross.status, 403);
  const ok = await rpc('app:info', []);
  assert.equal(ok.status, 200);
  assert.equal(ok.body.ok, true);
  assert.equal(ok.body.value.shell, 'harness');
  const bad = await rpc('keys:delete', [{ keyId: 'x' }]);
  assert.equal(bad.body.error.code, 'IPC_BAD_ARGUMENTS');
  const page = await fetch(harness.url);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<script src="\/harness-bridge.js"><\/script>/);
  assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
});

test('harness-bridge.js defines window.signet with the same methods as the preload', async () => {
  const js = await (await fetch(`${harness.origin}/harness-bridge.js`)).text();
  const store = new Map<string, string>();
  const win: Record<string, any> = {};
  runInNewContext(js, {
    window: win,
    location: { hash: `#token=${harness.token}`, pathname: '/', search: '' },
    history: { state: null, replaceState: () => undefined },
    sessionStorage: {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => store.set(k, v),
    },
    // the event stream: refused here, so the bridge stops listening
    fetch: async () => ({ status: 403 }),
    URLSearchParams,
    Object,
    JSON,
    Map,
    Set,
    TypeError,
  });
  const names = Object.entries(win['signet']).flatMap(([d, m]) =>
    d === 'on' ? [] : Object.keys(m as object).map((k) => `${d}:${k}`),
  );
  assert.deepEqual(names.sort(), [...REQUEST_CHANNELS].sort());
  assert.equal(typeof win['signet'].on, 'function');
});

test('SSE delivers passphrase requests during a sign; the answers complete it', async () => {
  const events: Array<{ event: string; data: any }> = [];
  const waiters: Array<() => void> = [];
  const sse = request(`${harness.origin}/events`, { headers: { 'x-signet-token': harness.token } });
  let buf = '';
  sse.on('response', (res) => {
    assert.equal(res.statusCode, 200);
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buf += chunk;
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const frame = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const ev = /^event: (.*)$/m.exec(frame)?.[1];
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        if (ev && data) events.push({ event: ev, data: JSON.parse(data) });
        waiters.splice(0).forEach((w) => w());
      }
    });
  });
  sse.end();
  await new Promise((r) => setTimeout(r, 200));

  const signing = rpc('trust:sign', [{ reference, signer: 'bob' }]);
  const answered = new Set<string>();
  let done = false;
  void signing.then(() => {
    done = true;
    waiters.splice(0).forEach((w) => w());
  });
  while (!done) {
    for (const e of events) {
      if (e.event !== 'passphrase:request' || answered.has(e.data.requestId)) continue;
      answered.add(e.data.requestId);
      const r = await rpc('passphrase:answer', [
        { requestId: e.data.requestId, passphrase: e.data.role === 'root' ? 'root-dialog-pass' : 'repo-dialog-pass' },
      ]);
      assert.equal(r.body.ok, true, JSON.stringify(r.body));
    }
    if (!done) await new Promise<void>((r) => waiters.push(r));
  }
  const result = await signing;
  sse.destroy();
  assert.equal(result.body.ok, true, JSON.stringify(result.body));
  assert.equal(result.body.value.tag, 'v1');
  assert.ok(answered.size >= 3, `root, repository and signer passphrases asked (${answered.size})`);
  assert.ok(events.some((e) => e.event === 'passphrase:closed'));
  assert.ok(events.some((e) => e.event === 'progress' && e.data.step === 'publishing'));
});

test('a cancelled passphrase request aborts the operation cleanly with KEY_CANCELLED', async () => {
  const before = harness.graph.broker.waiting().length;
  const signing = rpc('trust:initialize', [{ reference: `${stack.registryHost}/example/harness-cancel` }]);
  let prompt: { requestId: string } | undefined;
  for (let i = 0; i < 200 && !(prompt = harness.graph.broker.waiting()[before]); i++)
    await new Promise((r) => setTimeout(r, 50));
  assert.ok(prompt, 'a passphrase was requested');
  assert.equal((await rpc('passphrase:cancel', [{ requestId: prompt.requestId }])).body.ok, true);
  const r = await signing;
  assert.equal(r.body.ok, false);
  assert.equal(r.body.error.code, 'KEY_CANCELLED');
  assert.equal(r.body.error.stack, undefined);
});

test('in a real browser (Chromium), the page gets window.signet under the CSP and calls the handlers', async (t) => {
  const { existsSync } = await import('node:fs');
  if (!existsSync('/usr/bin/chromium')) return t.skip('no /usr/bin/chromium');
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(harness.url);
    const info = await page.evaluate(async () => (globalThis as any).signet.app.info());
    assert.equal(info.ok, true);
    assert.equal(info.value.shell, 'harness');
    const keys = await page.evaluate(async () => Object.keys((globalThis as any).signet).sort());
    // one object per domain of the contract's channels (keys:import → signet.keys), plus on()
    const domains = [...new Set(REQUEST_CHANNELS.map((c) => c.slice(0, c.indexOf(':'))))];
    assert.deepEqual(keys, [...domains, 'on'].sort());
    assert.ok(keys.includes('audit') && keys.includes('history') && keys.includes('trust'));
    assert.ok(keys.includes('pins') && keys.includes('registry') && keys.includes('trust'));
    const bad = await page.evaluate(async () => (globalThis as any).signet.trust.view('has space'));
    assert.equal(bad.error.code, 'IPC_BAD_ARGUMENTS');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('with a Secret Service: keys in the keychain, and a remembered passphrase is used instead of asking', async (t) => {
  const missing = keyringUnavailable();
  if (missing) return t.skip(missing);
  const keyring = await startKeyring();
  process.env['DBUS_SESSION_BUS_ADDRESS'] = keyring.address; // libsecret reads it once per process
  const asked: Array<{ requestId: string; role: string; isNew: boolean; canRemember: boolean }> = [];
  const k = await startHarness({
    env: harnessEnv,
    port: 0,
    rendererDir: mkdtempSync(join(tmpdir(), 'no-renderer-')),
    userDataDir: mkdtempSync(join(tmpdir(), 'signet-harness-kc-')),
    log: () => {},
    onEvent: (event, payload) => {
      if (event !== 'passphrase:request') return;
      const p = payload as (typeof asked)[number];
      asked.push(p);
      // the renderer's dialog: tick "remember" where offered
      setImmediate(
        () =>
          void k.graph.dispatch('passphrase:answer', [
            {
              requestId: p.requestId,
              passphrase: p.role === 'root' ? 'root-dialog-pass' : 'repo-dialog-pass',
              ...(p.canRemember ? { remember: true } : {}),
            },
          ]),
      );
    },
  });
  try {
    assert.match(k.keyStoreLine, /^keys: OS keychain/);
    const gen = await k.graph.dispatch('keys:generate', [{ role: 'carol' }]);
    assert.equal(gen.ok, true, JSON.stringify(gen));
    assert.equal((gen as any).value.location, 'keychain');
    assert.match(
      (gen as any).value.created,
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/,
      'a generated key says when it was created',
    );
    const list = (await k.graph.dispatch('keys:list', [])) as any;
    assert.equal(
      list.value.find((x: any) => x.id === (gen as any).value.id)?.created,
      (gen as any).value.created,
      'and the keychain entry keeps it',
    );
    assert.ok(
      list.value.some((x: any) => x.location === 'trust-dir'),
      'trust dir keys are listed too',
    );
    assert.ok(list.value.some((x: any) => x.location === 'keychain' && /OS keychain/.test(x.where)));

    await pushImage(stack.registryHost, 'example/harness', 'v2', { content: 'v2\n' });
    await pushImage(stack.registryHost, 'example/harness', 'v3', { content: 'v3\n' });
    const before = asked.length;
    const v2 = await k.graph.dispatch('trust:sign', [{ reference: `${stack.registryHost}/example/harness:v2` }]);
    assert.equal(v2.ok, true, JSON.stringify(v2));
    const first = asked.length;
    const forV2 = asked.slice(before);
    assert.ok(forV2.length >= 1 && forV2.every((a) => !a.isNew && a.canRemember), JSON.stringify(forV2));
    const listed = (await k.graph.dispatch('keys:list', [])) as any;
    assert.ok(listed.value.filter((x: any) => x.passphraseRemembered).length >= 1);
    const v3 = await k.graph.dispatch('trust:sign', [{ reference: `${stack.registryHost}/example/harness:v3` }]);
    assert.equal(v3.ok, true, JSON.stringify(v3));
    assert.equal(asked.length, first, 'remembered passphrases were used: no new prompt');
  } finally {
    await k.close();
    await keyring.stop();
  }
});
