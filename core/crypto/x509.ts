/** Just enough X.509 for notary root/delegation certificates (protocol §3.1, §3.4). */
import { SignetError } from '../errors.js';
import { fromBase64, fromUtf8 } from '../util/bytes.js';
import type { PublicKeyJSON } from './key-types.js';
import type { Der } from './asn1.js';
import {
  TAG,
  bitStringBytes,
  children,
  expectTag,
  integerValue,
  oidString,
  parseDer,
  stringValue,
  timeValue,
} from './asn1.js';

import { OID } from './oids.js';

export { OID };

/** Signature algorithms Go refuses for notary certs: MD2/MD5/SHA-1 based. */
const WEAK_SIG_OIDS = new Set([
  '1.2.840.113549.1.1.2', // md2WithRSA
  '1.2.840.113549.1.1.4', // md5WithRSA
  '1.2.840.113549.1.1.5', // sha1WithRSA
  '1.2.840.10045.4.1', // ecdsa-with-SHA1
  '1.2.840.10040.4.3', // dsa-with-SHA1
  '1.3.14.3.2.29', // sha1WithRSA (OIW)
]);

/** A decoded SubjectPublicKeyInfo. */
export interface SpkiInfo {
  algorithm: 'ecdsa' | 'rsa' | 'ed25519' | 'unknown';
  algorithmOid: string;
  /** Named curve OID for EC keys. */
  curveOid?: string;
  /** BIT STRING contents: the EC point, the RSAPublicKey DER, or the raw ed25519 key. */
  publicKey: Uint8Array;
  /** RSA modulus and exponent. */
  rsa?: { n: bigint; e: bigint; bits: number };
}

/** The fields of an X.509 certificate that notary's root checks and key IDs need. */
export interface Certificate {
  der: Uint8Array;
  subjectCN: string | undefined;
  notBefore: Date;
  notAfter: Date;
  /** basicConstraints cA flag (false when the extension is absent). */
  isCA: boolean;
  /** SubjectPublicKeyInfo DER, exactly as in the certificate. */
  spki: Uint8Array;
  publicKey: SpkiInfo;
  signatureAlgorithmOid: string;
  /** True for MD5/SHA-1 signature algorithms, which notary rejects. */
  weakSignature: boolean;
  /** The signed part (TBSCertificate DER) and the issuer's signature over it (BIT STRING contents). */
  tbs: Uint8Array;
  signature: Uint8Array;
}

/** Decodes SubjectPublicKeyInfo DER. Throws on malformed DER. */
export function parseSpki(spki: Uint8Array): SpkiInfo {
  const [algId, bits] = children(parseDer(spki, TAG.SEQUENCE));
  if (!algId || !bits) throw new Error('SubjectPublicKeyInfo: missing fields');
  const [oidEl, params] = children(expectTag(algId, TAG.SEQUENCE));
  const algorithmOid = oidString(oidEl!);
  const publicKey = bitStringBytes(bits);
  if (algorithmOid === OID.ecPublicKey) {
    return { algorithm: 'ecdsa', algorithmOid, curveOid: params ? oidString(params) : undefined, publicKey };
  }
  if (algorithmOid === OID.rsaEncryption) {
    const [nEl, eEl] = children(parseDer(publicKey, TAG.SEQUENCE));
    const n = integerValue(nEl!);
    return { algorithm: 'rsa', algorithmOid, publicKey, rsa: { n, e: integerValue(eEl!), bits: n.toString(2).length } };
  }
  if (algorithmOid === OID.ed25519) return { algorithm: 'ed25519', algorithmOid, publicKey };
  return { algorithm: 'unknown', algorithmOid, publicKey };
}

function commonName(name: Der): string | undefined {
  for (const rdn of children(expectTag(name, TAG.SEQUENCE))) {
    for (const atv of children(rdn)) {
      const [type, value] = children(atv);
      if (type && value && oidString(type) === OID.commonName) return stringValue(value);
    }
  }
  return undefined;
}

function basicConstraintsCA(extensions: Der | undefined): boolean {
  if (!extensions) return false;
  for (const ext of children(children(extensions)[0]!)) {
    const parts = children(ext);
    if (oidString(parts[0]!) !== OID.basicConstraints) continue;
    const value = expectTag(parts[parts.length - 1]!, TAG.OCTET_STRING).value;
    const first = children(parseDer(value, TAG.SEQUENCE))[0];
    return first?.tag === TAG.BOOLEAN && first.value[0] !== 0;
  }
  return false;
}

/** Parses one DER certificate. Throws SignetError 'TUF_MALFORMED' when it cannot be decoded. */
export function parseCertificate(der: Uint8Array): Certificate {
  try {
    const [tbs, sigAlg, sigValue] = children(parseDer(der, TAG.SEQUENCE));
    if (!tbs || !sigAlg || !sigValue) throw new Error('Certificate: missing fields');
    const fields = children(expectTag(tbs!, TAG.SEQUENCE));
    if (fields[0]?.tag === 0xa0) fields.shift(); // explicit [0] version
    const [, , issuer, validity, subject, spki, ...rest] = fields;
    if (!issuer || !validity || !subject || !spki) throw new Error('TBSCertificate: missing fields');
    const [nb, na] = children(expectTag(validity, TAG.SEQUENCE));
    const signatureAlgorithmOid = oidString(children(expectTag(sigAlg!, TAG.SEQUENCE))[0]!);
    return {
      der,
      subjectCN: commonName(subject),
      notBefore: timeValue(nb!),
      notAfter: timeValue(na!),
      isCA: basicConstraintsCA(rest.find((el) => el.tag === 0xa3)),
      spki: spki.bytes,
      publicKey: parseSpki(spki.bytes),
      signatureAlgorithmOid,
      weakSignature: WEAK_SIG_OIDS.has(signatureAlgorithmOid),
      tbs: tbs.bytes,
      signature: bitStringBytes(sigValue),
    };
  } catch (e) {
    if (e instanceof SignetError) throw e;
    throw new SignetError('TUF_MALFORMED', `invalid certificate: ${(e as Error).message}`, { cause: e });
  }
}

/** Parses every CERTIFICATE block of a PEM text, leaf first. Throws 'TUF_MALFORMED' if there is none. */
export function parseCertificatePem(pem: string): Certificate[] {
  const re = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]*?)-----END CERTIFICATE-----/g;
  const certs = [...pem.matchAll(re)].map((m) => parseCertificate(fromBase64(m[1]!.replace(/\s+/g, ''))));
  if (certs.length === 0) throw new SignetError('TUF_MALFORMED', 'no PEM certificate found');
  return certs;
}

/** The certificate chain of an `ecdsa-x509`/`rsa-x509` key (its `public` is base64 of PEM text). */
export function certsFromKey(key: PublicKeyJSON): Certificate[] {
  let pem: string;
  try {
    pem = fromUtf8(fromBase64(key.keyval.public));
  } catch (e) {
    throw new SignetError('TUF_MALFORMED', `${key.keytype} key: public value is not base64 PEM text`, { cause: e });
  }
  return parseCertificatePem(pem);
}

/** True for the certificate-carrying key types. */
export function isX509KeyType(keytype: string): boolean {
  return keytype === 'ecdsa-x509' || keytype === 'rsa-x509';
}
