import { SignetError, isSignetError } from '../errors.js';
import type { CryptoProvider } from '../crypto/provider.js';
import { checkRootSelf } from '../tuf/root-rotation.js';
import { checkPinnedRoot, type TrustPinning } from '../tuf/trust-pinning.js';
import { parseSignedFile } from '../tuf/parse.js';
import type { RootSigned, SignedFile, SnapshotSigned, TargetsSigned, TimestampSigned } from '../tuf/types.js';
import type { MetadataCache } from './metadata-cache.js';
import type { RemoteStore } from './remote-store.js';
import {
  MAX_ROOT_BYTES,
  MAX_TIMESTAMP_BYTES,
  cachedBytes,
  cachedRole,
  download,
  loadPinnedRole,
  matchesMeta,
  storeRole,
  verifyRole,
  type RoleLoaderContext,
} from './role-loader.js';
import { loadDelegations, type DelegationTree } from './delegation-walk.js';
import { updateRoot } from './root-update.js';

/** Verified trust data for one GUN, loaded in TUF order (notary client/tufclient.go). */
export interface TrustedRepository extends DelegationTree {
  gun: string;
  root: SignedFile<RootSigned>;
  timestamp: SignedFile<TimestampSigned>;
  snapshot: SignedFile<SnapshotSigned>;
  targets: SignedFile<TargetsSigned>;
  /** 'remote': freshly checked with the server; 'cache': the server was not used (offline). */
  source: 'remote' | 'cache';
  /** Why the server was not used, when source is 'cache'. */
  offlineReason?: SignetError;
}

export interface UpdateOptions {
  gun: string;
  remote: RemoteStore;
  cache: MetadataCache;
  crypto: CryptoProvider;
  /** The clock every expiry is judged by (injected: core never reads the wall clock). */
  now: Date;
  /** 'auto' (default): fall back to cached data when the server cannot be reached; 'never'; 'only'. */
  offline?: 'auto' | 'never' | 'only';
  /** Trust pinning for the repository's root (notary's trust_pinning); default: trust on first use. */
  pinning?: TrustPinning;
  /** Told every verified state (the version store keeps them for the history); none when absent. */
  observe?: VerifiedObserver;
  /**
   * 'report' only for a trust archive: a snapshot of the past is verified in every other way
   * (signatures, thresholds, paths, hashes, versions, root chain), and its expiry is shown against
   * `now` by the trust policy instead of refusing it. Default 'enforce'.
   */
  expiry?: 'enforce' | 'report';
  /**
   * The writes of a read (the cache, the versions kept for the history) handed over instead of
   * awaited: a long-lived shell (the app's refresh) gets what was verified at once and sees the
   * writes finish, or fail, itself; the shell runs them one after another, so two refreshes never
   * interleave their files. Without it they are awaited (the CLI).
   */
  writeBehind?: (write: () => Promise<void>) => void;
}

/**
 * Watches the TUF client: told the files of every repository state it verified (never of a state
 * that failed). The history's version store is one; the client knows nothing of what it does.
 */
export interface VerifiedObserver {
  verified(gun: string, files: readonly SignedFile[]): Promise<void>;
}

/** The files of a verified repository: root, timestamp, snapshot, targets and every delegation. */
export function repositoryFiles(repo: {
  root: SignedFile;
  timestamp: SignedFile;
  snapshot: SignedFile;
  targets: SignedFile;
  delegations: Map<string, SignedFile>;
}): SignedFile[] {
  return [repo.root, repo.timestamp, repo.snapshot, repo.targets, ...repo.delegations.values()];
}

/** Errors that mean "the server could not be used", after which cached data may be shown. */
function isUnreachable(e: unknown): e is SignetError {
  return (
    isSignetError(e) &&
    [
      'HTTP_UNREACHABLE',
      'HTTP_TIMEOUT',
      'HTTP_TLS',
      'HTTP_SERVER_ERROR',
      'HTTP_UNAUTHORIZED',
      'HTTP_FORBIDDEN',
    ].includes(e.code)
  );
}

/**
 * Updates and verifies a repository's trust data. Nothing is written to the cache until every
 * check has passed, so tampered or rolled-back metadata never replaces trusted data.
 */
