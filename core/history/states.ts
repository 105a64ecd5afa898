/**
 * The repository states: one per publish (timestamp version), each pinning by hash the snapshot,
 * and through it root, targets and every delegation then in force. Each pinned file is checked
 * against the hashes and length that pin it, and verified with the keys trusted in that state:
 * root's keys for the base roles, the delegating role's keys for a delegation.
 */
import { SignetError } from '../errors.js';
import type { CryptoProvider } from '../crypto/provider.js';
import type { ChangeRecord } from '../notary/changefeed.js';
import { delegationWalk, type DelegationWalk } from '../tuf/walk.js';
import { checkFileMeta } from '../tuf/verify.js';
import type {
  FileMeta,
  PublicKeyJSON,
  RoleKeys,
  RoleName,
  RootSigned,
  SnapshotSigned,
  TargetsSigned,
  TimestampSigned,
} from '../tuf/types.js';
import { base64ToHex } from '../util/bytes.js';
import { checkSigned, fail, keysetId, toProblem, type Entry } from './entries.js';

export interface State {
  publish: number;
  time: string | null;
  timestamp: Entry;
  snapshot?: Entry;
  /** role → the entry pinned in this state (root, targets, delegations; snapshot and timestamp too). */
  pins: Map<RoleName, Entry>;
  /** Delegations with a file in this state, in the one walk's order (core/tuf/walk.ts). */
  order: RoleName[];
  /** The walk over this state's verified files: effective paths of every delegation it reached. */
  walk: DelegationWalk<Entry>;
  notes: string[];
}

const hashOf = (meta: FileMeta | undefined): string | undefined => {
  const h = meta?.hashes['sha256'];
  return h === undefined ? undefined : base64ToHex(h);
};

/** States in publish order; timestamps that pin the same snapshot as the one before are one state. */
export function buildStates(entries: Entry[], feed: Map<number, ChangeRecord>, notes: string[]): State[] {
  const byHash = new Map<string, Entry>();
  for (const e of entries)
    if (e.v.file && !byHash.has(`${e.v.role} ${e.v.sha256}`)) byHash.set(`${e.v.role} ${e.v.sha256}`, e);
  const timestamps = entries
    .filter((e) => e.v.role === 'timestamp' && e.v.file && e.status !== 'failed')
    .sort((a, b) => a.v.version - b.v.version);
  const states: State[] = [];
  for (const ts of timestamps) {
    const record = feed.get(ts.v.version);
    if (record && record.sha256 !== '' && record.sha256 !== ts.v.sha256) {
      ts.v.notes.push(`the changefeed lists a different timestamp v${ts.v.version} (${record.sha256.slice(0, 12)}…)`);
    }
    const time = record && (record.sha256 === '' || record.sha256 === ts.v.sha256) ? record.createdAt : null;
    const snapHash = hashOf((ts.v.file!.signed as TimestampSigned).meta.snapshot);
    const last = states[states.length - 1];
    if (last && last.snapshot && last.snapshot.v.sha256 === snapHash) {
      last.pins.set(`timestamp@${ts.v.version}`, ts); // a re-signed timestamp: the same state
      continue;
    }
    const snapshot = snapHash === undefined ? undefined : byHash.get(`snapshot ${snapHash}`);
    const state: State = {
      publish: ts.v.version,
      time,
      timestamp: ts,
      pins: new Map([['timestamp', ts]]),
      order: [],
      walk: { files: new Map(), roles: new Map(), warnings: [] },
      notes: [],
    };
    if (!snapshot) notes.push(`the snapshot of publish ${ts.v.version} is neither on the server nor kept locally`);
    else {
      state.snapshot = snapshot;
      state.pins.set('snapshot', snapshot);
      for (const [role, meta] of Object.entries((snapshot.v.file!.signed as SnapshotSigned).meta)) {
        const pinned = byHash.get(`${role} ${hashOf(meta)}`);
        if (pinned) state.pins.set(role, pinned);
      }
    }
    states.push(state);
  }
  return states;
}

export interface VerifyContext {
  gun: string;
  crypto: CryptoProvider;
  timeOf: (e: Entry) => Date | null;
}

