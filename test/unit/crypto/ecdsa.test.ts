/**
 * Signing: signatures made here must verify with both providers (noble and node:crypto/OpenSSL)
 * against the keys as the golden metadata lists them.
 */
import { strict as assert } from 'node:assert';
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  ecdsaPrivateKey,
  ecdsaPublicKeyFromSecret,
  ed25519PrivateKey,
  generateEcdsaKey,
  signEcdsa,
  signEd25519,
  signWithKey,
} from '../../../core/crypto/ecdsa.js';
import { decryptPrivateKey } from '../../../core/crypto/key-file.js';
import { bareKey, keyId } from '../../../core/crypto/key-id.js';
import { canSignLocally, localSigner } from '../../../core/crypto/local-signer.js';
import { nobleCrypto } from '../../../core/crypto/noble-provider.js';
import type { CryptoProvider } from '../../../core/crypto/provider.js';
import { createRootCertificate } from '../../../core/crypto/root-cert.js';
import { isSignetError } from '../../../core/errors.js';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { canonicalBytes } from '../../../core/crypto/canonical-json.js';
import type { PublicKeyJSON } from '../../../core/tuf/types.js';
import { fromBase64, utf8 } from '../../../core/util/bytes.js';

const GOLDEN = join(import.meta.dirname, '../../fixtures/golden');
const PROVIDERS: [string, CryptoProvider][] = [
  ['noble', nobleCrypto],
  ['node', nodeCrypto],
];

function verifies(
  key: PublicKeyJSON,
  method: string,
  message: Uint8Array,
  sig: Uint8Array,
  crypto: CryptoProvider,
): boolean {
  const bare = bareKey(key);
  const keyType = bare.keytype as 'ecdsa' | 'ed25519';
  return crypto.verify({ method, keyType, publicKey: fromBase64(bare.keyval.public), message, signature: sig });
}

describe('ECDSA P-256', () => {
  it('generates keys whose SPKI node:crypto reads, with canonicalId = key ID', () => {
    const key = generateEcdsaKey();
    const spki = fromBase64(key.publicKey.keyval.public);
    assert.equal(spki.length, 91);
    assert.equal(key.canonicalId, keyId(key.publicKey, nobleCrypto));
    const nodeKey = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    assert.equal(nodeKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    assert.notEqual(generateEcdsaKey().canonicalId, key.canonicalId);
  });

  it('derives the same public key as node:crypto from a secret', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const d = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
    const expected = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    assert.equal(ecdsaPublicKeyFromSecret(d).keyval.public, expected);
    assert.equal(ecdsaPrivateKey(d).publicKey.keyval.public, expected);
    assert.throws(
      () => ecdsaPrivateKey(new Uint8Array(32)),
      (e: unknown) => isSignetError(e, 'BAD_INPUT'),
    );
  });

  it('signs raw r‖s over SHA-256 that both providers verify; tampering fails', () => {
    const key = generateEcdsaKey();
    const msg = utf8('{"signed":"canonical bytes"}');
    const sig = signEcdsa(key, msg);
    assert.equal(sig.length, 64);
    for (const [name, crypto] of PROVIDERS) {
      assert.ok(verifies(key.publicKey, 'ecdsa', msg, sig, crypto), name);
      assert.ok(!verifies(key.publicKey, 'ecdsa', utf8('{"signed":"canonical bytez"}'), sig, crypto), name);
    }
  });

  it('verifies a node:crypto signature over the same key (same hash and encoding)', () => {
    const key = generateEcdsaKey();
    const jwkPub = createPublicKey({
      key: Buffer.from(fromBase64(key.publicKey.keyval.public)),
      format: 'der',
      type: 'spki',
    }).export({ format: 'jwk' });
    const priv = createPrivateKey({
      key: { ...jwkPub, d: Buffer.from(key.secret).toString('base64url') },
      format: 'jwk',
    });
    const msg = utf8('hello');
    const nodeSig = nodeSign('sha256', msg, { key: priv, dsaEncoding: 'ieee-p1363' });
    assert.ok(verifies(key.publicKey, 'ecdsa', msg, nodeSig, nobleCrypto));
  });

  it('signs with a golden targets key so that root.json’s listed targets key verifies it', () => {
    const repo = 'c-new-repo';
    const root = JSON.parse(readFileSync(join(GOLDEN, repo, 'metadata/root.json'), 'utf8')).signed;
    const targetsId: string = root.roles.targets.keyids[0];
    const file = join(GOLDEN, repo, 'private/c-alice', `${targetsId}.key`);
    const { key } = decryptPrivateKey(readFileSync(file, 'utf8'), 'repo-passphrase');
    const msg = canonicalBytes({ _type: 'Targets', version: 2 });
    const sig = signEcdsa(key, msg);
    for (const [name, crypto] of PROVIDERS) assert.ok(verifies(root.keys[targetsId], 'ecdsa', msg, sig, crypto), name);
  });
});

describe('Ed25519', () => {
  it('matches node:crypto keys and signatures; method eddsa', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
    const key = ed25519PrivateKey(seed);
    assert.equal(
      key.publicKey.keyval.public,
      Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64'),
    );
    const msg = utf8('snapshot bytes');
    const sig = signEd25519(key, msg);
    assert.deepEqual(Buffer.from(sig), nodeSign(null, msg, privateKey)); // Ed25519 is deterministic
    for (const [name, crypto] of PROVIDERS) assert.ok(verifies(key.publicKey, 'eddsa', msg, sig, crypto), name);
    assert.equal(signWithKey(key, msg).method, 'eddsa');
    assert.throws(
      () => signEcdsa(key, msg),
      (e: unknown) => isSignetError(e, 'KEY_UNSUPPORTED'),
    );
  });
});

describe('localSigner', () => {
  it('lists a key under its canonical ID by default', async () => {
    const key = generateEcdsaKey();
    const signer = localSigner(key);
    assert.equal(signer.keyId, key.canonicalId);
    assert.deepEqual(signer.publicKey, key.publicKey);
    const msg = utf8('m');
    const sig = await signer.sign(msg);
    assert.equal(sig.keyid, key.canonicalId);
    assert.equal(sig.method, 'ecdsa');
    for (const [name, crypto] of PROVIDERS)
      assert.ok(verifies(key.publicKey, 'ecdsa', msg, fromBase64(sig.sig), crypto), name);
  });

  it('signs as the root certificate key when listed that way', async () => {
    const key = generateEcdsaKey();
    const cert = createRootCertificate(key, 'example.com/a', new Date());
    const signer = localSigner(key, { keyId: cert.keyId, publicKey: cert.publicKey });
    assert.equal(signer.keyId, cert.keyId);
    assert.equal(signer.publicKey.keytype, 'ecdsa-x509');
    const msg = canonicalBytes({ _type: 'Root' });
    const sig = await signer.sign(msg);
    assert.equal(sig.keyid, cert.keyId);
    for (const [name, crypto] of PROVIDERS)
      assert.ok(verifies(cert.publicKey, 'ecdsa', msg, fromBase64(sig.sig), crypto), name);
  });

  it('refuses RSA keys with KEY_UNSUPPORTED when signing', async () => {
    const rsa = { ...generateEcdsaKey(), algorithm: 'rsa' as const };
    assert.equal(canSignLocally(rsa), false);
    await assert.rejects(localSigner(rsa).sign(utf8('x')), (e: unknown) => isSignetError(e, 'KEY_UNSUPPORTED'));
  });
});
