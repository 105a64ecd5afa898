import type { CryptoProvider } from '../crypto/provider.js';
import { canonicalIds } from './roles.js';
import type { TrustedRepository } from '../notary/tuf-client.js';
import type { FileMeta, RoleName } from '../tuf/types.js';
import { fromHex, toBase64 } from '../util/bytes.js';
import type { Change } from './changelist.js';
import { releasedEntry, sameMeta, signableRoles } from './roles.js';

export interface SignPlan {
  tag: string;
  meta: FileMeta;
  /** Where the digest came from: the registry, or an existing signature being co-signed. */
  source: 'registry' | 'existing';
  /** Roles the tag will be signed into. */
  roles: RoleName[];
  /** Roles that already hold this exact entry (left untouched, as docker does). */
  unchanged: RoleName[];
  changes: Change[];
}

/** A target entry as `docker trust sign` writes it: sha256 of the manifest bytes, and their length. */
export function targetMeta(hexDigest: string, size: number): FileMeta {
  return { hashes: { sha256: toBase64(fromHex(hexDigest)) }, length: size };
}

/**
 * Plans signing `tag` (docker/cli trust sign): the digest is the one already released when the tag
 * is signed (co-signing never needs the registry), else `resolve()` asks the registry.
 */
export async function planSign(
  repo: TrustedRepository,
  tag: string,
  held: ReadonlySet<string>,
  crypto: CryptoProvider,
  resolve: () => Promise<{ hex: string; size: number }>,
): Promise<SignPlan> {
  const root = repo.root.signed;
  const roles = signableRoles(
    repo.targets.signed,
    tag,
    held,
    crypto,
    canonicalIds(root.roles.targets.keyids, root.keys, crypto),
  );
  const existing = releasedEntry(repo, tag);
  const meta = existing ? existing.meta : await resolve().then((m) => targetMeta(m.hex, m.size));
  const current = (role: RoleName) =>
    (role === 'targets' ? repo.targets : repo.delegations.get(role))?.signed.targets[tag];
  const unchanged = roles.filter((r) => sameMeta(current(r), meta));
  const changes: Change[] = roles
    .filter((r) => !unchanged.includes(r))
    .map((role) => ({ type: 'target', action: 'create', role, path: tag, meta }));
  return { tag, meta, source: existing ? 'existing' : 'registry', roles, unchanged, changes };
}
