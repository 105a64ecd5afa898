/**
 * `history`: every stored version of a repository's trust data, verified and placed in time, and
 * the changes between them (issue 12). The current state is verified first exactly as inspect
 * does (tuf-client), which anchors trust; older versions are verified against the keys trusted at
 * their point in the chain. Every version that verifies is kept in the version store.
 */
import { SignetError, isSignetError } from '../errors.js';
import type { CryptoProvider } from '../crypto/provider.js';
import { MemoryMetadataCache, type MetadataCache } from '../notary/metadata-cache.js';
import type { RemoteStore } from '../notary/remote-store.js';
import type { ChangeRecord } from '../notary/changefeed.js';
import { updateRepository, type TrustedRepository } from '../notary/tuf-client.js';
import { toHex } from '../util/bytes.js';
import { collectVersions, type Collected, type HistoryLimits } from './collect.js';
import { entryFromCandidate, type Entry } from './entries.js';
import { buildEvents } from './events.js';
import { keepVerified as keepingStore, repositoryFiles } from './keep.js';
import { assignStates, orderEntries, verifyUnpinned } from './placement.js';
import { verifyRootChain } from './root-chain.js';
import { buildStates, failUnchecked, verifyStates, type State } from './states.js';
import type { RepositoryState, TrustHistory } from './types.js';
import type { KeptVersion, VersionStore } from './version-store.js';
import type { TrustPinning } from '../tuf/trust-pinning.js';

export interface HistoryOptions {
  gun: string;
  /** The trust server, or an opened archive; absent: only what is kept locally. */
  remote?: RemoteStore;
  /** The trusted-metadata cache that anchors trust (docker's trust dir); default: none (trust on first use). */
  cache?: MetadataCache;
  store: VersionStore;
  crypto: CryptoProvider;
  now: Date;
  /** Trust pinning for the current root (as inspect applies it). */
  pinning?: TrustPinning;
  /** Keep what verified in `store` (default true); false for an archive: the store holds only what a server served. */
  keep?: boolean;
  /** 'report' for an archive: its expiry is shown against `now`, not enforced (see updateRepository). */
  expiry?: 'enforce' | 'report';
  /** What one read may fetch from the server (default: collect.ts HISTORY_LIMITS). */
  limits?: HistoryLimits;
}

export interface HistoryResult extends TrustHistory {
  /** The current state as verified with the server in this run (absent when it could not be). */
  current?: TrustedRepository;
  /** Why the server (or archive) was not used, when it was not. */
  serverProblem?: SignetError;
  /** The changefeed records of the publishes shown (server's, or kept), oldest first. */
  feed: ChangeRecord[];
}

export async function readHistory(opts: HistoryOptions): Promise<HistoryResult> {
  const notes: string[] = [];
  let current: TrustedRepository | undefined;
  let serverProblem: SignetError | undefined;
  if (opts.remote) {
    try {
      current = await updateRepository({
        gun: opts.gun,
        remote: opts.remote,
        cache: opts.cache ?? new MemoryMetadataCache(),
        crypto: opts.crypto,
        now: opts.now,
        offline: 'never',
        ...(opts.keep === false ? {} : { observe: keepingStore(opts.store) }),
        ...(opts.expiry ? { expiry: opts.expiry } : {}),
        ...(opts.pinning ? { pinning: opts.pinning } : {}),
      });
    } catch (e) {
      if (!isSignetError(e)) throw e;
      serverProblem = e;
      notes.push(`the server's trust data was not used: ${e.message}`);
    }
  }
  const collected = await collectVersions({
    gun: opts.gun,
    ...(current ? { remote: opts.remote, current: repositoryFiles(current) } : {}),
    store: opts.store,
    crypto: opts.crypto,
    ...(opts.limits ? { limits: opts.limits } : {}),
  });
  if (collected.candidates.length === 0) {
    throw (
      serverProblem ??
      new SignetError('NOTARY_NOT_INITIALIZED', `no trust data for ${opts.gun} is kept locally`, {
        hint: 'Run the command while the trust server is reachable, or open an archive with --archive FILE.',
      })
    );
  }
  notes.push(...collected.notes);
  const history = verifyHistory(opts, collected, current, notes);
  if (opts.keep !== false) await keepHistory(opts.store, opts.gun, history.entries, collected);
  return {
    gun: opts.gun,
    versions: history.ordered.map((e) => e.v),
    events: buildEvents(history.ordered, (e) => createdHere(e, history.states)),
    states: history.states.map(toRepositoryState),
    notes,
    feed: [...collected.feed.values()].sort((a, b) => a.version - b.version),
    ...(current ? { current } : {}),
    ...(serverProblem ? { serverProblem } : {}),
  };
}

