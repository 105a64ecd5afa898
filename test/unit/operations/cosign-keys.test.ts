/**
 * Keys for cosign as core operations (the CLI and the app share them): a cosign.key imported as a
 * notary-format key under a new passphrase, and a stored key exported as cosign's key pair. What
 * is asked, in which order, and what is stored; the real cosign is test/integration/cosign-keys.test.ts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { decryptCosignKey } from '../../../core/crypto/cosign-key.js';
import { ed25519PrivateKey, generateEcdsaKey } from '../../../core/crypto/ecdsa.js';
import {
  decryptPrivateKey,
  encryptPrivateKey,
  publicKeyPem,
  readKeyFileHeaders,
} from '../../../core/crypto/key-file.js';
import { isSignetError } from '../../../core/errors.js';
import { CryptoService } from '../../../core/keystore/crypto-service.js';
import { MemoryKeyStore } from '../../../core/keystore/memory-key-store.js';
import type { PassphraseRequest } from '../../../core/keystore/passphrase.js';
import { exportCosignKey, importKeyFile } from '../../../core/operations/keys.js';
import { TEST_NOW } from '../../helpers/repo-builder.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/cosign');
const COSIGN_PW = 'golden-cosign-pw';

/** A service over a memory store whose passphrase source answers from `answer` and records each request. */
function service(answer: (r: PassphraseRequest) => string | undefined) {
  const asked: PassphraseRequest[] = [];
  const store = new MemoryKeyStore();
  const keys = new CryptoService({
    stores: [store],
    passphrases: { get: async (r) => (asked.push(r), answer(r)) },
    now: () => TEST_NOW,
  });
  return { keys, store, asked };
}

test('a cosign.key is imported under a new notary passphrase; its cosign password is asked as such and not kept', async () => {
  const text = readFileSync(join(FIXTURES, 'p256.key'), 'utf8');
  const { keys, store, asked } = service((r) => (r.format === 'cosign' ? COSIGN_PW : 'new-notary-pass'));
  const [info] = await importKeyFile(keys, text, 'cosign.key', { role: 'ci' });
  assert.equal(info!.role, 'ci');
  assert.deepEqual(
    asked.map((r) => [r.format ?? 'notary', r.role, r.isNew, r.keyId]),
    [
      ['cosign', 'cosign', false, ''],
      ['notary', 'ci', true, info!.id],
    ],
  );
  const stored = (await store.get(info!.id))!;
  assert.equal(readKeyFileHeaders(stored.pem).type, 'ENCRYPTED PRIVATE KEY');
  assert.equal(readKeyFileHeaders(stored.pem).role, 'ci');
  const key = decryptPrivateKey(stored.pem, 'new-notary-pass').key;
  assert.equal(publicKeyPem(key.publicKey), readFileSync(join(FIXTURES, 'p256.pub'), 'utf8'));
  assert.throws(
    () => decryptPrivateKey(stored.pem, COSIGN_PW),
    (e) => isSignetError(e, 'KEY_WRONG_PASSPHRASE'),
  );
});

test('a cosign.key without --role is a "delegation" key, as any headerless key file', async () => {
  const text = readFileSync(join(FIXTURES, 'p256.key'), 'utf8');
  const { keys } = service((r) => (r.format === 'cosign' ? COSIGN_PW : 'new-notary-pass'));
  const [info] = await importKeyFile(keys, text, 'cosign.key');
  assert.equal(info!.role, 'delegation');
});

test('a wrong cosign password is asked again, then refused with KEY_WRONG_PASSPHRASE; nothing is stored', async () => {
  const text = readFileSync(join(FIXTURES, 'p256.key'), 'utf8');
  const { keys, asked } = service(() => 'not-the-password');
  await assert.rejects(
    importKeyFile(keys, text, 'cosign.key', { role: 'ci' }),
    (e) => isSignetError(e, 'KEY_WRONG_PASSPHRASE') && /cosign private key/.test(e.message),
  );
  assert.deepEqual(
    asked.map((r) => r.attempt),
    [1, 2, 3],
  );
  assert.deepEqual(await keys.listKeys(), []);
});

test('an Ed25519 cosign key is refused before any new passphrase is asked', async () => {
  const text = readFileSync(join(FIXTURES, 'ed25519.key'), 'utf8');
  const { keys, asked } = service(() => COSIGN_PW);
  await assert.rejects(importKeyFile(keys, text, 'ed.key'), (e) => isSignetError(e, 'KEY_UNSUPPORTED'));
  assert.equal(asked.filter((r) => r.isNew).length, 0);
  assert.deepEqual(await keys.listKeys(), []);
});

test("exportCosignKey asks the key's own passphrase first, then a new cosign password; the pair opens with it", async () => {
  const key = generateEcdsaKey();
  const { keys, store, asked } = service((r) => (r.format === 'cosign' ? 'cosign-pass' : 'repo-passphrase'));
  await store.add({
    info: { id: key.canonicalId, role: 'alice', location: 'memory' },
    pem: encryptPrivateKey(key, 'repo-passphrase', { role: 'alice' }),
  });
  const out = await exportCosignKey(keys, key.canonicalId);
  assert.deepEqual(
    asked.map((r) => [r.format ?? 'notary', r.isNew, r.keyId]),
    [
      ['notary', false, key.canonicalId],
      ['cosign', true, key.canonicalId],
    ],
  );
  assert.equal(out.id, key.canonicalId);
  assert.equal(out.publicKey, publicKeyPem(key.publicKey));
  assert.match(out.privateKey, /^-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n/);
  assert.equal((await decryptCosignKey(out.privateKey, 'cosign-pass')).canonicalId, key.canonicalId);
});

test('exportCosignKey refuses an empty cosign password, a cancelled one, and a key that is not P-256', async () => {
  const key = generateEcdsaKey();
  const add = (store: MemoryKeyStore, k = key) =>
    store.add({
      info: { id: k.canonicalId, role: 'alice', location: 'memory' },
      pem: encryptPrivateKey(k, 'p', { role: 'alice' }),
    });
  const empty = service((r) => (r.format === 'cosign' ? '' : 'p'));
  await add(empty.store);
  await assert.rejects(
    exportCosignKey(empty.keys, key.canonicalId),
    (e) => isSignetError(e, 'BAD_INPUT') && /empty password/.test(e.message),
  );
  const cancelled = service((r) => (r.format === 'cosign' ? undefined : 'p'));
  await add(cancelled.store);
  await assert.rejects(exportCosignKey(cancelled.keys, key.canonicalId), (e) => isSignetError(e, 'KEY_CANCELLED'));
  const ed = ed25519PrivateKey(new Uint8Array(32).fill(3));
  const edSvc = service(() => 'p');
  await add(edSvc.store, ed);
  await assert.rejects(
    exportCosignKey(edSvc.keys, ed.canonicalId),
    (e) => isSignetError(e, 'KEY_UNSUPPORTED') && /P-256/.test(e.message),
  );
  assert.equal(edSvc.asked.filter((r) => r.format === 'cosign').length, 0, 'no cosign password asked for it');
});
