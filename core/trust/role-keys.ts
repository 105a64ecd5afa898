/** The keys of a repository's roles by canonical ID, as root or the delegating role lists them. */
import type { CryptoProvider } from '../crypto/provider.js';
import type { PublicKeyJSON } from '../crypto/key-types.js';
import { canonicalKeyId } from '../crypto/key-id.js';
import type { TrustedRepository } from '../notary/tuf-client.js';
import type { RoleName } from '../tuf/types.js';

/** The role's keys by canonical ID, as the delegating role (or root) lists them. */
export function roleKeys(repo: TrustedRepository, role: RoleName, crypto: CryptoProvider): Map<string, PublicKeyJSON> {
  const out = new Map<string, PublicKeyJSON>();
  if (role === 'targets') {
    const r = repo.root.signed;
    for (const id of r.roles.targets.keyids) if (r.keys[id]) out.set(canonicalKeyId(r.keys[id]!, crypto), r.keys[id]!);
    return out;
  }
  const known = repo.delegationRoles.get(role);
  for (const id of known?.role.keyids ?? []) {
    const key = known!.keys[id];
    if (key) out.set(canonicalKeyId(key, crypto), key);
  }
  return out;
}

/** Every key a DCT signature can have been made with: the repository key and every delegation's keys. */
export function signingKeys(repo: TrustedRepository, crypto: CryptoProvider): Map<string, PublicKeyJSON> {
  const out = roleKeys(repo, 'targets', crypto);
  for (const role of repo.delegationRoles.keys()) for (const [id, k] of roleKeys(repo, role, crypto)) out.set(id, k);
  return out;
}
