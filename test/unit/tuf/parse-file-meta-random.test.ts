/**
 * core/tuf/parse.ts checks each target's and snapshot/timestamp meta entry's `{hashes, length}`
 * through a fast predicate first and the full field-path checker only when it says no. This test
 * holds the result to the full checker alone (copied here as it was before the fast path): for
 * thousands of random entries, near-valid ones included, a file is accepted by parseSignedFile
 * exactly when the reference accepts every entry, and otherwise rejected with the reference's message.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseSignedFile } from '../../../core/tuf/parse.js';

const DIR = join(import.meta.dirname, '../../fixtures/golden/b-signers/metadata');
const docOf = (role: string) => JSON.parse(readFileSync(join(DIR, `${role}.json`), 'utf8'));

/* ---------------------------------------------------------------- the reference (the checker alone) */

const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HASH_SIZES: Record<string, number> = { sha256: 32, sha512: 64 };
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** the message the full check throws for one entry (without the file prefix), or undefined when it accepts */
function reference(v: unknown, path: string): string | undefined {
  if (!isObj(v)) return `${path} must be an object`;
  if (!isObj(v['hashes'])) return `${path}.hashes must be an object`;
  const hashes = v['hashes'];
  const algs = Object.keys(hashes);
  if (algs.length === 0) return `${path}.hashes must list at least one hash`;
  for (const alg of algs) {
    const h = hashes[alg];
    if (typeof h !== 'string') return `${path}.hashes.${alg} must be a string`;
    if (!B64.test(h)) return `${path}.hashes.${alg} must be standard base64`;
    const size = HASH_SIZES[alg];
    if (size !== undefined && atob(h).length !== size) return `${path}.hashes.${alg} must be ${size} bytes`;
  }
  const length = v['length'];
  if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) {
    return `${path}.length must be an integer >= 0`;
  }
  return undefined;
}

/* ---------------------------------------------------------------- random entries */

let seed = 0x5eed;
const rand = (n: number): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
const pick = <T>(xs: T[]): T => xs[rand(xs.length)]!;
const b64Of = (bytes: number): string => Buffer.from(Array.from({ length: bytes }, () => rand(256))).toString('base64');

function randomHash(alg: string): unknown {
  const size = alg === 'sha512' ? 64 : 32;
  const good = b64Of(size);
  switch (rand(40)) {
    case 0:
      return b64Of(size + pick([-2, -1, 1, 2, 3])); // wrong length, valid base64
    case 1:
      return good.replace(/=+$/, ''); // padding dropped
    case 2:
      return good.slice(0, -2) + '=='; // one character less of data
    case 3:
      return good.slice(0, -1) + pick(['A', '-', '_', '=', ' ']); // last character changed
    case 4:
      return good.slice(0, 10) + pick(['-', '_', '*', '\n', 'é']) + good.slice(11); // a bad character
    case 5:
      return pick([null, 42, true, [], {}, good.length]);
    case 6:
      return good + pick(['', '=', 'AAAA']);
    case 7:
      return good.replace(/=/g, 'A') + pick(['', '=']);
    default:
      return good;
  }
}

function randomMeta(): unknown {
  const r = rand(40);
  if (r === 0) return pick([null, 'x', 5, [], [{}]]);
  const algs =
    r === 1
      ? []
      : r === 2
        ? ['sha256', pick(['blake3', 'md5', 'toString', '__proto__', 'constructor', 'sha512'])]
        : r === 3
          ? [pick(['sha1', 'SHA256', 'sha384', 'sha512'])]
          : pick([['sha256'], ['sha256'], ['sha256', 'sha512'], ['sha512', 'sha256']]);
  const hashes: Record<string, unknown> = {};
  for (const alg of algs) {
    const value = alg === 'blake3' || alg === 'md5' ? pick(['AA==', 'AAAA', '', '%']) : randomHash(alg);
    // an own property even for `__proto__`, as JSON.parse makes it
    Object.defineProperty(hashes, alg, { value, enumerable: true, writable: true, configurable: true });
  }
  const meta: Record<string, unknown> = {
    hashes: rand(40) === 0 ? pick([null, [], 'x']) : hashes,
    length: rand(8) === 0 ? pick([-1, 0.5, '5', null, 2 ** 53, -0, 1e21, 0, Number.MAX_SAFE_INTEGER]) : rand(100000),
  };
  if (rand(30) === 0) delete meta['length'];
  if (rand(30) === 0) meta['custom'] = { x: 1 };
  return meta;
}

/** `check` accepts when `want` is undefined, else throws TUF_MALFORMED `<role>.json: <want>` */
function expectFile(role: string, check: () => unknown, want: string | undefined): void {
  if (want === undefined) {
    check();
    return;
  }
  assert.throws(check, (e: Error & { code?: string }) => {
    assert.equal(e.code, 'TUF_MALFORMED');
    assert.equal(e.message, `${role}.json: ${want}`);
    return true;
  });
}

describe('parseSignedFile meta entries: fast path = full check', () => {
  it('targets: 3,000 random entries in files of 1–4 entries', () => {
    const base = docOf('targets/releases');
    let rejected = 0;
    for (let round = 0; round < 1000; round++) {
      const names = Array.from({ length: 1 + rand(4) }, (_, i) => `t${round}-${i}${pick(['', '"q"', 'é', '\u2028'])}`);
      const entries = names.map(() => randomMeta());
      const targets = Object.fromEntries(names.map((n, i) => [n, entries[i]]));
      const text = JSON.stringify({ ...base, signed: { ...base.signed, targets } });
      let want: string | undefined;
      for (let i = 0; i < names.length && want === undefined; i++) {
        want = reference(JSON.parse(JSON.stringify(entries[i])), `signed.targets[${JSON.stringify(names[i])}]`);
      }
      if (want !== undefined) rejected++;
      expectFile('targets/releases', () => parseSignedFile('targets/releases', new TextEncoder().encode(text)), want);
    }
    assert.ok(rejected > 150 && rejected < 850, `a mix of good and bad files (${rejected} of 1000 rejected)`);
  });

  it('snapshot and timestamp meta: 2,000 random entries', () => {
    for (const role of ['snapshot', 'timestamp'] as const) {
      const base = docOf(role);
      for (let round = 0; round < 1000; round++) {
        const name = role === 'snapshot' ? pick(['root', 'targets']) : 'snapshot';
        const entry = randomMeta();
        const meta = { ...base.signed.meta, [name]: entry };
        const text = JSON.stringify({ ...base, signed: { ...base.signed, meta } });
        let want: string | undefined;
        for (const [n, m] of Object.entries(JSON.parse(text).signed.meta)) {
          want ??= reference(m, `signed.meta[${JSON.stringify(n)}]`);
        }
        expectFile(role, () => parseSignedFile(role, new TextEncoder().encode(text)), want);
      }
    }
  });
});
