/**
 * Public key PEM files: the `NAME.pub` that `docker trust key generate` writes and the inputs
 * `docker trust signer add --key` / `notary delegation add` accept (notary tuf/utils/x509.go
 * `ParsePEMPublicKey`, `ValidateCertificate`).
 */
import { SignetError } from '../errors.js';
import type { PublicKeyJSON } from './key-types.js';
import { fromBase64, fromUtf8, toBase64, utf8 } from '../util/bytes.js';
import { decodePem, encodePem } from './pem.js';
import { OID, parseCertificate, parseSpki } from './x509.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `PUBLIC KEY` PEM (SPKI DER) with a `role: NAME` header, as docker writes `NAME.pub`. An x509 key
 * is returned as its certificate PEM, which {@link parsePublicKeyPem} also accepts. Ed25519 keys
 * throw KEY_UNSUPPORTED: docker and notary cannot load them from PEM.
 */
export function publicKeyPem(publicKey: PublicKeyJSON, role?: string): string {
  const { keytype } = publicKey;
  if (keytype === 'ecdsa-x509' || keytype === 'rsa-x509') return fromUtf8(fromBase64(publicKey.keyval.public));
  if (keytype !== 'ecdsa' && keytype !== 'rsa') {
    throw new SignetError('KEY_UNSUPPORTED', `cannot write a ${keytype} public key as PEM`);
  }
  return encodePem('PUBLIC KEY', fromBase64(publicKey.keyval.public), role ? { role } : {});
}

function badKey(message: string, cause?: unknown): SignetError {
  return new SignetError('BAD_INPUT', message, { cause });
}

/**
 * Parses a public key the way notary's `ParsePEMPublicKey` does (first PEM block only):
 * - `PUBLIC KEY`: an ECDSA (P-256) or RSA SubjectPublicKeyInfo → `ecdsa`/`rsa` key whose `public`
 *   is b64 of the DER exactly as given. Ed25519 and others are rejected, like docker.
 * - `CERTIFICATE`: → `ecdsa-x509`/`rsa-x509` key holding Go's re-encoded PEM of that one
 *   certificate. It must be valid at `now` (NotBefore up to one day ahead is tolerated), not use
 *   SHA-1, and RSA keys need ≥ 2048 bits (notary `ValidateCertificate`).
 * Throws BAD_INPUT for anything else, KEY_UNSUPPORTED for unsupported key algorithms.
 */
export function parsePublicKeyPem(text: string, now: Date): PublicKeyJSON {
  let block;
  try {
    block = decodePem(text);
  } catch (e) {
    throw badKey('no valid public key found', e);
  }
  if (block.type === 'PUBLIC KEY') {
    let info;
    try {
      info = parseSpki(block.bytes);
    } catch (e) {
      throw badKey(`invalid PUBLIC KEY: ${(e as Error).message}`, e);
    }
    if (info.algorithm === 'ecdsa' && info.curveOid === OID.p256) {
      return { keytype: 'ecdsa', keyval: { private: null, public: toBase64(block.bytes) } };
    }
    if (info.algorithm === 'rsa') return { keytype: 'rsa', keyval: { private: null, public: toBase64(block.bytes) } };
    throw new SignetError(
      'KEY_UNSUPPORTED',
      `unsupported public key type (${info.algorithmOid}${info.curveOid ? ' ' + info.curveOid : ''})`,
      {
        hint: 'Use an ECDSA P-256 or RSA key.',
      },
    );
  }
  if (block.type === 'CERTIFICATE') {
    const cert = parseCertificate(block.bytes);
    const cn = cert.subjectCN ?? '';
    if (cert.notBefore > cert.notAfter) throw badKey('invalid certificate: validity window is invalid');
    if (cert.weakSignature)
      throw badKey(`invalid certificate: certificate with CN ${cn} uses invalid SHA1 signature algorithm`);
    if (cert.publicKey.rsa && cert.publicKey.rsa.bits < 2048)
      throw badKey(`invalid certificate: RSA key of CN ${cn} is too short`);
    if (cert.notBefore.getTime() > now.getTime() + DAY_MS || now > cert.notAfter) {
      throw badKey(`invalid certificate: certificate with CN ${cn} is expired or not yet valid`);
    }
    const keytype =
      cert.publicKey.algorithm === 'ecdsa' ? 'ecdsa-x509' : cert.publicKey.algorithm === 'rsa' ? 'rsa-x509' : undefined;
    if (!keytype)
      throw new SignetError('KEY_UNSUPPORTED', `unsupported certificate key algorithm ${cert.publicKey.algorithmOid}`);
    const pem = encodePem('CERTIFICATE', cert.der);
    return { keytype, keyval: { private: null, public: toBase64(utf8(pem)) } };
  }
  throw badKey(`unsupported PEM block type "${block.type}", expected CERTIFICATE or PUBLIC KEY`);
}
