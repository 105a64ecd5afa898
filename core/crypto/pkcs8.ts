/**
 * Unencrypted private key structures: PKCS#8 PrivateKeyInfo as notary writes it (tuf/utils/pkcs8.go,
 * protocol §9), SEC1 ECPrivateKey, PKCS#1 RSAPrivateKey and notary's raw Ed25519 form. Parsing
 * errors are plain Errors; key-file.ts decides which SignetError they mean.
 */
import { SignetError } from '../errors.js';
import type { PublicKeyJSON } from './key-types.js';
import { bytesEqual, concatBytes, fromBase64, toBase64 } from '../util/bytes.js';
import {
  derBitString,
  derExplicit,
  derInteger,
  derNull,
  derOctetString,
  derOid,
  derSequence,
  derTlv,
} from '../util/der-writer.js';
import { TAG, bitStringBytes, children, expectTag, integerValue, oidString, parseDer } from './asn1.js';
import { ecdsaPrivateKey, ed25519PrivateKey } from './ecdsa.js';
import { keyIdCrypto } from './key-crypto.js';
import { keyId } from './key-id.js';
import type { PrivateKey } from './private-key.js';
import { OID } from './x509.js';

/** notary's private OID for Ed25519 PKCS#8 (not RFC 8410's 1.3.101.112). */
export const NOTARY_ED25519_OID = '1.3.6.1.4.1.11591.15.1';

/** SEC1 ECPrivateKey as Go's x509.MarshalECPrivateKey writes it: v1, 32-byte scalar, [0] curve, [1] public point. */
export function encodeSec1(key: PrivateKey): Uint8Array {
  const spki = children(parseDer(fromBase64(key.publicKey.keyval.public), TAG.SEQUENCE));
  const point = bitStringBytes(spki[1]!);
  return derSequence(
    derInteger(1),
    derOctetString(key.secret),
    derExplicit(0, derOid(OID.p256)),
    derExplicit(1, derBitString(point)),
  );
}

/**
 * PKCS#8 PrivateKeyInfo exactly as notary's `convertTUFKeyToPKCS8`: EC → version 1 (sic),
 * algorithm [ecPublicKey, prime256v1], SEC1 content; Ed25519 → version 0, notary OID, 96 raw bytes
 * pub‖seed‖pub (Go's 64-byte private key is seed‖pub); RSA → version 0, rsaEncryption without
 * NULL, PKCS#1 content. Go marshals the algorithm as a bare SEQUENCE OF OID, hence no NULL.
 */
export function encodePrivateKeyInfo(key: PrivateKey): Uint8Array {
  if (key.algorithm === 'ecdsa') {
    return derSequence(
      derInteger(1),
      derSequence(derOid(OID.ecPublicKey), derOid(OID.p256)),
      derOctetString(encodeSec1(key)),
    );
  }
  if (key.algorithm === 'ed25519') {
    const pub = fromBase64(key.publicKey.keyval.public);
    return derSequence(
      derInteger(0),
      derSequence(derOid(NOTARY_ED25519_OID)),
      derOctetString(concatBytes(pub, key.secret, pub)),
    );
  }
  return derSequence(derInteger(0), derSequence(derOid(OID.rsaEncryption)), derOctetString(key.secret));
}

/**
 * Parses SEC1 ECPrivateKey. The curve comes from its [0] field or, inside PKCS#8, from the
 * algorithm parameters (OpenSSL omits [0] there). Only P-256 is supported. The public key is
 * recomputed from the scalar (as Go does); a stored [1] point that disagrees is an error.
 */
