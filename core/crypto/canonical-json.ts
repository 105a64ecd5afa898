/**
 * docker/go canonical JSON (`MarshalCanonical`) and the Go envelope form notary serves (protocol §0, §2.1).
 */
import { SignetError } from '../errors.js';
import { utf8 } from '../util/bytes.js';
import { byteCompare } from '../util/compare.js';
import type { SignatureJSON } from './key-types.js';

/** Orders strings by Unicode code point, which equals UTF-8 byte order (UTF-16 order differs above U+FFFF). */
function quote(s: string): string {
  // Most strings (key IDs, base64, tag names, dates) need no escaping at all.
  if (s.indexOf('"') === -1 && s.indexOf('\\') === -1) return '"' + s + '"';
  return '"' + s.replace(/["\\]/g, (c) => '\\' + c) + '"';
}

function number(n: number | bigint): string {
  if (typeof n === 'bigint') return n.toString();
  if (!Number.isFinite(n) || !Number.isInteger(n))
    throw new SignetError('BAD_INPUT', `canonical JSON: non-integer number ${n}`);
  // String(1e21) is "1e+21"; Go writes integers in full.
  return Math.abs(n) >= 1e21 ? BigInt(n).toString() : String(n === 0 ? 0 : n);
}

/**
 * The keys of `obj` in canonical order. JSON.parse keeps the served order, which for notary's
 * files is already canonical: one linear check, and a sort only when it fails (e.g. integer-like
 * keys, which JS enumerates first). Undefined-valued keys are left in; {@link emit} skips them.
 */
function sortedKeys(obj: Record<string, unknown>): string[] {
  const keys = Object.keys(obj);
  for (let i = 1; i < keys.length; i++) {
    if (byteCompare(keys[i - 1]!, keys[i]!) >= 0) return keys.sort(byteCompare);
  }
  return keys;
}

function emit(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
    case 'bigint':
      return number(value);
    case 'object':
      break;
    default:
      throw new SignetError('BAD_INPUT', `canonical JSON: cannot encode ${typeof value}`);
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) continue; // a hole: skipped, as Array.prototype.forEach did here before
      out += (i > 0 ? ',' : '') + emit(value[i]);
    }
    return out + ']';
  }
  const obj = value as Record<string, unknown>;
  const keys = sortedKeys(obj);
  let out = '{';
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = obj[k];
    // Undefined properties are skipped (like JSON.stringify), so optional fields can be left unset.
    if (v === undefined) continue;
    out += (first ? '' : ',') + quote(k) + ':' + emit(v);
    first = false;
  }
  return out + '}';
}

/**
 * True when JSON.stringify(value) is the canonical form, as far as can be told without the text:
 * only plain objects/arrays, strings, booleans, null and integers below 1e21 (which JSON.stringify
 * writes exactly as canonical JSON does), no undefined array element, and every object's keys already
 * in canonical order (JSON.stringify enumerates them in Object.keys order). Escaping is checked on the
 * text afterwards. No allocation besides the key lists.
 */
function stringifiable(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isInteger(value) && Math.abs(value) < 1e21;
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (v === undefined || !stringifiable(v)) return false;
    }
    return true;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false; // toJSON, Date, boxed values, …
  const obj = value as Record<string, unknown>;
  // for-in lists own keys in Object.keys order (JSON.stringify's) without allocating a key list per
  // object (10,000 small objects per targets file); an inherited enumerable key sends `value` to emit()
  let prev: string | undefined;
  for (const k in obj) {
    if (!Object.hasOwn(obj, k)) return false;
    if (prev !== undefined && byteCompare(prev, k) >= 0) return false;
    prev = k;
    const v = obj[k];
    if (v !== undefined && !stringifiable(v)) return false;
  }
  return true;
}

/**
 * Canonical JSON text: keys sorted bytewise, no whitespace, only `"` and `\` escaped, integers only.
 * Throws SignetError 'BAD_INPUT' on non-integer or non-finite numbers and on values JSON cannot represent.
 *
 * Fast path for what JSON.parse returns from canonical files (keys in order): native JSON.stringify,
 * whose output equals the canonical text when it contains no backslash at all (then no string needed
 * any escaping: JSON.stringify escapes `"`, `\`, control characters and lone surrogates with a
 * backslash, canonical JSON only the first two). Anything else goes through {@link emit}.
 */
export function canonicalString(value: unknown): string {
  if (stringifiable(value)) {
    const text = JSON.stringify(value);
    if (typeof text === 'string' && text.indexOf('\\') === -1) return text;
  }
  return emit(value);
}

/** UTF-8 bytes of {@link canonicalString}: the exact message that TUF signatures cover. */
export function canonicalBytes(value: unknown): Uint8Array {
  return utf8(canonicalString(value));
}

const HTML_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** Go `json.Marshal`'s HTML escaping; these characters can only occur inside strings here. */
function htmlEscape(s: string): string {
  return s.replace(/[<>&\u2028\u2029]/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * The whole metadata file as Go serialises it: `{"signed":…,"signatures":[{"keyid","method","sig"}]}`,
 * HTML-escaped, no trailing newline. Throws on control characters (U+0000–U+001F), which Go's
 * envelope compaction rejects, so such a file could never be published.
 */
export function encodeEnvelope(signedValue: unknown, signatures: SignatureJSON[]): Uint8Array {
  const sigs = signatures.map((s) => `{"keyid":${quote(s.keyid)},"method":${quote(s.method)},"sig":${quote(s.sig)}}`);
  const text = `{"signed":${canonicalString(signedValue)},"signatures":[${sigs.join(',')}]}`;
  const ctl = /[\u0000-\u001f]/.exec(text);
  if (ctl) {
    const code = ctl[0].charCodeAt(0).toString(16).padStart(4, '0');
    throw new SignetError('BAD_INPUT', `cannot encode metadata: control character U+${code} in a string`);
  }
  return utf8(htmlEscape(text));
}
