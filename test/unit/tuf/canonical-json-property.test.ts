/**
 * Property test: the fast canonicaliser (core/tuf/canonical-json.ts) must produce exactly the output
 * of a straightforward reference implementation (the original one: filter, sort by UTF-8 bytes,
 * regex-escape everything, join an array) on random values, including keys that are already in
 * order, integer-like keys (which JS enumerates first), surrogate pairs vs U+E000–U+FFFF, lone
 * surrogates and control characters (which JSON.stringify, used by the fast path, would escape),
 * quotes, backslashes, undefined properties, -0, huge integers, bigints, Dates, null-prototype
 * objects and class instances.
 */
import { rng } from '../../helpers/rng.js';
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { canonicalString } from '../../../core/crypto/canonical-json.js';

/** Keys sort by their UTF-8 bytes, as Go sorts them (a lone surrogate is written, and so sorted, as U+FFFD). */
function refCompareCodePoints(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
const refQuote = (s: string): string => '"' + s.replace(/["\\]/g, (c) => '\\' + c) + '"';
function refNumber(n: number | bigint): string {
  if (typeof n === 'bigint') return n.toString();
  if (!Number.isFinite(n) || !Number.isInteger(n)) throw new Error(`non-integer ${n}`);
  return Math.abs(n) >= 1e21 ? BigInt(n).toString() : String(n === 0 ? 0 : n);
}
function refEmit(value: unknown, out: string[]): void {
  if (value === null) return void out.push('null');
  switch (typeof value) {
    case 'boolean':
      return void out.push(value ? 'true' : 'false');
    case 'number':
    case 'bigint':
      return void out.push(refNumber(value));
    case 'string':
      return void out.push(refQuote(value));
    case 'object':
      break;
    default:
      throw new Error(`cannot encode ${typeof value}`);
  }
  if (Array.isArray(value)) {
    out.push('[');
    value.forEach((v, i) => {
      if (i > 0) out.push(',');
      refEmit(v, out);
    });
    return void out.push(']');
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort(refCompareCodePoints);
  out.push('{');
  keys.forEach((k, i) => {
    if (i > 0) out.push(',');
    out.push(refQuote(k), ':');
    refEmit(obj[k], out);
  });
  out.push('}');
}
function reference(value: unknown): string {
  const out: string[] = [];
  refEmit(value, out);
  return out.join('');
}

const PIECES = [
  'a',
  'b',
  'z',
  'A',
  '_',
  '0',
  '1',
  '9',
  '10',
  '"',
  '\\',
  'é',
  '\u00ff',
  '\ud7ff',
  '\ue000',
  '\uffff',
  '\u{1F600}',
  '\u{10000}',
  '\ud800',
  '\udc00',
  '/',
  ' ',
  '<',
  '\u2028',
  'v1.',
  'sha256',
  '\u0000',
  '\n',
  '\t',
  '\u001f',
  '\u007f',
  '\b',
];

function randomString(r: () => number, maxPieces = 5): string {
  let s = '';
  const n = Math.floor(r() * (maxPieces + 1));
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(r() * PIECES.length)]!;
  return s;
}

function randomKey(r: () => number): string {
  const k = r();
  if (k < 0.15) return String(Math.floor(r() * 1000)); // integer-like: enumerated first by JS
  if (k < 0.3) return `v${Math.floor(r() * 100)}`;
  return randomString(r, 4);
}

function randomValue(r: () => number, depth: number): unknown {
  const k = r();
  if (depth <= 0 || k < 0.35) {
    const s = r();
    if (s < 0.15) return null;
    if (s < 0.25) return r() < 0.5;
    if (s < 0.4) return Math.floor((r() - 0.5) * 2 ** 40);
    if (s < 0.43) return [0, -0, 1e21, -1e22, 2 ** 53, Number('123456789012345678901234')][Math.floor(r() * 6)];
    if (s < 0.45) return BigInt(Math.floor(r() * 1e6)) * 10n ** 20n;
    return randomString(r, 8);
  }
  if (k < 0.4) {
    // values JSON.stringify treats differently from a plain walk: must still match the reference
    const odd = r();
    if (odd < 0.2) return new Date(Math.floor(r() * 1e12));
    if (odd < 0.4) {
      const o = Object.create(null) as Record<string, unknown>;
      o[randomKey(r)] = randomValue(r, depth - 1);
      o[randomKey(r)] = randomValue(r, depth - 1);
      return o;
    }
    if (odd < 0.5)
      return new (class Thing {
        a = 1;
        b = 'x';
      })();
    if (odd < 0.6) return { a: 1, toJSON: 'not a function' };
    if (odd < 0.7) return Number.MAX_SAFE_INTEGER * 1000;
    if (odd < 0.8) return { big: 10n ** 25n, n: -0 };
    return { z: 1, a: [1, 2, { y: null, x: true }] };
  }
  if (k < 0.55) {
    const n = Math.floor(r() * 5);
    return Array.from({ length: n }, () => randomValue(r, depth - 1));
  }
  const obj: Record<string, unknown> = {};
  const n = Math.floor(r() * 8);
  const keys = Array.from({ length: n }, () => randomKey(r));
  // half of the objects get their keys inserted in canonical order already (the served-file case)
  if (r() < 0.5) keys.sort(refCompareCodePoints);
  for (const key of keys) obj[key] = r() < 0.08 ? undefined : randomValue(r, depth - 1);
  return obj;
}

describe('canonicalString fast path vs reference implementation', () => {
  it('treats sparse arrays as the reference does (holes skipped)', () => {
    // eslint-disable-next-line no-sparse-arrays
    for (const v of [[1, , 2], [, 1], [1, ,], { a: [, { b: 1 }] }]) assert.equal(canonicalString(v), reference(v));
  });

  it('is identical on 3000 random values', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const v = randomValue(rng(seed), 4);
      assert.equal(canonicalString(v), reference(v), `seed ${seed}`);
    }
  });

  it('is identical on a targets-like object with many sorted and unsorted keys', () => {
    const r = rng(42);
    const targets: Record<string, unknown> = {};
    const names = Array.from({ length: 2000 }, (_, i) => (i % 7 === 0 ? String(i) : `tag-${i}-${randomString(r, 2)}`));
    for (const name of names.sort(refCompareCodePoints)) {
      targets[name] = {
        hashes: { sha256: 'q'.repeat(43) + '=', sha512: 'x'.repeat(86) + '==' },
        length: Math.floor(r() * 1e6),
      };
    }
    const v = {
      _type: 'Targets',
      delegations: { keys: {}, roles: [] },
      expires: '2030-01-01T00:00:00Z',
      targets,
      version: 3,
    };
    assert.equal(canonicalString(v), reference(v));
  });

  it('throws where the reference throws', () => {
    for (const bad of [
      1.5,
      NaN,
      Infinity,
      -Infinity,
      { a: () => 1 },
      [undefined],
      { a: Symbol('x') },
      { toJSON: () => 1 },
      { a: 1.5 },
      [{ b: [0.1] }],
    ]) {
      assert.throws(() => reference(bad));
      assert.throws(() => canonicalString(bad));
    }
  });
});
