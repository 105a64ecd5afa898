/**
 * History events: what changed between consecutive verified versions of each role, in history
 * order, each with the key IDs whose signatures on the new version verified (who made it).
 *  - root v1: initialized; root keys replaced: key-rotated (root).
 *  - targets/snapshot/timestamp: key-rotated at the first version verified with keys a newer root lists.
 *  - targets and delegations: tag-added/removed/changed, signer-added/removed/changed (in the
 *    delegating role), key-rotated for a signer whose keys were all replaced, renewed when only
 *    the version and expiry changed.
 *  - a tag a delegation lists outside the paths it may sign: refused-outside-paths (DCT ignores it),
 *    never tag-added; only tags inside the paths are diffed.
 *  - a version that failed verification: unverified, with the reason; it is never diffed against.
 */
import { isDelegationRole } from '../tuf/delegations.js';
import type { RootSigned, TargetsSigned } from '../tuf/types.js';
import { mayList } from '../tuf/targets-in-force.js';
import type { FileMeta } from '../tuf/types.js';
import { digestOf, inPaths, onlyRenewed, sameTarget, signerChanges, tagChanges } from './changes.js';
import type { Entry } from './entries.js';
import type { ChangeKind, HistoryEvent, RoleVersion } from './types.js';

const isTargetsRole = (role: string): boolean => role === 'targets' || isDelegationRole(role);
const sameSet = (a: string[], b: string[]): boolean => a.length === b.length && a.every((k) => b.includes(k));

function event(v: RoleVersion, change: ChangeKind, extra: Partial<HistoryEvent> = {}): HistoryEvent {
  return {
    time: v.time,
    ...(v.publish !== undefined ? { publish: v.publish } : {}),
    role: v.role,
    version: v.version,
    change,
    keyIds: v.signedBy,
    source: v.source,
    ...extra,
  };
}

/**
 * Events of one verified version against the previous verified version of its role. Without a
 * previous one, `created` says whether the role came into being here (its tags and signers are
 * then additions) or whether its earlier versions are merely missing (nothing can be said).
 */
function versionEvents(e: Entry, prevEntry: Entry | undefined, created: boolean): HistoryEvent[] {
  const v = e.v;
  const prev = prevEntry?.v;
  const out: HistoryEvent[] = [];
  if (v.role === 'root') {
    if (!prev) return v.version === 1 ? [event(v, 'initialized')] : [];
    if (!sameSet(prev.trustedKeys, v.trustedKeys)) {
      out.push(event(v, 'key-rotated', { keys: { before: prev.trustedKeys, after: v.trustedKeys } }));
    } else if (onlyRenewed(prev.file!.signed as RootSigned, v.file!.signed as RootSigned))
      out.push(event(v, 'renewed'));
    return out;
  }
  if (!prev && !created) return [];
  const rotated = prev !== undefined && !sameSet(prev.trustedKeys, v.trustedKeys);
  if (!isTargetsRole(v.role)) {
    return rotated ? [event(v, 'key-rotated', { keys: { before: prev.trustedKeys, after: v.trustedKeys } })] : [];
  }
  // a delegation's keys are set by its parent (signer-changed there); here only a whole replacement
  const disjoint = rotated && (!isDelegationRole(v.role) || v.trustedKeys.every((k) => !prev.trustedKeys.includes(k)));
  if (disjoint) out.push(event(v, 'key-rotated', { keys: { before: prev.trustedKeys, after: v.trustedKeys } }));
  const before = prev?.file?.signed as TargetsSigned | undefined;
  const after = v.file!.signed as TargetsSigned;
  for (const s of signerChanges(before?.delegations.roles, after.delegations.roles)) {
    out.push(
      event(v, s.change, {
        signer: s.signer,
        keys: s.keys,
        ...(s.paths ? { paths: s.paths } : {}),
        ...(s.threshold ? { threshold: s.threshold } : {}),
      }),
    );
  }
  // DCT's enforcement: only what the role may sign there counts; the rest is refused, once
  const allowed = (targets: Record<string, FileMeta> | undefined, paths: string[] | 'all' | undefined) =>
    targets && paths !== 'all' ? inPaths(targets, paths ?? []) : targets;
  for (const [tag, meta] of Object.entries(after.targets)) {
    if (e.paths === undefined || mayList(e.paths, tag)) continue;
    const was = before?.targets[tag];
    if (was !== undefined && sameTarget(was, meta)) continue;
    out.push(
      event(v, 'refused-outside-paths', {
        tag,
        digest: digestOf(meta),
        paths: { after: e.paths === 'all' ? [''] : e.paths },
      }),
    );
  }
  for (const t of tagChanges(allowed(before?.targets, prevEntry?.paths), allowed(after.targets, e.paths))) {
    out.push(
      event(v, t.change, {
        tag: t.tag,
        ...(t.digest !== undefined ? { digest: t.digest } : {}),
        ...(t.previousDigest !== undefined ? { previousDigest: t.previousDigest } : {}),
      }),
    );
  }
  if (out.length === 0 && before && !rotated && onlyRenewed(before, after)) out.push(event(v, 'renewed'));
  return out;
}

/**
 * Every event, in the order of `ordered` (history order). `createdHere(entry)`: the entry's role
 * did not exist in the state before the one that first pins it (and that state is known).
 */
export function buildEvents(ordered: Entry[], createdHere: (e: Entry) => boolean): HistoryEvent[] {
  const verified = new Map<string, RoleVersion[]>();
  const entryOf = new Map<RoleVersion, Entry>();
  for (const e of ordered) {
    if (e.status !== 'ok') continue;
    entryOf.set(e.v, e);
    const list = verified.get(e.v.role) ?? [];
    if (!list.some((x) => x.version === e.v.version)) list.push(e.v);
    verified.set(e.v.role, list);
  }
  for (const list of verified.values()) list.sort((a, b) => a.version - b.version);
  const out: HistoryEvent[] = [];
  for (const e of ordered) {
    if (e.status === 'failed') {
      out.push(event(e.v, 'unverified', { keyIds: [], ...(e.v.problem ? { problem: e.v.problem } : {}) }));
      continue;
    }
    const list = verified.get(e.v.role)!;
    const i = list.indexOf(e.v);
    if (i === -1) continue; // a second verified copy of the same version
    out.push(...versionEvents(e, i > 0 ? entryOf.get(list[i - 1]!) : undefined, i === 0 && createdHere(e)));
  }
  return out;
}
