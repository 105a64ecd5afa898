/**
 * The local, append-only, content-addressed store of every verified metadata version Signet has
 * fetched, so a repository's history outlives the server (issue 12, item 2). Bytes are kept once
 * under their sha256; an index per GUN says which role and version each digest is.
 */
import type { RoleName } from '../tuf/types.js';

/** One index entry: version `version` of `role` in `gun` is the file with this sha256. */
export interface KeptVersion {
  gun: string;
  role: RoleName;
  version: number;
  /** Hex sha256 of the exact bytes as served. */
  sha256: string;
  length: number;
  /** For timestamps: when the server stored it (changefeed CreatedAt, RFC 3339), once known. */
  time?: string;
  /** For timestamps: the server's changefeed ID of that publish, once known. */
  changeId?: string;
}

export interface VersionStore {
  /** Stores bytes under their sha256 (hex, returned). Storing the same bytes twice changes nothing. */
  put(bytes: Uint8Array): Promise<string>;
  /** The bytes stored under a sha256, or undefined. Callers check the digest of what they get. */
  get(sha256: string): Promise<Uint8Array | undefined>;
  /** Appends index entries; entries already recorded are not added again. Nothing is ever removed. */
  record(entries: KeptVersion[]): Promise<void>;
  /** Every entry recorded for a GUN, merged (see {@link mergeKept}). */
  list(gun: string): Promise<KeptVersion[]>;
}

/** The identity of an entry: the same file recorded twice (once with its time) is one entry. */
export function keptKey(e: Pick<KeptVersion, 'role' | 'version' | 'sha256'>): string {
  return `${e.role}\u0000${e.version}\u0000${e.sha256}`;
}

/** Merges entries of the same file: a time or change ID learnt later is added to the first entry. */
export function mergeKept(entries: Iterable<KeptVersion>): KeptVersion[] {
  const out = new Map<string, KeptVersion>();
  for (const e of entries) {
    const key = keptKey(e);
    const prev = out.get(key);
    if (prev === undefined) out.set(key, { ...e });
    else {
      if (prev.time === undefined && e.time !== undefined) prev.time = e.time;
      if (prev.changeId === undefined && e.changeId !== undefined) prev.changeId = e.changeId;
    }
  }
  return [...out.values()];
}

/** True when `e` adds nothing to what `known` already holds for the same file. */
export function adds(known: KeptVersion | undefined, e: KeptVersion): boolean {
  if (known === undefined) return true;
  return (
    (e.time !== undefined && known.time === undefined) || (e.changeId !== undefined && known.changeId === undefined)
  );
}

/** In-memory store, for unit tests and for runs that must not write to the user's data directory. */
export class MemoryVersionStore implements VersionStore {
  readonly objects = new Map<string, Uint8Array>();
  readonly entries: KeptVersion[] = [];

  constructor(private readonly sha256hex: (bytes: Uint8Array) => string) {}

  async put(bytes: Uint8Array): Promise<string> {
    const sha = this.sha256hex(bytes);
    if (!this.objects.has(sha)) this.objects.set(sha, bytes.slice());
    return sha;
  }

  async get(sha256: string): Promise<Uint8Array | undefined> {
    return this.objects.get(sha256)?.slice();
  }

  async record(entries: KeptVersion[]): Promise<void> {
    for (const e of entries) {
      const known = mergeKept(this.entries.filter((x) => x.gun === e.gun && keptKey(x) === keptKey(e)))[0];
      if (adds(known, e)) this.entries.push({ ...e });
    }
  }

  async list(gun: string): Promise<KeptVersion[]> {
    return mergeKept(this.entries.filter((e) => e.gun === gun));
  }
}
