import type { CryptoProvider } from '../crypto/provider.js';
import { canonicalKeyId } from '../crypto/key-id.js';
import { certsFromKey, isX509KeyType } from '../crypto/x509.js';
import { formatExpires } from '../tuf/expires.js';
import type { FileMeta, PublicKeyJSON, RoleKeys, SignedFile } from '../tuf/types.js';
import type { TrustedRepository } from '../notary/tuf-client.js';
import { keyHolder } from './key-holder.js';
import type { AdminKey, KeyHolder, RefusedTag, RoleStatus, SignedTagRow, SignerRow, TrustView } from './view-types.js';
import { signedTargets, walkOf } from '../notary/delegation-walk.js';
import { outsidePaths } from '../tuf/targets-in-force.js';
import { releasedEntry } from './roles.js';
import { base64ToHex } from '../util/bytes.js';
import { RELEASES, signerName } from './names.js';
import { DEFAULT_WARN_DAYS, expiryOf, renewalOf, type ExpiryOptions, type HeldKey } from './policy.js';
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
  /** The clock expiry states are computed at (the trust policy, core/trust/policy.ts). */
  now: Date;
  /** Days before an expiry that it is `expiring`; default DEFAULT_WARN_DAYS. */
  warnDays?: number;
}

/** Builds the trust view of a verified repository: docker's three tables plus what docker hides. */
export function buildTrustView(repo: TrustedRepository, opts: ViewOptions): TrustView {
  const local = opts.localKeyIds ?? new Set<string>();
  const clock: Clock = { now: opts.now, warnDays: opts.warnDays ?? DEFAULT_WARN_DAYS };
  const keysOf = delegationKeys(repo, opts.crypto);
  const signers = signerRows(repo, keysOf, local, clock);
  const administrativeKeys = adminKeys(repo, opts.crypto, local, opts.serverKeyIds ?? new Set(), clock);
  const view: TrustView = {
    gun: repo.gun,
    name: opts.name,
    signedTags: markPulled(repo, releasedRows(repo, opts.tag)),
    refusedTags: refusedTags(repo, opts.tag),
    signers,
    administrativeKeys,
    roles: roleStatuses(repo, administrativeKeys, keysOf, local, clock),
    at: opts.now.toISOString(),
    warnDays: clock.warnDays,
    source: repo.source,
    warnings: [...repo.warnings],
  };
  if (opts.tag !== undefined) view.tag = opts.tag;
  if (repo.offlineReason) view.offlineReason = repo.offlineReason.message;
  return view;
}

/**
 * Marks each row whose digest is what docker pull resolves its tag to (the others are shadowed):
 * docker's GetTargetByName(tag, targets/releases, targets), refused when the hit is in another role.
 * A tag with one released row needs no lookup when no delegation sits below targets/releases: the
 * row is releases' entry, or targets' when releases does not list the tag (else a second row),
 * which is what the lookup finds first. (A role below releases is searched before targets.)
 */
export function markPulled(repo: TrustedRepository, rows: SignedTagRow[]): SignedTagRow[] {
  const count = new Map<string, number>();
  for (const r of rows) count.set(r.tag, (count.get(r.tag) ?? 0) + 1);
  const below = [...repo.delegations.keys()].some((role) => role.startsWith(`${RELEASES}/`));
  const pulled = new Map<string, string>();
  for (const r of rows) {
    if (!below && count.get(r.tag) === 1) {
      r.pulled = true;
      continue;
    }
    if (!pulled.has(r.tag)) {
      const hit = releasedEntry(repo, r.tag);
      pulled.set(r.tag, hit ? digestHex(hit.meta) : '');
    }
    r.pulled = pulled.get(r.tag) === r.digest;
  }
  return rows;
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

/** The clock and warning window of a view's expiry states. */
interface Clock {
  now: Date;
  warnDays: number;
}

const expiry = (expires: string, clock: Clock, opts: ExpiryOptions = {}) =>
  expiryOf(expires, clock.now, { warnDays: clock.warnDays, ...opts });

/** Canonical key IDs of each delegation, as its parent lists them. */
function delegationKeys(repo: TrustedRepository, crypto: CryptoProvider): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, known] of repo.delegationRoles) {
    const parentFile = known.parent === 'targets' ? repo.targets : repo.delegations.get(known.parent);
    const parentKeys = parentFile?.signed.delegations.keys ?? {};
    out.set(
      name,
      known.role.keyids.map((id) => canonicalOrSelf(parentKeys[id], id, crypto)),
    );
  }
  return out;
}

function signerRows(
  repo: TrustedRepository,
  keysOf: Map<string, string[]>,
  local: ReadonlySet<string>,
  clock: Clock,
): SignerRow[] {
  const rows: SignerRow[] = [];
  for (const [name, known] of repo.delegationRoles) {
    if (name === RELEASES) continue;
    const keyIds = keysOf.get(name) ?? [];
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
      Object.assign(row, expiry(file.signed.expires, clock));
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
  clock: Clock,
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
          const notAfter = formatExpires(leaf.notAfter);
          admin.certificate = {
            commonName: leaf.subjectCN ?? '',
            notBefore: formatExpires(leaf.notBefore),
            notAfter,
            ...expiry(notAfter, clock),
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

/** Every verified file's version, expiry and keys, with its expiry state and who renews it (the trust policy). */
function roleStatuses(
  repo: TrustedRepository,
  admin: TrustView['administrativeKeys'],
  delegationKeyIds: Map<string, string[]>,
  local: ReadonlySet<string>,
  clock: Clock,
): RoleStatus[] {
  const { roles } = repo.root.signed;
  const keysOf = new Map<string, HeldKey[]>([
    ['root', admin.root],
    ['targets', admin.repository],
    ['snapshot', admin.snapshot],
    ['timestamp', admin.timestamp],
  ]);
  const delegationHolders = (role: string): HeldKey[] =>
    (delegationKeyIds.get(role) ?? []).map((canonicalId) => ({
      canonicalId,
      holder: local.has(canonicalId) ? 'local' : 'unknown',
    }));
  const renewal = (role: string) => renewalOf(role, keysOf.get(role) ?? delegationHolders(role));
  const base = (file: SignedFile, role: RoleKeys): RoleStatus => {
    const by = renewal(file.role);
    return {
      role: file.role,
      version: file.signed.version,
      expires: file.signed.expires,
      threshold: role.threshold,
      keyIds: [...role.keyids],
      ...expiry(file.signed.expires, clock, { serverRenewed: by.by === 'server' }),
      renewal: by,
    };
  };
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
