import { isSignetError } from '../errors.js';
import { parseExpires } from '../tuf/expires.js';
import type { AuditRole, RoleState } from './types.js';

const DAY_MS = 86_400_000;

/** Roles the trust server re-signs itself when they run out: never "expiring" (notary: the timestamp). */
export function isServerRenewed(role: string): boolean {
  return role === 'timestamp';
}

/**
 * The state of a role expiring at `expires` seen at `now`: `expired` once past, `expiring` within
 * `warnDays` days (never for a role the server renews), else `ok`. An unreadable date is `expired`:
 * a role whose expiry cannot be read is not trusted either.
 */
export function roleState(role: string, expires: string | Date, now: Date, warnDays: number): RoleState {
  let at: number;
  try {
    at = (typeof expires === 'string' ? parseExpires(expires) : expires).getTime();
  } catch {
    return 'expired';
  }
  if (at < now.getTime()) return 'expired';
  if (!isServerRenewed(role) && at - now.getTime() <= warnDays * DAY_MS) return 'expiring';
  return 'ok';
}

/** Whole days from `now` to `expires`, rounded down (negative when past); null when unreadable. */
export function daysLeft(expires: string, now: Date): number | null {
  try {
    return Math.floor((parseExpires(expires).getTime() - now.getTime()) / DAY_MS);
  } catch {
    return null;
  }
}

export function auditRole(role: string, expires: string | null, now: Date, warnDays: number): AuditRole {
  return {
    role,
    expires,
    state: expires === null ? 'expired' : roleState(role, expires, now, warnDays),
    days: expires === null ? null : daysLeft(expires, now),
    serverRenewed: isServerRenewed(role),
  };
}

/** Role order in a report: root, targets, snapshot, timestamp, then delegations by name. */
export function compareRoles(a: string, b: string): number {
  const base = ['root', 'targets', 'snapshot', 'timestamp'];
  const ia = base.indexOf(a);
  const ib = base.indexOf(b);
  if (ia !== -1 || ib !== -1) return (ia === -1 ? 99 : ia) - (ib === -1 ? 99 : ib);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The role and date of a TUF_EXPIRED error (checkExpiry in core/tuf/verify.ts), else undefined. */
export function expiredOf(error: unknown): { role: string; expires: string } | undefined {
  return isSignetError(error, 'TUF_EXPIRED') ? error.expired : undefined;
}
