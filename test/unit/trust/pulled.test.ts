/**
 * A tag signed with two digests (the admin in targets, a signer in targets/releases, as DCT allows):
 * two rows, and the one docker pull gets (notary's GetTargetByName(tag, releases, targets)) is marked;
 * the other is shadowed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { MemoryMetadataCache } from '../../../core/notary/metadata-cache.js';
import { updateRepository } from '../../../core/notary/tuf-client.js';
import { buildTrustView } from '../../../core/trust/view.js';
import { FixtureRemote } from '../../helpers/fixture-remote.js';
import { RepoBuilder, TEST_NOW } from '../../helpers/repo-builder.js';
import { createHash } from 'node:crypto';

const GUN = 'registry.example.com/team/twice';
const hex = (s: string) => createHash('sha256').update(s).digest('hex');

test('a tag signed twice: both rows, the releases digest is what docker pull gets, the admin’s shadowed', async () => {
  const b = new RepoBuilder(GUN, TEST_NOW);
  b.addTarget('targets', 't4', 'admin-t4').addTarget('targets', 't1', 'one');
  b.addDelegation('targets/releases');
  b.addDelegation('targets/carol');
  b.addTarget('targets/releases', 't4', 'carol-t4').addTarget('targets/carol', 't4', 'carol-t4');
  const repo = await updateRepository({
    gun: GUN,
    remote: new FixtureRemote(GUN, b.build()),
    cache: new MemoryMetadataCache(),
    crypto: nodeCrypto,
    now: TEST_NOW,
  });
  const view = buildTrustView(repo, { name: GUN, crypto: nodeCrypto, now: TEST_NOW });
  assert.deepEqual(
    view.signedTags.map((r) => [r.tag, r.digest, r.signers, r.pulled]).sort(),
    [
      ['t1', hex('one'), [], true],
      ['t4', hex('admin-t4'), [], false],
      ['t4', hex('carol-t4'), ['carol'], true],
    ].sort(),
  );
});

test('a tag found first in a delegation under releases: docker pull refuses it, even with the digest targets has', async () => {
  // docker's GetTargetByName(tag, releases, targets) finds t4 in targets/releases/team, a role it does not accept
  const b = new RepoBuilder(GUN, TEST_NOW);
  b.addTarget('targets', 't4', 'admin-t4');
  b.addDelegation('targets/releases');
  b.addTarget('targets/releases', 't1', 'one');
  b.addDelegation('targets/releases/team', { parent: 'targets/releases' });
  b.addTarget('targets/releases/team', 't4', 'admin-t4');
  const repo = await updateRepository({
    gun: GUN,
    remote: new FixtureRemote(GUN, b.build()),
    cache: new MemoryMetadataCache(),
    crypto: nodeCrypto,
    now: TEST_NOW,
  });
  const view = buildTrustView(repo, { name: GUN, crypto: nodeCrypto, now: TEST_NOW });
  assert.deepEqual(
    view.signedTags.map((r) => [r.tag, r.digest, r.pulled]),
    [
      ['t4', hex('admin-t4'), false],
      ['t1', hex('one'), true],
    ],
  );
});
