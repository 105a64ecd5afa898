import { test } from 'node:test';
import { softwareKey } from '../../../core/crypto/held-key.js';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decryptPrivateKey, encryptPrivateKey, readKeyFileHeaders } from '../../../core/crypto/key-file.js';
import { isSignetError } from '../../../core/errors.js';
import { CryptoService } from '../../../core/keystore/crypto-service.js';
import { MemoryKeyStore } from '../../../core/keystore/memory-key-store.js';
import type { PassphraseRequest, PassphraseSource } from '../../../core/keystore/passphrase.js';
import { TEST_NOW } from '../../helpers/repo-builder.js';

const GOLDEN = join(import.meta.dirname, '..', '..', 'fixtures', 'golden');
const TARGETS_ID = 'cddee04cf5ce4f22e996059c6af7e8063e98032caf93957dd17ab495f49f3e77';
const TARGETS_PEM = readFileSync(join(GOLDEN, 'b-signers', 'private', 'b-admin', `${TARGETS_ID}.key`), 'utf8');
const ALICE_ID = '3bd9b97dba420dbfceb8a3aab98667ab0edde39ebd3150cbbfc1c7a7ab7e1029';
const ALICE_PEM = readFileSync(join(GOLDEN, 'b-signers', 'private', 'b-alice', `${ALICE_ID}.key`), 'utf8');

/** `created`: RFC 3339 UTC, whole seconds. */
const RFC3339_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** A PassphraseSource answering from a script (undefined = cancel) and recording every request. */
function scripted(...answers: Array<string | undefined>): PassphraseSource & { asked: PassphraseRequest[] } {
  const asked: PassphraseRequest[] = [];
  return { asked, get: async (r) => (asked.push({ ...r }), answers.shift()) };
}

test('generate then unlock: new passphrase asked once (isNew), encrypted PEM with role/gun, unlocked by a fresh service', async () => {
  const store = new MemoryKeyStore();
  const gen = scripted('correct horse battery');
  const svc = new CryptoService({ now: () => TEST_NOW, stores: [store], passphrases: gen });
  const { key, info } = await svc.generateKey('targets', 'example.com/a/b');
  const { created, ...rest } = info;
  assert.deepEqual(rest, { id: key.canonicalId, role: 'targets', gun: 'example.com/a/b', location: 'memory' });
  assert.match(created ?? '', RFC3339_SECONDS);
  assert.deepEqual(gen.asked, [
    { keyId: key.canonicalId, role: 'targets', gun: 'example.com/a/b', isNew: true, attempt: 1 },
  ]);
  const pem = await svc.exportKey(key.canonicalId);
  assert.deepEqual(readKeyFileHeaders(pem), {
    type: 'ENCRYPTED PRIVATE KEY',
    role: 'targets',
    gun: 'example.com/a/b',
    encrypted: true,
  });
  assert.ok(!pem.includes('-----BEGIN PRIVATE KEY-----'));

  const src = scripted('correct horse battery');
  const fresh = new CryptoService({ now: () => TEST_NOW, stores: [store], passphrases: src });
  const unlocked = await fresh.unlock(key.canonicalId);
  assert.equal(unlocked.canonicalId, key.canonicalId);
  assert.deepEqual(softwareKey(unlocked, 'test').secret, softwareKey(key, 'test').secret);
  assert.deepEqual(src.asked, [
    { keyId: key.canonicalId, role: 'targets', gun: 'example.com/a/b', isNew: false, attempt: 1 },
  ]);
});

test('gun header only for targets/snapshot/timestamp keys, as notary writes it', async () => {
  const svc = new CryptoService({
    now: () => TEST_NOW,
    stores: [new MemoryKeyStore()],
    passphrases: scripted('root-passphrase', 'repo-passphrase'),
  });
  const root = await svc.generateKey('root', 'example.com/a/b');
  const alice = await svc.generateKey('alice', 'example.com/a/b');
  assert.equal(root.info.gun, undefined);
  assert.equal(alice.info.gun, undefined);
  assert.deepEqual(readKeyFileHeaders(await svc.exportKey(root.key.canonicalId)), {
    type: 'ENCRYPTED PRIVATE KEY',
    role: 'root',
    encrypted: true,
  });
});

