import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../../../core/errors.js';
import type { KeytarLike } from '../../../core/node/keychain-key-store.js';
import type { EventChannels } from '../../../electron/ipc/contract.js';
import {
  PASSPHRASE_SERVICE,
  PassphraseBroker,
  RememberedPassphrases,
} from '../../../electron/main/passphrase-broker.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

function setup(opts: { timeoutMs?: number; remembered?: RememberedPassphrases } = {}) {
  const events: Array<{ event: string; payload: any }> = [];
  let n = 0;
  const broker = new PassphraseBroker({
    emit: (event, payload) => void events.push({ event, payload }),
    newId: () => `request-${++n}-xxxx`,
    ...opts,
  });
  const next = async () => {
    for (let i = 0; i < 50 && !events.some((e) => e.event === 'passphrase:request' && !e.payload.seen); i++)
      await new Promise((r) => setImmediate(r));
    const e = events.find((x) => x.event === 'passphrase:request' && !x.payload.seen)!;
    e.payload.seen = true;
    return e.payload as EventChannels['passphrase:request'];
  };
  return { broker, events, next };
}

function memoryKeytar(): KeytarLike & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getPassword: async (s, a) => data.get(`${s}/${a}`) ?? null,
    setPassword: async (s, a, p) => void data.set(`${s}/${a}`, p),
    deletePassword: async (s, a) => data.delete(`${s}/${a}`),
    findCredentials: async (s) =>
      [...data]
        .filter(([k]) => k.startsWith(`${s}/`))
        .map(([k, password]) => ({ account: k.slice(s.length + 1), password })),
  };
}

test('answer: the request carries key ID, role, GUN, new/existing and attempt; the answer resolves it', async () => {
  const { broker, events, next } = setup();
  const p = broker.get({ keyId: A, role: 'targets', gun: 'example.com/app', isNew: false, attempt: 2 });
  const req = await next();
  assert.deepEqual(
    { ...req, seen: undefined },
    {
      requestId: 'request-1-xxxx',
      keyId: A,
      role: 'targets',
      gun: 'example.com/app',
      isNew: false,
      attempt: 2,
      minLength: 1,
      canRemember: false,
      timeoutMs: 300000,
      seen: undefined,
    },
  );
  await broker.answer({ requestId: req.requestId, passphrase: 'secret-1' });
  assert.equal(await p, 'secret-1');
  assert.deepEqual(events.at(-1), {
    event: 'passphrase:closed',
    payload: { requestId: req.requestId, reason: 'answered' },
  });
  await assert.rejects(broker.answer({ requestId: req.requestId, passphrase: 'again' }), (e) =>
    isSignetError(e, 'BAD_INPUT'),
  );
});

test('cancel: get() resolves undefined (core then raises KEY_CANCELLED)', async () => {
  const { broker, next, events } = setup();
  const p = broker.get({ keyId: A, role: 'root', isNew: false, attempt: 1 });
  broker.cancel((await next()).requestId);
  assert.equal(await p, undefined);
  assert.equal(events.at(-1)!.payload.reason, 'cancelled');
});

test('timeout: KEY_CANCELLED and a closed event', async () => {
  const { broker, events } = setup({ timeoutMs: 30 });
  await assert.rejects(
    broker.get({ keyId: A, role: 'root', isNew: false, attempt: 1 }),
    (e) => isSignetError(e, 'KEY_CANCELLED') && /within/.test(e.message),
  );
  assert.equal(events.at(-1)!.payload.reason, 'timeout');
  assert.equal(broker.waiting().length, 0);
});

test('concurrent requests: each answer goes to its own request ID, never another key', async () => {
  const { broker, next } = setup();
  const pa = broker.get({ keyId: A, role: 'root', isNew: false, attempt: 1 });
  const pb = broker.get({ keyId: B, role: 'targets', isNew: false, attempt: 1 });
  const ra = await next();
  const rb = await next();
  assert.equal(ra.keyId, A);
  assert.equal(rb.keyId, B);
  assert.notEqual(ra.requestId, rb.requestId);
  await broker.answer({ requestId: rb.requestId, passphrase: 'for-b' });
  assert.equal(await pb, 'for-b');
  assert.equal(broker.waiting().length, 1, 'A still waits');
  await assert.rejects(broker.answer({ requestId: 'request-99-xxxx', passphrase: 'stray' }), (e) =>
    isSignetError(e, 'BAD_INPUT'),
  );
  await broker.answer({ requestId: ra.requestId, passphrase: 'for-a' });
  assert.equal(await pa, 'for-a');
});

