import { isSignetError } from '../errors.js';
import { expiryOf, isServerRenewed } from '../trust/policy.js';
import type { AuditRole } from './types.js';

/**
 * A role's line in the report, by the trust policy (core/trust/policy.ts). The audit does not ask
 * the trust server which keys it holds, so only the timestamp counts as renewed by the server.
 */
export function auditRole(role: string, expires: string | null, now: Date, warnDays: number): AuditRole {
  const serverRenewed = isServerRenewed(role, false);
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
