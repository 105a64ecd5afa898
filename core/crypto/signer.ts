import type { PublicKeyJSON, SignatureJSON } from './key-types.js';

/**
 * Something that signs metadata with one key (sigstore-js Signer; notary CryptoService). Core never
 * sees where the key lives or its passphrase: the key store hands out signers.
 */
export interface Signer {
  /** The key ID as listed in the metadata being signed (for a root key: its certificate key ID). */
  readonly keyId: string;
  /** The key as listed in the metadata (`ecdsa-x509` for root keys). */
  readonly publicKey: PublicKeyJSON;
  /** Signs the canonical bytes; returns `{keyid, method, sig}` ready for the envelope. */
  sign(message: Uint8Array): Promise<SignatureJSON>;
}
