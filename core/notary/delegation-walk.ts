import { isSignetError } from '../errors.js';
import { delegationWalk, type DelegationWalk, type WalkedRole } from '../tuf/walk.js';
import type { RoleName, SignedFile, SnapshotSigned, TargetsSigned } from '../tuf/types.js';
import { loadPinnedRole, type RoleLoaderContext } from './role-loader.js';

type TargetsFile = SignedFile<TargetsSigned>;

/** A delegation as the walk found it, with the paths its ancestors allow (core/tuf/walk.ts). */
export type KnownDelegation = WalkedRole<TargetsFile>;

export interface DelegationTree {
  /** Verified delegation files, in walk order. */
  delegations: Map<RoleName, TargetsFile>;
  /** Every delegation role listed by a verified parent, in walk order, even without a file. */
  delegationRoles: Map<RoleName, KnownDelegation>;
  /** Human-readable warnings for delegations that were ignored or failed verification and were skipped. */
  warnings: string[];
}

/** The tree as the one walk of core/tuf/walk.ts sees it. */
export function walkOf(tree: DelegationTree): DelegationWalk<TargetsFile> {
  return { files: tree.delegations, roles: tree.delegationRoles, warnings: tree.warnings };
}

export const signedTargets = (f: TargetsFile): TargetsSigned => f.signed;

/** Failures that only skip a delegation's subtree (notary tufclient downloadTargets); others are fatal. */
const SKIPPABLE = new Set(['TUF_EXPIRED', 'TUF_THRESHOLD', 'TUF_BAD_SIGNATURE', 'TUF_UNKNOWN_KEY']);

/** Delegation files fetched (cache or download) and verified at the same time, at most. */
const PREFETCH = 8;

type Settled = { ok: true; file: TargetsFile } | { ok: false; error: unknown };

/**
 * Loads and verifies the delegations of `targets` in the one walk's order. Only roles with a
 * snapshot entry have files; an expired or badly signed delegation is skipped with a warning (its
 * subtree with it), a hash mismatch is fatal. Later siblings are fetched ahead (up to PREFETCH), but
 * results are used strictly in walk order, so the tree, the warnings and the error that ends the
 * walk are exactly those of a sequential walk.
 */
export async function loadDelegations(
  ctx: RoleLoaderContext,
  targets: TargetsFile,
  snapshot: SignedFile<SnapshotSigned>,
): Promise<DelegationTree> {
  const pending = new Map<RoleName, Promise<Settled>>();
  const start = (w: KnownDelegation): void => {
    const meta = snapshot.signed.meta[w.role.name];
    if (meta === undefined || pending.has(w.role.name)) return;
    const p = loadPinnedRole<TargetsSigned>(ctx, w.role.name, meta, { keys: w.keys, role: w.role }).then(
      (file): Settled => ({ ok: true, file }),
      (error: unknown): Settled => ({ ok: false, error }),
    );
    pending.set(w.role.name, p);
  };
  const tree: DelegationWalk<TargetsFile> = { files: new Map(), roles: new Map(), warnings: [] };
  const walk = delegationWalk(targets, signedTargets, tree);
  for (let step = walk.next(); ; step = walk.next()) {
    if (step.done) return { delegations: tree.files, delegationRoles: tree.roles, warnings: tree.warnings };
    const { role: known, upcoming } = step.value;
    if (snapshot.signed.meta[known.role.name] === undefined) continue; // never signed: no file, an empty role
    start(known);
    for (const next of upcoming.slice(0, PREFETCH)) start(next);
    const r = await pending.get(known.role.name)!;
    pending.delete(known.role.name);
    if (r.ok) {
      known.file = r.file;
      continue;
    }
    if (!isSignetError(r.error) || !SKIPPABLE.has(r.error.code)) throw r.error;
    known.skipped = r.error;
    tree.warnings.push(`Error getting ${known.role.name}: ${r.error.message}`);
  }
}
