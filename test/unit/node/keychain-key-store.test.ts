import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../../../core/errors.js';
import {
  KEYCHAIN_SERVICE,
  KeychainKeyStore,
  isEncryptedPem,
  type KeytarLike,
} from '../../../core/node/keychain-key-store.js';

const ID = 'ab'.repeat(32);
const PEM = '-----BEGIN ENCRYPTED PRIVATE KEY-----\nrole: alice\n\nMIHu\n-----END ENCRYPTED PRIVATE KEY-----\n';

/** keytar stand-in: a Map keyed by service and account. */
function fakeKeytar(): KeytarLike & { data: Map<string, string> } {
  const data = new Map<string, string>();
  const k = (s: string, a: string): string => `${s}\u0000${a}`;
  return {
    data,
    getPassword: async (s, a) => data.get(k(s, a)) ?? null,
    setPassword: async (s, a, p) => void data.set(k(s, a), p),
    deletePassword: async (s, a) => data.delete(k(s, a)),
    findCredentials: async (s) =>
      [...data]
        .filter(([key]) => key.startsWith(`${s}\u0000`))
        .map(([key, password]) => ({ account: key.split('\u0000')[1]!, password })),
  };
}

const CREATED = '2026-11-27T14:03:09Z';

test('one entry per key: service, account = key ID, secret = JSON {role, gun, pem, created} with the encrypted PEM', async () => {
  const kt = fakeKeytar();
  const store = new KeychainKeyStore({ keytar: kt });
  await store.add({
    info: { id: ID, role: 'targets', gun: 'example.com/a', location: 'keychain', created: CREATED },
    pem: PEM,
  });
  assert.deepEqual(JSON.parse(kt.data.get(`${KEYCHAIN_SERVICE}\u0000${ID}`)!), {
    role: 'targets',
    gun: 'example.com/a',
    pem: PEM,
    created: CREATED,
  });
  assert.deepEqual(await store.get(ID), {
    info: { id: ID, role: 'targets', gun: 'example.com/a', location: 'keychain', created: CREATED },
    pem: PEM,
  });
  // foreign or damaged entries under the service are not listed
  await kt.setPassword(KEYCHAIN_SERVICE, 'not-a-key-id', JSON.stringify({ role: 'x', pem: PEM }));
  await kt.setPassword(KEYCHAIN_SERVICE, 'cd'.repeat(32), 'garbage');
  assert.deepEqual(await store.list(), [
    { id: ID, role: 'targets', gun: 'example.com/a', location: 'keychain', created: CREATED },
  ]);
  await assert.rejects(store.get('cd'.repeat(32)), (e) => isSignetError(e, 'KEY_STORE'));
  await store.remove(ID);
  assert.equal(await store.get(ID), undefined);
});

test('refuses unencrypted PEMs', async () => {
  const store = new KeychainKeyStore({ keytar: fakeKeytar() });
  for (const pem of [
    '-----BEGIN PRIVATE KEY-----\nMIG\n-----END PRIVATE KEY-----\n',
    '-----BEGIN EC PRIVATE KEY-----\nMHc\n-----END EC PRIVATE KEY-----\n',
  ]) {
    await assert.rejects(store.add({ info: { id: ID, role: 'root', location: 'keychain' }, pem }), (e) =>
      isSignetError(e, 'KEY_STORE'),
    );
  }
  assert.ok(
    isEncryptedPem(
      '-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00\n\nAA\n-----END EC PRIVATE KEY-----\n',
    ),
  );
});

test('keytar is loaded lazily; its failures become KEY_STORE with a hint', async () => {
  let loads = 0;
  const store = new KeychainKeyStore({
    keytar: () => {
      loads++;
      return {
        ...fakeKeytar(),
        findCredentials: async () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
      };
    },
  });
  assert.equal(loads, 0);
  await assert.rejects(store.list(), (e) => {
    assert.ok(isSignetError(e, 'KEY_STORE'));
    assert.equal(e.message, 'cannot list the keys in the keychain: Cannot autolaunch D-Bus without X11 $DISPLAY');
    assert.match(e.hint ?? '', /No Secret Service is reachable/);
    return true;
  });
  const missing = new KeychainKeyStore({
    keytar: () => {
      throw new Error('Cannot find module keytar');
    },
  });
  await assert.rejects(
    missing.list(),
    (e) => isSignetError(e, 'KEY_STORE') && /Cannot find module keytar/.test(e.message),
  );
});

test('created: recorded as now (RFC 3339 UTC, whole seconds) for a new entry, returned by get and list, kept on re-add', async () => {
  const kt = fakeKeytar();
  const store = new KeychainKeyStore({ keytar: kt });
  const before = Math.floor(Date.now() / 1000) * 1000;
  await store.add({ info: { id: ID, role: 'alice', location: 'keychain' }, pem: PEM });
  const created = (await store.get(ID))!.info.created!;
  assert.match(created, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  assert.ok(Date.parse(created) >= before && Date.parse(created) <= Date.now());
  assert.equal(JSON.parse(kt.data.get(`${KEYCHAIN_SERVICE}\u0000${ID}`)!).created, created);
  assert.deepEqual(await store.list(), [{ id: ID, role: 'alice', location: 'keychain', created }]);
  // re-encrypted under the same ID (e.g. a passphrase change) without a time: the entry's own is kept
  const old = '2024-01-02T03:04:05Z';
  await store.add({ info: { id: ID, role: 'alice', location: 'keychain', created: old }, pem: PEM });
  const PEM2 = PEM.replace('MIHu', 'MIHv');
  await store.add({ info: { id: ID, role: 'alice', location: 'keychain' }, pem: PEM2 });
  assert.deepEqual(await store.get(ID), {
    info: { id: ID, role: 'alice', location: 'keychain', created: old },
    pem: PEM2,
  });
});

test('legacy entries written without created are listed without it, and stay without it when re-encrypted', async () => {
  const kt = fakeKeytar();
  const store = new KeychainKeyStore({ keytar: kt });
  const legacy = JSON.stringify({ role: 'targets', gun: 'example.com/a', pem: PEM });
  await kt.setPassword(KEYCHAIN_SERVICE, ID, legacy);
  assert.deepEqual(await store.get(ID), {
    info: { id: ID, role: 'targets', gun: 'example.com/a', location: 'keychain' },
    pem: PEM,
  });
  assert.deepEqual(await store.list(), [{ id: ID, role: 'targets', gun: 'example.com/a', location: 'keychain' }]);
  await store.add({ info: { id: ID, role: 'targets', gun: 'example.com/a', location: 'keychain' }, pem: PEM });
  assert.deepEqual(JSON.parse(kt.data.get(`${KEYCHAIN_SERVICE}\u0000${ID}`)!), {
    role: 'targets',
    gun: 'example.com/a',
    pem: PEM,
  });
  // a malformed created is dropped, the key is still listed
  await kt.setPassword(KEYCHAIN_SERVICE, ID, JSON.stringify({ role: 'root', pem: PEM, created: 42 }));
  await kt.setPassword(
    KEYCHAIN_SERVICE,
    'cd'.repeat(32),
    JSON.stringify({ role: 'root', pem: PEM, created: 'yesterday' }),
  );
  assert.deepEqual(await store.list(), [
    { id: ID, role: 'root', location: 'keychain' },
    { id: 'cd'.repeat(32), role: 'root', location: 'keychain' },
  ]);
});
