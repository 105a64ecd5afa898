/**
 * The field schemas every request guard is made of (guards.ts): bounded text, key IDs, file
 * handles (never paths), references, hosts, URLs, lists and exact plain objects. Error messages
 * name what was expected and never echo the value.
 */
import * as v from 'valibot';

export const MAX_STRING = 4096;
export const MAX_PASSPHRASE = 1024;
export const MAX_LIST = 200;

export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/* ------------------------------------------------------------------ building blocks */

/** A non-empty string without control characters (NUL, newlines), at most `max` long. */
export const text = (max = MAX_STRING) =>
  v.pipe(
    v.string(`a non-empty string of at most ${max} characters`),
    v.check((s) => s.length > 0 && s.length <= max, `a non-empty string of at most ${max} characters`),
    v.check((s) => !/[\u0000-\u001f\u007f]/.test(s), 'a string without control characters'),
  );

/** Canonical key ID: 64 lowercase hex characters. */
export const keyId = v.pipe(
  v.string('a key ID (64 hex characters)'),
  v.regex(/^[0-9a-f]{64}$/, 'a key ID (64 hex characters)'),
);

/** A file chosen in main's dialog: the opaque handle it returned (never a path). */
export const fileHandle = v.pipe(
  v.string('a file chosen in Signet’s file dialog (its handle)'),
  v.regex(/^[0-9a-f]{32}$/, 'a file chosen in Signet’s file dialog (its handle)'),
);

/** A file name without a folder, for a save dialog to suggest. */
export const fileName = v.pipe(
  text(255),
  v.check((n) => !/[\\/:]/.test(n) && n !== '.' && n !== '..', 'a file name without a folder'),
);

/** An opened archive's ID (history:openArchive). */
export const archiveId = v.pipe(
  v.string('an opened archive’s ID'),
  v.regex(/^[0-9a-f]{32}$/, 'an opened archive’s ID'),
);

/** An absolute file system path (POSIX or Windows): only in the settings FILE main reads, never from a channel. */
export const absPath = v.pipe(
  text(),
  v.check((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'an absolute path'),
);

/** An image reference as typed by the user; core parses it properly and reports BAD_REFERENCE. */
export const reference = v.pipe(
  text(512),
  v.check((r) => !/\s/.test(r), 'an image reference without spaces'),
);

/** A registry `host[:port]` (core's parseAuditTarget checks it properly and says what is wrong). */
export const registryHost = v.pipe(
  text(255),
  v.check((r) => !/[\s/]/.test(r), 'a registry host[:port] without spaces or slashes'),
);

/** A whole number from `min` to `max`. */
export const whole = (min: number, max: number) =>
  v.pipe(
    v.number(`a whole number from ${min} to ${max}`),
    v.check((n) => Number.isInteger(n) && n >= min && n <= max, `a whole number from ${min} to ${max}`),
  );

export const requestId = v.pipe(v.string('a request ID'), v.regex(/^[A-Za-z0-9_-]{8,64}$/, 'a request ID'));

export const bool = v.boolean('true or false');

export const httpUrl = v.pipe(
  text(),
  v.check((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'an http(s) URL'),
);

/** A list of `min`..MAX_LIST items (`distinct`: each at most once). */
export function list<T extends v.GenericSchema<unknown, string>>(
  item: T,
  what: string,
  { min = 0, distinct = false } = {},
) {
  const expected = `a ${min > 0 ? 'non-empty ' : ''}list of ${what}${distinct ? ', each once' : ''} (at most ${MAX_LIST})`;
  return v.pipe(
    v.array(item, expected),
    v.check((a) => a.length >= min && a.length <= MAX_LIST, expected),
    v.check((a) => !distinct || new Set(a).size === a.length, expected),
  );
}

/** A plain object with exactly these fields (unknown ones refused, not ignored). */
export function exact<E extends v.ObjectEntries>(entries: E) {
  const allowed = Object.keys(entries).join(', ');
  return v.pipe(
    v.custom<Record<string, unknown>>(isPlainObject, 'an object'),
    v.strictObject(entries, (issue) =>
      issue.expected === 'never' ? `no such field (allowed: ${allowed})` : 'an object',
    ),
  );
}

/** An object of strings (e.g. registry → URL), at most MAX_LIST entries. */
export const stringMap = (value: v.GenericSchema<unknown, string>) =>
  v.pipe(
    v.custom<Record<string, unknown>>(isPlainObject, 'an object of strings'),
    v.record(text(255), value, 'an object of strings'),
    v.check((m) => Object.keys(m).length <= MAX_LIST, `at most ${MAX_LIST} entries`),
  );

export const stageOnly = v.optional(bool);
