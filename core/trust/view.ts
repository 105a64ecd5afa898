import type { CryptoProvider } from '../crypto/provider.js';
import { canonicalKeyId } from '../crypto/key-id.js';
import { certsFromKey, isX509KeyType } from '../crypto/x509.js';
import { formatExpires } from '../tuf/expires.js';
import type { FileMeta, PublicKeyJSON, RoleKeys, SignedFile } from '../tuf/types.js';
import type { TrustedRepository } from '../notary/tuf-client.js';
import { keyHolder } from './key-holder.js';
import type { AdminKey, KeyHolder, RefusedTag, RoleStatus, SignerRow, TrustView } from './view-types.js';
import { signedTargets, walkOf } from '../notary/delegation-walk.js';
import { outsidePaths } from '../tuf/targets-in-force.js';
import { base64ToHex } from '../util/bytes.js';
import { RELEASES, signerName } from './names.js';
import { releasedRows } from './released-rows.js';

export interface ViewOptions {
  /** The reference as typed (docker prints it as the Name). */
  name: string;
  tag?: string;
  crypto: CryptoProvider;
  /** Canonical IDs of private keys available locally. */
  localKeyIds?: ReadonlySet<string>;
  /** TUF IDs of the keys the trust server says it holds (its snapshot.key / timestamp.key). */
  serverKeyIds?: ReadonlySet<string>;
}

/** Builds the trust view of a verified repository: docker's three tables plus what docker hides. */
export function buildTrustView(repo: TrustedRepository, opts: ViewOptions): TrustView {
  const local = opts.localKeyIds ?? new Set<string>();
  const view: TrustView = {
    gun: repo.gun,
    name: opts.name,
    signedTags: releasedRows(repo, opts.tag),
    refusedTags: refusedTags(repo, opts.tag),
    signers: signerRows(repo, opts.crypto, local),
    administrativeKeys: adminKeys(repo, opts.crypto, local, opts.serverKeyIds ?? new Set()),
    roles: roleStatuses(repo),
    source: repo.source,
    warnings: [...repo.warnings],
  };
  if (opts.tag !== undefined) view.tag = opts.tag;
  if (repo.offlineReason) view.offlineReason = repo.offlineReason.message;
  return view;
}

function refusedTags(repo: TrustedRepository, tag: string | undefined): RefusedTag[] {
  return outsidePaths(walkOf(repo), signedTargets)
    .filter((r) => tag === undefined || r.tag === tag)
    .map((r) => ({ tag: r.tag, role: r.role, digest: digestHex(r.meta), paths: r.paths }));
}

const digestHex = (meta: FileMeta): string => {
  const h = meta.hashes['sha256'];
  return h === undefined ? '' : base64ToHex(h);
};

function signerRows(repo: TrustedRepository, crypto: CryptoProvider, local: ReadonlySet<string>): SignerRow[] {
  const rows: SignerRow[] = [];
  for (const [name, known] of repo.delegationRoles) {
    if (name === RELEASES) continue;
    const parentFile = known.parent === 'targets' ? repo.targets : repo.delegations.get(known.parent);
    const parentKeys = parentFile?.signed.delegations.keys ?? {};
    const keyIds = known.role.keyids.map((id) => canonicalOrSelf(parentKeys[id], id, crypto));
    const file = repo.delegations.get(name);
    const row: SignerRow = {
      name: signerName(name),
      role: name,
      keyIds,
      threshold: known.role.threshold,
      paths: known.role.paths ?? [],
      localKeyIds: keyIds.filter((id) => local.has(id)),
    };
    if (file) {
      row.version = file.signed.version;
      row.expires = file.signed.expires;
    }
    if (known.skipped !== undefined) row.skipped = known.skipped.message;
    rows.push(row);
  }
  return rows;
}

function canonicalOrSelf(key: PublicKeyJSON | undefined, id: string, crypto: CryptoProvider): string {
  if (key === undefined) return id;
  try {
    return canonicalKeyId(key, crypto);
  } catch {
    return id;
  }
}

function adminKeys(
  repo: TrustedRepository,
  crypto: CryptoProvider,
  local: ReadonlySet<string>,
  server: ReadonlySet<string>,
): TrustView['administrativeKeys'] {
  const { keys, roles } = repo.root.signed;
  const list = (role: RoleKeys, fallback: KeyHolder): AdminKey[] =>
    role.keyids.map((id) => {
      const key = keys[id];
      const canonicalId = canonicalOrSelf(key, id, crypto);
      const admin: AdminKey = {
        id,
        canonicalId,
        keytype: key?.keytype ?? 'unknown',
        holder: keyHolder(id, canonicalId, { local, server }, fallback),
      };
      if (key && isX509KeyType(key.keytype)) {
        const [leaf] = certsFromKey(key);
        if (leaf) {
          admin.certificate = {
            commonName: leaf.subjectCN ?? '',
            notBefore: formatExpires(leaf.notBefore),
            notAfter: formatExpires(leaf.notAfter),
          };
        }
      }
      return admin;
    });
  return {
    root: list(roles.root, 'unknown'),
    repository: list(roles.targets, 'unknown'),
    snapshot: list(roles.snapshot, 'unknown'),
    timestamp: list(roles.timestamp, 'server'),
  };
}

function roleStatuses(repo: TrustedRepository): RoleStatus[] {
  const { roles } = repo.root.signed;
  const base = (file: SignedFile, role: RoleKeys): RoleStatus => ({
    role: file.role,
    version: file.signed.version,
    expires: file.signed.expires,
    threshold: role.threshold,
    keyIds: [...role.keyids],
  });
  const out = [
    base(repo.root, roles.root),
    base(repo.targets, roles.targets),
    base(repo.snapshot, roles.snapshot),
    base(repo.timestamp, roles.timestamp),
  ];
  for (const [name, file] of repo.delegations) {
    const role = repo.delegationRoles.get(name)?.role;
    if (role) out.push(base(file, role));
  }
  return out;
}
