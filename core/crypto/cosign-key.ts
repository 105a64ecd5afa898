/**
 * cosign's key files, as `cosign generate-key-pair` writes them and `cosign sign --key` reads them
 * (sigstore/cosign pkg/cosign/keys.go `marshalKeyPair`, `LoadPrivateKey`): cosign.key is one PEM
 * block, "ENCRYPTED SIGSTORE PRIVATE KEY" (older cosign: "ENCRYPTED COSIGN PRIVATE KEY"), whose
 * bytes are go-securesystemslib `encrypted.Encrypt`'s JSON: scrypt derives a 32-byte key from the
 * password, NaCl secretbox (XSalsa20-Poly1305) seals the key's PKCS#8 DER. cosign.pub is the PKIX
 * `PUBLIC KEY` PEM. Only ECDSA P-256 keys, the kind notary and docker make and cosign's default.
 * The noble modules are loaded on first use, so nothing else pays for them.
 */
import type * as Salsa from '@noble/ciphers/salsa.js';
import { SignetError } from '../errors.js';
import { fromBase64, fromUtf8, toBase64, utf8 } from '../util/bytes.js';
import { derBitString, derExplicit, derInteger, derOctetString, derOid, derSequence } from '../util/der-writer.js';
import { TAG, bitStringBytes, children, parseDer } from './asn1.js';
import { decodePemBlocks, encodePem } from './pem.js';
import { parsePrivateKeyInfo } from './pkcs8.js';
import type { PrivateKey } from './private-key.js';
import { publicKeyPem } from './public-key-pem.js';
import { OID } from './x509.js';

/** The PEM type cosign writes, and the older one it still reads. */
export const SIGSTORE_KEY_PEM = 'ENCRYPTED SIGSTORE PRIVATE KEY';
export const COSIGN_KEY_PEM = 'ENCRYPTED COSIGN PRIVATE KEY';

/** True for a PEM type holding a cosign private key. */
export const isCosignKeyType = (type: string): boolean => type === SIGSTORE_KEY_PEM || type === COSIGN_KEY_PEM;

/** The scrypt parameters go-securesystemslib accepts (`CheckParams`: legacy, standard, OWASP); it writes standard. */
const SCRYPT_N = [32768, 65536, 131072];
const WRITE_N = 65536;
const SCRYPT_R = 8;
const SCRYPT_P = 1;
const SALT_BYTES = 32;
const NONCE_BYTES = 24;
const KEY_BYTES = 32;

/** The two files of a cosign key pair, as text. */
export interface CosignKeyFiles {
  /** cosign.key: the encrypted private key. */
  privateKey: string;
  /** cosign.pub: the public key. */
  publicKey: string;
}

/** go-securesystemslib's JSON, field for field in Go's order (json.Marshal of its structs). */
interface Sealed {
  kdf: { name: string; params: { N: number; r: number; p: number }; salt: string };
  cipher: { name: string; nonce: string };
  ciphertext: string;
}

async function deriveKey(password: string, salt: Uint8Array, N: number): Promise<Uint8Array> {
  const { scryptAsync } = await import('@noble/hashes/scrypt.js');
  return scryptAsync(utf8(password), salt, { N, r: SCRYPT_R, p: SCRYPT_P, dkLen: KEY_BYTES });
}

async function secretbox(key: Uint8Array, nonce: Uint8Array): Promise<ReturnType<typeof Salsa.secretbox>> {
  const { secretbox: box } = await import('@noble/ciphers/salsa.js');
  return box(key, nonce);
}

const unsupported = (what: string): SignetError =>
  new SignetError('KEY_UNSUPPORTED', `${what}: only ECDSA P-256 keys can be used`, {
    hint: 'use a key made by cosign generate-key-pair (ECDSA P-256, its default) or by Signet, docker or notary',
  });

/**
 * Go's `x509.MarshalPKCS8PrivateKey` of a P-256 key, what cosign encrypts: version 0, algorithm
 * [ecPublicKey, prime256v1], and a SEC1 key without its optional curve field (the algorithm names it).
 */
export function goPkcs8(key: PrivateKey): Uint8Array {
  if (key.algorithm !== 'ecdsa') throw unsupported(`key ${key.canonicalId.slice(0, 7)} is ${key.algorithm}`);
  const point = bitStringBytes(children(parseDer(fromBase64(key.publicKey.keyval.public), TAG.SEQUENCE))[1]!);
  const sec1 = derSequence(derInteger(1), derOctetString(key.secret), derExplicit(1, derBitString(point)));
  return derSequence(derInteger(0), derSequence(derOid(OID.ecPublicKey), derOid(OID.p256)), derOctetString(sec1));
}

/**
 * cosign.key and cosign.pub for a P-256 key, encrypted with `password` exactly as cosign 2.5 does
 * (scrypt N=2^16, r=8, p=1; 32-byte salt; 24-byte nonce). `opts` fixes salt and nonce for tests.
 */
