import { SignetError } from '../errors.js';
import type { CryptoProvider } from '../crypto/provider.js';
import type { TrustedRepository } from '../notary/tuf-client.js';
import type { RoleName } from '../tuf/types.js';
import type { Change } from './changelist.js';
import { RELEASES, canonicalIds, signableRoles } from './roles.js';

export interface RevokePlan {
  /** Tags removed, per role. */
  removals: Array<{ role: RoleName; tag: string }>;
  changes: Change[];
}

/**
 * Plans removing signatures (docker trust revoke): the tag (or, without a tag, every tag) is
 * removed from each role the user can sign. Data on the server is never deleted.
 */
export function planRevoke(
  repo: TrustedRepository,
  tag: string | undefined,
  held: ReadonlySet<string>,
  crypto: CryptoProvider,
): RevokePlan {
  const root = repo.root.signed;
  const rootTargets = canonicalIds(root.roles.targets.keyids, root.keys, crypto);
  const roles = signableRoles(repo.targets.signed, tag ?? '', held, crypto, rootTargets);
  const removals: RevokePlan['removals'] = [];
  // docker revokes released tags only: those in targets/releases or targets
  const released = new Set([
    ...Object.keys(repo.delegations.get(RELEASES)?.signed.targets ?? {}),
    ...Object.keys(repo.targets.signed.targets),
  ]);
  if (tag === undefined && released.size === 0) throw new SignetError('BAD_INPUT', 'no signed tags to remove');
  if (tag !== undefined && !released.has(tag)) throw new SignetError('BAD_INPUT', `No valid trust data for ${tag}`);
  for (const role of roles) {
    const targets = (role === 'targets' ? repo.targets : repo.delegations.get(role))?.signed.targets ?? {};
    for (const name of tag === undefined ? [...released] : [tag])
      if (name in targets) removals.push({ role, tag: name });
  }
  if (removals.length === 0) {
    throw new SignetError(
      'NO_SIGNING_KEYS',
      `none of your roles (${roles.join(', ')}) holds ${tag ?? 'a released tag'}: only its signers can revoke it`,
    );
  }
  return {
    removals,
    changes: removals.map(({ role, tag: path }) => ({ type: 'target', action: 'delete', role, path })),
  };
}
