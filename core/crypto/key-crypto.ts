/**
 * The private-key cryptography core needs: key files (PBKDF2 + AES-CBC), P-256 key generation,
 * public-key derivation and signing, and Ed25519 for imported keys. Behind one interface so that
 * a platform can supply native code while core stays portable (no Node types, no WebCrypto):
 *
 *  - default: @noble (core/crypto/noble-key-crypto.ts), what core always used. It is loaded by
 *    that module when it is evaluated *and no provider is registered yet*, so a platform that
 *    registers first never loads @noble/ciphers or @noble/curves (whose modules build tables and
 *    curves at import: ~10 ms for AES, ~20 ms for nist + ed25519 in the bundled CLI) and never
 *    pays noble's first-use P-256 precomputation (~20 ms);
 *  - Node: core/node/node-key-crypto.ts (node:crypto / OpenSSL). The Node shells call
 *    `useKeyCrypto(nodeKeyCrypto)` once at start-up, before any command or handler loads the
 *    key-handling modules: cli/main.ts (in `main()`, before the command module is imported) and
 *    electron/main/compose.ts (`composeMain`).
 *
 * Providers must give interchangeable results: a key file written by one decrypts with the other,
 * a signature made by one verifies with either CryptoProvider (test/unit/crypto/key-crypto.test.ts).
 * P-256 signatures need not be identical (noble signs deterministically, OpenSSL with a random k).
 */
import type { CryptoProvider } from './provider.js';

export type Pbkdf2Hash = 'sha1' | 'sha256';

export interface KeyCryptoProvider {
  /** For diagnostics and tests: 'noble', 'node', ... */
  readonly name: string;
  /** PBKDF2 with HMAC-`hash` (RFC 8018 §5.2), `length` bytes. */
  pbkdf2(hash: Pbkdf2Hash, password: Uint8Array, salt: Uint8Array, iterations: number, length: number): Uint8Array;
  /** AES-CBC (128/192/256 by key length) with PKCS#7 padding; `iv` is 16 bytes. */
  aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array;
  /** Inverse of aesCbcEncrypt; throws (any Error) when the padding is not valid PKCS#7. */
  aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array;
  /** A fresh random P-256 key: 32-byte big-endian scalar and its 65-byte uncompressed point. */
  p256Generate(): { secret: Uint8Array; publicPoint: Uint8Array };
  /** The 65-byte uncompressed point of a 32-byte scalar; throws for 0 or a scalar ≥ the group order. */
  p256PublicFromSecret(secret: Uint8Array): Uint8Array;
  /** ECDSA P-256 over SHA-256(message): raw r‖s, 64 bytes (notary's `ecdsa` signature method). */
  p256Sign(secret: Uint8Array, message: Uint8Array): Uint8Array;
  /** The raw 32-byte Ed25519 public key of a 32-byte seed. */
  ed25519PublicFromSeed(seed: Uint8Array): Uint8Array;
  /** Ed25519 (RFC 8032, pure) over the raw message, 64 bytes. */
  ed25519Sign(seed: Uint8Array, message: Uint8Array): Uint8Array;
  /** SHA-256, for key IDs of the keys made here. */
  sha256(data: Uint8Array): Uint8Array;
}

let registered: KeyCryptoProvider | undefined;
let fallback: KeyCryptoProvider | undefined;

/**
 * Makes `provider` the key-crypto implementation for the whole process (Node shells: once, at
 * start-up). Registering before the key-handling modules are evaluated also keeps the default
 * (noble) provider from being loaded at all.
 */
export function useKeyCrypto(provider: KeyCryptoProvider): void {
  registered = provider;
}

/** The active provider: the registered one, else the default (noble). */
export function keyCrypto(): KeyCryptoProvider {
  const provider = registered ?? fallback;
  if (!provider) {
    // Only reachable when core/crypto/noble-key-crypto.ts was never imported, which every module
    // that uses keyCrypto() does.
    throw new Error('no key crypto provider: call useKeyCrypto() or import core/crypto/noble-key-crypto.js');
  }
  return provider;
}

/** True when a platform provider was registered with {@link useKeyCrypto}. */
export function keyCryptoRegistered(): boolean {
  return registered !== undefined;
}

/** For core/crypto/noble-key-crypto.ts only: installs the default used when nothing is registered. */
export function setDefaultKeyCrypto(provider: KeyCryptoProvider): void {
  fallback = provider;
}

const hashOnly = (what: string) => (): never => {
  throw new Error(`keyIdCrypto: ${what} is not available here`);
};

/**
 * A CryptoProvider view for `keyId()` of keys made or read here: its sha256 is the key-crypto
 * provider's, so key handling does not load a verification provider. It hashes only.
 */
export const keyIdCrypto: CryptoProvider = {
  sha256: (data) => keyCrypto().sha256(data),
  sha512: hashOnly('sha512'),
  verify: hashOnly('verify'),
};
