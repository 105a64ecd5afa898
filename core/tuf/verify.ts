/** Pure TUF checks (notary tuf/signed/verify.go, trustpinning/certs.go). Each throws a coded SignetError. */
import { SignetError } from '../errors.js';
import { keyId } from '../crypto/key-id.js';
import type { CryptoProvider, VerifyRequest } from '../crypto/provider.js';
import { certsFromKey, isX509KeyType } from '../crypto/x509.js';
import { bytesEqual, fromBase64 } from '../util/bytes.js';
import { canonicalBytes } from '../crypto/canonical-json.js';
import { formatExpires, parseExpires } from './expires.js';
import type { FileMeta, PublicKeyJSON, RoleKeys, RoleName, RootSigned, SignatureJSON, SignedFile } from './types.js';

const DAY_MS = 86_400_000;

/** Key IDs already computed, by key content (one root's keys verify every file of a history). */
const keyIds = new Map<string, string>();
function idOf(key: PublicKeyJSON, crypto: CryptoProvider): string {
  const content = `${key.keytype}\u0000${key.keyval.public}`;
  let id = keyIds.get(content);
  if (id === undefined) {
    id = keyId(key, crypto);
    if (keyIds.size >= 1024) keyIds.clear();
    keyIds.set(content, id);
  }
  return id;
}

/** The keys a role lists that exist in `keys` (keyid → key); listed IDs without a key are left out. */
export function resolveRoleKeys(keys: Record<string, PublicKeyJSON>, role: RoleKeys): Record<string, PublicKeyJSON> {
  const out: Record<string, PublicKeyJSON> = {};
  for (const id of role.keyids) {
    const key = Object.hasOwn(keys, id) ? keys[id] : undefined;
    if (key) out[id] = key;
  }
  return out;
}

/** The provider request for one signature; x509 keys verify with their leaf certificate's SPKI. */
function verifyRequest(key: PublicKeyJSON, sig: SignatureJSON, message: Uint8Array): VerifyRequest {
  const signature = fromBase64(sig.sig);
  if (isX509KeyType(key.keytype)) {
    const leaf = certsFromKey(key)[0]!;
    const keyType = leaf.publicKey.algorithm === 'rsa' ? 'rsa' : 'ecdsa';
    return { method: sig.method, keyType, publicKey: leaf.spki, message, signature };
  }
  const keyType = key.keytype === 'ed25519' ? 'ed25519' : key.keytype === 'rsa' ? 'rsa' : 'ecdsa';
  if (key.keytype !== keyType) throw new Error(`unsupported key type "${key.keytype}"`);
  return { method: sig.method, keyType, publicKey: fromBase64(key.keyval.public), message, signature };
}

/**
 * Verifies `file`'s signatures over canonicalBytes(file.signedValue) against `role` and returns the
 * distinct keyids with a valid signature. Signatures by keys outside the role are ignored.
 * Throws 'TUF_BAD_SIGNATURE' (role keys signed but none verifies, or a key's ID does not match its
 * content), 'TUF_UNKNOWN_KEY' (no signature by a role key) or 'TUF_THRESHOLD' (too few valid keys).
 */
export function verifySignatures(
  file: SignedFile,
  roleName: RoleName,
  keys: Record<string, PublicKeyJSON>,
  role: RoleKeys,
  crypto: CryptoProvider,
): string[] {
  if (!Number.isInteger(role.threshold) || role.threshold < 1) {
    throw new SignetError('TUF_MALFORMED', `${roleName}: threshold ${role.threshold} is not a positive integer`);
  }
  const roleKeys = resolveRoleKeys(keys, role);
  let message: Uint8Array;
  try {
    message = canonicalBytes(file.signedValue);
  } catch (e) {
    throw new SignetError(
      'TUF_MALFORMED',
      `${roleName}: signed body cannot be canonicalised: ${(e as Error).message}`,
      { cause: e },
    );
  }
  const valid = new Set<string>();
  const failures: string[] = [];
  let byRoleKeys = 0;
  for (const sig of file.signatures) {
    const key = Object.hasOwn(roleKeys, sig.keyid) ? roleKeys[sig.keyid] : undefined;
    if (!key) continue;
    byRoleKeys++;
    const actualId = idOf(key, crypto);
    if (actualId !== sig.keyid) {
      throw new SignetError('TUF_BAD_SIGNATURE', `${roleName}: key listed as ${sig.keyid} has ID ${actualId}`);
    }
    if (valid.has(sig.keyid)) continue;
    let ok: boolean;
    try {
      ok = crypto.verify(verifyRequest(key, sig, message));
    } catch (e) {
      failures.push(`${sig.keyid.slice(0, 7)}: ${(e as Error).message}`);
      continue;
    }
    if (ok) valid.add(sig.keyid);
    else failures.push(`${sig.keyid.slice(0, 7)}: ${sig.method} signature does not verify`);
  }
  if (valid.size === 0 && byRoleKeys > 0) {
    throw new SignetError('TUF_BAD_SIGNATURE', `${roleName}: no valid signature (${failures.join('; ')})`);
  }
  if (valid.size === 0) {
    const what = file.signatures.length === 0 ? 'has no signatures' : 'is not signed by any of its keys';
    throw new SignetError(
      'TUF_UNKNOWN_KEY',
      `${roleName}: metadata ${what} (${role.keyids.length} keys, threshold ${role.threshold})`,
    );
  }
  if (valid.size < role.threshold) {
    throw new SignetError(
      'TUF_THRESHOLD',
      `${roleName}: valid signatures did not meet threshold (${valid.size}/${role.threshold} keys)`,
    );
  }
  return [...valid];
}

