/** The Audit view's words for core's states (core decides, counts, groups and orders: core/audit/shape.ts). */
import type { RoleExpiry } from '../../../core/audit/shape.ts';
import type { RoleState, TagState } from '../../../core/audit/types.ts';
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

/** "2 matches", "1 match", "3 missing": a count of tags in one state. */
export function countLabel(state: TagState, n: number): string {
  return state === 'ok' ? `${n} ${n === 1 ? 'match' : 'matches'}` : `${n} ${TAG_STATE_LABEL[state]}`;
}

/** Where "today" goes in the timeline: the index of the first item at or after `now`. */
export function todayIndex(items: RoleExpiry[], now: number): number {
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
