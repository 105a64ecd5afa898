import { SignetError } from '../errors.js';
import { parseSignedFile } from '../tuf/parse.js';
import { checkFileMeta, validateRootCerts, verifySignatures } from '../tuf/verify.js';
import type { FileMeta, RootSigned, SignedFile } from '../tuf/types.js';
import { checkPinnedRoot } from '../tuf/trust-pinning.js';
import { MAX_ROOT_BYTES, download, verifyRole, type RoleLoaderContext } from './role-loader.js';

/**
 * Moves trust from `trusted` to the root the snapshot pins (notary tufclient updateRoot): every
 * intermediate version `<N>.root.json` must be signed by the previous root's keys at the previous
 * threshold and by its own keys, never lower its version, and the last one must match the snapshot.
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
    const next = parseSignedFile('root', bytes) as SignedFile<RootSigned>;
    if (next.signed.version !== v) {
      throw new SignetError('TUF_ROLLBACK', `root: ${v}.root.json claims version ${next.signed.version}`);
    }
    // signed by the old root role's keys (continuity) ...
    verifySignatures(next, 'root', current.signed.keys, current.signed.roles.root, ctx.crypto);
    // ... and by its own keys, with expiry checked
    current = verifyRole<RootSigned>(
      ctx,
      'root',
      bytes,
      { keys: next.signed.keys, role: next.signed.roles.root },
      current.signed.version,
    );
    validateRootCerts(current.signed, gun, ctx.now, ctx.crypto);
  }
  return current;
}
