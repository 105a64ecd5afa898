/**
 * markPulled (core/trust/view.ts) looks a tag up (docker pull's releasedEntry: targets/releases, then
 * targets) only when the tag has several released rows. On random repositories (released and signer
 * roles, nested delegations, paths that leave tags out, tags with several digests) every row's mark
 * equals the lookup's answer for its tag.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import type { TrustedRepository } from '../../../core/notary/tuf-client.js';
import { releasedEntry } from '../../../core/trust/roles.js';
import type { FileMeta, RoleName, SignedFile, TargetsSigned } from '../../../core/tuf/types.js';
import { RELEASES } from '../../../core/trust/names.js';
import { releasedRows } from '../../../core/trust/released-rows.js';
import { markPulled } from '../../../core/trust/view.js';
import { base64ToHex } from '../../../core/util/bytes.js';

let seed = 11;
const rand = (n: number): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
const DIGESTS = ['a', 'b', 'c'].map((s) => createHash('sha256').update(s).digest('base64'));

function file(role: RoleName, tags: string[]): SignedFile<TargetsSigned> {
  const targets: Record<string, FileMeta> = {};
  for (const tag of tags) targets[tag] = { hashes: { sha256: DIGESTS[rand(DIGESTS.length)]! }, length: 1 };
  return { role, signed: { targets } } as unknown as SignedFile<TargetsSigned>;
}

function randomRepo(): TrustedRepository {
  const tags = ['v1', 'v2', 'a/b', 'latest', 'x'];
  const some = () => tags.filter(() => rand(2) === 0);
  // walk order: a parent before its children
  const roles = [RELEASES, 'targets/alice', 'targets/alice/ops', 'targets/releases/sub', 'targets/bob']
    .filter(() => rand(3) > 0)
    .filter((r, _, kept) => r.split('/').length < 3 || kept.includes(r.split('/').slice(0, 2).join('/')));
  const delegations = new Map<RoleName, SignedFile<TargetsSigned>>();
  const delegationRoles = new Map<RoleName, { effectivePaths: string[] }>();
  for (const role of roles) {
    delegations.set(role, file(role, some()));
    delegationRoles.set(role, { effectivePaths: rand(3) === 0 ? ['v', 'a/'] : [''] });
  }
  return {
    targets: file('targets', some()),
    delegations,
    delegationRoles,
    warnings: [],
  } as unknown as TrustedRepository;
}

test('a row is pulled exactly when its digest is what the lookup gives its tag (3,000 random repositories)', () => {
  let shadowed = 0;
  for (let i = 0; i < 3000; i++) {
    const repo = randomRepo();
    for (const row of markPulled(repo, releasedRows(repo))) {
      const hit = releasedEntry(repo, row.tag);
      const want = hit !== undefined && base64ToHex(hit.meta.hashes['sha256']!) === row.digest;
      assert.equal(row.pulled, want, `${row.tag} ${row.digest} in ${JSON.stringify([...repo.delegations.keys()])}`);
      if (!row.pulled) shadowed++;
    }
  }
  assert.ok(shadowed > 300, `enough shadowed rows (${shadowed})`);
});