export async function encryptCosignKey(
  key: PrivateKey,
  password: string,
  opts: { salt?: Uint8Array; nonce?: Uint8Array } = {},
): Promise<CosignKeyFiles> {
  const plain = goPkcs8(key);
  const { randomBytes } = await import('@noble/hashes/utils.js');
  const salt = opts.salt ?? randomBytes(SALT_BYTES);
  const nonce = opts.nonce ?? randomBytes(NONCE_BYTES);
  const sealed = (await secretbox(await deriveKey(password, salt, WRITE_N), nonce)).seal(plain);
  plain.fill(0);
  const json: Sealed = {
    kdf: { name: 'scrypt', params: { N: WRITE_N, r: SCRYPT_R, p: SCRYPT_P }, salt: toBase64(salt) },
    cipher: { name: 'nacl/secretbox', nonce: toBase64(nonce) },
    ciphertext: toBase64(sealed),
  };
  return {
    privateKey: encodePem(SIGSTORE_KEY_PEM, utf8(JSON.stringify(json))),
    publicKey: publicKeyPem(key.publicKey),
  };
}

const badFile = (why: string, cause?: unknown): SignetError =>
  new SignetError('BAD_INPUT', `not a valid cosign private key: ${why}`, {
    hint: 'choose the cosign.key file written by cosign generate-key-pair',
    ...(cause !== undefined ? { cause } : {}),
  });

/** The sealed JSON of a cosign.key's text; BAD_INPUT or KEY_UNSUPPORTED when it is not one cosign can read. */
function sealedOf(text: string): Sealed {
  let block;
  try {
    block = decodePemBlocks(text).find((b) => isCosignKeyType(b.type));
  } catch (e) {
    throw badFile((e as Error).message, e);
  }
  if (!block) throw badFile(`no ${SIGSTORE_KEY_PEM} block`);
  let json: Sealed;
  try {
    json = JSON.parse(fromUtf8(block.bytes)) as Sealed;
  } catch (e) {
    throw badFile('its content is not JSON', e);
  }
  const { kdf, cipher } = json ?? {};
  if (typeof kdf?.salt !== 'string' || typeof cipher?.nonce !== 'string' || typeof json.ciphertext !== 'string')
    throw badFile('kdf.salt, cipher.nonce or ciphertext is missing');
  if (kdf.name !== 'scrypt' || cipher.name !== 'nacl/secretbox')
    throw new SignetError('KEY_UNSUPPORTED', `cosign key encrypted with ${kdf.name} and ${cipher.name}`, {
      hint: 'cosign keys are encrypted with scrypt and nacl/secretbox; re-create the key with cosign generate-key-pair',
    });
  const { N, r, p } = kdf.params ?? {};
  if (!SCRYPT_N.includes(N) || r !== SCRYPT_R || p !== SCRYPT_P)
    throw new SignetError('KEY_UNSUPPORTED', `unsupported scrypt parameters N=${N}, r=${r}, p=${p} in the cosign key`, {
      hint: 'cosign accepts N of 2^15, 2^16 or 2^17 with r=8, p=1; re-create the key with cosign generate-key-pair',
    });
  return json;
}

/**
 * Decrypts a cosign.key to its P-256 key. Errors: KEY_WRONG_PASSPHRASE (the password does not
 * open it), BAD_INPUT (not a cosign key, or corrupt), KEY_UNSUPPORTED (another key type or cipher).
 */
export async function decryptCosignKey(text: string, password: string): Promise<PrivateKey> {
  const json = sealedOf(text);
  let salt, nonce, sealed;
  try {
    [salt, nonce, sealed] = [fromBase64(json.kdf.salt), fromBase64(json.cipher.nonce), fromBase64(json.ciphertext)];
  } catch (e) {
    throw badFile('salt, nonce or ciphertext is not base64', e);
  }
  if (nonce.length !== NONCE_BYTES) throw badFile(`the nonce is ${nonce.length} bytes, not ${NONCE_BYTES}`);
  const box = await secretbox(await deriveKey(password, salt, json.kdf.params.N), nonce);
  let der: Uint8Array;
  try {
    der = box.open(sealed);
  } catch (e) {
    throw new SignetError('KEY_WRONG_PASSPHRASE', 'the password does not decrypt this cosign key', {
      hint: 'check the password (COSIGN_PASSWORD, or the one given to cosign generate-key-pair)',
      cause: e,
    });
  }
  let key: PrivateKey;
  try {
    key = parsePrivateKeyInfo(der);
  } catch (e) {
    if (e instanceof SignetError && e.code === 'KEY_UNSUPPORTED') throw unsupported(`this cosign key: ${e.message}`);
    throw badFile(`it decrypts, but not to a PKCS#8 private key (${(e as Error).message})`, e);
  } finally {
    der.fill(0);
  }
  if (key.algorithm !== 'ecdsa') throw unsupported(`this cosign key is ${key.algorithm}`);
  return key;
}
