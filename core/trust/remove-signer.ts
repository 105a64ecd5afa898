import { SignetError } from '../errors.js';
import type { CryptoProvider } from '../crypto/provider.js';
import type { TrustedRepository } from '../notary/tuf-client.js';
import type { Change } from './changelist.js';
import { canonicalIds, checkSignerName, RELEASES } from './roles.js';

export interface RemoveSignerPlan {
  changes: Change[];
  /** Canonical key IDs leaving targets/releases. */
  removedKeys: string[];
  /** Tags released only through targets/releases that no remaining releases key has signed:
   *  after the removal they are no longer pullable with content trust. */
  orphanedTags: string[];
  /** True when no key is left in targets/releases, so the role itself is removed. */
  releasesRemoved: boolean;
}

/**
 * Plans removing a signer (docker trust signer remove): its keys leave targets/releases and the
 * targets/NAME delegation is deleted. Unlike docker (which silently does nothing unless it asks),
 * the impact is computed so the caller can show it and ask before publishing.
 */
export function planRemoveSigner(repo: TrustedRepository, name: string, crypto: CryptoProvider): RemoveSignerPlan {
  checkSignerName(name);
  const role = `targets/${name}`;
  const { keys, roles } = repo.targets.signed.delegations;
  const signer = roles?.find((r) => r.name === role);
  if (!signer) throw new SignetError('BAD_INPUT', `no signer ${name} in ${repo.gun}`);
  const removedKeys = canonicalIds(signer.keyids, keys, crypto);
  // keys another signer still uses stay in releases
  const otherKeys = new Set(
    (roles ?? [])
      .filter((r) => r.name !== role && r.name !== RELEASES)
      .flatMap((r) => canonicalIds(r.keyids, keys, crypto)),
  );
  const leaving = removedKeys.filter((id) => !otherKeys.has(id));
  const releases = roles?.find((r) => r.name === RELEASES);
  const releasesIds = releases ? canonicalIds(releases.keyids, keys, crypto) : [];
  const remaining = releasesIds.filter((id) => !leaving.includes(id));
  const releasesRemoved = releases !== undefined && remaining.length === 0;

  const releasesFile = repo.delegations.get(RELEASES);
  const signedBy = new Set(
    (releasesFile?.signatures ?? [])
      .map((s) => s.keyid)
      .map((id) => (keys[id] ? canonicalIds([id], keys, crypto)[0]! : id)),
  );
  const stillSigned = [...signedBy].filter((id) => remaining.includes(id)).length >= (releases?.threshold ?? 1);
  const orphanedTags =
    releasesFile && !stillSigned
      ? Object.keys(releasesFile.signed.targets).filter((t) => !(t in repo.targets.signed.targets))
      : [];

  const changes: Change[] = [];
  if (releases && leaving.length > 0) {
    changes.push(
      releasesRemoved
        ? { type: 'delegation', action: 'delete', role: RELEASES }
        : { type: 'delegation', action: 'update', role: RELEASES, removeKeys: leaving },
    );
  }
  changes.push({ type: 'delegation', action: 'delete', role });
  return { changes, removedKeys, orphanedTags: orphanedTags.sort(), releasesRemoved };
}
