import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EVENT_CHANNELS, REQUEST_ARITY, REQUEST_CHANNELS } from '../../../electron/ipc/channels.js';
import { exposeSignet } from '../../../electron/preload/index.js';

type Listener = (...args: unknown[]) => void;

function fakes() {
  const exposed: Record<string, unknown> = {};
  const invoked: Array<{ channel: string; args: unknown[] }> = [];
  const listeners = new Map<string, Set<Listener>>();
  const contextBridge = { exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api) };
  const ipcRenderer = {
    invoke: async (channel: string, ...args: unknown[]) => (
      invoked.push({ channel, args }),
      { ok: true, value: channel }
    ),
    on(channel: string, l: Listener) {
      (listeners.get(channel) ?? listeners.set(channel, new Set()).get(channel)!).add(l);
      return this;
    },
    removeListener(channel: string, l: Listener) {
      listeners.get(channel)?.delete(l);
      return this;
    },
  };
  const emit = (channel: string, payload: unknown) => {
    for (const l of listeners.get(channel) ?? []) l({ sender: 'IpcRendererEvent', ports: [] }, payload);
  };
  exposeSignet(contextBridge as never, ipcRenderer as never);
  return { exposed, invoked, listeners, emit };
}

test('exposes window.signet with exactly the contract methods, and nothing else', () => {
  const { exposed } = fakes();
  assert.deepEqual(Object.keys(exposed), ['signet']);
  const api = exposed['signet'] as Record<string, Record<string, unknown>>;
  const names: string[] = [];
  for (const [domain, methods] of Object.entries(api)) {
    if (domain === 'on') continue;
    for (const [m, fn] of Object.entries(methods)) {
      assert.equal(typeof fn, 'function');
      names.push(`${domain}:${m}`);
    }
  }
  assert.deepEqual(names.sort(), [...REQUEST_CHANNELS].sort());
  assert.equal(typeof api['on'], 'function');
  assert.ok(!JSON.stringify(Object.keys(api)).includes('ipcRenderer'));
  assert.ok(Object.isFrozen(api));
});

test('methods invoke their channel with at most their arity of arguments', async () => {
  const { exposed, invoked } = fakes();
  const api = exposed['signet'] as { trust: { sign: Function }; app: { info: Function } };
  assert.deepEqual(await api.trust.sign({ reference: 'a:v1' }, 'extra', 3), { ok: true, value: 'trust:sign' });
  await api.app.info('ignored');
  assert.deepEqual(invoked, [
    { channel: 'trust:sign', args: [{ reference: 'a:v1' }] },
    { channel: 'app:info', args: [] },
  ]);
  assert.equal(REQUEST_ARITY['trust:sign'], 1);
});

test('listeners get the payload only (no event object) and can be removed', () => {
  const { exposed, listeners, emit } = fakes();
  const api = exposed['signet'] as { on: (e: string, l: Listener) => () => void };
  const got: unknown[][] = [];
  const off = api.on('passphrase:request', (...args) => got.push(args));
  emit('passphrase:request', { requestId: 'r1' });
  assert.deepEqual(got, [[{ requestId: 'r1' }]]);
  off();
  emit('passphrase:request', { requestId: 'r2' });
  assert.equal(got.length, 1);
  assert.equal(listeners.get('passphrase:request')!.size, 0);
  assert.throws(() => api.on('ipc:raw', () => {}), /unknown event/);
  assert.throws(() => api.on('progress', 'nope' as never), /function/);
  assert.ok(EVENT_CHANNELS.includes('progress'));
});

test('the sandboxed preload bundle (CommonJS) requires only electron and exposes the same API', async () => {
  const { execFileSync } = await import('node:child_process');
  const { mkdtempSync, readFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { runInNewContext } = await import('node:vm');
  const out = join(mkdtempSync(join(tmpdir(), 'signet-preload-')), 'preload.cjs');
  execFileSync(process.execPath, ['scripts/build-preload.mjs', '--outfile', out], { stdio: 'pipe' });
  const code = readFileSync(out, 'utf8');
  const required: string[] = [];
  const exposed: Record<string, any> = {};
  const electron = {
    contextBridge: { exposeInMainWorld: (k: string, v: unknown) => void (exposed[k] = v) },
    ipcRenderer: { invoke: async () => null, on() {}, removeListener() {} },
  };
  const module = { exports: {} };
  runInNewContext(code, {
    require: (m: string) => (required.push(m), m === 'electron' ? electron : undefined),
    module,
    exports: module.exports,
    Object,
    TypeError,
  });
  assert.deepEqual([...new Set(required)], ['electron']);
  const names = Object.entries(exposed['signet']).flatMap(([d, m]) =>
    d === 'on' ? [] : Object.keys(m as object).map((k) => `${d}:${k}`),
  );
  assert.deepEqual(names.sort(), [...REQUEST_CHANNELS].sort());
});
