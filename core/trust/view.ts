import type { CryptoProvider } from '../crypto/provider.js';
import { canonicalKeyId } from '../crypto/key-id.js';
import { certsFromKey, isX509KeyType } from '../crypto/x509.js';
import { formatExpires } from '../tuf/expires.js';
import { pathAllowed } from '../tuf/delegations.js';
import type { FileMeta, PublicKeyJSON, RoleKeys, RoleName, SignedFile, TargetsSigned } from '../tuf/types.js';
import { base64ToHex } from '../util/bytes.js';
import type { TrustedRepository } from '../notary/tuf-client.js';
import type { AdminKey, KeyHolder, RoleStatus, SignedTagRow, SignerRow, TrustView } from './view-types.js';
import { RELEASES, signerName } from './names.js';

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

/** One target as found by the walk (notary GetAllTargetMetadataByName). */
interface FoundTarget {
  name: string;
  meta: FileMeta;
  role: RoleName;
  /** hex sha256 of the target ('' without one), computed once */
  digest: string;
}

/** Builds the trust view of a verified repository: docker's three tables plus what docker hides. */
export function buildTrustView(repo: TrustedRepository, opts: ViewOptions): TrustView {
  const local = opts.localKeyIds ?? new Set<string>();
  const found = collectTargets(repo, opts.tag);
  const view: TrustView = {
    gun: repo.gun,
    name: opts.name,
    signedTags: releasedRows(found),
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

/** Targets and verified delegations in walk order; delegation targets outside their paths are dropped. */
function collectTargets(repo: TrustedRepository, tag: string | undefined): FoundTarget[] {
  const out: FoundTarget[] = [];
  const visit = (file: SignedFile<TargetsSigned>, paths: string[] | undefined): void => {
    const targets = file.signed.targets;
    const names = tag === undefined ? Object.keys(targets) : tag in targets ? [tag] : [];
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const meta = targets[name]!;
      if (paths === undefined || pathAllowed(name, paths))
        out.push({ name, meta, role: file.role, digest: digestHex(meta) });
    }
  };
  visit(repo.targets, undefined);
  for (const [role, file] of repo.delegations) visit(file, repo.delegationRoles.get(role)?.effectivePaths ?? []);
  return out;
}

/** Hex of the target's sha256 ('' without one): computed once per found target (collectTargets). */
function digestHex(meta: FileMeta): string {
  const sha = meta.hashes['sha256'];
  return sha === undefined ? '' : base64ToHex(sha);
}

const isReleased = (role: RoleName): boolean => role === 'targets' || role === RELEASES;

/** docker matchReleasedSignatures: rows for (tag, digest) released in targets or targets/releases. */
function releasedRows(found: FoundTarget[]): SignedTagRow[] {
  // rows by tag, then by digest (almost always one per tag): no (tag, digest) key strings to build
  const byTag = new Map<string, SignedTagRow[]>();
  const rows: SignedTagRow[] = []; // in order of creation, as before
  const find = (t: FoundTarget): SignedTagRow | undefined => {
    const list = byTag.get(t.name);
    if (list !== undefined) for (let k = 0; k < list.length; k++) if (list[k]!.digest === t.digest) return list[k];
    return undefined;
  };
  for (let i = 0; i < found.length; i++) {
    const t = found[i]!;
    if (!isReleased(t.role) || find(t) !== undefined) continue;
    const row: SignedTagRow = { tag: t.name, digest: t.digest, size: t.meta.length, signers: [], roles: [] };
    const list = byTag.get(t.name);
    if (list === undefined) byTag.set(t.name, [row]);
    else list.push(row);
    rows.push(row);
  }
  for (let i = 0; i < found.length; i++) {
    const t = found[i]!;
    const row = find(t);
    if (row === undefined) continue;
    row.roles.push(t.role);
    if (!isReleased(t.role)) row.signers.push(signerName(t.role));
  }
  return rows;
}

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
    if (known.skipped !== undefined) row.skipped = known.skipped;
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
        holder: local.has(canonicalId) ? 'local' : server.has(id) ? 'server' : fallback,
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
