import { SignetError } from '../errors.js';
import { canonicalKeyId } from '../crypto/key-id.js';
import type { CryptoProvider } from '../crypto/provider.js';
import { pathAllowed } from '../tuf/delegations.js';
import type { FileMeta, PublicKeyJSON, RoleName, TargetsSigned } from '../tuf/types.js';
import type { TrustedRepository } from '../notary/tuf-client.js';
import { signedTargets, walkOf } from '../notary/delegation-walk.js';
import { lookupTarget } from '../tuf/targets-in-force.js';

import { RELEASES } from './names.js';

export { RELEASES };
/** The signer-name rule lives in the trust policy (policy.ts); re-exported for the operations that check it. */
export { checkSignerName } from './policy.js';

/** Canonical IDs of a role's keys as listed in `keys`. */
export function canonicalIds(keyids: string[], keys: Record<string, PublicKeyJSON>, crypto: CryptoProvider): string[] {
  return keyids.map((id) => (keys[id] ? canonicalKeyId(keys[id]!, crypto) : id));
}

/**
 * The roles a user can sign `tag` into, by docker's rule (GetSignableRoles): `targets` when the
 * repository has no delegations; otherwise every direct child of targets whose keys include one
 * the user holds and whose paths allow the tag. Throws NO_SIGNING_KEYS when there is none.
 */
export function signableRoles(
  targets: TargetsSigned,
  tag: string,
  held: ReadonlySet<string>,
  crypto: CryptoProvider,
  rootTargetsIds: string[],
): RoleName[] {
  const roles = targets.delegations.roles ?? [];
  if (roles.length === 0) {
    if (rootTargetsIds.some((id) => held.has(id))) return ['targets'];
    throw new SignetError('NO_SIGNING_KEYS', 'you do not hold the repository (targets) key of this repository', {
      hint: 'Ask the repository admin to add you as a signer (signer add), or import the repository key.',
    });
  }
  const out = roles
    .filter((r) => r.name.split('/').length === 2)
    .filter((r) => canonicalIds(r.keyids, targets.delegations.keys, crypto).some((id) => held.has(id)))
    .filter((r) => pathAllowed(tag, r.paths))
    .map((r) => r.name);
  if (out.length === 0) {
    throw new SignetError('NO_SIGNING_KEYS', 'no valid signing keys for delegation roles', {
      hint: 'Once a repository has signers, only signer keys sign tags: add yourself as a signer with `signet signer add`, or import your signer key.',
    });
  }
  return out;
}

/**
 * The released entry for a tag: what docker pull resolves it to (notary's GetTargetByName with
 * targets/releases first, then targets, each only inside its paths), when it comes from one of
 * those two roles (docker refuses a hit in any other).
 */
export function releasedEntry(repo: TrustedRepository, tag: string): { role: RoleName; meta: FileMeta } | undefined {
  const hit = lookupTarget(repo.targets, walkOf(repo), signedTargets, tag, [RELEASES, 'targets']);
  return hit && (hit.role === RELEASES || hit.role === 'targets') ? hit : undefined;
}

export function sameMeta(a: FileMeta | undefined, b: FileMeta): boolean {
  if (!a || a.length !== b.length) return false;
  const keys = new Set([...Object.keys(a.hashes), ...Object.keys(b.hashes)]);
  return [...keys].every((k) => a.hashes[k] === b.hashes[k]);
}
