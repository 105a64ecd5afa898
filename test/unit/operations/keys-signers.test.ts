/** Key import/export and the remove-signer preview: one core implementation for the CLI and the app. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateEcdsaKey } from '../../../core/crypto/ecdsa.js';
import { decryptPrivateKey, encryptPrivateKey } from '../../../core/crypto/key-file.js';
import { decodePemBlocks } from '../../../core/crypto/pem.js';
import { isSignetError } from '../../../core/errors.js';
import {
  exportKey,
  importKeyFile,
  removeSigner,
  removeSignerImpact,
  signTag,
  type RemoveSignerImpact,
} from '../../../core/operations/index.js';
import { planAddSigner } from '../../../core/trust/add-signer.js';
import { MemoryNotary, MemoryWriter } from '../../helpers/memory-notary.js';
import { memoryTrustWriter } from '../../helpers/memory-context.js';

const GUN = 'registry.test:5000/org/app';

test('importKeyFile takes every private key block of a file (path headers dropped, public keys skipped)', async () => {
  const a = generateEcdsaKey();
  const b = generateEcdsaKey();
  const text = [
    encryptPrivateKey(a, 'repo-passphrase', { role: 'alice' }).replace('role: alice', 'path: old/path\nrole: alice'),
    '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n',
    encryptPrivateKey(b, 'repo-passphrase', { role: 'bob' }),
  ].join('');
  const me = new MemoryWriter(new MemoryNotary(GUN));
  const seen: string[] = [];
  const infos = await importKeyFile(me.keys, text, 'keys.pem', { onImported: (i) => seen.push(i.id) });
  assert.deepEqual(
    infos.map((i) => i.role),
    ['alice', 'bob'],
  );
  assert.deepEqual(seen, [a.canonicalId, b.canonicalId]);
  const stored = await me.store.get(a.canonicalId);
  assert.ok(stored && !/path:/.test(stored.pem), 'the export-only path header is not stored');
});

test('importKeyFile of a file without a private key: BAD_INPUT naming the file, with what was expected', async () => {
  const me = new MemoryWriter(new MemoryNotary(GUN));
  await assert.rejects(
    importKeyFile(me.keys, 'hello\n', '/tmp/notes.txt'),
    (e) =>
      isSignetError(e, 'BAD_INPUT') &&
      /\/tmp\/notes\.txt holds no supported private key/.test(e.message) &&
      /PEM/.test(e.hint ?? ''),
  );
  assert.deepEqual(await me.keys.listKeys(), []);
});

test('exportKey is notary key export: the stored encrypted PEM with a path header, importable again', async () => {
  const me = new MemoryWriter(new MemoryNotary(GUN));
  const { key } = await me.keys.generateKey('alice');
  const out = await exportKey(me.keys, key.canonicalId);
  assert.equal(out.encrypted, true);
  const [block] = decodePemBlocks(out.pem);
  assert.equal(block!.headers['path'], key.canonicalId);
  assert.equal(block!.headers['role'], 'alice');
  assert.equal(decryptPrivateKey(out.pem, 'repo-passphrase').key.canonicalId, key.canonicalId);
  const other = new MemoryWriter(new MemoryNotary(GUN));
  const [info] = await importKeyFile(other.keys, out.pem, 'alice.key');
  assert.equal(info!.id, key.canonicalId);
});

test('the remove-signer preview is the impact removeSigner acts on (orphaned tags, keys, releases removed)', async () => {
  const notary = new MemoryNotary(GUN);
  const admin = new MemoryWriter(notary);
  await admin.init();
  const alice = new MemoryWriter(notary);
  const aliceKey = (await alice.keys.generateKey('alice')).key;
  await admin.stage(planAddSigner('alice', [aliceKey.publicKey]));
  await admin.publish();
  await signTag(memoryTrustWriter(alice), `${GUN}:v1`);

  const adminWriter = memoryTrustWriter(admin);
  const preview = await removeSignerImpact(adminWriter, 'alice', GUN);
  assert.deepEqual(preview, {
    gun: GUN,
    signer: 'alice',
    orphanedTags: ['v1'],
    removedKeys: [aliceKey.canonicalId],
    releasesRemoved: true,
  });
  let asked: RemoveSignerImpact | undefined;
  const [outcome] = await removeSigner(adminWriter, 'alice', [GUN], {
    confirm: async (impact) => {
      asked = impact;
      return true;
    },
  });
  assert.deepEqual(asked, preview);
  assert.equal(outcome!.result!.removed, true);
  await assert.rejects(
    removeSignerImpact(adminWriter, 'alice', GUN),
    (e) => isSignetError(e, 'BAD_INPUT') && /no signer alice/.test(e.message),
  );
});
