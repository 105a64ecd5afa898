import type { PublicKeyJSON } from './key-types.js';

/**
 * A decrypted private key, held only in memory for as long as an operation needs it.
 * Never logged, never serialised except encrypted (key-file.ts), never sent over IPC.
 */
export interface PrivateKey {
  algorithm: 'ecdsa' | 'ed25519' | 'rsa';
  /** ecdsa: 32-byte scalar; ed25519: 32-byte seed; rsa: PKCS#1 RSAPrivateKey DER. */
  secret: Uint8Array;
  /** The bare public key as TUF lists it (`ecdsa` SPKI / `ed25519` raw / `rsa` SPKI). */
  publicKey: PublicKeyJSON;
  /** Canonical key ID (= TUF ID of the bare key): names the key file, shown in prompts. */
  canonicalId: string;
}