/** Throws 'TUF_EXPIRED' when `expires` is before `now` (an `expires` equal to `now` is still valid). */
export function checkExpiry(roleName: RoleName, expires: string | Date, now: Date): void {
  const at = typeof expires === 'string' ? parseExpires(expires) : expires;
  if (at.getTime() < now.getTime()) {
    throw new SignetError('TUF_EXPIRED', `${roleName} expired at ${formatExpires(at)}`, {
      hint: 'Re-sign the role, or check the system clock.',
      expired: { role: roleName, expires: formatExpires(at) },
    });
  }
}

/** Throws 'TUF_ROLLBACK' when `newVersion` is lower than the trusted one (equal is allowed). */
export function checkVersion(roleName: RoleName, newVersion: number, trustedVersion: number | undefined): void {
  if (trustedVersion !== undefined && newVersion < trustedVersion) {
    throw new SignetError(
      'TUF_ROLLBACK',
      `${roleName}: version ${newVersion} is older than the trusted version ${trustedVersion}`,
    );
  }
}

/**
 * Checks downloaded bytes against their meta entry: 'TUF_LENGTH_MISMATCH' on a length difference,
 * 'TUF_HASH_MISMATCH' when a sha256/sha512 differs or neither is listed (other algorithms are ignored).
 */
export function checkFileMeta(roleName: RoleName, raw: Uint8Array, meta: FileMeta, crypto: CryptoProvider): void {
  if (raw.length !== meta.length) {
    throw new SignetError('TUF_LENGTH_MISMATCH', `${roleName}: got ${raw.length} bytes, expected ${meta.length}`);
  }
  let checked = 0;
  for (const alg of ['sha256', 'sha512'] as const) {
    const expected = meta.hashes[alg];
    if (expected === undefined) continue;
    if (!bytesEqual(crypto[alg](raw), fromBase64(expected))) {
      throw new SignetError(
        'TUF_HASH_MISMATCH',
        `${roleName}: ${alg} of the ${raw.length} bytes does not match the signed meta`,
      );
    }
    checked++;
  }
  if (checked === 0) {
    throw new SignetError('TUF_HASH_MISMATCH', `${roleName}: meta lists no sha256 or sha512 hash to check`);
  }
}

/**
 * Certificate checks on every x509 root-role key (notary ValidateRoot / ValidateCertificate): leaf not
 * a CA, CN equal to the GUN (or a `prefix/*` wildcard covering it), within its validity (NotBefore may
 * be up to one day ahead), no MD5/SHA-1 signature, RSA ≥ 2048 bits. Throws 'TUF_BAD_ROOT'.
 */
export function validateRootCerts(root: RootSigned, gun: string, now: Date, crypto: CryptoProvider): void {
  void crypto; // kept in the signature for future chain verification
  const certKeys = root.roles.root.keyids.filter((id) => root.keys[id] && isX509KeyType(root.keys[id]!.keytype));
  if (certKeys.length === 0) {
    // notary ValidateRoot only trusts root keys that carry a valid certificate
    throw new SignetError(
      'TUF_BAD_ROOT',
      'root: no root key carries a certificate (notary root keys are ecdsa-x509 or rsa-x509)',
    );
  }
  for (const id of certKeys) {
    const key = root.keys[id]!;
    const bad = (what: string) => new SignetError('TUF_BAD_ROOT', `root: certificate of key ${id.slice(0, 7)} ${what}`);
    let leaf;
    try {
      leaf = certsFromKey(key)[0]!;
    } catch (e) {
      throw bad(`cannot be parsed: ${(e as Error).message}`);
    }
    const cn = leaf.subjectCN ?? '';
    const wildcard = cn.endsWith('/*') && gun.startsWith(cn.slice(0, -1));
    if (cn !== gun && !wildcard) throw bad(`has CN "${cn}", expected "${gun}"`);
    if (leaf.isCA) throw bad('is a CA certificate, not a leaf');
    if (leaf.notAfter.getTime() < now.getTime()) throw bad(`expired at ${formatExpires(leaf.notAfter)}`);
    if (leaf.notBefore.getTime() > now.getTime() + DAY_MS)
      throw bad(`is not valid before ${formatExpires(leaf.notBefore)}`);
    if (leaf.weakSignature) throw bad(`uses a weak signature algorithm (${leaf.signatureAlgorithmOid})`);
    if (leaf.publicKey.rsa && leaf.publicKey.rsa.bits < 2048) throw bad(`has a ${leaf.publicKey.rsa.bits}-bit RSA key`);
  }
}