export async function updateRepository(opts: UpdateOptions): Promise<TrustedRepository> {
  const now = opts.now;
  const mode = opts.offline ?? 'auto';
  const ctx: RoleLoaderContext = {
    remote: opts.remote,
    cache: opts.cache,
    crypto: opts.crypto,
    now,
    offline: mode === 'only',
    ...(opts.pinning ? { pinning: opts.pinning } : {}),
    ...(opts.expiry ? { expiry: opts.expiry } : {}),
  };
  if (mode === 'only') {
    const [repo, persisted] = await load(ctx, opts.gun);
    return kept(opts, { ...repo, source: 'cache' }, persisted);
  }
  try {
    const [repo, persisted] = await load(ctx, opts.gun);
    return await kept(opts, { ...repo, source: 'remote' }, persisted);
  } catch (e) {
    if (mode === 'never' || !isUnreachable(e) || (await opts.cache.get('timestamp')) === undefined) throw e;
    const offlineCtx = { ...ctx, offline: true };
    const [repo, persisted] = await load(offlineCtx, opts.gun);
    return kept(opts, { ...repo, source: 'cache', offlineReason: e }, persisted);
  }
}

/**
 * Tells the observer what was verified while the cache is written (both are writes to disk; neither
 * needs the other); an observer that fails (a full disk) is a warning, not a failure.
 */
async function kept(
  opts: UpdateOptions,
  repo: TrustedRepository,
  persist: () => Promise<void>,
): Promise<TrustedRepository> {
  if (opts.writeBehind) {
    const files = repositoryFiles(repo);
    opts.writeBehind(() => Promise.all([persist(), opts.observe?.verified(opts.gun, files)]).then(() => undefined));
    return repo;
  }
  if (!opts.observe) {
    await persist();
    return repo;
  }
  const keeping = opts.observe.verified(opts.gun, repositoryFiles(repo)).catch((e: unknown) => {
    repo.warnings.push(`the verified trust data could not be kept for its history: ${(e as Error).message}`);
  });
  await Promise.all([persist(), keeping]);
  return repo;
}

type Loaded = Omit<TrustedRepository, 'source' | 'offlineReason'>;

/** A signature failure that a rotation of the timestamp or snapshot key in a newer root explains. */
function isKeyError(e: unknown): boolean {
  return isSignetError(e) && ['TUF_UNKNOWN_KEY', 'TUF_THRESHOLD', 'TUF_BAD_SIGNATURE'].includes(e.code);
}

/** Loads and verifies the repository; the second element writes it to the cache (persist). */
async function load(ctx: RoleLoaderContext, gun: string): Promise<[Loaded, () => Promise<void>]> {
  let root = await trustedRoot(ctx, gun);
  // Rollback references: the cached copies, each read and parsed once per load (role-loader
  // remembers them; loadPinnedRole takes the cached version of snapshot and targets itself).
  const cachedTs = await cachedRole<TimestampSigned>(ctx, 'timestamp');

  for (let attempt = 0; ; attempt++) {
    const r = root.signed;
    const tsBytes = ctx.offline ? await requireCached(ctx, 'timestamp') : await downloadTimestamp(ctx);
    let timestamp: SignedFile<TimestampSigned>;
    let snapshot: SignedFile<SnapshotSigned>;
    try {
      timestamp = verifyRole<TimestampSigned>(
        ctx,
        'timestamp',
        tsBytes,
        { keys: r.keys, role: r.roles.timestamp },
        cachedTs?.signed.version,
      );
      snapshot = await loadPinnedRole<SnapshotSigned>(ctx, 'snapshot', timestamp.signed.meta.snapshot, {
        keys: r.keys,
        role: r.roles.snapshot,
      });
    } catch (e) {
      // Signed by keys the trusted root does not list: the timestamp or snapshot key was rotated in a
      // newer root (notary fetches the newest root first). Follow the server's root chain, retry once.
      if (attempt > 0 || ctx.offline || !isKeyError(e)) throw e;
      const newer = await updateRoot(ctx, gun, root);
      if (newer.signed.version === root.signed.version) throw e;
      root = newer;
      continue;
    }

    // The snapshot pins root too: a different root means the repository's root was rotated.
    const rootMeta = snapshot.signed.meta['root'];
    if (rootMeta !== undefined && !matchesMeta(root.raw, rootMeta, ctx.crypto)) {
      if (attempt > 0 || ctx.offline) {
        throw new SignetError(
          'TUF_HASH_MISMATCH',
          'root: the snapshot lists a root that does not match the trusted root',
        );
      }
      root = await updateRoot(ctx, gun, root, rootMeta);
      continue;
    }
    const targetsMeta = snapshot.signed.meta['targets'];
    if (targetsMeta === undefined) throw new SignetError('TUF_MALFORMED', 'snapshot: it has no entry for targets');
    const targets = await loadPinnedRole<TargetsSigned>(ctx, 'targets', targetsMeta, {
      keys: r.keys,
      role: r.roles.targets,
    });
    const tree = await loadDelegations(ctx, targets, snapshot);

    return [
      { gun, root, timestamp, snapshot, targets, ...tree },
      () => persist(ctx, root, timestamp, snapshot, targets, tree),
    ];
  }
}

