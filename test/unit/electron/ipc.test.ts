import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SignetError } from '../../../core/errors.js';
import { REQUEST_CHANNELS } from '../../../electron/ipc/channels.js';
import type { Handlers } from '../../../electron/ipc/contract.js';
import { createDispatch } from '../../../electron/main/dispatch.js';
import { handle, registerIpc, TrustedSenders } from '../../../electron/main/ipc.js';
import { APP_ORIGIN, APP_URL } from '../../../electron/main/security.js';

const KEY = 'a'.repeat(64);

function fakeHandlers(over: Partial<Handlers> = {}): Handlers {
  const base = Object.fromEntries(
    REQUEST_CHANNELS.map((c) => [c, async () => ({ channel: c })]),
  ) as unknown as Handlers;
  return { ...base, ...over };
}

function trusted(id = 1) {
  const t = new TrustedSenders(APP_ORIGIN);
  const listeners: Record<string, () => void> = {};
  t.add({ id, once: ((ev: string, fn: () => void) => void (listeners[ev] = fn)) as never });
  return { t, destroy: () => listeners['destroyed']?.() };
}

const event = (id: number, url = APP_URL) => ({ sender: { id } as never, senderFrame: { url } as never });

test('trusted sender: right window and origin only', async () => {
  const { t, destroy } = trusted(7);
  const logs: string[] = [];
  const h = handle(t, createDispatch(fakeHandlers()), 'app:info', { onRefused: (c, r) => logs.push(`${c} ${r}`) });
  assert.deepEqual(await h(event(7)), { ok: true, value: { channel: 'app:info' } });
  for (const e of [
    event(8),
    event(7, 'https://evil.example/'),
    event(7, 'file:///etc/passwd'),
    { sender: { id: 7 } as never, senderFrame: null },
  ]) {
    const r = await h(e as never);
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.error.code, 'IPC_UNTRUSTED_SENDER');
  }
  destroy();
  assert.equal((await h(event(7))).ok, false, 'a destroyed window is no longer trusted');
  assert.equal(logs.length, 5);
});

test('bad arguments are refused by the guards before the handler runs', async () => {
  let ran = false;
  const d = createDispatch(fakeHandlers({ 'keys:delete': async () => ((ran = true), { deleted: 'x' }) }));
  for (const args of [[], [{}], [{ keyId: 'nope' }], [{ keyId: KEY, extra: 1 }], ['str'], [{ keyId: KEY }, 'extra']]) {
    const r = await d('keys:delete', args);
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.error.code, 'IPC_BAD_ARGUMENTS', JSON.stringify(args));
  }
  assert.equal(ran, false);
  assert.deepEqual(await d('keys:delete', [{ keyId: KEY }]), { ok: true, value: { deleted: 'x' } });
  const unknown = await d('fs:readFile', ['/etc/passwd']);
  assert.equal(!unknown.ok && unknown.error.code, 'IPC_UNKNOWN_CHANNEL');
  const proto = await d('__proto__', []);
  assert.equal(!proto.ok && proto.error.code, 'IPC_UNKNOWN_CHANNEL');
});

test('SignetError becomes {ok:false,error:{code,message,hint}}', async () => {
  const d = createDispatch(
    fakeHandlers({
      'trust:view': async () => {
        throw new SignetError('NOTARY_NOT_INITIALIZED', 'no trust data', {
          hint: 'sign a tag',
          cause: new Error('inner'),
        });
      },
    }),
  );
  assert.deepEqual(await d('trust:view', ['example/app']), {
    ok: false,
    error: { code: 'NOTARY_NOT_INITIALIZED', message: 'no trust data', hint: 'sign a tag' },
  });
});

test('unexpected errors are mapped without stack or message details', async () => {
  const logged: string[] = [];
  const d = createDispatch(
    fakeHandlers({
      'app:info': async () => {
        throw new TypeError('secret internals at /home/x');
      },
    }),
    { log: (m) => logged.push(m) },
  );
  const r = await d('app:info', []);
  assert.equal(r.ok, false);
  const text = JSON.stringify(r);
  assert.equal(!r.ok && r.error.code, 'INTERNAL');
  assert.doesNotMatch(text, /secret internals|at \/|TypeError|stack/);
  assert.match(logged[0]!, /secret internals/, 'the details stay in the main-process log');
});

test('registerIpc registers exactly one handler per channel and removes them', () => {
  const handled: string[] = [];
  const removed: string[] = [];
  const ipc = { handle: (c: string) => void handled.push(c), removeHandler: (c: string) => void removed.push(c) };
  const off = registerIpc(ipc as never, trusted().t, createDispatch(fakeHandlers()));
  assert.deepEqual(handled.sort(), [...REQUEST_CHANNELS].sort());
  off();
  assert.deepEqual(removed.sort(), [...REQUEST_CHANNELS].sort());
});
