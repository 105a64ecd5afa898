/**
 * Where each version sits in time: the first publish whose snapshot pins it gives its time (the
 * changefeed's CreatedAt) and its place. A version no snapshot pins (the server lost the snapshot,
 * or never had one) is placed after the pinned version of its role just below it, and verified
 * with the keys trusted in that state; that its hashes could not be checked is noted.
 */
import { parentOf, restrictPaths } from '../tuf/delegations.js';
import type { RoleName, RootSigned, TargetsSigned } from '../tuf/types.js';
import { checkSigned, fail, type Entry } from './entries.js';
import type { State, VerifyContext } from './states.js';

/** Records, on every pinned entry, its first state, time and publish number. */
export function assignStates(states: State[]): void {
  states.forEach((s, i) => {
    for (const e of s.pins.values()) {
      if (e.state !== undefined) continue;
      e.state = i;
      e.v.time = s.time;
      e.v.publish = s.publish;
    }
  });
}

const BASE_RANK: Record<string, number> = { root: 0, targets: 1, snapshot: 10_000, timestamp: 10_001 };

function rankIn(role: RoleName, state: State | undefined): number {
  const base = BASE_RANK[role];
  if (base !== undefined) return base;
  const i = state ? state.order.indexOf(role) : -1;
  return 2 + (i === -1 ? 9_000 : i);
}

/** The state that gives an unpinned version its keys and place: the one pinning the version of its role just below. */
function stateFor(e: Entry, role: RoleName, states: State[]): number | undefined {
  let below: number | undefined;
  let above: number | undefined;
  states.forEach((s, i) => {
    const pinned = s.pins.get(role);
    if (!pinned) return;
    if (pinned.v.version < e.v.version) below = i;
    else if (pinned.v.version > e.v.version && above === undefined) above = i;
  });
  return below ?? above;
}

/** Verifies versions that no state pins, with the keys trusted where they belong. */
export function verifyUnpinned(entries: Entry[], states: State[], ctx: VerifyContext): void {
  const roots = entries
    .filter((e) => e.v.role === 'root' && e.status === 'ok')
    .sort((a, b) => b.v.version - a.v.version);
  for (const e of entries) {
    if (e.status !== 'pending' || e.state !== undefined || e.v.role === 'root') continue;
    const at = stateFor(e, e.v.role, states);
    const state = at === undefined ? undefined : states[at];
    const parentRole = parentOf(e.v.role);
    let keys;
    let role;
    let by: string;
    if (parentRole === undefined) {
      const root = state?.pins.get('root') ?? roots[0];
      if (!root || root.status !== 'ok') continue;
      const r = root.v.file!.signed as RootSigned;
      const base = r.roles[e.v.role as keyof RootSigned['roles']];
      if (!base) continue;
      keys = r.keys;
      role = base;
      if (e.v.role === 'targets') e.paths ??= 'all';
      by = `root v${root.v.version}`;
    } else {
      const parent =
        state?.pins.get(parentRole) ??
        entries
          .filter((p) => p.v.role === parentRole && p.status === 'ok')
          .sort((a, b) => b.v.version - a.v.version)[0];
      const entry = (parent?.v.file?.signed as TargetsSigned | undefined)?.delegations.roles?.find(
        (r) => r.name === e.v.role,
      );
      if (!parent || parent.status !== 'ok' || !entry) continue;
      keys = (parent.v.file!.signed as TargetsSigned).delegations.keys;
      role = entry;
      // the paths its parent gave it there (the one walk's restriction by the parent's own paths)
      e.paths ??= restrictPaths(
        entry.paths,
        parent.paths === 'all' || parent.paths === undefined ? undefined : parent.paths,
      );
      by = `${parentRole} v${parent.v.version}`;
    }
    try {
      checkSigned(e, keys, role, null, ctx.crypto);
      e.status = 'ok';
      e.v.notes.push(
        `no snapshot pins it, so its hashes and length could not be checked; verified with the keys of ${by}`,
      );
    } catch (err) {
      fail(e, err);
    }
    if (state) e.v.notes.push(`placed after publish ${state.publish}`);
  }
}

/** Every entry in history order: by first state, then root, targets, delegations (walk order), snapshot, timestamp. */
export function orderEntries(entries: Entry[], states: State[]): Entry[] {
  const place = new Map<Entry, [number, number, number]>();
  for (const e of entries) {
    if (e.state !== undefined) {
      e.rank = rankIn(e.v.role, states[e.state]);
      place.set(e, [e.state, e.rank, 0]);
    } else {
      const at = stateFor(e, e.v.role, states);
      e.rank = rankIn(e.v.role, at === undefined ? undefined : states[at]);
      // after that state's own versions; with no states at all, in version order
      place.set(e, at === undefined ? [-1, e.v.version, e.rank] : [at, e.rank + 0.5, e.v.version]);
    }
  }
  return [...entries].sort((a, b) => {
    const [x, y] = [place.get(a)!, place.get(b)!];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || a.v.version - b.v.version;
  });
}
