/**
 * What the walk's roles sign, as DCT enforces it (notary lookup, docker pull): a role's target
 * counts only inside the paths the walk allows it. Every reader asks here, so a target a delegation
 * lists outside its paths is unsigned everywhere, and is reported once, the same way.
 */
import { parentOf, pathAllowed } from './delegations.js';
import type { FileMeta, RoleName, TargetsSigned } from './types.js';
import type { DelegationWalk } from './walk.js';

/** A target a delegation lists outside its paths: DCT ignores it (`notary lookup` refuses it). */
export interface OutsidePaths {
  tag: string;
  role: RoleName;
  /** The paths the role may sign (after its ancestors' restriction). */
  paths: string[];
  meta: FileMeta;
}

/** Top-level targets may sign every name; a delegation what its effective paths allow. */
export function mayList(paths: readonly string[] | 'all', name: string): boolean {
  return paths === 'all' || pathAllowed(name, paths);
}

/** The paths the walk allows `role` (`all` for targets; [] for a role it never met). */
export function pathsOf<F>(walk: DelegationWalk<F>, role: RoleName): string[] | 'all' {
  return role === 'targets' ? 'all' : (walk.roles.get(role)?.effectivePaths ?? []);
}

/** Targets listed outside their role's paths, in walk order, tags in file order. */
export function outsidePaths<F>(walk: DelegationWalk<F>, signedOf: (file: F) => TargetsSigned): OutsidePaths[] {
  const out: OutsidePaths[] = [];
  for (const [role, file] of walk.files) {
    const paths = pathsOf(walk, role);
    if (paths === 'all' || paths.includes('')) continue;
    for (const [tag, meta] of Object.entries(signedOf(file).targets))
      if (!mayList(paths, tag)) out.push({ tag, role, paths, meta });
  }
  return out;
}

/** `child` is `ancestor` or below it (notary `isAncestorRole`). */
const within = (child: RoleName, ancestor: RoleName): boolean => child === ancestor || child.startsWith(`${ancestor}/`);

/**
 * notary's `GetTargetByName(name, ...order)`: the entry a client resolves `name` to, and the role it
 * comes from. For each role of `order` in turn, the walk visits that role and its subtree (the others
 * of `order` skipped), each role only if its paths allow `name`, a role's children only after the
 * role itself was visited; the first file listing `name` wins. docker pull asks for
 * `targets/releases` first, then `targets` (which reaches every other delegation too).
 */
export function lookupTarget<F>(
  targets: F,
  walk: DelegationWalk<F>,
  signedOf: (file: F) => TargetsSigned,
  name: string,
  order: readonly RoleName[],
): { role: RoleName; meta: FileMeta } | undefined {
  const files: Array<[RoleName, F]> = [['targets', targets], ...walk.files];
  for (const wanted of order) {
    const blocked = new Set<RoleName>(); // roles whose subtree this walk does not enter
    for (const [role, file] of files) {
      const parent = parentOf(role);
      if (parent !== undefined && blocked.has(parent)) {
        blocked.add(role);
        continue;
      }
      if (wanted.startsWith(`${role}/`)) continue; // on the way down to `wanted`: entered, not visited
      const visit =
        within(role, wanted) && !order.some((o) => o !== wanted && o === role) && mayList(pathsOf(walk, role), name);
      if (!visit) {
        blocked.add(role);
        continue;
      }
      const listed = signedOf(file).targets;
      if (Object.hasOwn(listed, name)) return { role, meta: listed[name]! };
    }
  }
  return undefined;
}
