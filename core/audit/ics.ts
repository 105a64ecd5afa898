import { utf8 } from '../util/bytes.js';
import { roleExpiries } from './shape.js';
import type { RepositoryAudit } from './types.js';

/**
 * The expiry calendar (RFC 5545 iCalendar): one VEVENT per role expiry of every audited repository,
 * DTSTART at the expiry, with a VALARM `warnDays` before it. Roles the server renews itself
 * (the timestamp) get no event: their expiry is not a date anyone has to act on.
 */

/** TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, and newlines as `\n`. */
export function escapeText(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds a content line at 75 octets (RFC 5545 §3.1): CRLF + one space before each continuation,
 * never inside a UTF-8 sequence. Returns the line with its closing CRLF.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const n = utf8(ch).length;
    // the first line holds 75 octets; a continuation's leading space counts towards its 75
    if (octets + n > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += n;
  }
  parts.push(current);
  return parts.join('\r\n ') + '\r\n';
}

/** UTC DATE-TIME form `YYYYMMDDTHHMMSSZ`. */
export function icsDateTime(d: Date): string {
  return d
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** A UID that stays the same for the same repository, role and expiry across exports. */
function uid(repo: string, role: string, expires: string): string {
  return `${`${repo}/${role}/${expires}`.replace(/[^A-Za-z0-9._/-]/g, '-')}@signet`;
}

export interface CalendarOptions {
  /** Days before the expiry the alarm fires. */
  warnDays: number;
  /** DTSTAMP: when the calendar was made. */
  now: Date;
}

/** The .ics text (CRLF lines, folded) for the roles of `repositories`, soonest expiry first. */
export function formatCalendar(repositories: RepositoryAudit[], opts: CalendarOptions): string {
  const events = roleExpiries(repositories, { expiredRenewed: false }).map((e) => ({
    at: new Date(e.at),
    repo: e.repository,
    role: e.role,
    expires: e.expires,
  }));
  const days = Math.max(0, Math.floor(opts.warnDays));
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Signet//Docker Content Trust audit//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
  ];
  const stamp = icsDateTime(opts.now);
  for (const e of events) {
    const summary = `Trust data expires: ${e.repo} ${e.role}`;
    const what = `The ${e.role} role of ${e.repo} expires at ${e.expires}. After that, docker pull with content trust refuses the repository's signatures. Re-sign the role before then (signet witness ${e.repo} ${e.role}).`;
    lines.push(
      'BEGIN:VEVENT',
      `UID:${uid(e.repo, e.role, e.expires)}`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${icsDateTime(e.at)}`,
      `SUMMARY:${escapeText(summary)}`,
      `DESCRIPTION:${escapeText(what)}`,
      'TRANSP:TRANSPARENT',
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      `DESCRIPTION:${escapeText(`${summary} in ${days} day${days === 1 ? '' : 's'}`)}`,
      `TRIGGER;RELATED=START:${days === 0 ? 'PT0S' : `-P${days}D`}`,
      'END:VALARM',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('');
}
