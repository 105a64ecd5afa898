/**
 * Pure rules of the History tab: the filters (tag, signer, change kind), the order, grouping the
 * events by publish, and how each change kind and key holder is named (the CLI's change names).
 */
import type { HistoryEvent, KeyHolder } from '../../../electron/ipc/contract.ts';
import { naturalCompare } from '../../lib/format.ts';
import { instantOf } from '../../../core/trust/policy.ts';

export type ChangeKind = HistoryEvent['change'];
export type EventOrder = 'oldest' | 'newest';

/** '' means "any". */
export interface EventFilter {
  tag: string;
  signer: string;
  change: string;
}

export const NO_FILTER: EventFilter = { tag: '', signer: '', change: '' };

/** `signet history`'s change names, spelt for people. */
export const CHANGE_LABEL: Record<ChangeKind, string> = {
  initialized: 'initialized',
  'tag-added': 'tag added',
  'tag-removed': 'tag removed',
  'tag-changed': 'tag changed',
  'signer-added': 'signer added',
  'signer-removed': 'signer removed',
  'signer-changed': 'signer changed',
  'key-rotated': 'key rotated',
  renewed: 'renewed',
  unverified: 'unverified',
  'refused-outside-paths': 'refused: outside the signer’s paths',
};

export const CHANGE_TONE: Record<ChangeKind, 'ok' | 'info' | 'warning' | 'error' | 'neutral'> = {
  initialized: 'info',
  'tag-added': 'ok',
  'tag-removed': 'error',
  'tag-changed': 'warning',
  'signer-added': 'ok',
  'signer-removed': 'error',
  'signer-changed': 'warning',
  'key-rotated': 'warning',
  renewed: 'neutral',
  unverified: 'error',
  'refused-outside-paths': 'error',
};

/** Same words as the Administrative keys table. */
export const HOLDER_LABEL: Record<KeyHolder, string> = {
  local: 'you (this computer)',
  server: 'the server',
  unknown: 'not on this computer',
};

/** The signers an event concerns: the signer added/removed/changed, or the delegation whose version it is. */
export function eventSigners(e: HistoryEvent): string[] {
  const out: string[] = [];
  if (e.signer !== undefined) out.push(e.signer);
  if (e.role.startsWith('targets/')) out.push(e.role.slice('targets/'.length));
  return out;
}

export function filterEvents(events: readonly HistoryEvent[], f: EventFilter): HistoryEvent[] {
  return events.filter(
    (e) =>
      (f.tag === '' || e.tag === f.tag) &&
      (f.signer === '' || eventSigners(e).includes(f.signer)) &&
      (f.change === '' || e.change === f.change),
  );
}

/** The values each filter can take, from the events themselves. */
export function filterOptions(events: readonly HistoryEvent[]): {
  tags: string[];
  signers: string[];
  changes: ChangeKind[];
} {
  const tags = new Set<string>();
  const signers = new Set<string>();
  const changes = new Set<ChangeKind>();
  for (const e of events) {
    if (e.tag !== undefined) tags.add(e.tag);
    for (const s of eventSigners(e)) signers.add(s);
    changes.add(e.change);
  }
  const order = Object.keys(CHANGE_LABEL) as ChangeKind[];
  return {
    tags: [...tags].sort(naturalCompare),
    signers: [...signers].sort(naturalCompare),
    changes: order.filter((c) => changes.has(c)),
  };
}

export interface PublishGroup {
  /** The publish (timestamp version); undefined for versions no known publish pins. */
  publish: number | undefined;
  time: string | null;
  events: HistoryEvent[];
}

/** Consecutive events of the same publish, in the order asked for (core gives them oldest first). */
export function groupByPublish(events: readonly HistoryEvent[], order: EventOrder): PublishGroup[] {
  const groups: PublishGroup[] = [];
  for (const e of events) {
    const last = groups[groups.length - 1];
    if (last && last.publish === e.publish && last.time === e.time) last.events.push(e);
    else groups.push({ publish: e.publish, time: e.time, events: [e] });
  }
  return order === 'oldest' ? groups : groups.reverse();
}

/** "2026-12-04 05:11:07 UTC"; "time unknown" without a changefeed time. */
export function formatTime(time: string | null): string {
  if (time === null) return 'time unknown';
  const t = instantOf(time);
  return t === null ? time : `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
