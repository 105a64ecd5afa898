/**
 * Natural string order as docker sorts tags and signers (github.com/fvbommel/sortorder
 * NaturalLess): digit runs compare by value, other bytes bytewise, digits before non-digits.
 *
 * The comparison works on UTF-8 bytes. An ASCII string is its own byte string (one char code per
 * byte); any other string is first turned into a "byte string" (one char per UTF-8 byte, 0–255), so
 * one charCodeAt-based comparator serves both and nothing is allocated per comparison.
 */

/** True when every char code of `s` is below 0x80 (its UTF-8 bytes are its char codes). */
function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

import { byteCompare } from '../util/compare.js';

const encoder = new TextEncoder();

/** The UTF-8 bytes of `s`, one char (0–255) per byte; `s` itself when it is ASCII. */
export function naturalKey(s: string): string {
  if (isAscii(s)) return s;
  const bytes = encoder.encode(s);
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += String.fromCharCode(bytes[i]!);
  return out;
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/**
 * sortorder.NaturalLess as a three-way comparison of two byte strings (see {@link naturalKey}):
 * negative when `s1` sorts first, positive when `s2` does, 0 when neither is less.
 */
export function naturalCompareKeys(s1: string, s2: string): number {
  const n1 = s1.length;
  const n2 = s2.length;
  let i = 0;
  let j = 0;
  while (i < n1 && j < n2) {
    const c1 = s1.charCodeAt(i);
    const c2 = s2.charCodeAt(j);
    const d1 = isDigit(c1);
    const d2 = isDigit(c2);
    if (d1 !== d2) return d1 ? -1 : 1;
    if (!d1) {
      if (c1 !== c2) return c1 < c2 ? -1 : 1;
      i++;
      j++;
      continue;
    }
    // digit runs: skip leading zeros, then the longer run is the larger number
    while (i < n1 && s1.charCodeAt(i) === 0x30) i++;
    while (j < n2 && s2.charCodeAt(j) === 0x30) j++;
    const nz1 = i;
    const nz2 = j;
    while (i < n1 && isDigit(s1.charCodeAt(i))) i++;
    while (j < n2 && isDigit(s2.charCodeAt(j))) j++;
    const len1 = i - nz1;
    const len2 = j - nz2;
    if (len1 !== len2) return len1 < len2 ? -1 : 1;
    // same number of significant digits: the first differing digit decides
    for (let k = 0; k < len1; k++) {
      const x = s1.charCodeAt(nz1 + k);
      const y = s2.charCodeAt(nz2 + k);
      if (x !== y) return x < y ? -1 : 1;
    }
    // equal values: the one whose run started earlier (fewer leading zeros so far) first
    if (nz1 !== nz2) return nz1 < nz2 ? -1 : 1;
  }
  return n1 === n2 ? 0 : n1 < n2 ? -1 : 1;
}

/** sortorder.NaturalLess(a, b). */
export function naturalLess(a: string, b: string): boolean {
  return naturalCompare(a, b) < 0;
}

/** Comparator for Array.prototype.sort: NaturalLess(a, b) ? -1 : NaturalLess(b, a) ? 1 : 0. */
export function naturalCompare(a: string, b: string): number {
  return naturalCompareKeys(naturalKey(a), naturalKey(b));
}

/**
 * A string whose plain code-unit order is the natural order of `bytes` (a {@link naturalKey}), so a
 * whole list sorts with the engine's native string comparison instead of a JS comparator:
 *  - a non-digit byte b becomes U+0100+b;
 *  - a digit run becomes U+0001 (below every non-digit: digits first), then its count of significant
 *    digits as one code unit (fewer digits = smaller number), the significant digits, then its count
 *    of leading zeros as one code unit (equal values: fewer zeros first);
 *  - the end of the string stays the end (a proper prefix sorts first, as in NaturalLess).
 * Two keys only ever compare a count with a count of the same token, so these orders are exactly
 * NaturalLess's. Undefined (use the comparator) for runs of 0xFFFF digits or more.
 */
function orderKey(bytes: string): string | undefined {
  let out = '';
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const c = bytes.charCodeAt(i);
    if (!isDigit(c)) {
      out += String.fromCharCode(0x100 + c);
      i++;
      continue;
    }
    const start = i;
    while (i < n && bytes.charCodeAt(i) === 0x30) i++;
    const nz = i;
    while (i < n && isDigit(bytes.charCodeAt(i))) i++;
    if (i - start >= 0xffff) return undefined;
    out += '\u0001' + String.fromCharCode(i - nz) + bytes.slice(nz, i) + String.fromCharCode(nz - start);
  }
  return out;
}

/**
 * True when no item's key sorts before the previous one's: then a stable sort leaves the list as it
 * is. Tags usually arrive this way (canonical JSON sorts them bytewise; zero-padded or same-width
 * numbers sort the same naturally), and one pass of comparisons costs far less than the sort keys.
 */
function inNaturalOrder<T>(items: readonly T[], key: (item: T) => string): boolean {
  let prev = items.length > 0 ? naturalKey(key(items[0]!)) : '';
  for (let i = 1; i < items.length; i++) {
    const next = naturalKey(key(items[i]!));
    if (naturalCompareKeys(prev, next) > 0) return false;
    prev = next;
  }
  return true;
}

/**
 * Sorts `items` by the natural order of `key(item)` (NaturalLess), stable like Array.prototype.sort
 * with {@link naturalCompare}. Each key is encoded once ({@link orderKey}) and suffixed with U+0000
 * (below every token start, so a prefix still sorts first) and the item's index (ties keep input
 * order); the keys then sort natively, with no JS callback per comparison. Returns a new array.
 */
export function naturalSortBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  if (inNaturalOrder(items, key)) return items.slice();
  const n = items.length;
  const keys = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const k = orderKey(naturalKey(key(items[i]!)));
    if (k === undefined) return [...items].sort((a, b) => naturalCompare(key(a), key(b)));
    keys[i] = k + '\u0000' + String.fromCharCode(i >>> 16, i & 0xffff);
  }
  keys.sort();
  const out = new Array<T>(n);
  for (let j = 0; j < n; j++) {
    const k = keys[j]!;
    out[j] = items[(k.charCodeAt(k.length - 2) << 16) | k.charCodeAt(k.length - 1)]!;
  }
  return out;
}

export { byteCompare };
