/**
 * A signer's public keys from files (signet signer add --key, the app's Add signer): one core rule
 * over bytes for both shells: PEM public keys and certificates valid now, private keys refused,
 * every refusal naming the file, a key given twice listed once; held and new keys from the key stores.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateEcdsaKey } from '../../../core/crypto/ecdsa.js';
import { encryptPrivateKey, publicKeyPem } from '../../../core/crypto/key-file.js';
import { isSignetError } from '../../../core/errors.js';
import { heldSignerKeys, signerPublicKeys, type PublicKeyFile } from '../../../core/operations/signer-keys.js';
import { MemoryNotary, MemoryWriter } from '../../helpers/memory-notary.js';

const NOW = new Date('2027-01-01T00:00:00Z');
const file = (name: string, text: string): PublicKeyFile => ({ name, bytes: new TextEncoder().encode(text) });
const refused = (pattern: RegExp) => (e: unknown) =>
  isSignetError(e, 'BAD_INPUT') && pattern.test(e.message) ? true : assert.fail(String(e));

test('public keys and certificates are read in file order; the same key twice is listed once', () => {
  const alice = generateEcdsaKey();
  const bob = generateEcdsaKey();
  const golden = join(import.meta.dirname, '../../fixtures/golden/c-new-repo/metadata/root.json');
  const root = JSON.parse(readFileSync(golden, 'utf8')).signed;
  const cert = Buffer.from(root.keys[root.roles.root.keyids[0]].keyval.public, 'base64').toString();
  const keys = signerPublicKeys(
    [
      file('alice.pub', publicKeyPem(alice.publicKey, 'alice')),
      file('bob.pub', publicKeyPem(bob.publicKey, 'bob')),
      file('again/alice.pub', publicKeyPem(alice.publicKey)),
      file('root.crt', cert),
    ],
    NOW,
  );
  assert.deepEqual(
    keys.map((k) => k.keytype),
    ['ecdsa', 'ecdsa', 'ecdsa-x509'],
  );
  assert.deepEqual(keys.slice(0, 2), [alice.publicKey, bob.publicKey]);
  // a certificate is judged at the clock given: the same file is refused once it has expired
  assert.throws(
    () => signerPublicKeys([file('root.crt', cert)], new Date('2040-01-01T00:00:00Z')),
    refused(/^could not parse public key from file: root\.crt: /),
  );
});

test('a private key is refused outright, naming the file and what to choose instead', () => {
  const pem = encryptPrivateKey(generateEcdsaKey(), 'a passphrase', { role: 'alice' });
  assert.throws(
    () => signerPublicKeys([file('good.pub', publicKeyPem(generateEcdsaKey().publicKey)), file('alice.key', pem)], NOW),
    (e: unknown) => {
      assert.ok(isSignetError(e, 'BAD_INPUT'));
      assert.equal(e.message, 'alice.key holds a private key, not a public key');
      assert.match(e.hint ?? '', /public key \(\.pub \/ \.crt\) file/);
      assert.ok(!e.message.includes('BEGIN'), 'the key itself is never echoed');
      return true;
    },
  );
});

test('what is not a supported public key is refused naming the file (text, binary, ed25519)', () => {
  assert.throws(
    () => signerPublicKeys([file('notes.txt', 'hello')], NOW),
    refused(/^could not parse .*: notes\.txt: /),
  );
  const binary: PublicKeyFile = { name: 'key.der', bytes: new Uint8Array([0x30, 0x82, 0xff, 0xfe, 0x00]) };
  assert.throws(() => signerPublicKeys([binary], NOW), refused(/: key\.der: /));
  const ed = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
  assert.throws(() => signerPublicKeys([file('ed.pub', ed)], NOW), refused(/: ed\.pub: unsupported public key type/));
});

test('held keys are unlocked and a new key is named after the signer; a bad signer name creates nothing', async () => {
  const me = new MemoryWriter(new MemoryNotary('registry.test:5000/org/app'));
  const { key: held } = await me.keys.generateKey('alice');
  const got = await heldSignerKeys(me.keys, 'alice', { keyIds: [held.canonicalId], newKey: true });
  assert.equal(got.keys.length, 2);
  assert.deepEqual(got.keys[0], held.publicKey);
  const listed = await me.keys.listKeys();
  assert.deepEqual(listed.find((k) => k.id === got.newKeyId)?.role, 'alice');
  await assert.rejects(heldSignerKeys(me.keys, 'releases', { newKey: true }), (e: unknown) => isSignetError(e));
  assert.equal((await me.keys.listKeys()).length, listed.length, 'no key was made for a refused name');
});
