import { isSignetError, type SignetError } from '../errors.js';
import { restrictPaths, validDelegationName } from '../tuf/delegations.js';
import type { DelegationRoleJSON, RoleName, SignedFile, SnapshotSigned, TargetsSigned } from '../tuf/types.js';
import { loadPinnedRole, type RoleLoaderContext } from './role-loader.js';

/** A delegation as the walk found it, with the paths its ancestors allow. */
export interface KnownDelegation {
  role: DelegationRoleJSON;
  parent: RoleName;
  /** Paths after restriction by every ancestor (undefined = the role may sign nothing). */
  effectivePaths: string[] | undefined;
  /** Why this role's file was not used, when it was skipped. */
  skipped?: string;
  /** The error that skipped it (e.g. TUF_EXPIRED with the role's expiry). */
  skippedError?: SignetError;
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

/** Sibling delegation files fetched (cache or download) and verified at the same time, at most. */
const PREFETCH = 8;

/** A settled load, so that a failure of a prefetched sibling is only seen when the walk reaches it. */
type Settled = { ok: true; file: SignedFile<TargetsSigned> } | { ok: false; error: unknown };

/**
 * Walks the delegation tree breadth-first from targets, children in listed order (as notary's
 * WalkTargets does). Only roles with a snapshot entry have files; an expired or badly signed
 * delegation is skipped with a warning, but a hash mismatch is fatal.
 *
 * The files of one parent's children are loaded concurrently (up to PREFETCH ahead), but the results
 * are consumed strictly in walk order, so the tree, the warnings and which error ends the walk are
 * exactly those of a sequential walk (a later sibling's failure is never seen before an earlier one's).
 */
export async function loadDelegations(
  ctx: RoleLoaderContext,
  targets: SignedFile<TargetsSigned>,
  snapshot: SignedFile<SnapshotSigned>,
): Promise<DelegationTree> {
  const tree: DelegationTree = { delegations: new Map(), delegationRoles: new Map(), warnings: [] };
  const queue: Array<{ file: SignedFile<TargetsSigned>; paths: string[] | undefined }> = [
    { file: targets, paths: undefined },
  ];
  for (let q = 0; q < queue.length; q++) {
    const { file: parent, paths: parentPaths } = queue[q]!;
    const { keys, roles } = parent.signed.delegations;
    const children = roles ?? [];

    // The children whose files the sequential walk below will load, in order (same tests as below,
    // on a scratch set of names, without touching the tree).
    const seen = new Set<RoleName>();
    const toLoad: number[] = [];
    children.forEach((role, i) => {
      if (!validDelegationName(role.name, parent.role) || tree.delegationRoles.has(role.name) || seen.has(role.name))
        return;
      seen.add(role.name);
      if (snapshot.signed.meta[role.name] !== undefined) toLoad.push(i);
    });
    const loads = new Map<number, Promise<Settled>>();
    let next = 0;
    let consumed = 0;
    const startLoads = (upTo: number): void => {
      for (; next < toLoad.length && next < upTo; next++) {
        const role = children[toLoad[next]!]!;
        const p = loadPinnedRole<TargetsSigned>(ctx, role.name, snapshot.signed.meta[role.name]!, { keys, role }).then(
          (file): Settled => ({ ok: true, file }),
          (error: unknown): Settled => ({ ok: false, error }),
        );
        loads.set(toLoad[next]!, p);
      }
    };
    startLoads(PREFETCH);

    for (let i = 0; i < children.length; i++) {
      const role = children[i]!;
      if (!validDelegationName(role.name, parent.role) || tree.delegationRoles.has(role.name)) {
        tree.warnings.push(`${parent.role} lists an invalid delegation "${role.name}"; it is ignored`);
        continue;
      }
      const known: KnownDelegation = {
        role,
        parent: parent.role,
        effectivePaths: restrictPaths(role.paths, parentPaths),
      };
      tree.delegationRoles.set(role.name, known);
      const meta = snapshot.signed.meta[role.name];
      if (meta === undefined) continue; // never signed: no file, an empty role
      const pending = loads.get(i);
      if (pending === undefined) throw new Error(`delegation walk: ${role.name} was not scheduled`); // cannot happen
      startLoads(++consumed + PREFETCH); // keep PREFETCH loads ahead of the one awaited now
      const r = await pending;
      if (r.ok) {
        tree.delegations.set(role.name, r.file);
        queue.push({ file: r.file, paths: known.effectivePaths });
      } else {
        const e = r.error;
        if (!isSignetError(e) || !SKIPPABLE.has(e.code)) throw e;
        known.skipped = e.message;
        known.skippedError = e;
        tree.warnings.push(`Error getting ${role.name}: ${e.message}`);
      }
    }
  }
  return tree;
}
