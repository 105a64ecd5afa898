/**
 * Gathers every stored version of a repository's roles: what the local version store kept, then
 * from the server (or archive) what it does not have yet: each role's versions by number up to the
 * newest, the changefeed, and every file an old snapshot or timestamp pins by hash.
 */
import { SignetError, isSignetError } from '../errors.js';
import type { CryptoProvider } from '../crypto/provider.js';
import { readChangefeed, type ChangeRecord } from '../notary/changefeed.js';
import type { RemoteStore } from '../notary/remote-store.js';
import { MAX_ROOT_BYTES } from '../notary/role-loader.js';
import type { RoleName, SignedFile } from '../tuf/types.js';
import { toHex } from '../util/bytes.js';
import { mapLimit } from '../util/pool.js';
import { CandidateSet, fromStore, pinnedFiles, presumeOnServer, type Candidate } from './candidates.js';
import type { VersionStore } from './version-store.js';

export type { Candidate } from './candidates.js';

export interface Collected {
  candidates: Candidate[];
  /** Timestamp version → the changefeed record of that publish. */
  feed: Map<number, ChangeRecord>;
  notes: string[];
  /** The server's changefeed could be read (times are known where it lists the publish). */
  hasFeed: boolean;
}

export interface CollectOptions {
  gun: string;
  /** The server or archive; absent when it cannot be used (offline, gone). */
  remote?: RemoteStore;
  store: VersionStore;
  crypto: CryptoProvider;
  /** The verified current files (newest version of each role) when the server was used. */
  current?: SignedFile[];
  concurrency?: number;
  /** What one read may fetch from the server (default {@link HISTORY_LIMITS}). */
  limits?: HistoryLimits;
}

/** Caps on one history read: versions requested by number and by hash, and bytes received. */
export interface HistoryLimits {
  versions: number;
  bytes: number;
}

/** 20,000 versions (200 publishes of a 100-role repository), 512 MiB. */
export const HISTORY_LIMITS: HistoryLimits = { versions: 20_000, bytes: 512 << 20 };

/** Counts what a read fetches; past a cap it stops with a coded error that says which. */
class Budget {
  private versions = 0;
  private bytes = 0;
  constructor(
    private readonly gun: string,
    private readonly limits: HistoryLimits,
  ) {}

  request(n: number): void {
    this.versions += n;
    if (this.versions > this.limits.versions) {
      throw new SignetError(
        'HISTORY_TOO_MANY_VERSIONS',
        `the server lists more than ${this.limits.versions} versions of ${this.gun} to fetch; Signet stops there`,
        { hint: HINT },
      );
    }
  }

  received(b: Uint8Array): Uint8Array {
    this.bytes += b.length;
    if (this.bytes > this.limits.bytes) {
      throw new SignetError(
        'HISTORY_TOO_LARGE',
        `the history of ${this.gun} is larger than ${Math.round(this.limits.bytes / 1048576)} MiB; Signet stops reading it there`,
        { hint: HINT },
      );
    }
    return b;
  }
}

const HINT =
  'A version number far beyond what was published means the server is misbehaving: tell its operator. Meanwhile read what is kept locally (--offline) or an archive.';

