/**
 * notary/docker private key files (`<trust_dir>/private/<canonicalId>.key`, protocol §9): writing
 * them byte-compatible with notary's `ConvertPrivateKeyToPKCS8`, reading them plus the legacy
 * formats notary still accepts (`ParsePEMPrivateKey`: SEC1/PKCS#1/raw Ed25519 PEM, RFC 1423 encrypted).
 */
import { SignetError } from '../errors.js';
import { isCosignKeyType } from './cosign-key.js';
import type { PemBlock } from './pem.js';
import { decodePemBlocks, encodePem } from './pem.js';
import { decryptPkcs8, decryptRfc1423, encryptPkcs8, wrongPassphrase } from './pbe.js';
import { encodePrivateKeyInfo, parseNotaryEd25519, parsePrivateKeyInfo, parseSec1, rsaPrivateKey } from './pkcs8.js';
import type { PrivateKey } from './private-key.js';

export { publicKeyPem, parsePublicKeyPem } from './public-key-pem.js';

/** The `role:`/`gun:` PEM headers notary keys its files by. */
export interface KeyFileHeaders {
  /** root, targets, snapshot, a signer name, `delegation`... */
  role: string;
  /** Only for targets/snapshot keys; root and delegation keys have none. */
  gun?: string;
}

/** A decrypted key file. */
export interface DecryptedKeyFile {
  key: PrivateKey;
  role?: string;
  gun?: string;
}

/** What a key file says about itself without decrypting it. */
export interface KeyFileInfo {
  /** PEM type, e.g. `ENCRYPTED PRIVATE KEY`. */
  type: string;
  role?: string;
  gun?: string;
  /** True when a passphrase is needed to read the key. */
  encrypted: boolean;
}

/** PEM types holding a legacy (non-PKCS#8) private key, and how to parse their DER. */
const LEGACY: Record<string, (der: Uint8Array) => PrivateKey> = {
  'EC PRIVATE KEY': (der) => parseSec1(der),
  'RSA PRIVATE KEY': rsaPrivateKey,
  'ED25519 PRIVATE KEY': parseNotaryEd25519,
};

/** The key block of a file: the first one, skipping the `EC PARAMETERS` block `openssl ecparam -genkey` puts first. */
function keyBlock(text: string): PemBlock {
  let blocks: PemBlock[];
  try {
    blocks = decodePemBlocks(text);
  } catch (e) {
    throw new SignetError('BAD_INPUT', `not a valid PEM key file: ${(e as Error).message}`, { cause: e });
  }
  const block = blocks.find((b) => b.type !== 'EC PARAMETERS');
  if (!block) throw new SignetError('BAD_INPUT', 'no PEM private key found');
  return block;
}

const isRfc1423 = (b: PemBlock): boolean => (b.headers['Proc-Type'] ?? '').replace(/\s/g, '') === '4,ENCRYPTED';

function headersOf(block: PemBlock): { role?: string; gun?: string } {
  const out: { role?: string; gun?: string } = {};
  if (block.headers.role !== undefined) out.role = block.headers.role;
  if (block.headers.gun !== undefined) out.gun = block.headers.gun;
  return out;
}

/** Reads a key file's type and `role:`/`gun:` headers; no passphrase needed. A cosign.key counts as encrypted. */
export function readKeyFileHeaders(pem: string): KeyFileInfo {
  const block = keyBlock(pem);
  return {
    type: block.type,
    ...headersOf(block),
    encrypted: block.type === 'ENCRYPTED PRIVATE KEY' || isRfc1423(block) || isCosignKeyType(block.type),
  };
}

/**
 * Writes a key file as notary does: PKCS#8 (EC version 1 with a full SEC1 key) encrypted with
 * PBES2/PBKDF2-HMAC-SHA1/AES-256-CBC as `ENCRYPTED PRIVATE KEY`, or unencrypted `PRIVATE KEY` when
 * `passphrase` is empty. Headers: `role:` (when non-empty) and `gun:` (only when given), emitted
 * sorted by Go's pem.Encode. `opts.salt`/`opts.iv` make the output reproducible for tests.
 */
export function encryptPrivateKey(
  key: PrivateKey,
  passphrase: string,
  headers: KeyFileHeaders,
  opts: { salt?: Uint8Array; iv?: Uint8Array } = {},
): string {
  const pemHeaders: Record<string, string> = {};
  if (headers.role) pemHeaders.role = headers.role;
  if (headers.gun) pemHeaders.gun = headers.gun;
  const plain = encodePrivateKeyInfo(key);
  if (passphrase === '') return encodePem('PRIVATE KEY', plain, pemHeaders);
  return encodePem('ENCRYPTED PRIVATE KEY', encryptPkcs8(plain, passphrase, opts.salt, opts.iv), pemHeaders);
}

/**
 * Reads a private key file: PKCS#8 encrypted or not, legacy `EC`/`RSA`/`ED25519 PRIVATE KEY`
 * plain or RFC 1423-encrypted. Errors: KEY_WRONG_PASSPHRASE (missing or wrong passphrase),
 * KEY_UNSUPPORTED (unknown PEM type, algorithm, curve or cipher), BAD_INPUT (corrupt file).
 */
export function decryptPrivateKey(pem: string, passphrase: string | undefined): DecryptedKeyFile {
  const block = keyBlock(pem);
  const encrypted = block.type === 'ENCRYPTED PRIVATE KEY' || isRfc1423(block);
  if (encrypted && passphrase === undefined) {
    throw new SignetError('KEY_WRONG_PASSPHRASE', 'this key is encrypted: a passphrase is needed');
  }
  let decrypted = false;
  try {
    let key: PrivateKey;
    if (block.type === 'ENCRYPTED PRIVATE KEY') {
      const plain = decryptPkcs8(block.bytes, passphrase!);
      decrypted = true;
      key = parsePrivateKeyInfo(plain);
    } else if (block.type === 'PRIVATE KEY') {
      key = parsePrivateKeyInfo(block.bytes);
    } else if (LEGACY[block.type]) {
      const der = encrypted ? decryptRfc1423(block.headers, block.bytes, passphrase!) : block.bytes;
      decrypted = encrypted;
      key = LEGACY[block.type]!(der);
    } else {
      throw new SignetError('KEY_UNSUPPORTED', `unsupported private key PEM type "${block.type}"`, {
        hint: isCosignKeyType(block.type)
          ? 'This is a cosign key (cosign.key): import it with signet key import.'
          : 'Expected ENCRYPTED PRIVATE KEY, PRIVATE KEY, EC PRIVATE KEY, RSA PRIVATE KEY or ED25519 PRIVATE KEY.',
      });
    }
    return { key, ...headersOf(block) };
  } catch (e) {
    if (e instanceof SignetError && !(decrypted && e.code === 'BAD_INPUT')) throw e;
    // Plaintext that decrypts with valid padding but is not a key means the passphrase was wrong
    // (Go's notary makes the same call); in an unencrypted file it means the file is corrupt.
    if (decrypted) throw wrongPassphrase(e);
    throw new SignetError('BAD_INPUT', `invalid ${block.type}: ${(e as Error).message}`, { cause: e });
  }
}
