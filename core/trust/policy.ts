/**
 * Signet's trust policy, in one place for core, the CLI and the app: when a role counts as
 * expiring or expired, which roles the trust server renews itself, which ones you can renew and
 * with which keys, and what a signer may be named. Pure and portable: the clock is a parameter.
 * Core computes these results (audit report, trust view) with the main process's clock; the
 * renderer displays them and calls these functions only for what it checks live (a typed name).
 */
import { SignetError } from '../errors.js';
import { parseExpires } from '../tuf/expires.js';
import type { RoleName } from '../tuf/types.js';

/** Days before its expiry at which a role or certificate is `expiring` (`signet audit --warn-days`, the app). */
export const DEFAULT_WARN_DAYS = 30;

const DAY_MS = 86_400_000;

/** `expired` once past, `expiring` within the warning window, else `ok`. */
export type ExpiryState = 'ok' | 'expiring' | 'expired';

/** A role's (or certificate's) expiry as seen at one clock. */
export interface Expiry {
  state: ExpiryState;
  /** Whole days from the clock to the expiry, rounded down (negative once past); null when unreadable. */
  days: number | null;
}

/** Milliseconds since the epoch of an RFC 3339 time as TUF writes it (or a Date); null when unreadable. */
export function instantOf(time: string | Date | null | undefined): number | null {
  if (time === null || time === undefined) return null;
  if (time instanceof Date) return Number.isFinite(time.getTime()) ? time.getTime() : null;
  try {
    return parseExpires(time).getTime();
  } catch {
    return null;
  }
}

/** Whole days from `now` to `expires`, rounded down (negative when past); null when unreadable. */
export function daysLeft(expires: string | Date | null | undefined, now: Date): number | null {
  const at = instantOf(expires);
  return at === null ? null : Math.floor((at - now.getTime()) / DAY_MS);
}

export interface ExpiryOptions {
  /** Default DEFAULT_WARN_DAYS; 0: nothing is ever `expiring`. */
  warnDays?: number;
  /** The trust server re-signs it itself (isServerRenewed): never `expiring`, only `expired`. */
  serverRenewed?: boolean;
}

/**
 * The state of something that expires at `expires`, seen at `now`. Expiring exactly at `now` is
 * still valid (as TUF verification checks it); an unreadable date is `expired`, since metadata
 * whose expiry cannot be read is not trusted either.
 */
export function expiryState(
  expires: string | Date | null | undefined,
  now: Date,
  opts: ExpiryOptions = {},
): ExpiryState {
  const at = instantOf(expires);
  if (at === null || at < now.getTime()) return 'expired';
  const warnDays = opts.warnDays ?? DEFAULT_WARN_DAYS;
  const warns = !opts.serverRenewed && warnDays > 0; // --warn-days 0: nothing is ever expiring
  return warns && at - now.getTime() <= warnDays * DAY_MS ? 'expiring' : 'ok';
}

/** expiryState and daysLeft together, as reports and views carry them. */
export function expiryOf(expires: string | Date | null | undefined, now: Date, opts: ExpiryOptions = {}): Expiry {
  return { state: expiryState(expires, now, opts), days: daysLeft(expires, now) };
}

/**
 * Who renews a role before it expires, seen from here: the trust server itself (`server`: the
 * timestamp always, the snapshot when the server holds its key); you, re-signing it unchanged
 * (`you`: notary witness, with `keyIds`, your keys among the role's); every publish of yours (`publish`:
 * a snapshot whose key you hold is re-signed each time anything is published, it cannot be witnessed
 * alone); or someone else (`others`: you hold none of its keys).
 */
export type Renewal = { by: 'server' } | { by: 'you'; keyIds: string[] } | { by: 'publish' } | { by: 'others' };

/** The roles the trust server re-signs: notary's server always holds the timestamp key, and the snapshot key when asked to manage it. */
export function isServerRenewed(role: RoleName, snapshotKeyOnServer: boolean): boolean {
  return role === 'timestamp' || (role === 'snapshot' && snapshotKeyOnServer);
}

/** One of a role's keys as the trust view knows it: its canonical ID and who holds it. */
export interface HeldKey {
  canonicalId: string;
  holder: 'local' | 'server' | 'unknown';
}

/** How `role` is renewed, from who holds its keys (the server holds a role's key when it says so). */
export function renewalOf(role: RoleName, keys: readonly HeldKey[]): Renewal {
  if (isServerRenewed(role, keys.length > 0 && keys.every((k) => k.holder === 'server'))) return { by: 'server' };
  const yours = keys.filter((k) => k.holder === 'local').map((k) => k.canonicalId);
  if (yours.length === 0) return { by: 'others' };
  return role === 'snapshot' ? { by: 'publish' } : { by: 'you', keyIds: yours };
}

/** docker's name rule for signers and keys (docker/cli trust validSignerName, validKeyName). */
const DOCKER_NAME = /^[a-z0-9][a-z0-9_-]*$/;
/** notary refuses a delegation role name of 256 characters or more (data.IsDelegation); "targets/" takes 8. */
const MAX_SIGNER_NAME = 255 - 'targets/'.length;

/** docker trust key generate / load: whether `name` can name a key. */
export function isValidKeyName(name: string): boolean {
  return DOCKER_NAME.test(name);
}

export interface SignerNameProblem {
  /** As the CLI reports it (docker's words for `releases`; docker words the format rule differently). */
  message: string;
  /** The rule in plain words, for a form field. */
  rule: string;
}

const RULE = 'A signer name is lower-case letters, digits, _ and - (not "releases"), starting with a letter or digit.';

/** Why `name` cannot name a signer (docker's rule, `releases` reserved, notary's role-name length), or null. */
export function signerNameProblem(name: string): SignerNameProblem | null {
  if (name === 'releases')
    return { message: 'releases is a reserved keyword, use a different signer name', rule: RULE };
  if (!DOCKER_NAME.test(name))
    return { message: `signer name "${name}" must match the regex ${DOCKER_NAME.source}`, rule: RULE };
  if (name.length > MAX_SIGNER_NAME) {
    const rule = `A signer name has at most ${MAX_SIGNER_NAME} characters (the trust server's limit).`;
    return { message: `signer name "${name}" is longer than ${MAX_SIGNER_NAME} characters`, rule };
  }
  return null;
}

/** Throws BAD_INPUT when `name` cannot name a signer (signerNameProblem). */
export function checkSignerName(name: string): void {
  const problem = signerNameProblem(name);
  if (problem) throw new SignetError('BAD_INPUT', problem.message);
}
