/** Copies of versions gathered for a history, indexed by role and version and by sha256. */
import { SignetError } from '../errors.js';
import { parseSignedFile } from '../tuf/parse.js';
import type { RoleName, SignedFile, SnapshotSigned, TimestampSigned } from '../tuf/types.js';
import { base64ToHex } from '../util/bytes.js';
import type { VersionSource } from './types.js';
import type { KeptVersion, VersionStore } from './version-store.js';

/** One copy of one version, before verification. */
export interface Candidate {
  role: RoleName;
  /** The version it was stored or requested as (checked against the file's own version later). */
  version: number;
  sha256: string;
  bytes: Uint8Array;
  source: VersionSource;
  file?: SignedFile;
  /** Why it could not be used at all (does not parse, damaged kept copy). */
  error?: SignetError;
  /** Kept before this run (so it need not be kept again). */
  wasKept: boolean;
}

const key = (role: RoleName, version: number): string => `${version}.${role}`;

export class CandidateSet {
  readonly byVersion = new Map<string, Candidate[]>();
  readonly byHash = new Map<string, Candidate>();

  add(c: Candidate): void {
    const same = this.byHash.get(c.sha256);
    if (same !== undefined && same.role === c.role) {
      if (c.source === 'remote') same.source = 'remote';
      return;
    }
    if (c.error === undefined) {
      try {
        c.file = parseSignedFile(c.role, c.bytes);
      } catch (e) {
        c.error = e as SignetError;
      }
    }
    const k = key(c.role, c.file?.signed.version ?? c.version);
    this.byVersion.set(k, [...(this.byVersion.get(k) ?? []), c]);
    if (!c.error) this.byHash.set(c.sha256, c);
  }

  has(role: RoleName, version: number): boolean {
    return this.byVersion.has(key(role, version));
  }

  all(): Candidate[] {
    return [...this.byVersion.values()].flat();
  }
}

export async function fromStore(
  store: VersionStore,
  e: KeptVersion,
  sha: (b: Uint8Array) => string,
): Promise<Candidate> {
  const bytes = await store.get(e.sha256);
  const base = { role: e.role, version: e.version, sha256: e.sha256, source: 'kept' as const, wasKept: true };
  if (bytes === undefined) {
    const error = new SignetError(
      'CACHE_IO',
      `the kept copy of ${e.role} v${e.version} (${e.sha256.slice(0, 12)}) is missing from the local version store`,
    );
    return { ...base, bytes: new Uint8Array(), error };
  }
  if (sha(bytes) !== e.sha256) {
    const error = new SignetError(
      'TUF_HASH_MISMATCH',
      `the kept copy of ${e.role} v${e.version} is damaged: its sha256 is not ${e.sha256.slice(0, 12)}…`,
    );
    return { ...base, bytes, error };
  }
  return { ...base, bytes };
}

export /** Every (role, sha256 hex) that a timestamp or snapshot among `files` pins. */
function pinnedFiles(cands: Iterable<Candidate>): Array<[RoleName, string]> {
  const out = new Map<string, [RoleName, string]>();
  for (const c of cands) {
    if (!c.file) continue;
    const meta =
      c.role === 'timestamp'
        ? (c.file.signed as TimestampSigned).meta
        : c.role === 'snapshot'
          ? (c.file.signed as SnapshotSigned).meta
          : undefined;
    for (const [role, m] of Object.entries(meta ?? {})) {
      const h = m.hashes['sha256'];
      if (h !== undefined) out.set(`${role} ${h}`, [role, base64ToHex(h)]);
    }
  }
  return [...out.values()];
}

export /**
 * A kept copy counts as on the server when the server still lists it: at or below its newest
 * version of the role, or pinned by a timestamp or snapshot the server served in this run.
 * (Kept copies are not downloaded again; that is what makes a second run fast.)
 */
function presumeOnServer(set: CandidateSet, newest: Map<RoleName, number>): void {
  const served = [...set.byHash.values()].filter((c) => c.source === 'remote');
  const pinnedByServer = new Set(pinnedFiles(served).map(([, h]) => h));
  for (const c of set.all()) {
    if (c.source !== 'kept' || c.error) continue;
    const max = newest.get(c.role);
    if ((max !== undefined && c.version <= max) || pinnedByServer.has(c.sha256)) c.source = 'remote';
  }
}
