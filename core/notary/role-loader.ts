import { SignetError, isSignetError } from '../errors.js';
import type { CryptoProvider } from '../crypto/provider.js';
import { toHex, fromBase64, bytesEqual } from '../util/bytes.js';
import { canonicalString } from '../crypto/canonical-json.js';
import { sha256Of } from '../crypto/sha256-of.js';
import { parseSignedFile } from '../tuf/parse.js';
import { checkExpiry, checkFileMeta, checkVersion, verifySignatures } from '../tuf/verify.js';
import type { AnySigned, FileMeta, PublicKeyJSON, RoleKeys, RoleName, SignedFile } from '../tuf/types.js';
import type { MetadataCache } from './metadata-cache.js';
import type { TrustPinning } from '../tuf/trust-pinning.js';
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
  /** Trust pinning (notary's trust_pinning): every trusted root is checked against it. */
  pinning?: TrustPinning;
  /** 'report' only for an archive (a snapshot of the past): expiry is shown against `now`, not enforced. */
  expiry?: 'enforce' | 'report';
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
    const digest = alg === 'sha256' ? sha256Of(bytes, crypto) : alg === 'sha512' ? crypto.sha512(bytes) : undefined;
    if (digest === undefined) continue;
    if (!bytesEqual(digest, fromBase64(b64))) return false;
    checked++;
  }
  return checked > 0;
}

/**
 * What one load (one RoleLoaderContext) read from the cache: each role's bytes are read once, parsed
 * at most once, and remembered so that the pinned load, the rollback check and persist() all use the
 * same copy. A new context (every updateRepository call, the offline retry) starts empty.
 */
interface CacheEntry {
  bytes: Uint8Array | undefined;
  /** undefined: not parsed yet; null: the cached bytes do not parse */
  parsed?: SignedFile | null;
}
const cacheReads = new WeakMap<RoleLoaderContext, Map<RoleName, Promise<CacheEntry>>>();

function cacheEntry(ctx: RoleLoaderContext, role: RoleName): Promise<CacheEntry> {
  let reads = cacheReads.get(ctx);
  if (reads === undefined) cacheReads.set(ctx, (reads = new Map()));
  let entry = reads.get(role);
  if (entry === undefined) {
    const map = reads;
    entry = ctx.cache.get(role).then((bytes) => ({ bytes }));
    map.set(role, entry);
    entry.catch(() => map.delete(role)); // an I/O error is not remembered
  }
  return entry;
}

function parsedEntry(role: RoleName, entry: CacheEntry): SignedFile | undefined {
  if (entry.bytes === undefined) return undefined;
  if (entry.parsed === undefined) {
    try {
      entry.parsed = parseSignedFile(role, entry.bytes);
    } catch {
      entry.parsed = null; // a corrupt cache entry is simply not trusted; the remote copy replaces it
    }
  }
  return entry.parsed ?? undefined;
}

/** The cached bytes of a role (read once per context), or undefined when absent. */
export async function cachedBytes(ctx: RoleLoaderContext, role: RoleName): Promise<Uint8Array | undefined> {
  return (await cacheEntry(ctx, role)).bytes;
}

/** The cached copy of a role, parsed (once per context), or undefined when absent or unreadable. */
export async function cachedRole<T extends AnySigned>(
  ctx: RoleLoaderContext,
  role: RoleName,
): Promise<SignedFile<T> | undefined> {
  return parsedEntry(role, await cacheEntry(ctx, role)) as SignedFile<T> | undefined;
}

/**
 * Writes a verified file to the cache unless the copy this context read from the cache already has
 * the same bytes (no second read of the file from disk).
 */
export async function storeRole(ctx: RoleLoaderContext, role: RoleName, bytes: Uint8Array): Promise<void> {
  const entry = await cacheEntry(ctx, role);
  if (entry.bytes !== undefined && (entry.bytes === bytes || bytesEqual(entry.bytes, bytes))) return;
  await ctx.cache.set(role, bytes);
  cacheReads.get(ctx)?.set(role, Promise.resolve({ bytes }));
}

/**
 * Loads one role pinned by its parent's meta (snapshot by timestamp, targets and delegations by
 * snapshot): the cached bytes when they match the meta, otherwise the consistent download capped
 * at meta.length. Then hashes, signatures, type, expiry and rollback are all checked.
 * `trustedVersion` (the rollback reference) defaults to 'cached': the version of the cached copy,
 * if it parses.
 */
