/**
 * Key material and signing for the key types Signet can sign with: ECDSA P-256 (everything notary
 * and docker generate) and Ed25519 (importable; notary's local snapshot/timestamp keys). Pure
 * @noble so it runs in core without Node. RSA keys can be read (key-file.ts) but not used to sign.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import { SignetError } from '../errors.js';
import type { PublicKeyJSON, SigMethod } from '../tuf/types.js';
import { toBase64 } from '../util/bytes.js';
import { derBitString, derOid, derSequence } from '../util/der-writer.js';
import { keyId } from './key-id.js';
import { nobleCrypto } from './noble-provider.js';
import type { PrivateKey } from './private-key.js';
import { OID } from './x509.js';

/**
 * SubjectPublicKeyInfo DER for a P-256 point, as Go's x509.MarshalPKIXPublicKey writes it:
 * algorithm [ecPublicKey, prime256v1], uncompressed 65-byte point (91 bytes in all). Key IDs hash
 * the base64 of exactly these bytes, so the form matters.
 */
export function ecdsaSpki(point: Uint8Array): Uint8Array {
  const uncompressed = p256.Point.fromBytes(point).toBytes(false);
  return derSequence(derSequence(derOid(OID.ecPublicKey), derOid(OID.p256)), derBitString(uncompressed));
}

/** The `ecdsa` TUF public key (b64 SPKI) for a 32-byte P-256 secret scalar. Throws for an invalid scalar. */
export function ecdsaPublicKeyFromSecret(secret: Uint8Array): PublicKeyJSON {
  const point = p256.getPublicKey(secret, false);
  return { keytype: 'ecdsa', keyval: { private: null, public: toBase64(ecdsaSpki(point)) } };
}

/** Wraps a P-256 scalar as a PrivateKey; the canonical ID is the key ID of its bare `ecdsa` key. */
export function ecdsaPrivateKey(secret: Uint8Array): PrivateKey {
  if (secret.length !== 32 || !p256.utils.isValidSecretKey(secret)) {
    throw new SignetError('BAD_INPUT', 'not a valid P-256 private key');
  }
  const publicKey = ecdsaPublicKeyFromSecret(secret);
  return { algorithm: 'ecdsa', secret: secret.slice(), publicKey, canonicalId: keyId(publicKey, nobleCrypto) };
}

/** A fresh random P-256 key, the only kind notary and `docker trust key generate` create. */
export function generateEcdsaKey(): PrivateKey {
  return ecdsaPrivateKey(p256.utils.randomSecretKey());
}

/** Wraps a 32-byte Ed25519 seed as a PrivateKey (`ed25519` TUF key: b64 of the raw 32-byte public key). */
export function ed25519PrivateKey(seed: Uint8Array): PrivateKey {
  if (seed.length !== 32) throw new SignetError('BAD_INPUT', `ed25519 seed must be 32 bytes, got ${seed.length}`);
  const publicKey: PublicKeyJSON = { keytype: 'ed25519', keyval: { private: null, public: toBase64(ed25519.getPublicKey(seed)) } };
  return { algorithm: 'ed25519', secret: seed.slice(), publicKey, canonicalId: keyId(publicKey, nobleCrypto) };
}

/**
 * ECDSA P-256 over SHA-256(message): raw r‖s, 64 bytes, which is what notary's `ecdsa` method
 * carries (not DER; protocol §2.3). noble signs deterministically (RFC 6979) with low S; Go accepts
 * any S, so that is fine.
 */
export function signEcdsa(key: PrivateKey, message: Uint8Array): Uint8Array {
  if (key.algorithm !== 'ecdsa') throw new SignetError('KEY_UNSUPPORTED', `cannot sign ecdsa with a ${key.algorithm} key`);
  return p256.sign(message, key.secret, { prehash: true, format: 'compact' });
}

/** Ed25519 over the raw message (notary method `eddsa`), 64 bytes. */
export function signEd25519(key: PrivateKey, message: Uint8Array): Uint8Array {
  if (key.algorithm !== 'ed25519') throw new SignetError('KEY_UNSUPPORTED', `cannot sign eddsa with a ${key.algorithm} key`);
  return ed25519.sign(message, key.secret);
}

/** The TUF signature method a key signs with: `ecdsa` or `eddsa`. Throws KEY_UNSUPPORTED for RSA. */
export function signatureMethod(key: PrivateKey): SigMethod {
  if (key.algorithm === 'ecdsa') return 'ecdsa';
  if (key.algorithm === 'ed25519') return 'eddsa';
  // RSASSA-PSS signing is not implemented: notary/docker never generate RSA keys.
  throw new SignetError('KEY_UNSUPPORTED', 'signing with RSA keys is not supported', {
    hint: 'Use an ECDSA P-256 key (docker trust key generate / notary key generate make them).',
  });
}

/** Signs `message` with whatever kind of key this is; returns the notary method name and raw signature. */
export function signWithKey(key: PrivateKey, message: Uint8Array): { method: SigMethod; signature: Uint8Array } {
  const method = signatureMethod(key);
  return { method, signature: method === 'ecdsa' ? signEcdsa(key, message) : signEd25519(key, message) };
}