function verifyHistory(
  opts: HistoryOptions,
  collected: Collected,
  current: TrustedRepository | undefined,
  notes: string[],
): { entries: Entry[]; ordered: Entry[]; states: State[] } {
  const entries = collected.candidates.map(entryFromCandidate);
  const states = buildStates(entries, collected.feed, notes);
  assignStates(states);
  const currentShas = new Set(current ? repositoryFiles(current).map((f) => toHex(opts.crypto.sha256(f.raw))) : []);
  // the current files were verified against the clock just now; older ones when they were published
  // (an archive's current files are not current: their expiry is only shown, so no "now" for them)
  const timeOf = (e: Entry): Date | null =>
    e.v.time !== null ? new Date(e.v.time) : currentShas.has(e.v.sha256) && opts.expiry !== 'report' ? opts.now : null;
  const ctx = { gun: opts.gun, crypto: opts.crypto, timeOf };
  notes.push(
    ...verifyRootChain({
      gun: opts.gun,
      roots: entries.filter((e) => e.v.role === 'root'),
      ...(current ? { anchorSha: toHex(opts.crypto.sha256(current.root.raw)) } : {}),
      crypto: opts.crypto,
      now: opts.now,
      timeOf,
    }),
  );
  verifyStates(states, ctx);
  verifyUnpinned(entries, states, ctx);
  failUnchecked(entries);
  for (const s of states) notes.push(...s.notes);
  notes.push(...gaps(states, collected));
  return { entries, ordered: orderEntries(entries, states), states };
}

/** Publishes missing from the sequence of timestamp versions, and a missing changefeed. */
function gaps(states: State[], collected: Collected): string[] {
  const out: string[] = [];
  const published = new Set(
    collected.candidates.filter((c) => c.role === 'timestamp').map((c) => c.file?.signed.version ?? c.version),
  );
  const newest = Math.max(0, ...published);
  const missing: number[] = [];
  for (let v = 1; v < newest; v++) if (!published.has(v)) missing.push(v);
  if (missing.length > 0) {
    out.push(
      `${missing.length} of ${newest} publishes are neither on the server nor kept locally (timestamp versions ${ranges(missing)}): the changes they made are shown together with the next publish that is known`,
    );
  }
  if (!collected.hasFeed && states.length > 0)
    out.push('publication times are unknown: the server has no changefeed and none was kept');
  return out;
}

function ranges(ns: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < ns.length;) {
    let j = i;
    while (j + 1 < ns.length && ns[j + 1] === ns[j]! + 1) j++;
    parts.push(i === j ? `${ns[i]}` : `${ns[i]}–${ns[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/** A role is new in the first state pinning it when that is publish 1, or the publish just before is known without it. */
function createdHere(e: Entry, states: State[]): boolean {
  if (e.state === undefined) return false;
  const s = states[e.state]!;
  if (s.publish === 1) return true;
  const before = states[e.state - 1];
  if (before === undefined || before.pins.has(e.v.role)) return false;
  // its last timestamp (re-signed timestamps belong to the same state) must be the one just before
  const last = Math.max(...[...before.pins].filter(([k]) => k.startsWith('timestamp')).map(([, t]) => t.v.version));
  return last === s.publish - 1;
}

function toRepositoryState(s: State): RepositoryState {
  const versions = new Map<string, number>();
  for (const [role, e] of s.pins) if (!role.includes('@')) versions.set(role, e.v.version);
  const paths = new Map([...s.walk.files.keys()].map((role) => [role, s.walk.roles.get(role)!.effectivePaths]));
  return { publish: s.publish, time: s.time, versions, paths };
}

/** Keeps every verified version not kept yet, and the publication times learnt from the changefeed. */
async function keepHistory(store: VersionStore, gun: string, entries: Entry[], collected: Collected): Promise<void> {
  const add: KeptVersion[] = [];
  const wasKept = new Set(collected.candidates.filter((c) => c.wasKept).map((c) => c.sha256));
  for (const e of entries) {
    if (e.status !== 'ok') continue;
    const entry: KeptVersion = { gun, role: e.v.role, version: e.v.version, sha256: e.v.sha256, length: e.v.length };
    const record = e.v.role === 'timestamp' ? collected.feed.get(e.v.version) : undefined;
    if (record && (record.sha256 === '' || record.sha256 === e.v.sha256)) {
      entry.time = record.createdAt;
      if (record.id !== '') entry.changeId = record.id;
    }
    if (!wasKept.has(e.v.sha256)) await store.put(e.v.file!.raw);
    add.push(entry);
  }
  await store.record(add);
}
