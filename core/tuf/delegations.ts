/** Delegation-name and path rules (notary tuf/data/roles.go, targets.go; protocol §1.2, §6). */
import type { RoleName } from './types.js';

const NAME = /^targets\/[-a-z0-9_/]+$/;

/** True for `targets/<something>` role names (syntax not checked; see {@link validDelegationName}). */
export function isDelegationRole(name: RoleName): boolean {
  return name.startsWith('targets/');
}

/** The delegating role of a delegation (`targets/a/b` → `targets/a`, `targets/a` → `targets`); undefined for base roles. */
export function parentOf(name: RoleName): RoleName | undefined {
  if (!isDelegationRole(name)) return undefined;
  return name.slice(0, name.lastIndexOf('/'));
}

/**
 * Whether `name` is a valid delegation name: `^targets/[-a-z0-9_/]+$`, shorter than 256 characters,
 * a clean path (no empty segment or trailing slash) and, when `parent` is given, its direct child.
 */
export function validDelegationName(name: RoleName, parent?: RoleName): boolean {
  if (name.length >= 256 || !NAME.test(name)) return false;
  if (name.split('/').some((seg) => seg === '')) return false;
  return parent === undefined || parentOf(name) === parent;
}

/**
 * Whether a role with these `paths` may sign `targetName`: some path is a prefix of it.
 * No paths (undefined or empty) allows nothing; docker's `[""]` allows every name.
 */
export function pathAllowed(targetName: string, paths: readonly string[] | undefined): boolean {
  if (paths === undefined) return false;
  for (let i = 0; i < paths.length; i++) if (targetName.startsWith(paths[i]!)) return true;
  return false;
}

/**
 * A child's effective paths under its parent's: the child paths that some parent path is a prefix of
 * (notary `RestrictDelegationPathPrefixes`). `parentPaths` undefined means the parent is top-level targets
 * and restricts nothing.
 */
export function restrictPaths(
  childPaths: readonly string[] | undefined,
  parentPaths: readonly string[] | undefined,
): string[] {
  const child = childPaths ?? [];
  if (parentPaths === undefined) return [...child];
  return child.filter((c) => parentPaths.some((p) => c.startsWith(p)));
}

/**
 * Pre-order walk from `start` (children in list order), the order notary fetches delegations in.
 * `childrenOf` returns a role's delegated role names, or undefined when the role has no file;
 * a role seen twice is visited once.
 */
export function walkOrder(
  start: RoleName,
  childrenOf: (role: RoleName) => readonly RoleName[] | undefined,
): RoleName[] {
  const out: RoleName[] = [];
  const seen = new Set<RoleName>();
  const visit = (role: RoleName): void => {
    if (seen.has(role)) return;
    seen.add(role);
    out.push(role);
    for (const child of childrenOf(role) ?? []) visit(child);
  };
  visit(start);
  return out;
}
