/**
 * Key material and signing for the key types Signet can sign with: ECDSA P-256 (everything notary
 * and docker generate) and Ed25519 (importable; notary's local snapshot/timestamp keys). The
 * primitives come from the key-crypto provider (key-crypto.ts: @noble by default, so this runs in
 * core without Node; node:crypto in the Node shells). RSA keys can be read (key-file.ts) but not
 * used to sign.
 */
import { SignetError } from '../errors.js';
import type { PublicKeyJSON, SigMethod } from './key-types.js';
import { toBase64 } from '../util/bytes.js';
import { derBitString, derOid, derSequence } from '../util/der-writer.js';
import { keyCrypto, keyIdCrypto } from './key-crypto.js';
import { keyId } from './key-id.js';
import './noble-key-crypto.js'; // the default provider, unless a platform one is registered
import type { PrivateKey } from './private-key.js';
import { OID } from './x509.js';

/**
 * SubjectPublicKeyInfo DER for a P-256 point, as Go's x509.MarshalPKIXPublicKey writes it:
 * algorithm [ecPublicKey, prime256v1], uncompressed 65-byte point (91 bytes in all). Key IDs hash
 * the base64 of exactly these bytes, so the form matters. `point` must be the uncompressed form
 * (what the key-crypto provider returns); the point itself is not re-validated here.
 */
export function ecdsaSpki(point: Uint8Array): Uint8Array {
  if (point.length !== 65 || point[0] !== 0x04) throw new SignetError('BAD_INPUT', 'not an uncompressed P-256 point');
  return derSequence(derSequence(derOid(OID.ecPublicKey), derOid(OID.p256)), derBitString(point));
}

/** The bare `ecdsa` TUF key (b64 SPKI) of an uncompressed P-256 point (a token's CKA_EC_POINT). */
export const ecdsaPublicKey = (point: Uint8Array): PublicKeyJSON => ({
  keytype: 'ecdsa',
  keyval: { private: null, public: toBase64(ecdsaSpki(point)) },
});

/** The public point of a scalar; BAD_INPUT when it is not a valid P-256 private key. */
function publicPoint(secret: Uint8Array): Uint8Array {
  if (secret.length !== 32) throw new SignetError('BAD_INPUT', 'not a valid P-256 private key');
  try {
    return keyCrypto().p256PublicFromSecret(secret);
  } catch (e) {
    throw new SignetError('BAD_INPUT', 'not a valid P-256 private key', { cause: e });
  }
}

/** The `ecdsa` TUF public key (b64 SPKI) for a 32-byte P-256 secret scalar. Throws for an invalid scalar. */
export function ecdsaPublicKeyFromSecret(secret: Uint8Array): PublicKeyJSON {
  return ecdsaPublicKey(publicPoint(secret));
}

function ecdsaKey(secret: Uint8Array, point: Uint8Array): PrivateKey {
  const publicKey = ecdsaPublicKey(point);
  return { algorithm: 'ecdsa', secret: secret.slice(), publicKey, canonicalId: keyId(publicKey, keyIdCrypto) };
}

/** Wraps a P-256 scalar as a PrivateKey; the canonical ID is the key ID of its bare `ecdsa` key. */
export function ecdsaPrivateKey(secret: Uint8Array): PrivateKey {
  return ecdsaKey(secret, publicPoint(secret));
}

/** A fresh random P-256 key, the only kind notary and `docker trust key generate` create. */
export function generateEcdsaKey(): PrivateKey {
  const { secret, publicPoint: point } = keyCrypto().p256Generate();
  return ecdsaKey(secret, point);
}

/** Wraps a 32-byte Ed25519 seed as a PrivateKey (`ed25519` TUF key: b64 of the raw 32-byte public key). */
export function ed25519PrivateKey(seed: Uint8Array): PrivateKey {
  if (seed.length !== 32) throw new SignetError('BAD_INPUT', `ed25519 seed must be 32 bytes, got ${seed.length}`);
  const pub = keyCrypto().ed25519PublicFromSeed(seed);
  const publicKey: PublicKeyJSON = { keytype: 'ed25519', keyval: { private: null, public: toBase64(pub) } };
  return { algorithm: 'ed25519', secret: seed.slice(), publicKey, canonicalId: keyId(publicKey, keyIdCrypto) };
}

/**
 * ECDSA P-256 over SHA-256(message): raw r‖s, 64 bytes, which is what notary's `ecdsa` method
 * carries (not DER; protocol §2.3). noble signs deterministically (RFC 6979) with low S, OpenSSL
 * with a random k and any S; Go accepts any S, so either is fine.
 */
export function signEcdsa(key: PrivateKey, message: Uint8Array): Uint8Array {
  if (key.algorithm !== 'ecdsa')
    throw new SignetError('KEY_UNSUPPORTED', `cannot sign ecdsa with a ${key.algorithm} key`);
  return keyCrypto().p256Sign(key.secret, message);
}

/** Ed25519 over the raw message (notary method `eddsa`), 64 bytes. */
export function signEd25519(key: PrivateKey, message: Uint8Array): Uint8Array {
  if (key.algorithm !== 'ed25519')
    throw new SignetError('KEY_UNSUPPORTED', `cannot sign eddsa with a ${key.algorithm} key`);
  return keyCrypto().ed25519Sign(key.secret, message);
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
