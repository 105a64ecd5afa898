import { SignetError, isSignetError } from '../errors.js';
import type { CryptoProvider } from '../crypto/provider.js';
import { toHex, fromBase64, bytesEqual } from '../util/bytes.js';
import { parseSignedFile } from '../tuf/parse.js';
import { checkExpiry, checkFileMeta, checkVersion, verifySignatures } from '../tuf/verify.js';
import type { AnySigned, FileMeta, PublicKeyJSON, RoleKeys, RoleName, SignedFile } from '../tuf/types.js';
import type { MetadataCache } from './metadata-cache.js';
import type { RemoteStore } from './remote-store.js';

/** Upper bounds for files whose length no parent metadata pins (notary const.go). */
export const MAX_ROOT_BYTES = 100 << 20;
export const MAX_TIMESTAMP_BYTES = 1 << 20;

export interface RoleLoaderContext {
  remote: RemoteStore;
  cache: MetadataCache;
  crypto: CryptoProvider;
  now: Date;
  /** When true nothing is downloaded: every role must come from the cache. */
  offline: boolean;
}

export interface RoleCheck {
  keys: Record<string, PublicKeyJSON>;
  role: RoleKeys;
}

/** The consistent-snapshot name of a file pinned by meta: `<role>.<sha256 hex>`. */
export function consistentName(role: RoleName, meta: FileMeta): string {
  const sha = meta.hashes['sha256'];
  if (sha === undefined) {
    throw new SignetError('TUF_MALFORMED', `${role}: its snapshot entry has no sha256 hash to download it by`);
  }
  return `${role}.${toHex(fromBase64(sha))}`;
}

/** True when `bytes` match every hash and the length in `meta`. */
export function matchesMeta(bytes: Uint8Array, meta: FileMeta, crypto: CryptoProvider): boolean {
  if (bytes.length !== meta.length) return false;
  let checked = 0;
  for (const [alg, b64] of Object.entries(meta.hashes)) {
    const digest = alg === 'sha256' ? crypto.sha256(bytes) : alg === 'sha512' ? crypto.sha512(bytes) : undefined;
    if (digest === undefined) continue;
    if (!bytesEqual(digest, fromBase64(b64))) return false;
    checked++;
  }
  return checked > 0;
}

/** The cached copy of a role, parsed, or undefined when absent or unreadable. */
export async function cachedRole<T extends AnySigned>(
  ctx: RoleLoaderContext,
  role: RoleName,
): Promise<SignedFile<T> | undefined> {
  const bytes = await ctx.cache.get(role);
  if (bytes === undefined) return undefined;
  try {
    return parseSignedFile(role, bytes) as SignedFile<T>;
  } catch {
    return undefined; // a corrupt cache entry is simply not trusted; the remote copy replaces it
  }
}

/**
 * Loads one role pinned by its parent's meta (snapshot by timestamp, targets and delegations by
 * snapshot): the cached bytes when they match the meta, otherwise the consistent download capped
 * at meta.length. Then hashes, signatures, type, expiry and rollback are all checked.
 */
export async function loadPinnedRole<T extends AnySigned>(
  ctx: RoleLoaderContext,
  role: RoleName,
  meta: FileMeta,
  check: RoleCheck,
  trustedVersion: number | undefined,
): Promise<SignedFile<T>> {
  const cached = await ctx.cache.get(role);
  let bytes: Uint8Array;
  if (cached !== undefined && matchesMeta(cached, meta, ctx.crypto)) {
    bytes = cached;
  } else if (ctx.offline) {
    throw new SignetError('NOTARY_NOT_INITIALIZED', `${role} is not in the local trust data cache`, {
      hint: 'Connect to the trust server once so the cache can be filled.',
    });
  } else {
    bytes = await download(ctx, consistentName(role, meta), meta.length, role);
  }
  checkFileMeta(role, bytes, meta, ctx.crypto);
  return verifyRole<T>(ctx, role, bytes, check, trustedVersion);
}

/** Parses and fully verifies bytes for a role: type, signatures/threshold, expiry, rollback. */
export function verifyRole<T extends AnySigned>(
  ctx: RoleLoaderContext,
  role: RoleName,
  bytes: Uint8Array,
  check: RoleCheck,
  trustedVersion: number | undefined,
): SignedFile<T> {
  const file = parseSignedFile(role, bytes) as SignedFile<T>;
  verifySignatures(file, role, check.keys, check.role, ctx.crypto);
  checkExpiry(role, file.signed.expires, ctx.now);
  checkVersion(role, file.signed.version, trustedVersion);
  return file;
}

/** GET a metadata file, turning a missing file into a message that names the role. */
export async function download(ctx: RoleLoaderContext, name: string, maxBytes: number, role: RoleName): Promise<Uint8Array> {
  try {
    return await ctx.remote.getMeta(name, maxBytes);
  } catch (e) {
    if (isSignetError(e, 'HTTP_TOO_LARGE')) {
      throw new SignetError('TUF_TOO_LARGE', `${role}: the server sent more than the ${maxBytes} bytes its signed metadata allows`, { cause: e });
    }
    throw e;
  }
}
