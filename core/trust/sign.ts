import type { CryptoProvider } from '../crypto/provider.js';
import { canonicalIds } from './roles.js';
import type { TrustedRepository } from '../notary/tuf-client.js';
import type { FileMeta, RoleName } from '../tuf/types.js';
import { fromHex, toBase64 } from '../util/bytes.js';
import type { Change } from './changelist.js';
import { RELEASES, releasedEntry, sameMeta, signableRoles } from './roles.js';
import { SignetError } from '../errors.js';

export interface SignPlan {
  tag: string;
  meta: FileMeta;
  /** Where the digest came from: resolve() (the registry, or a local image pushed), or an existing signature being co-signed. */
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
 * The roles `tag` is signed into (docker's GetSignableRoles: `targets` when the repository has no
 * signers, else every signer role whose key you hold and whose paths allow the tag), narrowed to
 * `targets/<signer>` and `targets/releases` when a signer is chosen. Throws NO_SIGNING_KEYS.
 */
export function signingRoles(
  repo: TrustedRepository,
  tag: string,
  held: ReadonlySet<string>,
  crypto: CryptoProvider,
  signer?: string,
): RoleName[] {
  const root = repo.root.signed;
  const roles = signableRoles(
    repo.targets.signed,
    tag,
    held,
    crypto,
    canonicalIds(root.roles.targets.keyids, root.keys, crypto),
  );
  if (signer === undefined) return roles;
  const own = `targets/${signer}`;
  if (!roles.includes(own)) {
    throw new SignetError(
      'NO_SIGNING_KEYS',
      `you cannot sign as ${signer} in ${repo.gun}: you hold no key of ${own}, or it does not exist`,
      { hint: `sign without a signer to use every role you hold keys for (${roles.join(', ')})` },
    );
  }
  return roles.filter((r) => r === own || r === RELEASES);
}

/** Canonical IDs of your keys among those that sign `role` (listed by root for targets, else by the parent). */
export function heldKeysOf(
  repo: TrustedRepository,
  role: RoleName,
  held: ReadonlySet<string>,
  crypto: CryptoProvider,
): string[] {
  const root = repo.root.signed;
  if (role === 'targets')
    return canonicalIds(root.roles.targets.keyids, root.keys, crypto).filter((id) => held.has(id));
  const parent = role.slice(0, role.lastIndexOf('/'));
  const parentFile = parent === 'targets' ? repo.targets : repo.delegations.get(parent);
  const d = parentFile?.signed.delegations;
  const entry = d?.roles?.find((r) => r.name === role);
  if (!d || !entry) return [];
  return [...new Set(canonicalIds(entry.keyids, d.keys, crypto).filter((id) => held.has(id)))].sort();
}

/**
 * Plans signing `tag` (docker/cli trust sign): the digest is the one already released when the tag
 * is signed (co-signing never needs the registry), else `resolve()` asks the registry; with
 * `fresh` (a local image pushed, docker's --local) always `resolve()`.
 */
export async function planSign(
  repo: TrustedRepository,
  tag: string,
  held: ReadonlySet<string>,
  crypto: CryptoProvider,
  resolve: () => Promise<{ hex: string; size: number }>,
  signer?: string,
  fresh = false,
): Promise<SignPlan> {
  const roles = signingRoles(repo, tag, held, crypto, signer);
  const existing = fresh ? undefined : releasedEntry(repo, tag);
  const meta = existing ? existing.meta : await resolve().then((m) => targetMeta(m.hex, m.size));
  const current = (role: RoleName) =>
    (role === 'targets' ? repo.targets : repo.delegations.get(role))?.signed.targets[tag];
  const unchanged = roles.filter((r) => sameMeta(current(r), meta));
  const changes: Change[] = roles
    .filter((r) => !unchanged.includes(r))
    .map((role) => ({ type: 'target', action: 'create', role, path: tag, meta }));
  return { tag, meta, source: existing ? 'existing' : 'registry', roles, unchanged, changes };
}
