/**
 * cosign's key files against keys made by the real cosign 2.5 (test/fixtures/cosign) and
 * node:crypto (OpenSSL) as an independent reader of the decrypted key. That the real cosign reads
 * the files Signet writes is test/integration/cosign-keys.test.ts.
 */
import { strict as assert } from 'node:assert';
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  decryptCosignKey,
  encryptCosignKey,
  goPkcs8,
  isCosignKeyType,
  SIGSTORE_KEY_PEM,
} from '../../../core/crypto/cosign-key.js';
import { generateEcdsaKey } from '../../../core/crypto/ecdsa.js';
import { encryptPrivateKey, publicKeyPem, readKeyFileHeaders } from '../../../core/crypto/key-file.js';
import { decodePem, encodePem } from '../../../core/crypto/pem.js';
import { isSignetError, type ErrorCode } from '../../../core/errors.js';
import { fromUtf8, toBase64, utf8 } from '../../../core/util/bytes.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/cosign');
const PASSWORD = 'golden-cosign-pw';
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

async function rejectsWith(p: Promise<unknown>, code: ErrorCode, text?: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isSignetError(e, code), `expected ${code}, got ${String(e)}`);
    if (text) assert.match((e as Error).message, text);
    return true;
  });
}

/** The sealed JSON inside a cosign.key, changed by `edit`, re-wrapped as a cosign.key. */
function edited(text: string, edit: (json: Record<string, any>) => void): string {
  const json = JSON.parse(fromUtf8(decodePem(text).bytes)) as Record<string, any>;
  edit(json);
  return encodePem(SIGSTORE_KEY_PEM, utf8(JSON.stringify(json)));
}

