/**
 * The one delegation walk and what its roles sign: notary's order (breadth-first, listed order),
 * paths restricted by every ancestor, lookup as docker pull does it, and every reader agreeing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { MemoryMetadataCache } from '../../../core/notary/metadata-cache.js';
import { updateRepository, type TrustedRepository } from '../../../core/notary/tuf-client.js';
import { signedTargets, walkOf } from '../../../core/notary/delegation-walk.js';
import { lookupTarget, outsidePaths } from '../../../core/tuf/targets-in-force.js';
import { buildTrustView } from '../../../core/trust/view.js';
import { releasedEntry } from '../../../core/trust/roles.js';
import { FixtureRemote } from '../../helpers/fixture-remote.js';
import { RepoBuilder, TEST_NOW } from '../../helpers/repo-builder.js';

const GUN = 'registry.example.com/team/paths';

/**
 * targets → releases ["rel"], team ["t"] → team/sub ["t1", "x"] (effective ["t1"]), and wide [""].
 * Each role lists one tag outside what it may sign: releases "bad", sub "x1", team "u1".
 */
async function nested(): Promise<TrustedRepository> {
  const b = new RepoBuilder(GUN, TEST_NOW);
  b.addTarget('targets', 'top', 'top');
  b.addDelegation('targets/releases', { paths: ['rel'] });
  b.addDelegation('targets/team', { paths: ['t'] });
  b.addDelegation('targets/wide');
  b.addDelegation('targets/team/sub', { parent: 'targets/team', paths: ['t1', 'x'] });
  b.addTarget('targets/releases', 'rel1', 'r1').addTarget('targets/releases', 'bad', 'bad');
  b.addTarget('targets/team', 't2', 'team-t2').addTarget('targets/team', 'u1', 'u1');
  b.addTarget('targets/team/sub', 't1', 'sub-t1').addTarget('targets/team/sub', 'x1', 'x1');
  b.addTarget('targets/wide', 't1', 'wide-t1').addTarget('targets/wide', 'rel1', 'wide-rel1');
  const remote = new FixtureRemote(GUN, b.build());
  return updateRepository({ gun: GUN, remote, cache: new MemoryMetadataCache(), crypto: nodeCrypto, now: TEST_NOW });
}

test('the walk: breadth-first from targets in listed order; paths restricted by every ancestor', async () => {
  const repo = await nested();
  assert.deepEqual(
    [...repo.delegations.keys()],
    ['targets/releases', 'targets/team', 'targets/wide', 'targets/team/sub'],
  );
  assert.deepEqual(repo.delegationRoles.get('targets/team/sub')!.effectivePaths, ['t1']);
  assert.deepEqual(repo.delegationRoles.get('targets/wide')!.effectivePaths, ['']);
});

test('what each role lists outside its paths is refused, once, in walk order', async () => {
  const repo = await nested();
  assert.deepEqual(
    outsidePaths(walkOf(repo), signedTargets).map((r) => [r.role, r.tag, r.paths]),
    [
      ['targets/releases', 'bad', ['rel']],
      ['targets/team', 'u1', ['t']],
      ['targets/team/sub', 'x1', ['t1']],
    ],
  );
});

test('lookup as docker pull: targets/releases first, then targets and its other delegations, inside paths', async () => {
  const repo = await nested();
  const pull = (tag: string) => {
    const hit = lookupTarget(repo.targets, walkOf(repo), signedTargets, tag, ['targets/releases', 'targets']);
    return hit?.role;
  };
  assert.equal(pull('rel1'), 'targets/releases', 'releases wins over wide, which lists rel1 too');
  assert.equal(pull('top'), 'targets');
  // targets reaches team (t2) and, in walk order, wide before team/sub for t1
  assert.equal(pull('t2'), 'targets/team');
  assert.equal(pull('t1'), 'targets/wide');
  for (const refused of ['bad', 'x1', 'u1']) assert.equal(pull(refused), undefined, `${refused} is not signed`);
  assert.equal(releasedEntry(repo, 'bad'), undefined);
  assert.equal(releasedEntry(repo, 'rel1')?.role, 'targets/releases');
  assert.equal(releasedEntry(repo, 't2'), undefined, 'a tag only a signer role holds is not released');
});

test('inspect leaves a refused tag out and names it, the whole repository and the single tag alike', async () => {
  const repo = await nested();
  const all = buildTrustView(repo, { name: GUN, crypto: nodeCrypto, now: TEST_NOW });
  assert.deepEqual(
    all.signedTags.map((r) => [r.tag, r.roles]),
    [
      ['top', ['targets']],
      ['rel1', ['targets/releases']],
    ],
  );
  assert.deepEqual(
    all.refusedTags.map((r) => `${r.role}:${r.tag}`),
    ['targets/releases:bad', 'targets/team:u1', 'targets/team/sub:x1'],
  );
  const one = buildTrustView(repo, { name: `${GUN}:bad`, tag: 'bad', crypto: nodeCrypto, now: TEST_NOW });
  assert.deepEqual(one.signedTags, []);
  assert.deepEqual(
    one.refusedTags.map((r) => r.tag),
    ['bad'],
  );
});
