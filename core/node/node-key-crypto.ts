/**
 * KeyCryptoProvider on node:crypto (OpenSSL): key-file PBKDF2/AES and P-256/Ed25519 keys and
 * signatures at native speed, without loading @noble/ciphers or @noble/curves. Interchangeable
 * with core/crypto/noble-key-crypto.ts (test/unit/crypto/key-crypto.test.ts). Registered by the
 * Node shells at start-up: `useKeyCrypto(nodeKeyCrypto)` (core/crypto/key-crypto.ts).
 */
import {
  type KeyObject,
  createCipheriv,
  createDecipheriv,
  createECDH,
  createHash,
  createPrivateKey,
  createPublicKey,
  pbkdf2Sync,
  sign,
} from 'node:crypto';
import type { KeyCryptoProvider } from '../crypto/key-crypto.js';

// PKCS#8 PrivateKeyInfo prefix for a bare Ed25519 seed (RFC 8410): [0, [1.3.101.112], OCTET STRING (OCTET STRING seed)].
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** A plain Uint8Array (not a Buffer that may share the pool), as the noble provider returns. */
const plain = (b: Uint8Array): Uint8Array => new Uint8Array(b);

function aesName(key: Uint8Array): string {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) throw new Error(`AES: bad key length ${key.length}`);
  return `aes-${key.length * 8}-cbc`;
}

function p256Point(secret: Uint8Array): Buffer {
  if (secret.length !== 32) throw new Error('not a valid P-256 private key');
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(secret); // throws for 0 and for scalars ≥ the group order
  return ecdh.getPublicKey();
}

/**
 * The KeyObject for a P-256 scalar, remembered per secret array (a key signs several roles in one
 * publish): importing costs ~70 µs (JWK; a PKCS#8 DER import takes ~330 µs in OpenSSL 3), signing
 * ~25 µs. The cached copy is compared on every use, so a secret changed in place is re-imported.
 */
const p256Keys = new WeakMap<Uint8Array, { copy: Uint8Array; key: KeyObject }>();

function p256Key(secret: Uint8Array): KeyObject {
  const hit = p256Keys.get(secret);
  if (hit && Buffer.compare(hit.copy, secret) === 0) return hit.key;
  const point = p256Point(secret);
  const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64url');
  const key = createPrivateKey({
    key: { kty: 'EC', crv: 'P-256', d: b64(secret), x: b64(point.subarray(1, 33)), y: b64(point.subarray(33)) },
    format: 'jwk',
  });
  p256Keys.set(secret, { copy: secret.slice(), key });
  return key;
}

function ed25519Key(seed: Uint8Array): KeyObject {
  if (seed.length !== 32) throw new Error(`ed25519 seed must be 32 bytes, got ${seed.length}`);
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

export const nodeKeyCrypto: KeyCryptoProvider = {
  name: 'node',
  pbkdf2: (hash, password, salt, iterations, length) => plain(pbkdf2Sync(password, salt, iterations, length, hash)),
  aesCbcEncrypt(key, iv, data) {
    const c = createCipheriv(aesName(key), key, iv);
    return plain(Buffer.concat([c.update(data), c.final()]));
  },
  aesCbcDecrypt(key, iv, data) {
    const d = createDecipheriv(aesName(key), key, iv);
    return plain(Buffer.concat([d.update(data), d.final()])); // final() throws on bad PKCS#7 padding
  },
  p256Generate() {
    // ECDH rather than generateKeyPairSync + export({ format: 'jwk' }): on Node 20.20 / OpenSSL 3
    // a loop of generateKeyPairSync('ec') + JWK export deadlocks now and then (most 500 ms loops of
    // ~10,000 keys hung at 0 % CPU; never with ECDH). Both draw the scalar with OpenSSL.
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const d = ecdh.getPrivateKey(); // minimal big-endian bytes: 31 or fewer ~1/256 of the time
    const secret = new Uint8Array(32);
    secret.set(d, 32 - d.length);
    return { secret, publicPoint: plain(ecdh.getPublicKey()) };
  },
  p256PublicFromSecret: (secret) => plain(p256Point(secret)),
  p256Sign: (secret, message) => plain(sign('sha256', message, { key: p256Key(secret), dsaEncoding: 'ieee-p1363' })),
  ed25519PublicFromSeed(seed) {
    const spki = createPublicKey(ed25519Key(seed)).export({ format: 'der', type: 'spki' });
    return plain(spki.subarray(spki.length - 32));
  },
  ed25519Sign: (seed, message) => plain(sign(null, message, ed25519Key(seed))),
  sha256: (data) => plain(createHash('sha256').update(data).digest()),
};