describe('cosign key files', () => {
  it('decrypts a key made by cosign generate-key-pair to the key of its cosign.pub', async () => {
    const key = await decryptCosignKey(fixture('p256.key'), PASSWORD);
    assert.equal(key.algorithm, 'ecdsa');
    assert.equal(publicKeyPem(key.publicKey), fixture('p256.pub'));
    // OpenSSL reads the decrypted key and agrees on the public key
    const der = goPkcs8(key);
    const ossl = createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
    assert.equal(createPublicKey(ossl).export({ type: 'spki', format: 'pem' }), fixture('p256.pub'));
  });

  it('writes the PKCS#8 bytes cosign (Go) writes, byte for byte', async () => {
    // re-encrypting cosign's own key with cosign's salt and nonce gives cosign's file exactly
    const golden = fixture('p256.key');
    const json = JSON.parse(fromUtf8(decodePem(golden).bytes)) as {
      kdf: { salt: string };
      cipher: { nonce: string };
    };
    const key = await decryptCosignKey(golden, PASSWORD);
    const again = await encryptCosignKey(key, PASSWORD, {
      salt: Buffer.from(json.kdf.salt, 'base64'),
      nonce: Buffer.from(json.cipher.nonce, 'base64'),
    });
    assert.equal(again.privateKey, golden);
    assert.equal(again.publicKey, fixture('p256.pub'));
  });

  it('round-trips a Signet key, fresh salt and nonce each time, in cosign 2.5 parameters', async () => {
    const key = generateEcdsaKey();
    const a = await encryptCosignKey(key, 'pass word 1');
    const b = await encryptCosignKey(key, 'pass word 1');
    assert.notEqual(a.privateKey, b.privateKey);
    const block = decodePem(a.privateKey);
    assert.equal(block.type, 'ENCRYPTED SIGSTORE PRIVATE KEY');
    assert.deepEqual(Object.keys(block.headers), []);
    const json = JSON.parse(fromUtf8(block.bytes)) as Record<string, any>;
    assert.deepEqual(Object.keys(json), ['kdf', 'cipher', 'ciphertext']);
    assert.deepEqual(json.kdf.params, { N: 65536, r: 8, p: 1 });
    assert.equal(json.kdf.name, 'scrypt');
    assert.equal(json.cipher.name, 'nacl/secretbox');
    assert.equal(Buffer.from(json.kdf.salt, 'base64').length, 32);
    assert.equal(Buffer.from(json.cipher.nonce, 'base64').length, 24);
    const back = await decryptCosignKey(a.privateKey, 'pass word 1');
    assert.equal(back.canonicalId, key.canonicalId);
    assert.deepEqual(back.secret, key.secret);
    assert.equal(a.publicKey, publicKeyPem(key.publicKey));
    // the public file verifies what the private key signs (OpenSSL on both sides)
    const priv = createPrivateKey({ key: Buffer.from(goPkcs8(back)), format: 'der', type: 'pkcs8' });
    const sig = sign('sha256', Buffer.from('payload'), priv);
    assert.ok(verify('sha256', Buffer.from('payload'), a.publicKey, sig));
  });

  it('refuses a wrong password with KEY_WRONG_PASSPHRASE', async () => {
    await rejectsWith(decryptCosignKey(fixture('p256.key'), 'golden-cosign-pW'), 'KEY_WRONG_PASSPHRASE');
    const mine = await encryptCosignKey(generateEcdsaKey(), 'right');
    await rejectsWith(decryptCosignKey(mine.privateKey, 'wrong'), 'KEY_WRONG_PASSPHRASE', /password/);
  });

  it('reads the older "ENCRYPTED COSIGN PRIVATE KEY" type too', async () => {
    const old = fixture('p256.key').replaceAll('SIGSTORE', 'COSIGN');
    assert.equal((await decryptCosignKey(old, PASSWORD)).publicKey.keyval.public.length > 0, true);
    assert.ok(isCosignKeyType('ENCRYPTED COSIGN PRIVATE KEY'));
    assert.ok(!isCosignKeyType('ENCRYPTED PRIVATE KEY'));
  });

  it('refuses key types other than ECDSA P-256, naming what to use', async () => {
    await rejectsWith(decryptCosignKey(fixture('ed25519.key'), PASSWORD), 'KEY_UNSUPPORTED', /ed25519.*P-256/);
  });

  it('refuses files that are not cosign keys, and parameters cosign would refuse', async () => {
    const golden = fixture('p256.key');
    const notary = encryptPrivateKey(generateEcdsaKey(), 'x', { role: 'alice' });
    await rejectsWith(decryptCosignKey(notary, 'x'), 'BAD_INPUT', /no ENCRYPTED SIGSTORE PRIVATE KEY/);
    await rejectsWith(decryptCosignKey(encodePem(SIGSTORE_KEY_PEM, utf8('{not json')), 'x'), 'BAD_INPUT');
    // an attacker-chosen work factor is never run (go-securesystemslib CheckParams)
    const huge = edited(golden, (j) => (j.kdf.params.N = 1 << 22));
    await rejectsWith(decryptCosignKey(huge, PASSWORD), 'KEY_UNSUPPORTED', /scrypt parameters/);
    const argon = edited(golden, (j) => (j.kdf.name = 'argon2'));
    await rejectsWith(decryptCosignKey(argon, PASSWORD), 'KEY_UNSUPPORTED', /argon2/);
    const shortNonce = edited(golden, (j) => (j.cipher.nonce = toBase64(new Uint8Array(12))));
    await rejectsWith(decryptCosignKey(shortNonce, PASSWORD), 'BAD_INPUT', /nonce/);
    const noSalt = edited(golden, (j) => delete j.kdf.salt);
    await rejectsWith(decryptCosignKey(noSalt, PASSWORD), 'BAD_INPUT', /missing/);
  });

  it('refuses to write a key that is not ECDSA P-256', async () => {
    const { ed25519PrivateKey } = await import('../../../core/crypto/ecdsa.js');
    await rejectsWith(encryptCosignKey(ed25519PrivateKey(new Uint8Array(32).fill(7)), 'pw'), 'KEY_UNSUPPORTED');
  });

  it('is seen as an encrypted key file without the password', () => {
    assert.deepEqual(readKeyFileHeaders(fixture('p256.key')), { type: SIGSTORE_KEY_PEM, encrypted: true });
  });
});
