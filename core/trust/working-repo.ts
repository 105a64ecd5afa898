import type { RootSigned, RoleName, SignedFile, TargetsSigned } from '../tuf/types.js';
import type { TrustedRepository } from '../notary/tuf-client.js';

/**
 * Mutable copies of a repository's signed bodies, for applying staged changes before signing.
 * Each role remembers whether it changed, so only changed roles are re-signed and uploaded.
 */
export interface WorkingRepo {
  gun: string;
  root: RootSigned;
  targets: TargetsSigned;
  delegations: Map<RoleName, TargetsSigned>;
  /** Roles whose body changed (or must be re-signed). */
  dirty: Set<RoleName>;
  /** The verified repository this was copied from; undefined for a repository being created. */
  base?: TrustedRepository;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export function workingCopy(repo: TrustedRepository): WorkingRepo {
  const delegations = new Map<RoleName, TargetsSigned>();
  for (const [name, file] of repo.delegations) delegations.set(name, clone(file.signed));
  return {
    gun: repo.gun,
    root: clone(repo.root.signed),
    targets: clone(repo.targets.signed),
    delegations,
    dirty: new Set(),
    base: repo,
  };
}

/** The targets body of a role; a delegation that never had a file starts empty (notary does the same). */
export function targetsOf(w: WorkingRepo, role: RoleName): TargetsSigned {
  if (role === 'targets') return w.targets;
  let t = w.delegations.get(role);
  if (!t) {
    t = { _type: 'Targets', delegations: { keys: {}, roles: [] }, expires: w.targets.expires, targets: {}, version: 0 };
    w.delegations.set(role, t);
  }
  return t;
}

/** The verified file a role came from, if any. */
export function baseFile(w: WorkingRepo, role: RoleName): SignedFile | undefined {
  if (!w.base) return undefined;
  if (role === 'root') return w.base.root;
  if (role === 'targets') return w.base.targets;
  return w.base.delegations.get(role);
}