test('wrong then right passphrase: asks again with attempt 2', async () => {
  const store = new MemoryKeyStore();
  await store.add({
    info: { id: TARGETS_ID, role: 'targets', gun: '127.0.0.1:5000/example/signer-demo', location: 'memory' },
    pem: TARGETS_PEM,
  });
  const src = scripted('nope', 'repo-passphrase');
  const key = await new CryptoService({ now: () => TEST_NOW, stores: [store], passphrases: src }).unlock(TARGETS_ID);
  assert.equal(key.canonicalId, TARGETS_ID);
  assert.deepEqual(
    src.asked.map((r) => [r.attempt, r.isNew, r.role, r.keyId]),
    [
      [1, false, 'targets', TARGETS_ID],
      [2, false, 'targets', TARGETS_ID],
    ],
  );
});

test(`too many attempts: KEY_WRONG_PASSPHRASE after 3 wrong passphrases, docker's wording`, async () => {
  const store = new MemoryKeyStore();
  await store.add({ info: { id: TARGETS_ID, role: 'targets', location: 'memory' }, pem: TARGETS_PEM });
  const src = scripted('a', 'b', 'c', 'repo-passphrase');
  const svc = new CryptoService({ now: () => TEST_NOW, stores: [store], passphrases: src });
  await assert.rejects(svc.unlock(TARGETS_ID), (e) => {
    assert.ok(isSignetError(e, 'KEY_WRONG_PASSPHRASE'));
    assert.equal(e.message, 'Too many attempts: wrong passphrase for repository key with ID cddee04');
    return true;
  });
  assert.equal(src.asked.length, 3);
  // a failed unlock is not cached: the next call asks again
  assert.equal((await svc.unlock(TARGETS_ID)).canonicalId, TARGETS_ID);
});

test('cancel: unlock gives KEY_CANCELLED; a cancelled generate stores nothing', async () => {
  const store = new MemoryKeyStore();
  await store.add({ info: { id: ALICE_ID, role: 'alice', location: 'memory' }, pem: ALICE_PEM });
  const svc = new CryptoService({ now: () => TEST_NOW, stores: [store], passphrases: scripted(undefined, undefined) });
  await assert.rejects(
    svc.unlock(ALICE_ID),
    (e) => isSignetError(e, 'KEY_CANCELLED') && /alice key with ID 3bd9b97/.test(e.message),
  );
  await assert.rejects(svc.generateKey('root'), (e) => isSignetError(e, 'KEY_CANCELLED'));
  assert.deepEqual(
    (await store.list()).map((k) => k.id),
    [ALICE_ID],
  );
});

test('an empty new passphrase is refused: keys are never stored unencrypted', async () => {
  const store = new MemoryKeyStore();
  const svc = new CryptoService({ now: () => TEST_NOW, stores: [store], passphrases: scripted('') });
  await assert.rejects(svc.generateKey('alice'), (e) => isSignetError(e, 'BAD_INPUT'));
  assert.deepEqual(await store.list(), []);
});

test('cache: one ask per key for the service lifetime (also concurrently); forget() asks again', async () => {
  const store = new MemoryKeyStore();
  await store.add({ info: { id: ALICE_ID, role: 'alice', location: 'memory' }, pem: ALICE_PEM });
  const src = scripted('repo-passphrase', 'repo-passphrase');
  const svc = new CryptoService({ now: () => TEST_NOW, stores: [store], passphrases: src });
  const [a, b] = await Promise.all([svc.unlock(ALICE_ID), svc.unlock(ALICE_ID)]);
  assert.equal(a, b);
  const signer = await svc.signer(ALICE_ID);
  assert.equal(signer.keyId, ALICE_ID);
  const sig = await signer.sign(new TextEncoder().encode('{"signed":1}'));
  assert.equal(sig.keyid, ALICE_ID);
  assert.equal(sig.method, 'ecdsa');
  const listed = await svc.signer(ALICE_ID, { keyId: 'f'.repeat(64), publicKey: signer.publicKey });
  assert.equal(listed.keyId, 'f'.repeat(64));
  assert.equal(src.asked.length, 1);
  svc.forget();
  await svc.unlock(ALICE_ID);
  assert.equal(src.asked.length, 2);
});

test('KEY_NOT_FOUND names the ID and where it looked, with an import hint', async () => {
  const svc = new CryptoService({
    now: () => TEST_NOW,
    stores: [new MemoryKeyStore('keychain'), new MemoryKeyStore()],
    passphrases: scripted(),
  });
  const id = 'ab'.repeat(32);
  for (const op of [
    () => svc.unlock(id),
    () => svc.exportKey(id),
    () => svc.removeKey(id),
    () => svc.changePassphrase(id),
  ]) {
    await assert.rejects(op(), (e) => {
      assert.ok(isSignetError(e, 'KEY_NOT_FOUND'));
      assert.match(e.message, new RegExp(`${id} in keychain store or memory store`));
      assert.match(e.hint ?? '', /import/);
      return true;
    });
  }
  assert.equal(await svc.hasKey(id), false);
});

