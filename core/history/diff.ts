/**
 * The difference between two points of a repository's history: signed tags added, removed or
 * re-pointed per role, signers added, removed or changed, and base-role keys rotated. A point is a
 * publish (the timestamp version, the changefeed's Version), a time (the state then in force), or
 * `latest`. Only verified versions are compared; a role whose version failed is left out, with a note.
 */
import { SignetError } from '../errors.js';
import { BASE_ROLES, type RoleName, type RootSigned, type TargetsSigned } from '../tuf/types.js';
import { inPaths, signerChanges, tagChanges, type SignerChange, type TagChange } from './changes.js';
import type { RepositoryState, RoleVersion, TrustHistory } from './types.js';

export type HistoryPoint =
  { kind: 'publish'; publish: number } | { kind: 'time'; at: Date; text: string } | { kind: 'latest' };

export interface DiffPoint {
  publish: number;
  time: string | null;
}

export interface KeyChange {
  role: RoleName;
  change: 'key-rotated';
  keys: { before: string[]; after: string[] };
}

export interface TrustDiff {
  from: DiffPoint;
  to: DiffPoint;
  tags: Array<TagChange & { role: RoleName }>;
  /** `role` is the signer's own role; `parent` the role that delegates it. */
  signers: Array<SignerChange & { parent: RoleName }>;
  keys: KeyChange[];
  notes: string[];
}

const TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Parses FROM/TO: a publish number, `latest`, or an RFC 3339 time or date (UTC when no zone is given). */
export function parsePoint(text: string): HistoryPoint {
  const t = text.trim();
  if (/^\d+$/.test(t) && Number(t) >= 1) return { kind: 'publish', publish: Number(t) };
  if (t === 'latest') return { kind: 'latest' };
  if (TIME.test(t)) {
    const iso = t.replace(' ', 'T');
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(iso) || iso.length === 10 ? iso : `${iso}Z`;
    const at = new Date(iso.length === 10 ? `${iso}T23:59:59.999Z` : zoned);
    if (!Number.isNaN(at.getTime())) return { kind: 'time', at, text: t };
  }
  throw new SignetError('BAD_INPUT', `"${text}" is not a point in the history`, {
    hint: 'Give a publish number (the # column of signet history), "latest", or a time such as 2026-12-01 or 2026-12-01T10:30:00Z.',
  });
}

/** The state a point names; throws BAD_INPUT saying which points exist. */
export function resolvePoint(history: TrustHistory, point: HistoryPoint): RepositoryState {
  const states = history.states;
  if (states.length === 0) {
    throw new SignetError('BAD_INPUT', `the history of ${history.gun} has no complete publish to compare`);
  }
  const range = `publishes ${states[0]!.publish}–${states[states.length - 1]!.publish}`;
  if (point.kind === 'latest') return states[states.length - 1]!;
  if (point.kind === 'publish') {
    const s = states.find((x) => x.publish === point.publish);
    if (!s)
      throw new SignetError('BAD_INPUT', `publish ${point.publish} is not in the history of ${history.gun} (${range})`);
    return s;
  }
  let found: RepositoryState | undefined;
  for (const s of states) if (s.time !== null && Date.parse(s.time) <= point.at.getTime()) found = s;
  if (!found) {
    const first = states.find((s) => s.time !== null);
    throw new SignetError(
      'BAD_INPUT',
      first
        ? `${point.text} is before the first publish known for ${history.gun} (${first.time})`
        : `the history of ${history.gun} has no publication times (no changefeed): give publish numbers (${range})`,
    );
  }
  return found;
}

interface StateContent {
  root?: RootSigned;
  targets: Map<RoleName, TargetsSigned>;
}

function contentOf(history: TrustHistory, state: RepositoryState, notes: string[]): StateContent {
  const byKey = new Map<string, RoleVersion>();
  for (const v of history.versions) if (!v.problem && v.file) byKey.set(`${v.role} ${v.version}`, v);
  const out: StateContent = { targets: new Map() };
  for (const [role, version] of state.versions) {
    if (role === 'snapshot' || role === 'timestamp') continue;
    const v = byKey.get(`${role} ${version}`);
    if (!v) {
      notes.push(`publish ${state.publish}: ${role} v${version} did not verify and is left out of the comparison`);
      continue;
    }
    if (role === 'root') out.root = v.file!.signed as RootSigned;
    else out.targets.set(role, v.file!.signed as TargetsSigned);
  }
  // what the one walk reached in that state, each delegation only inside its paths (DCT's enforcement):
  // a file the snapshot still pins but no role delegates any more is not part of the state
  for (const [role, t] of [...out.targets]) {
    if (role === 'targets') continue;
    const paths = state.paths.get(role);
    if (paths === undefined) out.targets.delete(role);
    else out.targets.set(role, { ...t, targets: inPaths(t.targets, paths) });
  }
  return out;
}

export function diffStates(history: TrustHistory, from: RepositoryState, to: RepositoryState): TrustDiff {
  const notes: string[] = [];
  const a = contentOf(history, from, notes);
  const b = contentOf(history, to, notes);
  const diff: TrustDiff = {
    from: { publish: from.publish, time: from.time },
    to: { publish: to.publish, time: to.time },
    tags: [],
    signers: [],
    keys: [],
    notes,
  };
  const roles = [...new Set([...a.targets.keys(), ...b.targets.keys()])].sort((x, y) =>
    x === 'targets' ? -1 : y === 'targets' ? 1 : x < y ? -1 : x > y ? 1 : 0,
  );
  for (const role of roles) {
    const [x, y] = [a.targets.get(role), b.targets.get(role)];
    for (const s of signerChanges(x?.delegations.roles, y?.delegations.roles))
      diff.signers.push({ ...s, parent: role });
    for (const t of tagChanges(x?.targets, y?.targets)) diff.tags.push({ ...t, role });
  }
  if (a.root && b.root) {
    for (const role of BASE_ROLES) {
      const before = [...a.root.roles[role].keyids].sort();
      const after = [...b.root.roles[role].keyids].sort();
      if (before.join() !== after.join()) diff.keys.push({ role, change: 'key-rotated', keys: { before, after } });
    }
  }
  return diff;
}
