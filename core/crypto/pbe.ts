/**
 * Password-based encryption of private keys: PKCS#8 EncryptedPrivateKeyInfo with PBES2 (what
 * notary/docker write, tuf/utils/pkcs8.go) and legacy RFC 1423 PEM encryption (OpenSSL
 * `Proc-Type: 4,ENCRYPTED`, Go x509.DecryptPEMBlock). PBKDF2 and AES-CBC come from the key-crypto
 * provider (key-crypto.ts: noble by default, node:crypto in the Node shells); no WebCrypto.
 */
import { md5 } from '@noble/hashes/legacy.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { SignetError } from '../errors.js';
import { concatBytes, fromHex, utf8 } from '../util/bytes.js';
import { derInteger, derOctetString, derOid, derSequence } from '../util/der-writer.js';
import { TAG, children, expectTag, integerValue, oidString, parseDer } from './asn1.js';
import { keyCrypto, type Pbkdf2Hash } from './key-crypto.js';
import './noble-key-crypto.js'; // the default provider, unless a platform one is registered

const PBE_OID = {
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  hmacWithSHA1: '1.2.840.113549.2.7',
  hmacWithSHA256: '1.2.840.113549.2.9',
};
/** AES-CBC cipher OIDs → key length. notary writes aes256-CBC; OpenSSL tools may pick others. */
const AES_CBC: Record<string, number> = {
  '2.16.840.1.101.3.4.1.2': 16,
  '2.16.840.1.101.3.4.1.22': 24,
  '2.16.840.1.101.3.4.1.42': 32,
};
const AES256_CBC_OID = '2.16.840.1.101.3.4.1.42';
/** Refuse absurd iteration counts from a hostile file instead of hanging the app. */
const MAX_ITERATIONS = 10_000_000;

/** Thrown when the passphrase does not decrypt the key (bad padding, or the plaintext is not DER). */
export function wrongPassphrase(cause?: unknown): SignetError {
  return new SignetError('KEY_WRONG_PASSPHRASE', 'the passphrase does not decrypt this key', {
    hint: 'Check the passphrase (root keys usually have their own).',
    cause,
  });
}

function aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  if (iv.length !== 16 || data.length === 0 || data.length % 16 !== 0) {
    throw new SignetError('BAD_INPUT', 'encrypted key data is not whole AES blocks');
  }
  try {
    // PKCS#7 padding check: a wrong key gives valid padding only ~1/256 of the time;
    // the caller's DER parse of the plaintext catches those.
    return keyCrypto().aesCbcDecrypt(key, iv, data);
  } catch (e) {
    throw wrongPassphrase(e);
  }
}

/**
 * Encrypts PrivateKeyInfo DER the way notary does: PBES2, PBKDF2-HMAC-SHA1 with an 8-byte salt and
 * 2048 iterations (no keyLength, no PRF encoded), AES-256-CBC with a 16-byte IV, PKCS#7 padding.
 * Returns EncryptedPrivateKeyInfo DER. `salt`/`iv` are for reproducible tests.
 */
export function encryptPkcs8(
  plain: Uint8Array,
  passphrase: string,
  salt: Uint8Array = randomBytes(8),
  iv: Uint8Array = randomBytes(16),
): Uint8Array {
  const iterations = 2048;
  const crypto = keyCrypto();
  const key = crypto.pbkdf2('sha1', utf8(passphrase), salt, iterations, 32);
  const encrypted = crypto.aesCbcEncrypt(key, iv, plain);
  const params = derSequence(
    derSequence(derOid(PBE_OID.pbkdf2), derSequence(derOctetString(salt), derInteger(iterations))),
    derSequence(derOid(AES256_CBC_OID), derOctetString(iv)),
  );
  return derSequence(derSequence(derOid(PBE_OID.pbes2), params), derOctetString(encrypted));
}

/**
 * Decrypts EncryptedPrivateKeyInfo (PBES2 / PBKDF2 with HMAC-SHA1 or -SHA256 / AES-CBC) to
 * PrivateKeyInfo DER. Throws KEY_WRONG_PASSPHRASE on a padding failure, KEY_UNSUPPORTED for other
 * schemes (e.g. PBES1, 3DES), and a plain Error for malformed DER.
 */
