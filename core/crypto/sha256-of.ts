/**
 * The sha256 of a byte array, once per array: metadata bytes are hashed to match their pin, to
 * remember their signature check (role-loader.ts) and to name them in the version store.
 */
import type { CryptoProvider } from './provider.js';

const digests = new WeakMap<Uint8Array, Uint8Array>();

export function sha256Of(bytes: Uint8Array, crypto: Pick<CryptoProvider, 'sha256'>): Uint8Array {
  let digest = digests.get(bytes);
  if (digest === undefined) digests.set(bytes, (digest = crypto.sha256(bytes)));
  return digest;
}
