/** RFC3339 `expires` values: accept any Go RFC3339Nano input, emit Go's whole-second UTC form (protocol §1.3). */
import { SignetError } from '../errors.js';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/**
 * Parses an RFC3339 time with 0–9 fraction digits and a `Z` or `±hh:mm` offset into a Date
 * (fractions below a millisecond are dropped). Throws SignetError 'TUF_MALFORMED' for anything else.
 */
export function parseExpires(s: string): Date {
  const m = typeof s === 'string' ? RFC3339.exec(s) : null;
  const bad = () => new SignetError('TUF_MALFORMED', `invalid RFC3339 time ${JSON.stringify(s)}`);
  if (!m) throw bad();
  const [year, month, day, hour, min, sec] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) throw bad();
  if (hour > 23 || min > 59 || sec > 59) throw bad();
  let offsetMin = 0;
  if (!m[8]) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) throw bad();
    offsetMin = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const ms = m[7] ? Math.floor(Number(m[7].padEnd(9, '0')) / 1e6) : 0;
  const d = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, min - offsetMin, sec, ms);
  return d;
}

/**
 * Formats a Date as Go RFC3339Nano in UTC with whole seconds, `YYYY-MM-DDTHH:MM:SSZ`
 * (sub-second parts are truncated). Throws SignetError 'BAD_INPUT' for invalid dates or years
 * outside 0000–9999, which Go cannot marshal.
 */
export function formatExpires(date: Date): string {
  const t = date.getTime();
  if (!Number.isFinite(t)) throw new SignetError('BAD_INPUT', 'cannot format an invalid date');
  const d = new Date(Math.floor(t / 1000) * 1000);
  const year = d.getUTCFullYear();
  if (year < 0 || year > 9999) throw new SignetError('BAD_INPUT', `year ${year} is out of range for RFC3339`);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return (
    `${String(year).padStart(4, '0')}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}` +
    `T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}Z`
  );
}
