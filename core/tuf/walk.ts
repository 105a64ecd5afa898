/**
 * THE delegation walk: every reader (inspect, audit, history, diff, archives, signing) meets a
 * repository's delegations through this one generator, so they agree on which roles count, in which
 * order, and which paths each may sign.
 *
 * Order: notary's `WalkTargets` (tuf/tuf.go), which `GetTargetByName` (notary lookup, docker pull)
 * and `ListTargets` use: breadth-first from targets, children in the order their parent lists them.
 * (notary *downloads* delegations depth-first, client/tufclient.go `downloadTargets`; that order only
 * decides which of two fatal errors is reported first, never what is trusted.)
 * Paths: a child may sign only what its own paths AND every ancestor's allow (notary
 * `GetValidDelegations` / `RestrictDelegationPathPrefixes`); a role whose file failed verification
 * takes its whole subtree with it. Thresholds and signatures are checked by whoever loads a file
 * (with the keys and threshold the parent lists: `WalkedRole.role`, `WalkedRole.keys`).
 */
import type { SignetError } from '../errors.js';
import { restrictPaths, validDelegationName } from './delegations.js';
import type { DelegationRoleJSON, PublicKeyJSON, RoleName, TargetsSigned } from './types.js';

/** A delegation as the walk met it: listed by a verified parent. */
export interface WalkedRole<F> {
  /** The delegation as its parent lists it (name, keyids, threshold, paths). */
  role: DelegationRoleJSON;
  parent: RoleName;
  /** The keys the parent lists for its delegations (what the role's file is verified with). */
  keys: Record<string, PublicKeyJSON>;
  /** What this role may sign, after restriction by every ancestor ([] = nothing). */
  effectivePaths: string[];
  /** Its verified file, when there is one (set by the loader). */
  file?: F;
  /** Why its file was not used: a failure that skips its subtree (set by the loader). */
  skipped?: SignetError;
}

export interface DelegationWalk<F> {
  /** Verified delegation files, in walk order. */
  files: Map<RoleName, F>;
  /** Every delegation listed by a verified parent, in walk order, with or without a file. */
  roles: Map<RoleName, WalkedRole<F>>;
  /** Delegations listed but ignored (invalid name, not a direct child, listed twice). */
  warnings: string[];
}

/**
 * Yields each delegation in walk order; the driver loads and verifies its file (or finds it has
 * none), sets `file` or `skipped` on it, then asks for the next. Children of a role are known once
 * its file is set. `upcoming` lists the yielded role's later siblings, so a driver may fetch ahead.
 */
export function* delegationWalk<F>(
  targets: F,
  signedOf: (file: F) => TargetsSigned,
  walk: DelegationWalk<F> = { files: new Map(), roles: new Map(), warnings: [] },
): Generator<{ role: WalkedRole<F>; upcoming: readonly WalkedRole<F>[] }, DelegationWalk<F>, void> {
  const queue: Array<{ name: RoleName; file: F; paths: string[] | undefined }> = [
    { name: 'targets', file: targets, paths: undefined },
  ];
  for (let q = 0; q < queue.length; q++) {
    const parent = queue[q]!;
    const { keys, roles } = signedOf(parent.file).delegations;
    const children: WalkedRole<F>[] = [];
    for (const role of roles ?? []) {
      if (!validDelegationName(role.name, parent.name) || walk.roles.has(role.name)) {
        walk.warnings.push(`${parent.name} lists an invalid delegation "${role.name}"; it is ignored`);
        continue;
      }
      const walked: WalkedRole<F> = {
        role,
        parent: parent.name,
        keys,
        effectivePaths: restrictPaths(role.paths, parent.paths),
      };
      walk.roles.set(role.name, walked);
      children.push(walked);
    }
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      yield { role: child, upcoming: children.slice(i + 1) };
      if (child.file === undefined) continue;
      walk.files.set(child.role.name, child.file);
      queue.push({ name: child.role.name, file: child.file, paths: child.effectivePaths });
    }
  }
  return walk;
}

/** The walk over files already verified (a past state of the history): `fileOf` gives each role's file, if any. */
export function walkVerified<F>(
  targets: F,
  signedOf: (file: F) => TargetsSigned,
  fileOf: (role: WalkedRole<F>) => F | undefined,
): DelegationWalk<F> {
  const gen = delegationWalk(targets, signedOf);
  for (let step = gen.next(); ; step = gen.next()) {
    if (step.done) return step.value;
    const file = fileOf(step.value.role);
    if (file !== undefined) step.value.role.file = file;
  }
}