export async function loadPinnedRole<T extends AnySigned>(
  ctx: RoleLoaderContext,
  role: RoleName,
  meta: FileMeta,
  check: RoleCheck,
  trustedVersion: number | undefined | 'cached' = 'cached',
): Promise<SignedFile<T>> {
  const entry = await cacheEntry(ctx, role);
  const cached = entry.bytes;
  const current = cached !== undefined && matchesMeta(cached, meta, ctx.crypto);
  const trusted =
    trustedVersion !== 'cached'
      ? trustedVersion
      : current || cached === undefined
        ? parsedEntry(role, entry)?.signed.version
        : (cachedVersion(cached) ?? parsedEntry(role, entry)?.signed.version);
  if (cached !== undefined && current) {
    // matchesMeta checked the length and every sha256/sha512 listed: checkFileMeta's exact checks.
    // The cached copy was parsed once already (for its version); verify that same parse.
    const parsed = parsedEntry(role, entry);
    if (parsed !== undefined) return verifyParsed<T>(ctx, role, parsed as SignedFile<T>, check, trusted);
    return verifyRole<T>(ctx, role, cached, check, trusted); // unparseable: throws TUF_MALFORMED as before
  }
  if (ctx.offline) {
    throw new SignetError('NOTARY_NOT_INITIALIZED', `${role} is not in the local trust data cache`, {
      hint: 'Connect to the trust server once so the cache can be filled.',
    });
  }
  const bytes = await download(ctx, consistentName(role, meta), meta.length, role);
  checkFileMeta(role, bytes, meta, ctx.crypto);
  return verifyRole<T>(ctx, role, bytes, check, trusted);
}

/**
 * A file's end as notary writes it: the signed body's last member `"version":N`, then the
 * signatures (base64 and hex: no `]` inside).
 */
const VERSION_AT_END = /"version":(\d{1,15})\},"signatures":\[[^\]]*\]\}\s*$/;

/**
 * The version of a cached file about to be replaced (the rollback reference), read from its end
 * instead of parsing the whole file for it (a 5,000-tag targets file: ~5 ms); undefined when the
 * file does not end as notary writes it (it is then parsed).
 */
export function cachedVersion(bytes: Uint8Array): number | undefined {
  const tail = bytes.subarray(Math.max(0, bytes.length - 4096));
  let text = '';
  for (let i = 0; i < tail.length; i++) text += String.fromCharCode(tail[i]!);
  const m = VERSION_AT_END.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** Parses and fully verifies bytes for a role: type, signatures/threshold, expiry, rollback. */
export function verifyRole<T extends AnySigned>(
  ctx: RoleLoaderContext,
  role: RoleName,
  bytes: Uint8Array,
  check: RoleCheck,
  trustedVersion: number | undefined,
): SignedFile<T> {
  return verifyParsed<T>(ctx, role, parseSignedFile(role, bytes) as SignedFile<T>, check, trustedVersion);
}

/**
 * Signature checks this process has done: the role, the file's sha256, the role's keys and
 * threshold. The check is a function of exactly these (a file parsed from its own bytes), so the
 * same bytes read again (every refresh reads the cached roles: a 5,000-tag targets file is ~5 ms of
 * canonical JSON) need not be canonicalised and verified again. Only successes are kept, in memory,
 * per crypto provider; expiry and rollback are checked on every read.
 */
const signaturesChecked = new WeakMap<CryptoProvider, Set<string>>();
const CHECKS_KEPT = 512;

function checkKey(role: RoleName, file: SignedFile, check: RoleCheck, crypto: CryptoProvider): string {
  const ids = [...check.role.keyids].sort();
  const keys = canonicalString({
    threshold: check.role.threshold,
    keys: ids.map((id) => [id, Object.hasOwn(check.keys, id) ? check.keys[id] : null]),
  });
  return `${role}\n${toHex(sha256Of(file.raw, crypto))}\n${keys}`;
}

/** {@link verifyRole} for a file parsed already (by parseSignedFile, from its own `raw`). */
export function verifyParsed<T extends AnySigned>(
  ctx: RoleLoaderContext,
  role: RoleName,
  file: SignedFile<T>,
  check: RoleCheck,
  trustedVersion: number | undefined,
): SignedFile<T> {
  let done = signaturesChecked.get(ctx.crypto);
  if (done === undefined) signaturesChecked.set(ctx.crypto, (done = new Set()));
  const key = checkKey(role, file, check, ctx.crypto);
  if (!done.has(key)) {
    verifySignatures(file, role, check.keys, check.role, ctx.crypto);
    if (done.size >= CHECKS_KEPT) done.delete(done.values().next().value!);
    done.add(key);
  }
  if (ctx.expiry !== 'report') checkExpiry(role, file.signed.expires, ctx.now);
  checkVersion(role, file.signed.version, trustedVersion);
  return file;
}

/** GET a metadata file, turning a missing file into a message that names the role. */
export async function download(
  ctx: RoleLoaderContext,
  name: string,
  maxBytes: number,
  role: RoleName,
): Promise<Uint8Array> {
  try {
    return await ctx.remote.getMeta(name, maxBytes);
  } catch (e) {
    if (isSignetError(e, 'HTTP_TOO_LARGE')) {
      throw new SignetError(
        'TUF_TOO_LARGE',
        `${role}: the server sent more than the ${maxBytes} bytes its signed metadata allows`,
        { cause: e },
      );
    }
    throw e;
  }
}