export function decryptPkcs8(der: Uint8Array, passphrase: string): Uint8Array {
  const [algId, data] = children(parseDer(der, TAG.SEQUENCE));
  if (!algId || !data) throw new Error('EncryptedPrivateKeyInfo: missing fields');
  const [schemeOid, params] = children(expectTag(algId, TAG.SEQUENCE));
  const scheme = oidString(schemeOid!);
  if (scheme !== PBE_OID.pbes2)
    throw new SignetError('KEY_UNSUPPORTED', `key encryption scheme ${scheme} is not supported (only PBES2)`);
  const [kdf, enc] = children(expectTag(params!, TAG.SEQUENCE));
  const [kdfOid, kdfParams] = children(expectTag(kdf!, TAG.SEQUENCE));
  if (oidString(kdfOid!) !== PBE_OID.pbkdf2)
    throw new SignetError('KEY_UNSUPPORTED', 'only PBKDF2 key derivation is supported');
  const [saltEl, iterEl, ...optional] = children(expectTag(kdfParams!, TAG.SEQUENCE));
  const salt = expectTag(saltEl!, TAG.OCTET_STRING).value;
  const iterations = Number(integerValue(iterEl!));
  if (iterations < 1 || iterations > MAX_ITERATIONS) throw new Error(`PBKDF2: bad iteration count ${iterations}`);
  let prf = PBE_OID.hmacWithSHA1; // the DEFAULT when absent, which is what notary relies on
  let keyLength: number | undefined;
  for (const el of optional) {
    if (el.tag === TAG.INTEGER) keyLength = Number(integerValue(el));
    else prf = oidString(children(expectTag(el, TAG.SEQUENCE))[0]!);
  }
  const [encOid, ivEl] = children(expectTag(enc!, TAG.SEQUENCE));
  const cipher = oidString(encOid!);
  const dkLen = AES_CBC[cipher];
  if (!dkLen) throw new SignetError('KEY_UNSUPPORTED', `key cipher ${cipher} is not supported (only AES-CBC)`);
  if (keyLength !== undefined && keyLength !== dkLen) throw new Error('PBKDF2: keyLength does not match the cipher');
  const hash: Pbkdf2Hash | undefined =
    prf === PBE_OID.hmacWithSHA1 ? 'sha1' : prf === PBE_OID.hmacWithSHA256 ? 'sha256' : undefined;
  if (!hash) throw new SignetError('KEY_UNSUPPORTED', `PBKDF2 PRF ${prf} is not supported`);
  const key = keyCrypto().pbkdf2(hash, utf8(passphrase), salt, iterations, dkLen);
  return aesCbcDecrypt(key, expectTag(ivEl!, TAG.OCTET_STRING).value, expectTag(data, TAG.OCTET_STRING).value);
}

/** OpenSSL EVP_BytesToKey with MD5 and one iteration, salt = first 8 bytes of the IV (RFC 1423 PEM). */
function evpBytesToKey(passphrase: Uint8Array, salt: Uint8Array, keyLen: number): Uint8Array {
  let out: Uint8Array = new Uint8Array(0);
  let prev: Uint8Array = new Uint8Array(0);
  while (out.length < keyLen) {
    prev = md5(concatBytes(prev, passphrase, salt));
    out = concatBytes(out, prev);
  }
  return out.subarray(0, keyLen);
}

const RFC1423_AES: Record<string, number> = { 'AES-128-CBC': 16, 'AES-192-CBC': 24, 'AES-256-CBC': 32 };

/**
 * Decrypts the body of a legacy RFC 1423 encrypted PEM block (`Proc-Type: 4,ENCRYPTED`,
 * `DEK-Info: AES-256-CBC,<hex iv>`), e.g. from `openssl ec -aes256`. AES only; DES/3DES blocks
 * → KEY_UNSUPPORTED.
 */
export function decryptRfc1423(headers: Record<string, string>, body: Uint8Array, passphrase: string): Uint8Array {
  const dek = headers['DEK-Info'];
  if (!dek) throw new SignetError('BAD_INPUT', 'encrypted PEM block without DEK-Info');
  const [cipherName = '', ivHex = ''] = dek.split(',').map((s) => s.trim());
  const keyLen = RFC1423_AES[cipherName.toUpperCase()];
  if (!keyLen) throw new SignetError('KEY_UNSUPPORTED', `PEM encryption ${cipherName} is not supported (only AES-CBC)`);
  const iv = fromHex(ivHex);
  const key = evpBytesToKey(utf8(passphrase), iv.subarray(0, 8), keyLen);
  return aesCbcDecrypt(key, iv, body);
}
