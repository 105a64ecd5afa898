/**
 * An audit report in the shapes its readers show: counts per tag state, a summary per registry,
 * every role expiry in date order (the Audit view, the calendar). Portable and pure, so the CLI's
 * calendar and the app's timeline are one list.
 */
import { instantOf } from '../trust/policy.js';
import { summarize } from './audit.js';
import type { AuditSummary, RepositoryAudit, RoleState, TagState, TargetFailure } from './types.js';

/** How many rows (signed (tag, digest) pairs, and unsigned tags) of a repository are in each state. */
export function tagCounts(r: Pick<RepositoryAudit, 'tags'>): Record<TagState, number> {
  const out: Record<TagState, number> = { ok: 0, moved: 0, missing: 0, unsigned: 0, unchecked: 0, shadowed: 0 };
  for (const t of r.tags) out[t.state]++;
  return out;
}

export interface RegistrySummary {
  registry: string;
  summary: AuditSummary;
}

/** The summary per registry: repositories grouped by registry, a registry that failed as a whole counted with it. */
export function summariesPerRegistry(repositories: RepositoryAudit[], failed: TargetFailure[]): RegistrySummary[] {
  const groups = new Map<string, RepositoryAudit[]>();
  for (const r of repositories) groups.set(r.registry, [...(groups.get(r.registry) ?? []), r]);
  for (const f of failed) if (!f.target.includes('/') && !groups.has(f.target.trim())) groups.set(f.target.trim(), []);
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([registry, repos]) => ({
      registry,
      summary: summarize(
        repos,
        failed.filter((f) => f.target.trim() === registry),
      ),
    }));
}

export interface RoleExpiry {
  repository: string;
  role: string;
  expires: string;
  /** ms since the epoch */
  at: number;
  state: RoleState;
  days: number | null;
}

/**
 * Every role expiry of the repositories, soonest first (then by repository). A role the server
 * renews itself (the timestamp) is nobody's date to act on: left out, unless `expiredRenewed` and it
 * has expired (the server failed to renew it: the Audit view shows that).
 */
export function roleExpiries(repositories: RepositoryAudit[], opts: { expiredRenewed: boolean }): RoleExpiry[] {
  const items: RoleExpiry[] = [];
  for (const r of repositories) {
    for (const role of r.roles) {
      if (role.expires === null) continue;
      if (role.serverRenewed && !(opts.expiredRenewed && role.state === 'expired')) continue;
      const at = instantOf(role.expires);
      if (at === null) continue;
      items.push({
        repository: r.name,
        role: role.role,
        expires: role.expires,
        at,
        state: role.state,
        days: role.days,
      });
    }
  }
  return items.sort((a, b) => a.at - b.at || (a.repository < b.repository ? -1 : a.repository > b.repository ? 1 : 0));
}
