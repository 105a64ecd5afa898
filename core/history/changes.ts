/**
 * Content changes between two versions of a targets role (or two repository states): tags added,
 * removed or re-pointed, and delegations (signers) added, removed or changed. Shared by the
 * history events and the diff between two points.
 */
import { naturalCompare } from '../trust/natural-sort.js';
import { mayList } from '../tuf/targets-in-force.js';
import { signerName } from '../trust/names.js';
import type { DelegationRoleJSON, FileMeta, RoleName, TargetsSigned } from '../tuf/types.js';
import { base64ToHex } from '../util/bytes.js';

export interface TagChange {
  change: 'tag-added' | 'tag-removed' | 'tag-changed';
  tag: string;
  digest?: string;
  previousDigest?: string;
}

export interface SignerChange {
  change: 'signer-added' | 'signer-removed' | 'signer-changed' | 'key-rotated';
  /** docker's signer name (`alice`, `releases`). */
  signer: string;
  role: RoleName;
  keys: { before: string[]; after: string[] };
  paths?: { before?: string[]; after?: string[] };
  threshold?: { before?: number; after?: number };
}

/** Hex sha256 of a target as docker trust inspect prints it ('' when it lists none). */
export function digestOf(meta: FileMeta): string {
  const h = meta.hashes['sha256'];
  return h === undefined ? '' : base64ToHex(h);
}

export const sameTarget = (a: FileMeta, b: FileMeta): boolean =>
  a.length === b.length &&
  Object.keys(a.hashes).length === Object.keys(b.hashes).length &&
  Object.entries(a.hashes).every(([alg, h]) => b.hashes[alg] === h);

/** The targets a role with these effective paths may sign (DCT ignores the rest). */
export function inPaths(targets: Record<string, FileMeta>, paths: readonly string[]): Record<string, FileMeta> {
  if (paths.includes('')) return targets;
  return Object.fromEntries(Object.entries(targets).filter(([tag]) => mayList(paths, tag)));
}

/** Tag changes from `before` to `after` (undefined: no targets), in natural tag order. */
export function tagChanges(
  before: Record<string, FileMeta> | undefined,
  after: Record<string, FileMeta> | undefined,
): TagChange[] {
  const b = before ?? {};
  const a = after ?? {};
  const out: TagChange[] = [];
  for (const tag of new Set([...Object.keys(b), ...Object.keys(a)])) {
    const was = Object.hasOwn(b, tag) ? b[tag] : undefined;
    const now = Object.hasOwn(a, tag) ? a[tag] : undefined;
    if (was === undefined && now !== undefined) out.push({ change: 'tag-added', tag, digest: digestOf(now) });
    else if (was !== undefined && now === undefined)
      out.push({ change: 'tag-removed', tag, previousDigest: digestOf(was) });
    else if (was !== undefined && now !== undefined && !sameTarget(was, now)) {
      out.push({ change: 'tag-changed', tag, digest: digestOf(now), previousDigest: digestOf(was) });
    }
  }
  return out.sort((x, y) => naturalCompare(x.tag, y.tag));
}

const sorted = (ids: readonly string[]): string[] => [...ids].sort();
const sameList = (a: readonly string[] | undefined, b: readonly string[] | undefined): boolean =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Delegation changes between two lists of delegation roles (by name): removed and changed in the
 * old list's order, then added in the new list's order. Keys wholly replaced with paths and
 * threshold unchanged is a key rotation of that signer.
 */
export function signerChanges(
  before: readonly DelegationRoleJSON[] | null | undefined,
  after: readonly DelegationRoleJSON[] | null | undefined,
): SignerChange[] {
  const b = before ?? [];
  const a = after ?? [];
  const out: SignerChange[] = [];
  const base = (role: DelegationRoleJSON) => ({ signer: signerName(role.name), role: role.name });
  for (const old of b) {
    const now = a.find((r) => r.name === old.name);
    if (!now) {
      out.push({ change: 'signer-removed', ...base(old), keys: { before: sorted(old.keyids), after: [] } });
      continue;
    }
    const keys = { before: sorted(old.keyids), after: sorted(now.keyids) };
    const keysSame = sameList(keys.before, keys.after);
    const pathsSame = sameList(old.paths, now.paths);
    const thresholdSame = old.threshold === now.threshold;
    if (keysSame && pathsSame && thresholdSame) continue;
    const disjoint =
      keys.before.length > 0 && keys.after.length > 0 && keys.after.every((k) => !keys.before.includes(k));
    const change: SignerChange = {
      change: disjoint && pathsSame && thresholdSame ? 'key-rotated' : 'signer-changed',
      ...base(now),
      keys,
    };
    if (!pathsSame)
      change.paths = { ...(old.paths ? { before: old.paths } : {}), ...(now.paths ? { after: now.paths } : {}) };
    if (!thresholdSame) change.threshold = { before: old.threshold, after: now.threshold };
    out.push(change);
  }
  for (const now of a) {
    if (b.some((r) => r.name === now.name)) continue;
    out.push({
      change: 'signer-added',
      ...base(now),
      keys: { before: [], after: sorted(now.keyids) },
      ...(now.paths ? { paths: { after: now.paths } } : {}),
      threshold: { after: now.threshold },
    });
  }
  return out;
}

/** True when two targets bodies differ in nothing but version and expiry (a re-sign, notary witness). */
export function onlyRenewed(before: TargetsSigned | object, after: TargetsSigned | object): boolean {
  const strip = (s: object): string => {
    const { version: _v, expires: _e, ...rest } = s as Record<string, unknown>;
    return canonicalish(rest);
  };
  return strip(before) === strip(after);
}

/** A stable string of a JSON value (object keys sorted), to compare bodies. */
function canonicalish(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalish).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalish((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}
