/**
 * Randomized comparison of the fast natural sort / byte order (core/trust/natural-sort.ts) with the
 * implementation it replaced (copied below verbatim as the reference): same sign on every pair, and
 * the same sorted order, on ASCII tags, version-like tags, leading zeros, non-ASCII and lone surrogates.
 */
import { rng } from '../../helpers/rng.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byteCompare, naturalCompare, naturalLess, naturalSortBy } from '../../../core/trust/natural-sort.js';

/* ---- reference: the previous implementation */
const encoder = new TextEncoder();
const utf8Bytes = (s: string): Uint8Array => encoder.encode(s);
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const bytesKey = (bytes: Uint8Array, from: number, to: number): string =>
  String.fromCharCode(...bytes.subarray(from, to));
function refNaturalLess(a: string, b: string): boolean {
  const s1 = utf8Bytes(a);
  const s2 = utf8Bytes(b);
  let i = 0;
  let j = 0;
  while (i < s1.length && j < s2.length) {
    const c1 = s1[i]!;
    const c2 = s2[j]!;
    const d1 = isDigit(c1);
    const d2 = isDigit(c2);
    if (d1 !== d2) return d1;
    if (!d1) {
      if (c1 !== c2) return c1 < c2;
      i++;
      j++;
      continue;
    }
    while (i < s1.length && s1[i] === 0x30) i++;
    while (j < s2.length && s2[j] === 0x30) j++;
    const nz1 = i;
    const nz2 = j;
    while (i < s1.length && isDigit(s1[i]!)) i++;
    while (j < s2.length && isDigit(s2[j]!)) j++;
    if (i - nz1 !== j - nz2) return i - nz1 < j - nz2;
    const n1 = bytesKey(s1, nz1, i);
    const n2 = bytesKey(s2, nz2, j);
    if (n1 !== n2) return n1 < n2;
    if (nz1 !== nz2) return nz1 < nz2;
  }
  return s1.length < s2.length;
}
const refNaturalCompare = (a: string, b: string): number => (refNaturalLess(a, b) ? -1 : refNaturalLess(b, a) ? 1 : 0);
function refByteCompare(a: string, b: string): number {
  const x = utf8Bytes(a);
  const y = utf8Bytes(b);
  const n = Math.min(x.length, y.length);
  for (let k = 0; k < n; k++) if (x[k] !== y[k]) return x[k]! - y[k]!;
  return x.length - y.length;
}

/* ---- random strings */
const PIECES = [
  'v',
  '1',
  '0',
  '00',
  '9',
  '10',
  '007',
  '.',
  '-',
  '_',
  'a',
  'B',
  'rc',
  'latest',
  'é',
  'ß',
  '\u00ff',
  '\u0660',
  '\uffff',
  '\ue000',
  '\u{1F600}',
  '\ud800',
  '\udc00',
  '~',
  ' ',
];
function randomTag(r: () => number): string {
  let s = '';
  const n = 1 + Math.floor(r() * 6);
  for (let i = 0; i < n; i++) s += r() < 0.3 ? String(Math.floor(r() * 200)) : PIECES[Math.floor(r() * PIECES.length)]!;
  return s;
}
const sign = (x: number): number => (x < 0 ? -1 : x > 0 ? 1 : 0);

test('naturalCompare and byteCompare agree with the previous implementation on random pairs', () => {
  const r = rng(7);
  for (let k = 0; k < 50_000; k++) {
    const a = randomTag(r);
    const b = r() < 0.1 ? a : r() < 0.3 ? a + randomTag(r) : randomTag(r);
    assert.equal(
      naturalCompare(a, b),
      refNaturalCompare(a, b),
      `naturalCompare(${JSON.stringify(a)}, ${JSON.stringify(b)})`,
    );
    assert.equal(naturalLess(a, b), refNaturalLess(a, b), `naturalLess(${JSON.stringify(a)}, ${JSON.stringify(b)})`);
    assert.equal(
      sign(byteCompare(a, b)),
      sign(refByteCompare(a, b)),
      `byteCompare(${JSON.stringify(a)}, ${JSON.stringify(b)})`,
    );
  }
});

test('naturalSortBy gives the order of the previous sort (stable, duplicates kept)', () => {
  for (let seed = 1; seed <= 40; seed++) {
    const r = rng(seed);
    const tags = Array.from({ length: 300 }, () => randomTag(r));
    tags.push(...tags.slice(0, 20)); // duplicates: stability
    const rows = tags.map((tag, i) => ({ tag, i }));
    const want = [...rows].sort((a, b) => refNaturalCompare(a.tag, b.tag));
    assert.deepEqual(
      naturalSortBy(rows, (x) => x.tag),
      want,
      `seed ${seed}`,
    );
  }
  // already in natural order, or nearly (one pair swapped, a duplicate moved): the one-pass check
  for (let seed = 41; seed <= 80; seed++) {
    const r = rng(seed);
    const rows = Array.from({ length: 200 }, (_, i) => ({ tag: randomTag(r), i })).sort((a, b) =>
      refNaturalCompare(a.tag, b.tag),
    );
    assert.deepEqual(
      naturalSortBy(rows, (x) => x.tag),
      rows,
      `sorted, seed ${seed}`,
    );
    const k = Math.floor(r() * 199);
    const nearly = [...rows];
    [nearly[k], nearly[k + 1]] = [nearly[k + 1]!, nearly[k]!];
    if (seed % 2 === 0) nearly.splice(Math.floor(r() * 200), 0, { ...nearly[k]!, i: -1 });
    assert.deepEqual(
      naturalSortBy(nearly, (x) => x.tag),
      [...nearly].sort((a, b) => refNaturalCompare(a.tag, b.tag)),
      `nearly sorted, seed ${seed}`,
    );
  }
  const tags = Array.from({ length: 5000 }, (_, i) => `tag${String(i + 1).padStart(5, '0')}`);
  assert.deepEqual(
    naturalSortBy(tags, (x) => x),
    tags,
  );
  const versions = Array.from({ length: 5000 }, (_, i) => `v${i % 13}.${i % 101}.${i}${i % 3 === 0 ? '-rc' : ''}`);
  assert.deepEqual(
    naturalSortBy(versions, (x) => x),
    [...versions].sort(refNaturalCompare),
  );
});

test('naturalSortBy with more than 65,536 items (index suffix above one code unit) and long digit runs', () => {
  const r = rng(99);
  const tags = Array.from({ length: 66_000 }, (_, i) =>
    i % 1000 === 0 ? `v${'0'.repeat(i % 7)}${'9'.repeat(30 + (i % 5))}` : `t${Math.floor(r() * 5000)}`,
  );
  const want = tags.map((t, i) => ({ t, i })).sort((a, b) => refNaturalCompare(a.t, b.t));
  const got = naturalSortBy(
    tags.map((t, i) => ({ t, i })),
    (x) => x.t,
  );
  assert.deepEqual(got, want);
});