test('listKeys across stores: deduplicated by ID, the first store wins', async () => {
  const first = new MemoryKeyStore('keychain');
  const second = new MemoryKeyStore('trust-dir');
  await first.add({ info: { id: ALICE_ID, role: 'alice', location: 'keychain' }, pem: ALICE_PEM });
  await second.add({ info: { id: ALICE_ID, role: 'alice', location: 'trust-dir' }, pem: ALICE_PEM });
  await second.add({ info: { id: TARGETS_ID, role: 'targets', location: 'trust-dir' }, pem: TARGETS_PEM });
  const svc = new CryptoService({ now: () => TEST_NOW, stores: [first, second], passphrases: scripted() });
  const keys = await svc.listKeys();
  assert.deepEqual(
    keys.map((k) => [k.id, k.location]),
    [
      [ALICE_ID, 'keychain'],
      [TARGETS_ID, 'trust-dir'],
    ],
  );
  assert.equal(await svc.hasKey(TARGETS_ID), true);
  await svc.removeKey(ALICE_ID);
  assert.deepEqual(await first.list(), []);
  assert.deepEqual(
    (await second.list()).map((k) => k.id),
    [TARGETS_ID],
  );
});

test('import keeps an encrypted golden PEM byte-identical; export returns it unchanged', async () => {
  const store = new MemoryKeyStore('keychain');
  const src = scripted('repo-passphrase');
  const svc = new CryptoService({ now: () => TEST_NOW, stores: [store], passphrases: src });
  const info = await svc.importKey(TARGETS_PEM);
  assert.deepEqual(info, {
    id: TARGETS_ID,
    role: 'targets',
    gun: '127.0.0.1:5000/example/signer-demo',
    location: 'keychain',
  });
  assert.equal(await svc.exportKey(TARGETS_ID), TARGETS_PEM);
  assert.deepEqual(
    src.asked.map((r) => [r.role, r.isNew, r.attempt]),
    [['targets', false, 1]],
  );
  await svc.unlock(TARGETS_ID); // cached by the import: no second ask
  assert.equal(src.asked.length, 1);
});

test('import with another role re-encrypts under the same passphrase; newPassphrase asks for a new one', async () => {
  const svc = new CryptoService({
    now: () => TEST_NOW,
    stores: [new MemoryKeyStore()],
    passphrases: scripted('repo-passphrase', 'repo-passphrase', 'a brand new passphrase'),
  });
  const info = await svc.importKey(ALICE_PEM, { role: 'releases' });
  assert.equal(info.role, 'releases');
  const pem = await svc.exportKey(ALICE_ID);
  assert.notEqual(pem, ALICE_PEM);
  assert.equal(decryptPrivateKey(pem, 'repo-passphrase').role, 'releases');
  await svc.importKey(ALICE_PEM, { newPassphrase: true });
  const renewed = await svc.exportKey(ALICE_ID);
  assert.equal(decryptPrivateKey(renewed, 'a brand new passphrase').key.canonicalId, ALICE_ID);
});

test('changePassphrase asks the old one, then a new one; the stored key decrypts only with the new one', async () => {
  const store = new MemoryKeyStore();
  await store.add({ info: { id: ALICE_ID, role: 'alice', location: 'memory' }, pem: ALICE_PEM });
  const src = scripted('repo-passphrase', 'changed passphrase');
  await new CryptoService({ now: () => TEST_NOW, stores: [store], passphrases: src }).changePassphrase(ALICE_ID);
  assert.deepEqual(
    src.asked.map((r) => r.isNew),
    [false, true],
  );
  const pem = (await store.get(ALICE_ID))!.pem;
  assert.equal(decryptPrivateKey(pem, 'changed passphrase').role, 'alice');
  assert.throws(
    () => decryptPrivateKey(pem, 'repo-passphrase'),
    (e) => isSignetError(e, 'KEY_WRONG_PASSPHRASE'),
  );
});

