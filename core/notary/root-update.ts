import { SignetError } from '../errors.js';
import { parseSignedFile } from '../tuf/parse.js';
import { checkFileMeta } from '../tuf/verify.js';
import { checkRootRotation } from '../tuf/root-rotation.js';
import type { FileMeta, RootSigned, SignedFile } from '../tuf/types.js';
import { checkPinnedRoot } from '../tuf/trust-pinning.js';
import { MAX_ROOT_BYTES, download, type RoleLoaderContext } from './role-loader.js';

/**
 * Moves trust from `trusted` to the root the snapshot pins (notary tufclient updateRoot): every
 * intermediate version `<N>.root.json` must follow the one before by the rotation rule of
 * core/tuf/root-rotation.ts (expiry only for the last), and the last one must match the snapshot.
 * Without `pinned` (timestamp/snapshot signed by keys the trusted root does not list) the server's
 * current root.json is followed the same way; the chain of root signatures is then the only proof.
 */
export async function updateRoot(
  ctx: RoleLoaderContext,
  gun: string,
  trusted: SignedFile<RootSigned>,
  pinned?: FileMeta,
): Promise<SignedFile<RootSigned>> {
  const latestBytes = await download(ctx, 'root', Math.min(pinned?.length ?? MAX_ROOT_BYTES, MAX_ROOT_BYTES), 'root');
  if (pinned) checkFileMeta('root', latestBytes, pinned, ctx.crypto);
  const latest = parseSignedFile('root', latestBytes) as SignedFile<RootSigned>;
  // the root to move to must match the pin (notary ValidateRoot pins the new root only); checked before
  // the continuity checks below, which would refuse e.g. a re-created repository less helpfully
  checkPinnedRoot(latest, gun, ctx.pinning, { firstUse: false, crypto: ctx.crypto, now: ctx.now });
  const target = latest.signed.version;
  if (target < trusted.signed.version) {
    throw new SignetError(
      'TUF_ROLLBACK',
      `root: the server's root is version ${target}, older than the trusted version ${trusted.signed.version}`,
    );
  }
  let current = trusted;
  for (let v = trusted.signed.version + 1; v <= target; v++) {
    const bytes = v === target ? latestBytes : await download(ctx, `${v}.root`, MAX_ROOT_BYTES, 'root');
    const next = v === target ? latest : (parseSignedFile('root', bytes) as SignedFile<RootSigned>);
    // the one rotation rule (core/tuf/root-rotation.ts); only the root moved to must not have expired
    checkRootRotation(current.signed, next, v, {
      gun,
      crypto: ctx.crypto,
      certsAt: ctx.now,
      ...(v === target && ctx.expiry !== 'report' ? { expiresAt: ctx.now } : {}),
    });
    current = next;
  }
  return current;
}
