/**
 * Pure display rules, shared by every feature: docker's (natural tag order, "Repo Admin", 12-char
 * key IDs) and Signet's own (sizes, dates). Expiry states come from core (core/trust/policy.ts).
 */
import { naturalCompare, naturalSortBy, byteCompare } from '../../core/trust/natural-sort.ts';
import { REPO_ADMIN, roleToSigner } from '../../core/trust/names.ts';
import { instantOf } from '../../core/trust/policy.ts';

export { naturalCompare, naturalSortBy, byteCompare, REPO_ADMIN, roleToSigner };

/** docker formatter.TruncateID: drop an "algo:" prefix, keep 12 characters. */
export function truncateId(id: string): string {
  return id.slice(id.indexOf(':') + 1).slice(0, 12);
}

/** The SIGNERS cell as docker trust inspect's JSON has it: sorted names, or "Repo Admin". */
export function signersText(signers: readonly string[]): string {
  return signers.length > 0 ? [...signers].sort(byteCompare).join(', ') : REPO_ADMIN;
}

const DAY = 86_400_000;

/**
 * `time` relative to `now` (ms since the epoch: the clock the state shown beside it was computed
 * at): "in 3 days", "2 days ago", "in 2 years"; '' when `time` is unreadable.
 */
export function relativeTime(time: string, now: number): string {
  const t = instantOf(time);
  if (t === null) return '';
  const diff = t - now;
  const abs = Math.abs(diff);
  const unit = (n: number, u: string): string => `${n} ${u}${n === 1 ? '' : 's'}`;
  let text: string;
  if (abs < 3_600_000) text = unit(Math.max(1, Math.round(abs / 60_000)), 'minute');
  else if (abs < DAY) text = unit(Math.round(abs / 3_600_000), 'hour');
  else if (abs < 60 * DAY) text = unit(Math.round(abs / DAY), 'day');
  else if (abs < 730 * DAY) text = unit(Math.round(abs / (30.44 * DAY)), 'month');
  else text = unit(Math.round(abs / (365.25 * DAY)), 'year');
  return diff >= 0 ? `in ${text}` : `${text} ago`;
}

/** An RFC 3339 time → "2026-11-27 14:03 UTC" (stable across locales, sortable by eye); unreadable: as given. */
export function formatDate(time: string | undefined): string {
  if (!time) return '';
  const t = instantOf(time);
  if (t === null) return time;
  const iso = new Date(t).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** Human name of a base role or delegation. */
export function roleLabel(role: string): string {
  switch (role) {
    case 'root':
      return 'Root';
    case 'targets':
      return 'Repository (targets)';
    case 'snapshot':
      return 'Snapshot';
    case 'timestamp':
      return 'Timestamp';
    default:
      return role.startsWith('targets/') ? `Signer ${role.slice('targets/'.length)} (${role})` : role;
  }
}