export function parseSec1(der: Uint8Array, curveOid?: string): PrivateKey {
  const [version, priv, ...rest] = children(parseDer(der, TAG.SEQUENCE));
  if (!version || integerValue(version) !== 1n || !priv) throw new Error('SEC1: bad ECPrivateKey');
  let curve = curveOid;
  let storedPoint: Uint8Array | undefined;
  for (const el of rest) {
    if (el.tag === 0xa0) curve = oidString(children(el)[0]!);
    if (el.tag === 0xa1) storedPoint = bitStringBytes(children(el)[0]!);
  }
  if (curve !== OID.p256)
    throw new SignetError('KEY_UNSUPPORTED', `EC curve ${curve ?? '(none)'} is not supported (only P-256)`);
  const scalar = expectTag(priv, TAG.OCTET_STRING).value;
  if (scalar.length > 32) throw new Error('SEC1: private key too long');
  const secret = new Uint8Array(32);
  secret.set(scalar, 32 - scalar.length); // Go left-pads short scalars the same way
  const key = ecdsaPrivateKey(secret);
  if (storedPoint) {
    const spkiPoint = bitStringBytes(children(parseDer(fromBase64(key.publicKey.keyval.public)))[1]!);
    if (!bytesEqual(storedPoint, spkiPoint)) throw new Error('SEC1: public key does not match private key');
  }
  return key;
}

/** Wraps PKCS#1 RSAPrivateKey DER; the public key is the Go-form SPKI (rsaEncryption + NULL). */
export function rsaPrivateKey(pkcs1: Uint8Array): PrivateKey {
  const fields = children(parseDer(pkcs1, TAG.SEQUENCE));
  if (fields.length < 9 || integerValue(fields[0]!) !== 0n) throw new Error('PKCS#1: bad RSAPrivateKey');
  const [n, e] = [expectTag(fields[1]!, TAG.INTEGER), expectTag(fields[2]!, TAG.INTEGER)];
  const rsaPub = derSequence(derTlv(TAG.INTEGER, n.value), derTlv(TAG.INTEGER, e.value));
  const spki = derSequence(derSequence(derOid(OID.rsaEncryption), derNull()), derBitString(rsaPub));
  const publicKey: PublicKeyJSON = { keytype: 'rsa', keyval: { private: null, public: toBase64(spki) } };
  return { algorithm: 'rsa', secret: pkcs1.slice(), publicKey, canonicalId: keyId(publicKey, keyIdCrypto) };
}

/** notary's 96-byte Ed25519 private form: pub(32) ‖ seed(32) ‖ pub(32); the public key must match. */
export function parseNotaryEd25519(raw: Uint8Array): PrivateKey {
  if (raw.length !== 96) throw new Error(`ed25519: expected 96 bytes, got ${raw.length}`);
  const key = ed25519PrivateKey(raw.subarray(32, 64));
  if (toBase64(raw.subarray(0, 32)) !== key.publicKey.keyval.public)
    throw new Error('ed25519: public key does not match');
  return key;
}

/**
 * Parses PKCS#8 PrivateKeyInfo: EC (any version, curve from the algorithm parameters), RSA (with or
 * without NULL), Ed25519 in notary's form or RFC 8410's. Other algorithms → KEY_UNSUPPORTED.
 */
export function parsePrivateKeyInfo(der: Uint8Array): PrivateKey {
  const [version, algId, content] = children(parseDer(der, TAG.SEQUENCE));
  if (!version || !algId || !content) throw new Error('PKCS#8: missing fields');
  integerValue(version);
  const alg = children(expectTag(algId, TAG.SEQUENCE));
  const oid = oidString(alg[0]!);
  const inner = expectTag(content, TAG.OCTET_STRING).value;
  if (oid === OID.ecPublicKey) return parseSec1(inner, alg[1]?.tag === TAG.OID ? oidString(alg[1]) : undefined);
  if (oid === OID.rsaEncryption) return rsaPrivateKey(inner);
  if (oid === NOTARY_ED25519_OID) return parseNotaryEd25519(inner);
  if (oid === OID.ed25519) return ed25519PrivateKey(parseDer(inner, TAG.OCTET_STRING).value);
  throw new SignetError('KEY_UNSUPPORTED', `private key algorithm ${oid} is not supported`);
}
