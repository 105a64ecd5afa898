import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryMetadataCache } from '../../../core/notary/metadata-cache.js';
import { updateRepository } from '../../../core/notary/tuf-client.js';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { buildTrustView } from '../../../core/trust/view.js';
import { FixtureRemote } from '../../helpers/fixture-remote.js';
import { RepoBuilder, TEST_NOW } from '../../helpers/repo-builder.js';

test('a repository built in code verifies, and its view lists targets, signers and admin keys', async () => {
  const b = new RepoBuilder('example.com/team/app');
  b.addTarget('targets', 'v1', 'manifest-1');
  const [alice] = b.addDelegation('targets/alice');
  b.addDelegation('targets/releases', { keys: [alice!] });
  b.addTarget('targets/releases', 'v2', 'manifest-2').addTarget('targets/alice', 'v2', 'manifest-2');
  const remote = new FixtureRemote(b.gun, b.build());
  const repo = await updateRepository({
    gun: b.gun,
    remote,
    cache: new MemoryMetadataCache(),
    crypto: nodeCrypto,
    now: TEST_NOW,
  });
  const view = buildTrustView(repo, {
    name: b.gun,
    crypto: nodeCrypto,
    localKeyIds: new Set([alice!.id]),
    now: TEST_NOW,
  });
  assert.deepEqual(
    view.signedTags.map((r) => [r.tag, r.signers]),
    [
      ['v1', []],
      ['v2', ['alice']],
    ],
  );
  assert.deepEqual(
    view.signers.map((s) => [s.name, s.keyIds, s.localKeyIds]),
    [['alice', [alice!.id], [alice!.id]]],
  );
  assert.equal(view.administrativeKeys.repository[0]!.id, b.keys.targets.id);
  assert.equal(view.administrativeKeys.root[0]!.certificate?.commonName, b.gun);
});