/** The timestamp; a 404 means the server no longer has this repository (deleted, or reset). */
async function downloadTimestamp(ctx: RoleLoaderContext): Promise<Uint8Array> {
  try {
    return await download(ctx, 'timestamp', MAX_TIMESTAMP_BYTES, 'timestamp');
  } catch (e) {
    if (!isSignetError(e, 'HTTP_NOT_FOUND')) throw e;
    // not NOTARY_NOT_INITIALIZED: writers must not silently re-create a repository this client trusted
    throw new SignetError('HTTP_NOT_FOUND', `the trust server has no trust data for ${ctx.remote.gun} any more`, {
      hint: 'It was deleted or the server lost its data; the local cache still holds its last trusted state. To start over, delete that cache (trust/tuf/<GUN>/) and initialize the repository again.',
      cause: e,
    });
  }
}

async function requireCached(ctx: RoleLoaderContext, role: string): Promise<Uint8Array> {
  const bytes = await cachedBytes(ctx, role);
  if (bytes === undefined) {
    throw new SignetError('NOTARY_NOT_INITIALIZED', `no cached trust data (${role}) for this repository`, {
      hint: 'nothing has been read from the trust server for this repository yet: run without --offline while the server is reachable',
    });
  }
  return bytes;
}

/** The cached root (trust anchor) or, on first use, the server's root (trust on first use). */
async function trustedRoot(ctx: RoleLoaderContext, gun: string): Promise<SignedFile<RootSigned>> {
  const cached = await cachedBytes(ctx, 'root');
  const bytes = cached ?? (ctx.offline ? await requireCached(ctx, 'root') : await downloadRoot(ctx));
  const root = verifyRootSelf(ctx, gun, bytes);
  checkPinnedRoot(root, gun, ctx.pinning, { firstUse: cached === undefined, crypto: ctx.crypto, now: ctx.now });
  return root;
}

/** When a root's own expiry is checked: now, unless an archive's expiry is only reported. */
export const expiryAt = (ctx: RoleLoaderContext): { expiresAt?: Date } =>
  ctx.expiry === 'report' ? {} : { expiresAt: ctx.now };

/** A root must be signed by its own root keys to its own threshold, with valid certificates (root-rotation.ts). */
export function verifyRootSelf(ctx: RoleLoaderContext, gun: string, bytes: Uint8Array): SignedFile<RootSigned> {
  const root = parseSignedFile('root', bytes) as SignedFile<RootSigned>;
  checkRootSelf(root, { gun, crypto: ctx.crypto, certsAt: ctx.now, ...expiryAt(ctx) });
  return root;
}

async function downloadRoot(ctx: RoleLoaderContext): Promise<Uint8Array> {
  try {
    return await download(ctx, 'root', MAX_ROOT_BYTES, 'root');
  } catch (e) {
    if (isSignetError(e, 'HTTP_NOT_FOUND')) {
      throw new SignetError('NOTARY_NOT_INITIALIZED', `the trust server has no trust data for ${ctx.remote.gun}`, {
        hint: 'The repository has not been signed yet: initialize it or sign a tag first.',
        cause: e,
      });
    }
    throw e;
  }
}

async function persist(
  ctx: RoleLoaderContext,
  ...files: [SignedFile, SignedFile, SignedFile, SignedFile, DelegationTree]
): Promise<void> {
  if (ctx.offline) return;
  const [root, timestamp, snapshot, targets, tree] = files;
  const all: SignedFile[] = [root, timestamp, snapshot, targets, ...tree.delegations.values()];
  // Compared with the copies read from the cache during this load (no second read from disk);
  // only changed files are written, all at once (each write is atomic on its own).
  await Promise.all(all.map((f) => storeRole(ctx, f.role, f.raw)));
}
