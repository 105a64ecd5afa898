/** CryptoProvider on node:crypto (OpenSSL); gives the same answers as core/crypto/noble-provider.ts. */
import { type KeyObject, constants, createHash, createPublicKey, verify } from 'node:crypto';
import type { CryptoProvider, VerifyRequest } from '../crypto/provider.js';

// SubjectPublicKeyInfo prefix for a raw 32-byte Ed25519 key (RFC 8410).
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

// Parsed public keys, by their DER: a history verifies hundreds of files with the same few keys.
const keyObjects = new Map<string, KeyObject>();
const KEY_CACHE_SIZE = 256;

function spkiKey(der: Uint8Array): KeyObject {
  const id = Buffer.from(der).toString('base64');
  let key = keyObjects.get(id);
  if (key === undefined) {
    key = createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' });
    if (keyObjects.size >= KEY_CACHE_SIZE) keyObjects.delete(keyObjects.keys().next().value!);
    keyObjects.set(id, key);
  }
  return key;
}

function verifyEcdsa(spki: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  const key = spkiKey(spki);
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error('ecdsa: only P-256 keys are supported');
  }
  if (signature.length !== 64) return false;
  return verify('sha256', message, { key, dsaEncoding: 'ieee-p1363' }, signature);
}

function verifyEd25519(raw: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (raw.length !== 32) throw new Error(`eddsa: public key must be 32 bytes, got ${raw.length}`);
  if (signature.length !== 64) return false;
  return verify(null, message, spkiKey(Buffer.concat([ED25519_SPKI_PREFIX, raw])), signature);
}

function verifyPss(spki: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  const key = spkiKey(spki);
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (key.asymmetricKeyType !== 'rsa') throw new Error('rsapss: not an RSA public key');
  if (bits < 2048) throw new Error(`rsapss: RSA key of ${bits} bits is too small (minimum 2048)`);
  if (signature.length !== Math.ceil(bits / 8)) return false;
  const opts = { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
  return verify('sha256', message, opts, signature);
}

/** CryptoProvider backed by node:crypto; throws for unsupported methods or unusable keys. */
export const nodeCrypto: CryptoProvider = {
  sha256: (data) => new Uint8Array(createHash('sha256').update(data).digest()),
  sha512: (data) => new Uint8Array(createHash('sha512').update(data).digest()),
  verify(req: VerifyRequest): boolean {
    const { method, keyType, publicKey, message, signature } = req;
    if (method === 'ecdsa' && keyType === 'ecdsa') return verifyEcdsa(publicKey, message, signature);
    if (method === 'eddsa' && keyType === 'ed25519') return verifyEd25519(publicKey, message, signature);
    if (method === 'rsapss' && keyType === 'rsa') return verifyPss(publicKey, message, signature);
    if (method === 'rsa-pkcs1v15' && keyType === 'rsa')
      return verify('sha256', message, { key: spkiKey(publicKey), padding: constants.RSA_PKCS1_PADDING }, signature);
    throw new Error(`unsupported signature method "${method}" for ${keyType} key`);
  },
};
