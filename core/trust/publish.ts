import { SignetError, isSignetError } from '../errors.js';
import type { CryptoProvider } from '../crypto/provider.js';
import type { MetadataCache } from '../notary/metadata-cache.js';
import type { TrustPinning } from '../tuf/trust-pinning.js';
import type { RemoteStore } from '../notary/remote-store.js';
import { updateRepository, type TrustedRepository } from '../notary/tuf-client.js';
import type { RoleName, SignedFile } from '../tuf/types.js';
import type { VerifiedObserver } from '../notary/tuf-client.js';
import { applyChanges } from './apply.js';
import { expiryState } from './policy.js';
import type { ChangeStore, StagedChange } from './changelist.js';
import { signChangedRoles, type SignerLookup } from './sign-roles.js';
import { workingCopy, type WorkingRepo } from './working-repo.js';

export type PublishStep = 'fetching' | 'signing' | 'publishing' | 'verifying';

export interface PublishContext {
  gun: string;
  remote: RemoteStore;
  cache: MetadataCache;
  crypto: CryptoProvider;
  signers: SignerLookup;
  changes: ChangeStore;
  now: () => Date;
  progress?: (step: PublishStep) => void;
  /** Trust pinning for the repository's root (every refresh and the read-back check it). */
  pinning?: TrustPinning;
  /** Where every verified version is kept for the repository's history (issue 12). */
  observe?: VerifiedObserver;
}

export interface PublishResult {
  /** Roles uploaded, in upload order. */
  published: RoleName[];
  applied: StagedChange[];
  /** The repository as the server now serves it, verified. */
  repo: TrustedRepository;
}

export interface PublishOptions {
  /**
   * A repository the caller verified with the server moments ago in this process (e.g. the one a
   * write session was opened with). The first attempt starts from it instead of downloading and
   * verifying the metadata again, unless one of its roles has expired by `ctx.now()` (then the
   * refresh reports it as before). A conflict on upload still refreshes: the retry never uses it.
   */
  current?: TrustedRepository;
}

/** A server answer that means someone else published first: refresh and re-apply once. */
function isConflict(e: unknown): boolean {
  return isSignetError(e, 'NOTARY_REJECTED') && /\bVERSION\b|must increment the version|newer version/i.test(e.message);
}

/**
 * Publishes the staged changes once (notary client publish): refresh verified metadata (or start
 * from `opts.current`), apply, sign, one multipart POST, then re-read and verify what the server
 * serves (through the cache: only files that changed are downloaded). Staged changes are removed
 * only after the server accepted them; any failure leaves them for a retry.
 * `initial` supplies a new repository's first metadata when the server has none.
 */
export async function publishChanges(
  ctx: PublishContext,
  initial?: () => Promise<WorkingRepo>,
  opts: PublishOptions = {},
): Promise<PublishResult> {
  const now = ctx.now;
  for (let attempt = 0; ; attempt++) {
    const staged = await ctx.changes.list();
    ctx.progress?.('fetching');
    const current = attempt === 0 ? opts.current : undefined;
    const w =
      current?.source === 'remote' && stillValid(current, now())
        ? workingCopy(current)
        : await startingPoint(ctx, now(), initial);
    applyChanges(
      w,
      staged.map((s) => s.change),
      ctx.crypto,
    );
    if (w.dirty.size === 0) {
      throw new SignetError('BAD_INPUT', `nothing to publish for ${ctx.gun}: no staged change alters its trust data`);
    }
    ctx.progress?.('signing');
    const files = await signChangedRoles(w, { signers: ctx.signers, crypto: ctx.crypto, now: now() });
    ctx.progress?.('publishing');
    try {
      await ctx.remote.publish(files);
    } catch (e) {
      if (attempt === 0 && isConflict(e)) continue; // someone published in between: re-apply on top
      throw e;
    }
    await ctx.changes.remove(staged.map((s) => s.id));
    ctx.progress?.('verifying');
    const repo = await verifyPublished(ctx, now());
    return { published: [...files.keys()], applied: staged, repo };
  }
}

/** True when no role of `repo` has expired at `now` (the trust policy: expiring at `now` is still valid); else a refresh reports which one. */
function stillValid(repo: TrustedRepository, now: Date): boolean {
  const valid = (f: SignedFile) => expiryState(f.signed.expires, now) !== 'expired';
  return (
    valid(repo.root) &&
    valid(repo.timestamp) &&
    valid(repo.snapshot) &&
    valid(repo.targets) &&
    [...repo.delegations.values()].every(valid)
  );
}

async function startingPoint(
  ctx: PublishContext,
  now: Date,
  initial?: () => Promise<WorkingRepo>,
): Promise<WorkingRepo> {
  try {
    return workingCopy(
      await updateRepository({
        gun: ctx.gun,
        remote: ctx.remote,
        cache: ctx.cache,
        crypto: ctx.crypto,
        now,
        offline: 'never',
        ...(ctx.pinning ? { pinning: ctx.pinning } : {}),
        ...(ctx.observe ? { observe: ctx.observe } : {}),
      }),
    );
  } catch (e) {
    if (!isSignetError(e, 'NOTARY_NOT_INITIALIZED') || !initial) throw e;
    return initial();
  }
}

/** Reads back what the server now serves; a failure here means the upload was not Go-identical. */
async function verifyPublished(ctx: PublishContext, now: Date): Promise<TrustedRepository> {
  try {
    return await updateRepository({
      gun: ctx.gun,
      remote: ctx.remote,
      cache: ctx.cache,
      crypto: ctx.crypto,
      now,
      offline: 'never',
      ...(ctx.pinning ? { pinning: ctx.pinning } : {}),
      ...(ctx.observe ? { observe: ctx.observe } : {}),
    });
  } catch (e) {
    throw new SignetError(
      'NOTARY_REJECTED',
      `the server accepted the update for ${ctx.gun}, but what it now serves does not verify: ${(e as Error).message}`,
      { cause: e },
    );
  }
}
