import { ecdsaRaw } from './ecdsa-der.js';
import { OID } from './oids.js';
import type { CryptoProvider } from './provider.js';
import type { Certificate } from './x509.js';

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
