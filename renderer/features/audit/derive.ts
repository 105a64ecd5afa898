/** What the Audit view shows, computed from core's results (core decides every state; this only groups and orders). */
import { summarize } from '../../../core/audit/audit.ts';
import { instantOf } from '../../../core/trust/policy.ts';
import type { AuditSummary, RoleState, TagState, TargetFailure } from '../../../core/audit/types.ts';
import type { RepositoryAudit } from '../../../electron/ipc/contract.ts';

/** One word per tag state, the same in the Audit view and the Signed tags table's Registry column. */
export const TAG_STATE_LABEL: Record<TagState, string> = {
  ok: 'matches',
  moved: 'moved',
  missing: 'missing',
  unsigned: 'unsigned',
  // the CLI's word (signet audit --offline)
  unchecked: 'unchecked',
  shadowed: 'shadowed',
};

export const TAG_STATE_HELP: Record<TagState, string> = {
  ok: 'the registry serves the digest that was signed',
  moved: 'the registry serves other content than was signed: docker pull with content trust refuses it',
  missing: 'signed, but the registry no longer has this tag',
  unsigned: 'in the registry, signed by no role',
  unchecked: 'the registry was not asked (offline) or could not be asked: nothing was compared',
  shadowed:
    'the tag is also signed with another digest and docker pull gets that one (targets/releases first, then targets): this signature is never used',
};

export const ROLE_STATE_LABEL: Record<RoleState, string> = { ok: 'ok', expiring: 'expiring', expired: 'expired' };

export interface RegistrySummary {
  registry: string;
  summary: AuditSummary;
}

/** core's summary per registry (repositories grouped by registry, a registry's failed target counted with it). */
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

/** "2 matches", "1 match", "3 missing": a count of tags in one state. */
export function countLabel(state: TagState, n: number): string {
  return state === 'ok' ? `${n} ${n === 1 ? 'match' : 'matches'}` : `${n} ${TAG_STATE_LABEL[state]}`;
}

/** How many rows (signed (tag, digest) pairs, and unsigned tags) of a repository are in each state. */
export function tagCounts(r: RepositoryAudit): Record<TagState, number> {
  const out: Record<TagState, number> = { ok: 0, moved: 0, missing: 0, unsigned: 0, unchecked: 0, shadowed: 0 };
  for (const t of r.tags) out[t.state]++;
  return out;
}

export interface TimelineItem {
  repository: string;
  role: string;
  expires: string;
  /** ms since the epoch */
  at: number;
  state: RoleState;
  days: number | null;
}

/**
 * Every role expiry across the repositories, soonest first. The timestamp, which the trust server
 * renews itself every few days, is left out unless it has expired (as in the calendar).
 */
export function expiryTimeline(repositories: RepositoryAudit[]): TimelineItem[] {
  const items: TimelineItem[] = [];
  for (const r of repositories) {
    for (const role of r.roles) {
      if (role.expires === null || (role.serverRenewed && role.state !== 'expired')) continue;
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

/** Where "today" goes in the timeline: the index of the first item at or after `now`. */
export function todayIndex(items: TimelineItem[], now: number): number {
  const i = items.findIndex((x) => x.at >= now);
  return i === -1 ? items.length : i;
}

/** How a repository's trust data was read, in words. */
export function trustDataLabel(r: RepositoryAudit): string {
  switch (r.trustData) {
    case 'verified':
      return 'signed';
    case 'cached':
      return 'signed (cached trust data)';
    case 'none':
      return 'no trust data';
    case 'failed':
      return 'trust data not verified';
  }
}