/** Checks one entry in one state: hashes against the pin, then signatures with the state's keys. */
function checkPinned(
  entry: Entry,
  meta: FileMeta | undefined,
  keys: Record<string, PublicKeyJSON>,
  role: RoleKeys,
  state: State,
  ctx: VerifyContext,
): void {
  // checked once per set of keys and pin (an unchanged file is pinned the same way by many publishes)
  const id = `${keysetId(role)}|${meta ? `${meta.length}:${Object.values(meta.hashes).join(',')}` : ''}`;
  if (entry.status === 'failed' || entry.checked.has(id)) return;
  try {
    if (meta) checkFileMeta(entry.v.role, entry.v.file!.raw, meta, ctx.crypto);
    if (entry.status === 'ok') {
      // verified in an earlier state: only the keys changed (e.g. after a rotation); re-check quietly
      checkSigned({ ...entry, v: { ...entry.v, notes: [] } }, keys, role, ctx.timeOf(entry), ctx.crypto);
    } else {
      checkSigned(entry, keys, role, ctx.timeOf(entry), ctx.crypto);
      entry.status = 'ok';
    }
    entry.checked.add(id);
  } catch (e) {
    if (entry.status === 'ok') {
      state.notes.push(
        `publish ${state.publish}: ${entry.v.role} v${entry.v.version} does not verify with the keys then trusted: ${toProblem(e).message}`,
      );
    } else fail(entry, e);
  }
}

/** Verifies every file pinned in each state, in TUF order: snapshot, timestamp, targets, delegations. */
export function verifyStates(states: State[], ctx: VerifyContext): void {
  for (const state of states) {
    const root = state.pins.get('root');
    if (!root || root.status !== 'ok' || !state.snapshot) {
      if (root) state.notes.push(`publish ${state.publish}: its root v${root.v.version} failed verification`);
      markUnverifiable(state, root);
      continue;
    }
    const r = root.v.file!.signed as RootSigned;
    const snap = state.snapshot;
    const snapMeta = (snap.v.file!.signed as SnapshotSigned).meta;
    // the snapshot against the pin of every timestamp of this state (re-signed ones too)
    for (const [name, ts] of state.pins) {
      if (name !== 'timestamp' && !name.startsWith('timestamp@')) continue;
      checkPinned(snap, (ts.v.file!.signed as TimestampSigned).meta.snapshot, r.keys, r.roles.snapshot, state, ctx);
      checkPinned(ts, undefined, r.keys, r.roles.timestamp, state, ctx);
    }
    if (snap.status !== 'ok') {
      markUnverifiable(state, snap);
      continue;
    }
    checkPinned(root, snapMeta['root'], r.keys, r.roles.root, state, ctx);
    const targets = state.pins.get('targets');
    if (!targets) continue;
    checkPinned(targets, snapMeta['targets'], r.keys, r.roles.targets, state, ctx);
    walkDelegations(state, targets, snapMeta, ctx);
  }
}

/** The one walk (core/tuf/walk.ts) over the files this state pins, each verified before its children. */
function walkDelegations(state: State, targets: Entry, snapMeta: Record<RoleName, FileMeta>, ctx: VerifyContext): void {
  targets.paths ??= 'all';
  if (targets.status !== 'ok') return;
  const walk = delegationWalk(targets, (e) => e.v.file!.signed as TargetsSigned, state.walk);
  const reached = new Set<Entry>([targets]);
  for (let step = walk.next(); !step.done; step = walk.next()) {
    const known = step.value.role;
    const child = state.pins.get(known.role.name);
    if (!child) continue;
    state.order.push(known.role.name);
    reached.add(child);
    checkPinned(child, snapMeta[known.role.name], known.keys, known.role, state, ctx);
    child.paths ??= known.effectivePaths;
    if (child.status === 'ok') known.file = child;
  }
  for (const [name, e] of state.pins) {
    if (name.startsWith('targets/') && !reached.has(e) && e.status === 'pending') {
      e.v.notes.push(`publish ${state.publish}: no verified role delegates ${name}`);
    }
  }
}

/** Notes, on the files of a state that cannot be checked, which file of that state failed (or is missing). */
function markUnverifiable(state: State, failed: Entry | undefined): void {
  const why = failed
    ? `pinned by publish ${state.publish}, whose ${failed.v.role} v${failed.v.version} failed verification`
    : `publish ${state.publish} pins no root that is on the server or kept`;
  for (const e of state.pins.values()) {
    if (e !== failed && e.status === 'pending' && !e.v.notes.includes(why)) e.v.notes.push(why);
  }
}

/** Entries still pending after every state: nothing verified them, so they fail with the reasons noted. */
export function failUnchecked(entries: Entry[]): void {
  for (const e of entries) {
    if (e.status !== 'pending') continue;
    const why = e.v.notes.length > 0 ? e.v.notes.join('; ') : 'no trusted role could verify it';
    fail(e, new SignetError('TUF_UNKNOWN_KEY', `${e.v.role} v${e.v.version}: not verified: ${why}`));
  }
}
