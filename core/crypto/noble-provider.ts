/** Portable CryptoProvider on @noble/curves + @noble/hashes (no WebCrypto, no Node). */
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { bytesEqual, concatBytes } from '../util/bytes.js';
import type { CryptoProvider, VerifyRequest } from './provider.js';
import { OID, parseSpki } from './x509.js';

const SALT_LEN = 32;
const H_LEN = 32;

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  base %= mod;
  for (; exp > 0n; exp >>= 1n) {
    if (exp & 1n) result = (result * base) % mod;
    base = (base * base) % mod;
  }
  return result;
}

function toBigInt(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

function toBytes(n: bigint, len: number): Uint8Array | undefined {
  const out = new Uint8Array(len);
  for (let i = len - 1; i >= 0; i--, n >>= 8n) out[i] = Number(n & 0xffn);
  return n === 0n ? out : undefined;
}

function mgf1(seed: Uint8Array, len: number): Uint8Array {
  const out = new Uint8Array(len);
  for (let c = 0, off = 0; off < len; c++, off += H_LEN) {
    const counter = new Uint8Array([c >>> 24, (c >>> 16) & 0xff, (c >>> 8) & 0xff, c & 0xff]);
    out.set(sha256(concatBytes(seed, counter)).subarray(0, Math.min(H_LEN, len - off)), off);
  }
  return out;
}

/** RSASSA-PSS verification, SHA-256 / MGF1-SHA256 / 32-byte salt (RFC 8017 §8.1.2, §9.1.2). */
function verifyPss(spki: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  const info = parseSpki(spki);
  if (info.algorithm !== 'rsa' || !info.rsa) throw new Error('rsapss: not an RSA public key');
  const { n, e, bits } = info.rsa;
  if (bits < 2048) throw new Error(`rsapss: RSA key of ${bits} bits is too small (minimum 2048)`);
  if (signature.length !== Math.ceil(bits / 8)) return false;
  const s = toBigInt(signature);
  if (s >= n) return false;
  const emBits = bits - 1;
  const emLen = Math.ceil(emBits / 8);
  const em = toBytes(modPow(s, e, n), emLen);
  if (!em || emLen < H_LEN + SALT_LEN + 2 || em[emLen - 1] !== 0xbc) return false;
  const dbLen = emLen - H_LEN - 1;
  const h = em.subarray(dbLen, dbLen + H_LEN);
  const topMask = 0xff >>> (8 * emLen - emBits);
  if ((em[0]! & ~topMask) !== 0) return false;
  const db = mgf1(h, dbLen).map((m, i) => m ^ em[i]!);
  db[0]! &= topMask;
  const psLen = dbLen - SALT_LEN - 1;
  for (let i = 0; i < psLen; i++) if (db[i] !== 0) return false;
  if (db[psLen] !== 0x01) return false;
  const mPrime = concatBytes(new Uint8Array(8), sha256(message), db.subarray(dbLen - SALT_LEN));
  return bytesEqual(sha256(mPrime), h);
}

// DigestInfo prefix for SHA-256 (RFC 8017 §9.2 note 1)
const SHA256_DIGEST_INFO = new Uint8Array([
  0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
]);

/** RSASSA-PKCS1-v1_5 with SHA-256 (certificate signatures): EM = 00 01 FF.. 00 DigestInfo H. */
function verifyPkcs1(spki: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  const info = parseSpki(spki);
  if (info.algorithm !== 'rsa' || !info.rsa) throw new Error('rsa-pkcs1v15: not an RSA public key');
  const { n, e, bits } = info.rsa;
  const k = Math.ceil(bits / 8);
  if (signature.length !== k) return false;
  const s = toBigInt(signature);
  if (s >= n) return false;
  const em = toBytes(modPow(s, e, n), k);
  if (!em) return false;
  const t = concatBytes(SHA256_DIGEST_INFO, sha256(message));
  if (k < t.length + 11 || em[0] !== 0 || em[1] !== 1) return false;
  const psEnd = k - t.length - 1;
  for (let i = 2; i < psEnd; i++) if (em[i] !== 0xff) return false;
  return em[psEnd] === 0 && bytesEqual(em.subarray(psEnd + 1), t);
}

function verifyEcdsa(spki: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  const info = parseSpki(spki);
  if (info.algorithm !== 'ecdsa' || info.curveOid !== OID.p256) throw new Error('ecdsa: only P-256 keys are supported');
  p256.Point.fromBytes(info.publicKey); // throws on a point that is not on the curve, like node:crypto
  if (signature.length !== 64) return false;
  try {
    // Go does not normalise s, so high-S signatures are common and valid (protocol §2.3).
    return p256.verify(signature, message, info.publicKey, { lowS: false });
  } catch {
    return false;
  }
}

function verifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== 32) throw new Error(`eddsa: public key must be 32 bytes, got ${publicKey.length}`);
  if (signature.length !== 64) return false;
  try {
    // zip215:false = strict RFC 8032, matching OpenSSL/node:crypto.
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

/** The default, portable crypto provider. */
export const nobleCrypto: CryptoProvider = {
  sha256: (data) => sha256(data),
  sha512: (data) => sha512(data),
  verify(req: VerifyRequest): boolean {
    const { method, keyType, publicKey, message, signature } = req;
    if (method === 'ecdsa' && keyType === 'ecdsa') return verifyEcdsa(publicKey, message, signature);
    if (method === 'eddsa' && keyType === 'ed25519') return verifyEd25519(publicKey, message, signature);
    if (method === 'rsapss' && keyType === 'rsa') return verifyPss(publicKey, message, signature);
    if (method === 'rsa-pkcs1v15' && keyType === 'rsa') return verifyPkcs1(publicKey, message, signature);
    throw new Error(`unsupported signature method "${method}" for ${keyType} key`);
  },
};
