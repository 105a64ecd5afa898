/**
 * Output of `signet history` and `signet diff`: JSON with the fields issue 12 names (digests in hex
 * as docker trust inspect prints them, fields that do not apply omitted) and a table for people.
 */
import { tabwrite } from '../trust/inspect-format.js';
import type { TrustDiff } from './diff.js';
import type { HistoryEvent } from './types.js';

/** One event as JSON: Time, Role, Version, Change, Tag, Digest, PreviousDigest, Signer, KeyIDs (and Error). */
export function historyEventJson(e: HistoryEvent): Record<string, unknown> {
  const o: Record<string, unknown> = { Time: e.time, Role: e.role, Version: e.version, Change: e.change };
  if (e.tag !== undefined) o['Tag'] = e.tag;
  if (e.digest !== undefined) o['Digest'] = e.digest;
  if (e.previousDigest !== undefined) o['PreviousDigest'] = e.previousDigest;
  if (e.signer !== undefined) o['Signer'] = e.signer;
  if (e.change !== 'unverified') o['KeyIDs'] = e.keyIds;
  if (e.problem) o['Error'] = e.problem.message;
  return o;
}

export function formatHistoryJson(events: HistoryEvent[]): string {
  return JSON.stringify(events.map(historyEventJson), null, 4) + '\n';
}

const short = (id: string): string => id.slice(0, 12);
const ids = (xs: readonly string[]): string => (xs.length === 0 ? '(none)' : xs.map(short).join(', '));

/** `2026-12-04T05:11:07.922030839Z` → `2026-12-04T05:11:07Z`; unknown → `-`. */
export function shortTime(time: string | null): string {
  if (time === null) return '-';
  const d = new Date(time);
  return Number.isNaN(d.getTime()) ? time : `${d.toISOString().slice(0, 19)}Z`;
}

function details(e: HistoryEvent): string {
  switch (e.change) {
    case 'tag-added':
      return `${e.tag} ${short(e.digest ?? '')}`;
    case 'tag-removed':
      return `${e.tag} (was ${short(e.previousDigest ?? '')})`;
    case 'tag-changed':
      return `${e.tag} ${short(e.previousDigest ?? '')} -> ${short(e.digest ?? '')}`;
    case 'signer-added':
      return `${e.signer} keys ${ids(e.keys?.after ?? [])}`;
    case 'signer-removed':
      return `${e.signer}`;
    case 'signer-changed':
    case 'key-rotated': {
      const what = e.signer ? `${e.signer} ` : '';
      const parts = [`keys ${ids(e.keys?.before ?? [])} -> ${ids(e.keys?.after ?? [])}`];
      if (e.paths)
        parts.push(`paths ${JSON.stringify(e.paths.before ?? [])} -> ${JSON.stringify(e.paths.after ?? [])}`);
      if (e.threshold) parts.push(`threshold ${e.threshold.before ?? '-'} -> ${e.threshold.after ?? '-'}`);
      return what + parts.join(', ');
    }
    case 'refused-outside-paths':
      return `${e.tag} ${short(e.digest ?? '')} (outside its paths ${JSON.stringify(e.paths?.after ?? [])}: not signed)`;
    case 'unverified':
      return `FAILED VERIFICATION: ${e.problem?.message ?? 'unknown reason'}`;
    default:
      return '';
  }
}

/** The history as a table, oldest first; versions only the local store has are marked. */
export function formatHistoryText(name: string, events: HistoryEvent[]): string {
  if (events.length === 0) return `\nNo changes found for ${name}\n\n`;
  const rows = events.map((e) => [
    e.publish === undefined ? '-' : String(e.publish),
    shortTime(e.time),
    e.role,
    String(e.version),
    e.change,
    details(e) + (e.source === 'kept' ? ' [kept locally]' : ''),
    e.change === 'unverified' ? '' : ids(e.keyIds),
  ]);
  return (
    `\nHistory of ${name}\n\n` + tabwrite([['#', 'TIME', 'ROLE', 'VERSION', 'CHANGE', 'DETAILS', 'SIGNED BY'], ...rows])
  );
}

export function diffJson(name: string, d: TrustDiff): Record<string, unknown> {
  const point = (p: TrustDiff['from']) => ({ Publish: p.publish, Time: p.time });
  return {
    Name: name,
    From: point(d.from),
    To: point(d.to),
    SignedTags: d.tags.map((t) => ({
      Role: t.role,
      Tag: t.tag,
      Change: t.change,
      ...(t.digest !== undefined ? { Digest: t.digest } : {}),
      ...(t.previousDigest !== undefined ? { PreviousDigest: t.previousDigest } : {}),
    })),
    Signers: d.signers.map((s) => ({
      Role: s.parent,
      Signer: s.signer,
      Change: s.change,
      KeyIDs: s.keys.after,
      ...(s.change !== 'signer-added' ? { PreviousKeyIDs: s.keys.before } : {}),
      ...(s.paths?.after ? { Paths: s.paths.after } : {}),
      ...(s.paths && s.change !== 'signer-added' ? { PreviousPaths: s.paths.before ?? [] } : {}),
      ...(s.threshold?.after !== undefined ? { Threshold: s.threshold.after } : {}),
      ...(s.threshold?.before !== undefined ? { PreviousThreshold: s.threshold.before } : {}),
    })),
    Keys: d.keys.map((k) => ({ Role: k.role, Change: k.change, KeyIDs: k.keys.after, PreviousKeyIDs: k.keys.before })),
  };
}

export function formatDiffJson(name: string, d: TrustDiff): string {
  return JSON.stringify(diffJson(name, d), null, 4) + '\n';
}

export function formatDiffText(name: string, d: TrustDiff): string {
  const at = (p: TrustDiff['from']) => `publish ${p.publish} (${shortTime(p.time)})`;
  let out = `\nDifferences in ${name} from ${at(d.from)} to ${at(d.to)}\n\n`;
  if (d.tags.length + d.signers.length + d.keys.length === 0) return out + 'No differences\n\n';
  if (d.tags.length > 0) {
    out += tabwrite([
      ['SIGNED TAG', 'ROLE', 'CHANGE', 'DIGEST'],
      ...d.tags.map((t) => [
        t.tag,
        t.role,
        t.change.replace('tag-', ''),
        t.change === 'tag-changed' ? `${t.previousDigest} -> ${t.digest}` : (t.digest ?? t.previousDigest ?? ''),
      ]),
    ]);
    out += '\n';
  }
  if (d.signers.length > 0) {
    out += tabwrite([
      ['SIGNER', 'ROLE', 'CHANGE', 'KEYS'],
      ...d.signers.map((s) => [
        s.signer,
        s.parent,
        s.change.replace('signer-', ''),
        `${ids(s.keys.before)} -> ${ids(s.keys.after)}`,
      ]),
    ]);
    out += '\n';
  }
  if (d.keys.length > 0) {
    out += tabwrite([
      ['ROLE', 'CHANGE', 'KEYS'],
      ...d.keys.map((k) => [k.role, 'key-rotated', `${ids(k.keys.before)} -> ${ids(k.keys.after)}`]),
    ]);
    out += '\n';
  }
  return out;
}
