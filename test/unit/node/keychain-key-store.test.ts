import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../../../core/errors.js';
import { KEYCHAIN_SERVICE, KeychainKeyStore, isEncryptedPem, type KeytarLike } from '../../../core/node/keychain-key-store.js';

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
      [...data].filter(([key]) => key.startsWith(`${s}\u0000`)).map(([key, password]) => ({ account: key.split('\u0000')[1]!, password })),
  };
}

test('one entry per key: service, account = key ID, secret = JSON {role, gun, pem} with the encrypted PEM', async () => {
  const kt = fakeKeytar();
  const store = new KeychainKeyStore({ keytar: kt });
  await store.add({ info: { id: ID, role: 'targets', gun: 'example.com/a', location: 'keychain' }, pem: PEM });
  assert.deepEqual(JSON.parse(kt.data.get(`${KEYCHAIN_SERVICE}\u0000${ID}`)!), { role: 'targets', gun: 'example.com/a', pem: PEM });
  assert.deepEqual(await store.get(ID), { info: { id: ID, role: 'targets', gun: 'example.com/a', location: 'keychain' }, pem: PEM });
  // foreign or damaged entries under the service are not listed
  await kt.setPassword(KEYCHAIN_SERVICE, 'not-a-key-id', JSON.stringify({ role: 'x', pem: PEM }));
  await kt.setPassword(KEYCHAIN_SERVICE, 'cd'.repeat(32), 'garbage');
  assert.deepEqual(await store.list(), [{ id: ID, role: 'targets', gun: 'example.com/a', location: 'keychain' }]);
  await assert.rejects(store.get('cd'.repeat(32)), (e) => isSignetError(e, 'KEY_STORE'));
  await store.remove(ID);
  assert.equal(await store.get(ID), undefined);
});

test('refuses unencrypted PEMs', async () => {
  const store = new KeychainKeyStore({ keytar: fakeKeytar() });
  for (const pem of ['-----BEGIN PRIVATE KEY-----\nMIG\n-----END PRIVATE KEY-----\n', '-----BEGIN EC PRIVATE KEY-----\nMHc\n-----END EC PRIVATE KEY-----\n']) {
    await assert.rejects(store.add({ info: { id: ID, role: 'root', location: 'keychain' }, pem }), (e) => isSignetError(e, 'KEY_STORE'));
  }
  assert.ok(isEncryptedPem('-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00\n\nAA\n-----END EC PRIVATE KEY-----\n'));
});

test('keytar is loaded lazily; its failures become KEY_STORE with a hint', async () => {
  let loads = 0;
  const store = new KeychainKeyStore({
    keytar: () => {
      loads++;
      return { ...fakeKeytar(), findCredentials: async () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')) };
    },
  });
  assert.equal(loads, 0);
  await assert.rejects(store.list(), (e) => {
    assert.ok(isSignetError(e, 'KEY_STORE'));
    assert.equal(e.message, 'cannot list the keys in the keychain: Cannot autolaunch D-Bus without X11 $DISPLAY');
    assert.match(e.hint ?? '', /No Secret Service is reachable/);
    return true;
  });
  const missing = new KeychainKeyStore({ keytar: () => { throw new Error('Cannot find module keytar'); } });
  await assert.rejects(missing.list(), (e) => isSignetError(e, 'KEY_STORE') && /Cannot find module keytar/.test(e.message));
});