export async function collectVersions(opts: CollectOptions): Promise<Collected> {
  const limit = opts.concurrency ?? 16;
  const budget = new Budget(opts.gun, opts.limits ?? HISTORY_LIMITS);
  const notes: string[] = [];
  const sha = (b: Uint8Array): string => toHex(opts.crypto.sha256(b));
  const set = new CandidateSet();

  // 1. what the local store kept (unless the server now holds a different history under the same numbers)
  let kept = await opts.store.list(opts.gun);
  const current = opts.current ?? [];
  const conflict = current.find((f) =>
    kept.some((e) => e.role === f.role && e.version === f.signed.version && e.sha256 !== sha(f.raw)),
  );
  if (conflict) {
    notes.push(
      `the server's ${conflict.role} v${conflict.signed.version} differs from the copy kept locally: the repository was deleted and initialised again, so the ${kept.length} versions kept from before are not shown`,
    );
    kept = [];
  }
  await mapLimit(kept, 32, async (e) => set.add(await fromStore(opts.store, e, sha)));
  const keptTimes = new Map(kept.filter((e) => e.role === 'timestamp').map((e) => [e.version, e]));

  const feed = new Map<number, ChangeRecord>();
  let hasFeed = false;
  const remote = opts.remote;
  if (remote) {
    for (const f of current)
      set.add({
        role: f.role,
        version: f.signed.version,
        sha256: sha(f.raw),
        bytes: f.raw,
        source: 'remote',
        wasKept: false,
      });
    // 2. the changefeed from the last change kept, and every role's versions by number up to the newest
    const since = [...keptTimes.values()].reduce(
      (m, e) => (e.changeId && BigInt(e.changeId) > BigInt(m) ? e.changeId : m),
      '0',
    );
    const feedRead = readFeed(remote, since, opts.gun);
    const newest = new Map(current.map((f) => [f.role, f.signed.version]));
    await fetchVersions(remote, missingVersions(set, newest, budget), limit, sha, set, budget);

    // 3. files pinned by hash that no version-number request returned (a removed signer's role)
    const pinned = pinnedFiles(set.byHash.values()).filter(([, h]) => !set.byHash.has(h));
    const lost: string[] = [];
    budget.request(pinned.length);
    await mapLimit(pinned, limit, async ([role, hash]) => {
      try {
        const bytes = budget.received(await remote.getMeta(`${role}.${hash}`, MAX_ROOT_BYTES));
        const got = sha(bytes);
        if (got !== hash)
          notes.push(
            `the server answered ${role}.${hash.slice(0, 12)}… with other bytes (sha256 ${got.slice(0, 12)}…): tampered or damaged`,
          );
        set.add({ role, version: 0, sha256: got, bytes, source: 'remote', wasKept: false });
      } catch (e) {
        if (!isSignetError(e, 'HTTP_NOT_FOUND')) throw e;
        lost.push(`${role} ${hash.slice(0, 12)}`);
      }
    });
    if (lost.length > 0)
      notes.push(`pinned by a snapshot or timestamp but neither on the server nor kept: ${lost.join(', ')}`);
    // 4. the earlier versions of roles that only old snapshots name
    const found = new Map<RoleName, number>();
    for (const c of set.byHash.values())
      if (!newest.has(c.role)) found.set(c.role, Math.max(found.get(c.role) ?? 0, c.file!.signed.version));
    await fetchVersions(remote, missingVersions(set, found, budget), limit, sha, set, budget);

    let read = await feedRead;
    const untimed = (r: FeedRead) =>
      set
        .all()
        .some(
          (c) =>
            c.role === 'timestamp' &&
            c.source === 'remote' &&
            !c.wasKept &&
            !r.records.some((x) => x.version === c.version),
        );
    if (read.ok && since !== '0' && untimed(read)) read = await readFeed(remote, '0', opts.gun); // change IDs restarted
    hasFeed = read.ok;
    if (!read.ok) notes.push(read.note);
    for (const r of read.records) {
      if (r.category === 'deletion') notes.push(`the server deleted the trust data of ${opts.gun} at ${r.createdAt}`);
      else feed.set(r.version, r);
    }
    presumeOnServer(set, newest);
  }
  for (const e of keptTimes.values()) {
    if (e.time === undefined || feed.has(e.version)) continue;
    feed.set(e.version, {
      id: e.changeId ?? '',
      createdAt: e.time,
      gun: opts.gun,
      version: e.version,
      sha256: e.sha256,
      category: 'update',
    });
    hasFeed = true;
  }
  return { candidates: set.all(), feed, notes, hasFeed };
}

/** (role, version) pairs from 1 to each newest version that the set does not hold yet, counted against the budget. */
function missingVersions(set: CandidateSet, newest: Map<RoleName, number>, budget: Budget): Array<[RoleName, number]> {
  const out: Array<[RoleName, number]> = [];
  for (const [role, max] of newest)
    for (let v = 1; v <= max; v++) {
      if (set.has(role, v)) continue;
      budget.request(1); // before the list grows: a claimed version 10^9 stops here, not in memory
      out.push([role, v]);
    }
  return out;
}

async function fetchVersions(
  remote: RemoteStore,
  wanted: Array<[RoleName, number]>,
  limit: number,
  sha: (b: Uint8Array) => string,
  set: CandidateSet,
  budget: Budget,
): Promise<void> {
  await mapLimit(wanted, limit, async ([role, version]) => {
    try {
      const bytes = budget.received(await remote.getVersion(role, version, MAX_ROOT_BYTES));
      set.add({ role, version, sha256: sha(bytes), bytes, source: 'remote', wasKept: false });
    } catch (e) {
      if (!isSignetError(e, 'HTTP_NOT_FOUND')) throw e; // never stored (or lost): the gap shows later
    }
  });
}

interface FeedRead {
  ok: boolean;
  records: ChangeRecord[];
  note: string;
}

async function readFeed(remote: RemoteStore, since: string, gun: string): Promise<FeedRead> {
  try {
    const records = (await readChangefeed((id, n) => remote.getChangefeed(id, n), since)).filter((r) => r.gun === gun);
    return { ok: true, records, note: '' };
  } catch (e) {
    const noFeed = [
      'TUF_MALFORMED',
      'HTTP_NOT_FOUND',
      'HTTP_BAD_REQUEST',
      'HTTP_FORBIDDEN',
      'HTTP_UNAUTHORIZED',
      'HTTP_SERVER_ERROR',
    ];
    if (!isSignetError(e) || !noFeed.includes(e.code)) throw e;
    return {
      ok: false,
      records: [],
      note: `the server's changefeed could not be read (${e.message}): publication times are unknown, versions are ordered by publish and version number`,
    };
  }
}
