/** A Signer over a decrypted in-memory key (notary's local CryptoService) or a key on a token. */
import type { PublicKeyJSON, SignatureJSON } from './key-types.js';
import { toBase64 } from '../util/bytes.js';
import { signatureMethod } from './ecdsa.js';
import { signWithHeldKey, type HeldKey } from './held-key.js';
import type { PrivateKey } from './private-key.js';
import type { Signer } from './signer.js';

/**
 * Signs with `key` (method `ecdsa` for P-256, `eddsa` for Ed25519; RSA throws KEY_UNSUPPORTED on
 * the first sign). `listedAs` is how the metadata lists the key: for a root key that is its
 * `ecdsa-x509` certificate key and the certificate key ID, which differ from the canonical ID that
 * names the key file (protocol §3.2). Without it the bare key and canonical ID are used, which is
 * right for targets, snapshot and delegation keys.
 */
export function localSigner(key: HeldKey, listedAs?: { keyId: string; publicKey: PublicKeyJSON }): Signer {
  const keyId = listedAs?.keyId ?? key.canonicalId;
  const publicKey = listedAs?.publicKey ?? key.publicKey;
  return {
    keyId,
    publicKey,
    async sign(message: Uint8Array): Promise<SignatureJSON> {
      const { method, signature } = await signWithHeldKey(key, message);
      return { keyid: keyId, method, sig: toBase64(signature) };
    },
  };
}

/** True when {@link localSigner} can sign with this key (ECDSA or Ed25519). */
export function canSignLocally(key: PrivateKey): boolean {
  try {
    signatureMethod(key);
    return true;
  } catch {
    return false;
  }
}