test('new keys: too-short passphrases are refused and the request stays open', async () => {
  const { broker, next } = setup();
  const p = broker.get({ keyId: A, role: 'root', isNew: true, attempt: 1 });
  const r = await next();
  assert.equal(r.minLength, 8);
  await assert.rejects(broker.answer({ requestId: r.requestId, passphrase: 'short' }), (e) =>
    isSignetError(e, 'BAD_INPUT'),
  );
  await broker.answer({ requestId: r.requestId, passphrase: 'long enough' });
  assert.equal(await p, 'long enough');
});

test('remember in keychain: opt-in, used before asking, forgotten when wrong', async () => {
  const keytar = memoryKeytar();
  const remembered = new RememberedPassphrases(() => keytar);
  const { broker, next } = setup({ remembered });
  const p1 = broker.get({ keyId: A, role: 'targets', isNew: false, attempt: 1 });
  const r1 = await next();
  assert.equal(r1.canRemember, true);
  await broker.answer({ requestId: r1.requestId, passphrase: 'kept', remember: true });
  assert.equal(await p1, 'kept');
  assert.equal(keytar.data.get(`${PASSPHRASE_SERVICE}/${A}`), 'kept');
  // next time: no prompt
  assert.equal(await broker.get({ keyId: A, role: 'targets', isNew: false, attempt: 1 }), 'kept');
  // it was wrong: attempt 2 forgets it and asks
  const p2 = broker.get({ keyId: A, role: 'targets', isNew: false, attempt: 2 });
  const r2 = await next();
  assert.equal(keytar.data.has(`${PASSPHRASE_SERVICE}/${A}`), false);
  await broker.answer({ requestId: r2.requestId, passphrase: 'right' });
  assert.equal(await p2, 'right');
  // without opting in, nothing is stored
  const p3 = broker.get({ keyId: B, role: 'targets', isNew: false, attempt: 1 });
  await broker.answer({ requestId: (await next()).requestId, passphrase: 'not kept' });
  await p3;
  assert.equal(keytar.data.size, 0);
});

test('always asking (key export): a remembered passphrase is neither used nor forgotten, nor offered to keep', async () => {
  const keytar = memoryKeytar();
  const remembered = new RememberedPassphrases(() => keytar);
  await remembered.set(A, 'kept');
  const { broker, next } = setup({ remembered });
  // the ordinary source hands it out without asking
  assert.equal(await broker.get({ keyId: A, role: 'root', isNew: false, attempt: 1 }), 'kept');
  const asking = broker.alwaysAsking();
  const p1 = asking.get({ keyId: A, role: 'root', isNew: false, attempt: 1 });
  const r1 = await next();
  assert.equal(r1.keyId, A);
  assert.equal(r1.canRemember, false, 'no "remember" box: this prompt proves the user knows it');
  await broker.answer({ requestId: r1.requestId, passphrase: 'typed', remember: true });
  assert.equal(await p1, 'typed');
  // a wrong answer asks again, and the remembered one stays
  const p2 = asking.get({ keyId: A, role: 'root', isNew: false, attempt: 2 });
  const r2 = await next();
  assert.equal(r2.attempt, 2);
  broker.cancel(r2.requestId);
  assert.equal(await p2, undefined);
  assert.equal(keytar.data.get(`${PASSPHRASE_SERVICE}/${A}`), 'kept');
});

test('a token PIN: asked naming the token, never answered from nor offered to the keychain', async () => {
  const keytar = memoryKeytar();
  const remembered = new RememberedPassphrases(() => keytar);
  await remembered.set(A, 'the key file passphrase');
  const { broker, next } = setup({ remembered });
  const p = broker.get({ keyId: A, role: 'root', isNew: false, attempt: 1, format: 'pin', token: 'yubikey-5' });
  const r = await next();
  assert.deepEqual(r.pin, { token: 'yubikey-5' });
  assert.equal(r.canRemember, false);
  await broker.answer({ requestId: r.requestId, passphrase: '123456', remember: true });
  assert.equal(await p, '123456');
  assert.equal(keytar.data.get(`${PASSPHRASE_SERVICE}/${A}`), 'the key file passphrase', 'the PIN was not stored');
});
