/** TUF key IDs (notary tuf/data/keys.go `TUFKey.ID`, tuf/utils/x509.go `CanonicalKeyID`; protocol §3.2). */
import { canonicalBytes } from './canonical-json.js';
import type { PublicKeyJSON } from './key-types.js';
import { toBase64, toHex } from '../util/bytes.js';
import type { CryptoProvider } from './provider.js';
import { certsFromKey, isX509KeyType } from './x509.js';

/** Hex sha256 of canonical `{"keytype":T,"keyval":{"private":null,"public":P}}`: the ID metadata lists a key under. */
export function keyId(key: PublicKeyJSON, crypto: CryptoProvider): string {
  const body = { keytype: key.keytype, keyval: { private: null, public: key.keyval.public } };
  return toHex(crypto.sha256(canonicalBytes(body)));
}

/**
 * The bare key an x509 key stands for: `ecdsa-x509` → `ecdsa`, `rsa-x509` → `rsa`, with `public` set
 * to the leaf certificate's SubjectPublicKeyInfo. Other keys are returned unchanged.
 */
export function bareKey(key: PublicKeyJSON): PublicKeyJSON {
  if (!isX509KeyType(key.keytype)) return key;
  const leaf = certsFromKey(key)[0]!;
  const keytype = key.keytype === 'ecdsa-x509' ? 'ecdsa' : 'rsa';
  return { keytype, keyval: { private: null, public: toBase64(leaf.spki) } };
}

/**
 * The canonical key ID: for x509 key types the ID of the equivalent bare key (which names the
 * private key file), otherwise {@link keyId}. Root cert IDs and canonical IDs differ (protocol §3.2).
 */
export function canonicalKeyId(key: PublicKeyJSON, crypto: CryptoProvider): string {
  return keyId(bareKey(key), crypto);
}
