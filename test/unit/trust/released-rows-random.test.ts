/**
 * core/trust/released-rows.ts matches digests by their base64 text first and computes hex only when
 * the texts differ. This test holds it to the straightforward algorithm it replaced (copied below:
 * hex of every target, rows by (tag, hex digest)) on random repositories: several released and
 * signer roles, tags with several digests, the same digest in other base64 spellings (non-zero
 * padding bits, no padding), targets without sha256, delegation paths, and a single-tag view.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { TrustedRepository } from '../../../core/notary/tuf-client.js';
import { pathAllowed } from '../../../core/tuf/delegations.js';
import type { FileMeta, RoleName, SignedFile, TargetsSigned } from '../../../core/tuf/types.js';
import { toHex, fromBase64 } from '../../../core/util/bytes.js';
import { releasedRows } from '../../../core/trust/released-rows.js';
import { RELEASES, signerName } from '../../../core/trust/names.js';
import type { SignedTagRow } from '../../../core/trust/view-types.js';

/* ---------------------------------------------------------------- the reference */

function reference(repo: TrustedRepository, tag?: string): SignedTagRow[] {
  const found: { name: string; meta: FileMeta; role: RoleName; digest: string }[] = [];
  const visit = (file: SignedFile<TargetsSigned>, paths: string[] | undefined): void => {
    const targets = file.signed.targets;
    const names = tag === undefined ? Object.keys(targets) : tag in targets ? [tag] : [];
    for (const name of names) {
      const meta = targets[name]!;
      const sha = meta.hashes['sha256'];
      if (paths === undefined || pathAllowed(name, paths))
        found.push({ name, meta, role: file.role, digest: sha === undefined ? '' : toHex(fromBase64(sha)) });
    }
  };
  visit(repo.targets, undefined);
  for (const [role, file] of repo.delegations) visit(file, repo.delegationRoles.get(role)?.effectivePaths ?? []);
  const isReleased = (role: RoleName): boolean => role === 'targets' || role === RELEASES;
  const rows: SignedTagRow[] = [];
  const find = (t: (typeof found)[number]) => rows.find((r) => r.tag === t.name && r.digest === t.digest);
  for (const t of found) {
    if (!isReleased(t.role) || find(t) !== undefined) continue;
    rows.push({ tag: t.name, digest: t.digest, size: t.meta.length, signers: [], roles: [], pulled: true });
  }
  for (const t of found) {
    const row = find(t);
    if (row === undefined) continue;
    row.roles.push(t.role);
    if (!isReleased(t.role)) row.signers.push(signerName(t.role));
  }
  return rows;
}

/* ---------------------------------------------------------------- random repositories */

let seed = 7;
const rand = (n: number): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)]!;

/** a few 32-byte digests, each in several base64 spellings that decode to the same bytes */
const DIGESTS = Array.from({ length: 4 }, (_, d) => {
  const bytes = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + d * 101) & 0xff));
  const canonical = bytes.toString('base64'); // 44 characters, one '='
  const last = canonical.charCodeAt(42);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const v = alphabet.indexOf(String.fromCharCode(last));
  const sloppy = canonical.slice(0, 42) + alphabet[(v & ~3) | 1 | 2]! + '='; // padding bits set
  return [canonical, sloppy, canonical.slice(0, 43)]; // and without '='
});

function targetsFile(role: RoleName, tags: string[]): SignedFile<TargetsSigned> {
  const targets: Record<string, FileMeta> = {};
  for (const tag of tags) {
    const r = rand(12);
    targets[tag] = { hashes: r === 0 ? { sha512: 'AA==' } : { sha256: pick(pick(DIGESTS)) }, length: rand(3) };
  }
  return { role, signed: { targets } } as unknown as SignedFile<TargetsSigned>;
}

function randomRepo(): TrustedRepository {
  const tags = Array.from({ length: 1 + rand(8) }, (_, i) => pick(['v', 'latest', 'a/b', 'x']) + (i % 3));
  const subset = () => tags.filter(() => rand(3) > 0);
  const roles: RoleName[] = [RELEASES, 'targets/alice', 'targets/bob', 'targets/releases/sub'].filter(
    () => rand(3) > 0,
  );
  const delegations = new Map<RoleName, SignedFile<TargetsSigned>>();
  const delegationRoles = new Map<RoleName, { effectivePaths: string[] }>();
  for (const role of roles) {
    delegations.set(role, targetsFile(role, subset()));
    delegationRoles.set(role, { effectivePaths: rand(4) === 0 ? ['v', 'a/'] : [''] });
  }
  return {
    targets: targetsFile('targets', subset()),
    delegations,
    delegationRoles,
  } as unknown as TrustedRepository;
}

describe('releasedRows', () => {
  it('equals the straightforward algorithm on 3,000 random repositories', () => {
    let withSigners = 0;
    for (let i = 0; i < 3000; i++) {
      const repo = randomRepo();
      const want = reference(repo);
      assert.deepEqual(releasedRows(repo), want);
      if (want.some((r) => r.signers.length > 0 && r.roles.length > 2)) withSigners++;
      const tag = pick(['v0', 'latest1', 'x2', 'none']);
      assert.deepEqual(releasedRows(repo, tag), reference(repo, tag));
    }
    assert.ok(withSigners > 300, `enough rows held by several roles (${withSigners})`);
  });
});
