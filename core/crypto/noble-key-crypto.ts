/**
 * The default, portable KeyCryptoProvider on @noble/ciphers, @noble/curves and @noble/hashes.
 *
 * Every module that uses keyCrypto() imports this one (for its side effect): when it is evaluated
 * and no platform provider has been registered yet (core/crypto/key-crypto.ts `useKeyCrypto`),
 * it loads the noble modules (top-level await) and installs them as the default. When a platform
 * provider was registered first (the Node CLI), the noble modules are never loaded: their
 * import-time work (AES tables, curve set-up) is not paid.
 *
 * `nobleKeyCrypto` can be used explicitly (tests) after `await loadNobleKeyCrypto()`.
 */
import type * as AesModule from '@noble/ciphers/aes.js';
import type * as Ed25519Module from '@noble/curves/ed25519.js';
import type * as NistModule from '@noble/curves/nist.js';
import type * as LegacyModule from '@noble/hashes/legacy.js';
import type * as Pbkdf2Module from '@noble/hashes/pbkdf2.js';
import type * as Sha2Module from '@noble/hashes/sha2.js';
import { keyCryptoRegistered, setDefaultKeyCrypto, type KeyCryptoProvider } from './key-crypto.js';

interface Noble {
  cbc: typeof AesModule.cbc;
  pbkdf2: typeof Pbkdf2Module.pbkdf2;
  sha1: typeof LegacyModule.sha1;
  sha256: typeof Sha2Module.sha256;
  p256: typeof NistModule.p256;
  ed25519: typeof Ed25519Module.ed25519;
}

let noble: Noble | undefined;

function lib(): Noble {
  if (!noble) throw new Error('the noble key crypto provider is not loaded (await loadNobleKeyCrypto() first)');
  return noble;
}

/** The noble provider, usable synchronously from then on. */
export const nobleKeyCrypto: KeyCryptoProvider = {
  name: 'noble',
  pbkdf2(hash, password, salt, iterations, length) {
    const n = lib();
    return n.pbkdf2(hash === 'sha1' ? n.sha1 : n.sha256, password, salt, { c: iterations, dkLen: length });
  },
  aesCbcEncrypt: (key, iv, data) => lib().cbc(key, iv).encrypt(data),
  aesCbcDecrypt: (key, iv, data) => lib().cbc(key, iv).decrypt(data),
  p256Generate() {
    const { p256 } = lib();
    const secret = p256.utils.randomSecretKey();
    return { secret, publicPoint: p256.getPublicKey(secret, false) };
  },
  p256PublicFromSecret(secret) {
    const { p256 } = lib();
    if (secret.length !== 32 || !p256.utils.isValidSecretKey(secret)) throw new Error('not a valid P-256 private key');
    return p256.getPublicKey(secret, false);
  },
  // RFC 6979 deterministic k, low S; Go and OpenSSL accept any S.
  p256Sign: (secret, message) => lib().p256.sign(message, secret, { prehash: true, format: 'compact' }),
  ed25519PublicFromSeed: (seed) => lib().ed25519.getPublicKey(seed),
  ed25519Sign: (seed, message) => lib().ed25519.sign(message, seed),
  sha256: (data) => lib().sha256(data),
};

/** Loads the noble modules (once) and returns {@link nobleKeyCrypto}. */
export async function loadNobleKeyCrypto(): Promise<KeyCryptoProvider> {
  if (!noble) {
    const [aes, pbkdf2, legacy, sha2, nist, ed] = await Promise.all([
      import('@noble/ciphers/aes.js'),
      import('@noble/hashes/pbkdf2.js'),
      import('@noble/hashes/legacy.js'),
      import('@noble/hashes/sha2.js'),
      import('@noble/curves/nist.js'),
      import('@noble/curves/ed25519.js'),
    ]);
    noble = {
      cbc: aes.cbc,
      pbkdf2: pbkdf2.pbkdf2,
      sha1: legacy.sha1,
      sha256: sha2.sha256,
      p256: nist.p256,
      ed25519: ed.ed25519,
    };
  }
  return nobleKeyCrypto;
}

// The default, unless a platform provider is already in place.
if (!keyCryptoRegistered()) setDefaultKeyCrypto(await loadNobleKeyCrypto());
