import { children, integerValue, parseDer, TAG } from './asn1.js';
import { OID } from './oids.js';
import type { CryptoProvider } from './provider.js';
import type { Certificate } from './x509.js';

/** An ECDSA signature's DER (SEQUENCE { r, s }) as the 64-byte r || s the providers verify (P-256). */
function ecdsaRaw(der: Uint8Array): Uint8Array | undefined {
  try {
    const [r, s] = children(parseDer(der, TAG.SEQUENCE)).map((el) => integerValue(el));
    if (r === undefined || s === undefined) return undefined;
    const out = new Uint8Array(64);
    for (const [value, offset] of [
      [r, 0],
      [s, 32],
    ] as const) {
      let v = value;
      for (let i = 31; i >= 0; i--, v >>= 8n) out[offset + i] = Number(v & 0xffn);
      if (v !== 0n) return undefined;
    }
    return out;
  } catch {
    return undefined;
  }
}

/**
 * True when `issuer`'s key signed `cert` (ecdsa-with-SHA256 on P-256, or sha256WithRSAEncryption).
 * Other algorithms are not accepted.
 */
export function verifyIssuedBy(cert: Certificate, issuer: Certificate, crypto: CryptoProvider): boolean {
  try {
    if (cert.signatureAlgorithmOid === OID.ecdsaWithSHA256 && issuer.publicKey.algorithm === 'ecdsa') {
      const signature = ecdsaRaw(cert.signature);
      if (!signature) return false;
      return crypto.verify({ method: 'ecdsa', keyType: 'ecdsa', publicKey: issuer.spki, message: cert.tbs, signature });
    }
    if (cert.signatureAlgorithmOid === OID.sha256WithRSAEncryption && issuer.publicKey.algorithm === 'rsa') {
      return crypto.verify({
        method: 'rsa-pkcs1v15',
        keyType: 'rsa',
        publicKey: issuer.spki,
        message: cert.tbs,
        signature: cert.signature,
      });
    }
  } catch {
    return false;
  }
  return false;
}
