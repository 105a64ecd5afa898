import { isSignetError } from '../errors.js';
import { expiryOf, isServerRenewed } from '../trust/policy.js';
import type { AuditRole } from './types.js';

/**
 * A role's line in the report, by the trust policy (core/trust/policy.ts): the timestamp is renewed
 * by the server, and the snapshot too when the server holds its key (as the app's trust view says).
 */
export function auditRole(
  role: string,
  expires: string | null,
  now: Date,
  warnDays: number,
  snapshotKeyOnServer = false,
): AuditRole {
  const serverRenewed = isServerRenewed(role, snapshotKeyOnServer);
  return { role, expires, ...expiryOf(expires, now, { warnDays, serverRenewed }), serverRenewed };
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
