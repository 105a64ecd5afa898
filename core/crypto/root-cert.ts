/**
 * The self-signed root certificate notary makes for each repository (protocol §3.4; notary
 * tuf/utils/x509.go `NewCertificate`, cryptoservice/certificate.go, Go x509.CreateCertificate).
 * Readers re-encode the PEM and hash it for the root key ID, so every byte here follows Go.
 */
import { randomBytes } from '@noble/hashes/utils.js';
import { SignetError } from '../errors.js';
import type { PublicKeyJSON } from './key-types.js';
import { fromBase64, toBase64, utf8 } from '../util/bytes.js';
import {
  derBitString,
  derBoolean,
  derExplicit,
  derGoString,
  derInteger,
  derNamedBits,
  derOctetString,
  derOid,
  derSequence,
  derSet,
  derTime,
} from '../util/der-writer.js';
import { keyId } from './key-id.js';
import { ecdsaDer } from './ecdsa-der.js';
import { keyCrypto, keyIdCrypto } from './key-crypto.js';
import { OID } from './oids.js';
import { encodePem } from './pem.js';
import type { PrivateKey } from './private-key.js';
import { isHardwareKey, signWithHeldKey, type HeldKey } from './held-key.js';

/** notary's root certificate lifetime: 10 years of 365 days (`notary.Year * 10`). */
const VALIDITY_MS = 3650 * 24 * 60 * 60 * 1000;
const SIG_ALG = derSequence(derOid(OID.ecdsaWithSHA256)); // no parameters for ECDSA (RFC 5758)

/** A root certificate and the `ecdsa-x509` key root.json lists it as. */
export interface RootCertificate {
  /** Go `pem.Encode` form: 64-character lines, LF, trailing newline. */
  pem: string;
  /** `ecdsa-x509` key whose `public` is b64 of {@link pem}. */
  publicKey: PublicKeyJSON;
  /** Certificate key ID (differs from the key's canonical ID). */
  keyId: string;
}

/** `Name` with only CN, as Go marshals pkix.Name{CommonName: gun} (a certificate's subject and issuer). */
export function cnName(cn: string): Uint8Array {
  return derSequence(derSet(derSequence(derOid(OID.commonName), derGoString(cn))));
}

function extension(oid: string, critical: boolean, value: Uint8Array): Uint8Array {
  // Go omits `critical` when false (DEFAULT FALSE must not be encoded in DER).
  return critical
    ? derSequence(derOid(oid), derBoolean(true), derOctetString(value))
    : derSequence(derOid(oid), derOctetString(value));
}

/** A random positive serial below 2^128 (Go: rand.Int(rand.Reader, 1<<128)). */
function randomSerial(): Uint8Array {
  const bytes = randomBytes(16);
  if (bytes.every((b) => b === 0)) bytes[15] = 1; // zero is legal for Go but rejected by some parsers
  return bytes;
}

/**
 * Creates the self-signed root certificate for `gun` exactly as notary does: subject = issuer =
 * `CN=<gun>`, NotBefore = `now` truncated to the second, NotAfter = NotBefore + 3650 days,
 * keyUsage (critical) digitalSignature+keyEncipherment, extKeyUsage codeSigning, basicConstraints
 * (critical) CA:FALSE as an empty SEQUENCE, no SKI/AKI, signed ecdsa-with-SHA256 (DER signature).
 * Only ECDSA P-256 keys can make one. `serial` is for tests.
 */
export function createRootCertificate(key: PrivateKey, gun: string, now: Date, serial?: Uint8Array): RootCertificate {
  const tbs = certificateBody(key, gun, now, serial);
  return certificateOf(tbs, keyCrypto().p256Sign(key.secret, tbs));
}

/**
 * The same certificate made with any key Signet holds: a key on a token signs it there. `cn` is
 * the GUN for a repository's root certificate, the role for the one notary writes to a token.
 */
export async function rootCertificateFor(key: HeldKey, cn: string, now: Date): Promise<RootCertificate> {
  if (!isHardwareKey(key)) return createRootCertificate(key, cn, now);
  const tbs = certificateBody(key, cn, now);
  return certificateOf(tbs, (await signWithHeldKey(key, tbs)).signature);
}

function certificateBody(
  key: { algorithm: string; publicKey: PublicKeyJSON },
  gun: string,
  now: Date,
  serial?: Uint8Array,
): Uint8Array {
  if (key.algorithm !== 'ecdsa') {
    throw new SignetError('KEY_UNSUPPORTED', `a root certificate needs an ECDSA P-256 key, not ${key.algorithm}`);
  }
  if (gun === '') throw new SignetError('BAD_INPUT', 'a root certificate needs a GUN');
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const notAfter = new Date(notBefore.getTime() + VALIDITY_MS);
  const name = cnName(gun);
  const extensions = derSequence(
    extension(OID.keyUsage, true, derNamedBits([0, 2])),
    extension(OID.extKeyUsage, false, derSequence(derOid(OID.codeSigning))),
    extension(OID.basicConstraints, true, derSequence()),
  );
  return derSequence(
    derExplicit(0, derInteger(2)), // v3
    derInteger(serial ?? randomSerial()),
    SIG_ALG,
    name,
    derSequence(derTime(notBefore), derTime(notAfter)),
    name,
    fromBase64(key.publicKey.keyval.public), // SPKI, identical to the bare `ecdsa` key
    derExplicit(3, extensions),
  );
}

/** The certificate around `tbs` and its raw r‖s signature (X.509 carries it DER-encoded, unlike TUF). */
function certificateOf(tbs: Uint8Array, rawSignature: Uint8Array): RootCertificate {
  const der = derSequence(tbs, SIG_ALG, derBitString(ecdsaDer(rawSignature)));
  const pem = encodePem('CERTIFICATE', der);
  const publicKey: PublicKeyJSON = { keytype: 'ecdsa-x509', keyval: { private: null, public: toBase64(utf8(pem)) } };
  return { pem, publicKey, keyId: keyId(publicKey, keyIdCrypto) };
}
