import { SignetError } from '../errors.js';
import { canonicalKeyId, keyId } from '../crypto/key-id.js';
import type { CryptoProvider } from '../crypto/provider.js';
import { parentOf, pathAllowed, restrictPaths } from '../tuf/delegations.js';
import type { DelegationRoleJSON, PublicKeyJSON, RoleName, TargetsSigned } from '../tuf/types.js';
import type { Change } from './changelist.js';
import { targetsOf, type WorkingRepo } from './working-repo.js';

/**
 * Applies staged changes to a working copy (notary client/helpers.go applyChangelist). A change
 * that cannot apply throws BAD_INPUT naming it; the caller keeps the staged changes.
 */
export function applyChanges(w: WorkingRepo, changes: Change[], crypto: CryptoProvider): void {
  for (const c of changes) {
    switch (c.type) {
      case 'target':
        applyTarget(w, c);
        break;
      case 'delegation':
        applyDelegation(w, c, crypto);
        break;
      case 'root-role':
        applyRootRole(w, c, crypto);
        break;
      case 'witness':
        if (c.role !== 'root' && c.role !== 'targets' && !findDelegation(w, c.role)) throw unknownRole(c.role);
        if (c.role !== 'root') targetsOf(w, c.role);
        w.dirty.add(c.role);
        break;
    }
  }
}

function unknownRole(role: RoleName): SignetError {
  return new SignetError('BAD_INPUT', `${role} is not a role of this repository`, { hint: 'Add the signer first.' });
}

/** What `role` may sign in the working copy: its paths restricted by every ancestor's (undefined: targets, all). */
function effectivePaths(w: WorkingRepo, role: RoleName): string[] | undefined {
  if (role === 'targets') return undefined;
  const found = findDelegation(w, role);
  return restrictPaths(found?.entry.paths, effectivePaths(w, parentOf(role)!));
}

/** The parent's targets body and the delegation entry for `role`, if declared. */
export function findDelegation(
  w: WorkingRepo,
  role: RoleName,
): { parent: TargetsSigned; entry: DelegationRoleJSON } | undefined {
  const parentName = parentOf(role);
  if (parentName === undefined) return undefined;
  const parent = parentName === 'targets' ? w.targets : w.delegations.get(parentName);
  const entry = parent?.delegations.roles?.find((r) => r.name === role);
  return parent && entry ? { parent, entry } : undefined;
}

function applyTarget(w: WorkingRepo, c: Extract<Change, { type: 'target' }>): void {
  if (c.role !== 'targets' && !findDelegation(w, c.role)) throw unknownRole(c.role);
  const t = targetsOf(w, c.role);
  if (c.action === 'create') {
    if (!c.meta) throw new SignetError('BAD_INPUT', `signing ${c.path} into ${c.role} needs its hashes and length`);
    const paths = effectivePaths(w, c.role);
    if (paths !== undefined && !pathAllowed(c.path, paths)) {
      // notary's AddTargets refuses it too: DCT would ignore such a signature (docker pull refuses it)
      throw new SignetError(
        'BAD_INPUT',
        `${c.path} is outside the paths ${c.role} may sign (${paths.map((p) => JSON.stringify(p)).join(', ') || 'none'})`,
        {
          hint: `sign it in a role whose paths allow it, or ask the repository admin to add a path of ${c.role} that ${c.path} starts with`,
        },
      );
    }
    t.targets[c.path] = c.meta;
  } else {
    if (!(c.path in t.targets)) return; // already absent: nothing to change
    delete t.targets[c.path];
  }
  w.dirty.add(c.role);
}

function applyDelegation(w: WorkingRepo, c: Extract<Change, { type: 'delegation' }>, crypto: CryptoProvider): void {
  const parentName = parentOf(c.role);
  if (parentName === undefined) throw new SignetError('BAD_INPUT', `${c.role} is not a delegation role name`);
  const parent = parentName === 'targets' ? w.targets : w.delegations.get(parentName);
  if (!parent) throw unknownRole(parentName);
  const roles = parent.delegations.roles ?? [];
  let entry = roles.find((r) => r.name === c.role);
  if (c.action === 'delete') {
    if (!entry) return;
    parent.delegations.roles = roles.filter((r) => r !== entry);
    pruneKeys(parent);
    w.delegations.delete(c.role);
    w.dirty.add(parentName);
    return;
  }
  if (!entry) {
    entry = { keyids: [], name: c.role, threshold: 1 };
    parent.delegations.roles = [...roles, entry];
  }
  for (const key of c.addKeys ?? []) {
    const id = keyId(key, crypto);
    parent.delegations.keys[id] = key;
    if (!entry.keyids.includes(id)) entry.keyids.push(id);
  }
  if (c.removeKeys?.length) {
    const remove = new Set(c.removeKeys);
    entry.keyids = entry.keyids.filter((id) => {
      const key = parent.delegations.keys[id];
      return !remove.has(id) && !(key && remove.has(canonicalKeyId(key, crypto)));
    });
    pruneKeys(parent);
  }
  if (c.threshold !== undefined) entry.threshold = c.threshold;
  let paths = c.clearPaths ? [] : [...(entry.paths ?? [])];
  paths = paths.filter((p) => !(c.removePaths ?? []).includes(p));
  for (const p of c.addPaths ?? []) if (!paths.includes(p)) paths.push(p);
  if (paths.length > 0) entry.paths = paths;
  else delete entry.paths;
  w.dirty.add(parentName);
}

/** Drops delegation keys no role uses any more. */
function pruneKeys(parent: TargetsSigned): void {
  const used = new Set((parent.delegations.roles ?? []).flatMap((r) => r.keyids));
  for (const id of Object.keys(parent.delegations.keys)) if (!used.has(id)) delete parent.delegations.keys[id];
}

function applyRootRole(w: WorkingRepo, c: Extract<Change, { type: 'root-role' }>, crypto: CryptoProvider): void {
  if (c.keys.length === 0) throw new SignetError('BAD_INPUT', `the ${c.role} role needs at least one key`);
  const ids = c.keys.map((k) => keyId(k, crypto));
  c.keys.forEach((k, i) => (w.root.keys[ids[i]!] = k as PublicKeyJSON));
  w.root.roles[c.role] = { keyids: ids, threshold: w.root.roles[c.role]?.threshold ?? 1 };
  // keys no role lists any more leave root.json (as notary's key rotation does)
  const used = new Set(Object.values(w.root.roles).flatMap((r) => r.keyids));
  for (const id of Object.keys(w.root.keys)) if (!used.has(id)) delete w.root.keys[id];
  w.dirty.add('root');
  if (c.role === 'targets') w.dirty.add('targets'); // re-signed with the new key
}
