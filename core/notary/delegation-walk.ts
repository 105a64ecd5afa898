import { isSignetError } from '../errors.js';
import { restrictPaths, validDelegationName } from '../tuf/delegations.js';
import type { DelegationRoleJSON, RoleName, SignedFile, SnapshotSigned, TargetsSigned } from '../tuf/types.js';
import { cachedRole, loadPinnedRole, type RoleLoaderContext } from './role-loader.js';

/** A delegation as the walk found it, with the paths its ancestors allow. */
export interface KnownDelegation {
  role: DelegationRoleJSON;
  parent: RoleName;
  /** Paths after restriction by every ancestor (undefined = the role may sign nothing). */
  effectivePaths: string[] | undefined;
  /** Why this role's file was not used, when it was skipped. */
  skipped?: string;
}

export interface DelegationTree {
  /** Verified delegation files, in walk order. */
  delegations: Map<RoleName, SignedFile<TargetsSigned>>;
  /** Every delegation role listed by a verified parent, in walk order, even without a file. */
  delegationRoles: Map<RoleName, KnownDelegation>;
  /** Human-readable warnings for delegations that failed verification and were skipped. */
  warnings: string[];
}

/** Roles whose failure only skips the subtree (notary tufclient downloadTargets). */
const SKIPPABLE = new Set(['TUF_EXPIRED', 'TUF_THRESHOLD', 'TUF_BAD_SIGNATURE', 'TUF_UNKNOWN_KEY']);

/**
 * Walks the delegation tree breadth-first from targets, children in listed order (as notary's
 * WalkTargets does). Only roles with a snapshot entry have files; an expired or badly signed
 * delegation is skipped with a warning, but a hash mismatch is fatal.
 */
export async function loadDelegations(
  ctx: RoleLoaderContext,
  targets: SignedFile<TargetsSigned>,
  snapshot: SignedFile<SnapshotSigned>,
): Promise<DelegationTree> {
  const tree: DelegationTree = { delegations: new Map(), delegationRoles: new Map(), warnings: [] };
  const queue: Array<{ file: SignedFile<TargetsSigned>; paths: string[] | undefined }> = [{ file: targets, paths: undefined }];
  while (queue.length > 0) {
    const { file: parent, paths: parentPaths } = queue.shift()!;
    const { keys, roles } = parent.signed.delegations;
    for (const role of roles ?? []) {
      if (!validDelegationName(role.name, parent.role) || tree.delegationRoles.has(role.name)) {
        tree.warnings.push(`${parent.role} lists an invalid delegation "${role.name}"; it is ignored`);
        continue;
      }
      const known: KnownDelegation = { role, parent: parent.role, effectivePaths: restrictPaths(role.paths, parentPaths) };
      tree.delegationRoles.set(role.name, known);
      const meta = snapshot.signed.meta[role.name];
      if (meta === undefined) continue; // never signed: no file, an empty role
      try {
        const cached = await cachedRole<TargetsSigned>(ctx, role.name);
        const file = await loadPinnedRole<TargetsSigned>(ctx, role.name, meta, { keys, role }, cached?.signed.version);
        tree.delegations.set(role.name, file);
        queue.push({ file, paths: known.effectivePaths });
      } catch (e) {
        if (!isSignetError(e) || !SKIPPABLE.has(e.code)) throw e;
        known.skipped = e.message;
        tree.warnings.push(`Error getting ${role.name}: ${e.message}`);
      }
    }
  }
  return tree;
}