test('importing an unencrypted key asks for a new passphrase and stores it encrypted', async () => {
  const key = decryptPrivateKey(ALICE_PEM, 'repo-passphrase').key;
  const plain = encryptPrivateKey(key, '', { role: 'alice' });
  assert.match(plain, /^-----BEGIN PRIVATE KEY-----/);
  const store = new MemoryKeyStore();
  const src = scripted('fresh passphrase 1');
  const info = await new CryptoService({ now: () => TEST_NOW, stores: [store], passphrases: src }).importKey(plain);
  assert.deepEqual(info, { id: ALICE_ID, role: 'alice', location: 'memory' });
  assert.deepEqual(src.asked, [{ keyId: ALICE_ID, role: 'alice', isNew: true, attempt: 1 }]);
  const stored = (await store.get(ALICE_ID))!.pem;
  assert.match(stored, /^-----BEGIN ENCRYPTED PRIVATE KEY-----\nrole: alice\n\n/);
  assert.equal(decryptPrivateKey(stored, 'fresh passphrase 1').key.canonicalId, ALICE_ID);
});

test('generateKey records when the key was created (the injected clock, UTC, whole seconds); the store keeps it', async () => {
  const store = new MemoryKeyStore();
  const at = new Date('2026-03-04T05:06:07.890Z');
  const svc = new CryptoService({ now: () => at, stores: [store], passphrases: scripted('p1') });
  const { key, info } = await svc.generateKey('root');
  assert.match(info.created ?? '', RFC3339_SECONDS);
  assert.equal(info.created, '2026-03-04T05:06:07Z');
  assert.equal((await store.get(key.canonicalId))!.info.created, info.created);
  assert.deepEqual(
    (await svc.listKeys()).map((k) => k.created),
    [info.created],
  );
});

test('created survives a passphrase change (same key, same ID); a key stored without one stays without', async () => {
  const store = new MemoryKeyStore();
  const src = scripted('old passphrase', 'old passphrase', 'new passphrase');
  const svc = new CryptoService({ now: () => TEST_NOW, stores: [store], passphrases: src });
  const { key } = await svc.generateKey('targets', 'example.com/a/b');
  const created = '2025-01-02T03:04:05Z'; // as if generated long ago
  await store.add({
    info: { ...(await store.get(key.canonicalId))!.info, created },
    pem: await svc.exportKey(key.canonicalId),
  });
  svc.forget();
  await svc.changePassphrase(key.canonicalId);
  const after = (await store.get(key.canonicalId))!;
  assert.equal(decryptPrivateKey(after.pem, 'new passphrase').key.canonicalId, key.canonicalId);
  assert.equal(after.info.created, created);

  await store.add({ info: { id: ALICE_ID, role: 'alice', location: 'memory' }, pem: ALICE_PEM });
  await new CryptoService({
    now: () => TEST_NOW,
    stores: [store],
    passphrases: scripted('repo-passphrase', 'changed'),
  }).changePassphrase(ALICE_ID);
  assert.equal((await store.get(ALICE_ID))!.info.created, undefined);
});

test('import: re-importing a held key keeps its created; opts.created is used for a new one; else none is invented', async () => {
  const store = new MemoryKeyStore();
  await store.add({
    info: { id: ALICE_ID, role: 'alice', location: 'memory', created: '2025-01-02T03:04:05Z' },
    pem: ALICE_PEM,
  });
  const svc = new CryptoService({
    now: () => TEST_NOW,
    stores: [store],
    passphrases: scripted('repo-passphrase', 'repo-passphrase', 'repo-passphrase'),
  });
  const again = await svc.importKey(ALICE_PEM, { role: 'releases', created: '2026-06-01T00:00:00Z' });
  assert.equal(again.created, '2025-01-02T03:04:05Z');
  assert.equal((await store.get(ALICE_ID))!.info.created, '2025-01-02T03:04:05Z');
  assert.equal((await store.get(ALICE_ID))!.info.role, 'releases');

  const fresh = new MemoryKeyStore();
  const svc2 = new CryptoService({ now: () => TEST_NOW, stores: [fresh], passphrases: scripted('repo-passphrase') });
  assert.equal(
    (await svc2.importKey(TARGETS_PEM, { created: '2024-05-06T07:08:09Z' })).created,
    '2024-05-06T07:08:09Z',
  );
  assert.equal((await fresh.get(TARGETS_ID))!.info.created, '2024-05-06T07:08:09Z');

  const bare = new MemoryKeyStore(); // a store that records no time of its own: none is made up
  const info = await new CryptoService({
    now: () => TEST_NOW,
    stores: [bare],
    passphrases: scripted('repo-passphrase'),
  }).importKey(TARGETS_PEM);
  assert.equal(info.created, undefined);
  assert.equal((await bare.get(TARGETS_ID))!.info.created, undefined);
});
