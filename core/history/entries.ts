/** The working state of history verification: one entry per copy of a version, and its checks. */
import { SignetError, isSignetError } from '../errors.js';
import type { CryptoProvider } from '../crypto/provider.js';
import { checkExpiry, verifySignatures } from '../tuf/verify.js';
import type { PublicKeyJSON, RoleKeys } from '../tuf/types.js';
import type { Candidate } from './collect.js';
import type { RoleVersion, VersionProblem } from './types.js';

export interface Entry {
  v: RoleVersion;
  status: 'pending' | 'ok' | 'failed';
  /** Index of the first repository state that pins it. */
  state?: number;
  /** Position among the roles of that state (root, targets, delegations in walk order, snapshot, timestamp). */
  rank: number;
  /** Key sets it was checked against (so an unchanged file is verified once per set of keys). */
  checked: Set<string>;
  /** What a targets role may sign where it was verified ('all' for targets; a delegation's effective paths). */
  paths?: string[] | 'all';
}

export function toProblem(e: unknown): VersionProblem {
  if (isSignetError(e)) return { code: e.code, message: e.message };
  return { code: 'TUF_MALFORMED', message: e instanceof Error ? e.message : String(e) };
}

export function fail(entry: Entry, e: unknown): void {
  if (entry.status === 'failed') return;
  entry.status = 'failed';
  entry.v.problem = toProblem(e);
}

export function entryFromCandidate(c: Candidate): Entry {
  const version = c.file?.signed.version ?? c.version;
  const v: RoleVersion = {
    role: c.role,
    version,
    sha256: c.sha256,
    length: c.bytes.length,
    time: null,
    signedBy: [],
    trustedKeys: [],
    notes: [],
    source: c.source,
    ...(c.file ? { file: c.file } : {}),
  };
  const entry: Entry = { v, status: 'pending', rank: 0, checked: new Set() };
  if (c.error) fail(entry, c.error);
  else if (c.version !== 0 && c.version !== version) {
    fail(entry, new SignetError('TUF_ROLLBACK', `${c.role}: ${c.version}.${c.role}.json claims version ${version}`));
  }
  return entry;
}

/**
 * Checks one version against the keys trusted for its role at that point: signatures and threshold
 * (verify.ts), and expiry at the moment it was published. Without that moment expiry cannot be
 * judged for an old version: that is noted, not passed over silently.
 */
export function checkSigned(
  entry: Entry,
  keys: Record<string, PublicKeyJSON>,
  role: RoleKeys,
  at: Date | null,
  crypto: CryptoProvider,
): void {
  const file = entry.v.file!;
  const signedBy = verifySignatures(file, entry.v.role, keys, role, crypto);
  if (at !== null) checkExpiry(entry.v.role, file.signed.expires, at);
  else if (!entry.v.notes.includes(NO_TIME)) entry.v.notes.push(NO_TIME);
  entry.v.signedBy = [...signedBy].sort();
  entry.v.trustedKeys = [...role.keyids].sort();
  entry.v.threshold = role.threshold;
}

export const NO_TIME = 'expiry not checked: when it was published is unknown';

/** A fingerprint of a key set, to verify a file once per set of keys it is checked against. */
export function keysetId(role: RoleKeys): string {
  return `${role.threshold}:${[...role.keyids].sort().join(',')}`;
}
