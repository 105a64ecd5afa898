/**
 * THE root rules, for every reader: the live TUF update (moving to a newer root), the first root
 * trusted, and the history's chain of root versions all check roots here.
 *
 * notary (trustpinning/certs.go `ValidateRoot`, tuf/builder.go `loadRoot`): a root is trusted when
 *  - it is signed by its own root keys to its own threshold, those keys carrying certificates valid
 *    at the time it is judged (CN = the GUN);
 *  - after a trusted root: it is also signed by that root's keys to that root's threshold
 *    (continuity; the older root's certificates may have expired by now);
 *  - its version is the one asked for (N.root.json is version N);
 *  - it has not expired, for the root being moved to; roots passed on the way may have expired.
 */
import { SignetError } from '../errors.js';
import type { CryptoProvider } from '../crypto/provider.js';
import { checkExpiry, validateRootCerts, verifySignatures } from './verify.js';
import type { RootSigned, SignedFile } from './types.js';

export interface RootJudgement {
  gun: string;
  crypto: CryptoProvider;
  /** When the certificates must be valid (now, or when a past version was published). */
  certsAt: Date;
  /** Check the root's own expiry at this time; absent: a root passed on the way (notary: allowExpired). */
  expiresAt?: Date;
}

/** A root on its own: signed by its own root keys to its threshold, certificates valid, maybe expiry. Returns the signers. */
export function checkRootSelf(root: SignedFile<RootSigned>, j: RootJudgement): string[] {
  const signers = verifySignatures(root, 'root', root.signed.keys, root.signed.roles.root, j.crypto);
  validateRootCerts(root.signed, j.gun, j.certsAt, j.crypto);
  if (j.expiresAt !== undefined) checkExpiry('root', root.signed.expires, j.expiresAt);
  return signers;
}

/** `next` carries signatures of `trusted`'s root keys meeting `trusted`'s threshold. Returns those signers. */
export function checkRootContinuity(
  trusted: RootSigned,
  next: SignedFile<RootSigned>,
  crypto: CryptoProvider,
): string[] {
  try {
    return verifySignatures(next, 'root', trusted.keys, trusted.roles.root, crypto);
  } catch (e) {
    throw new SignetError(
      'TUF_BAD_ROOT',
      `root: v${next.signed.version} is not signed by the root keys of v${trusted.version} (${(e as Error).message})`,
      { cause: e },
    );
  }
}

/** One rotation step from `trusted` to `next` (which must be version `version`): continuity, then `next` on its own. */
export function checkRootRotation(
  trusted: RootSigned,
  next: SignedFile<RootSigned>,
  version: number,
  j: RootJudgement,
): void {
  if (next.signed.version !== version) {
    throw new SignetError('TUF_ROLLBACK', `root: ${version}.root.json claims version ${next.signed.version}`);
  }
  checkRootContinuity(trusted, next, j.crypto);
  checkRootSelf(next, j);
}
