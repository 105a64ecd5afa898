/**
 * Which key carries each DCT signature over (docker's Signers column): a signer's own role key;
 * "Repo Admin" in targets: the repository key; a tag only in targets/releases (written by the
 * notary CLI): the releases key. A tag outside a role's paths is no DCT signature at all.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { MemoryMetadataCache } from '../../../core/notary/metadata-cache.js';
import { updateRepository } from '../../../core/notary/tuf-client.js';
import { buildTrustView } from '../../../core/trust/view.js';
import { canonicalKeyId } from '../../../core/crypto/key-id.js';
import { dctSignatures } from '../../../core/operations/migrate-plan.js';
import { FixtureRemote } from '../../helpers/fixture-remote.js';
import { RepoBuilder, TEST_NOW } from '../../helpers/repo-builder.js';

const GUN = 'registry.example.com/team/migrate';

test('each DCT signature with the role (and keys) that made it', async () => {
  const b = new RepoBuilder(GUN, TEST_NOW);
  b.addTarget('targets', 'admin', 'a');
  const [rel] = b.addDelegation('targets/releases', { paths: ['', 'x'] });
  const [alice] = b.addDelegation('targets/alice');
  b.addTarget('targets/releases', 'v1', 'one').addTarget('targets/alice', 'v1', 'one');
  b.addTarget('targets/releases', 'cli', 'c'); // notary addhash -r targets/releases: no per-signer role
  b.addDelegation('targets/narrow', { paths: ['ok'] });
  b.addTarget('targets/narrow', 'bad', 'b'); // outside its paths: not signed
  const repo = await updateRepository({
    gun: GUN,
    remote: new FixtureRemote(GUN, b.build()),
    cache: new MemoryMetadataCache(),
    crypto: nodeCrypto,
    now: TEST_NOW,
  });
  const view = buildTrustView(repo, { name: GUN, crypto: nodeCrypto, now: TEST_NOW });
  const sigs = dctSignatures(repo, view.signedTags, nodeCrypto);
  const id = (k: { pub: Parameters<typeof canonicalKeyId>[0] }) => canonicalKeyId(k.pub, nodeCrypto);
  const byTag = (rows: unknown[][]) => [...rows].sort((x, y) => String(x[0]).localeCompare(String(y[0])));
  assert.deepEqual(
    byTag(sigs.map((s) => [s.tag, s.signer, s.role, [...s.keys.keys()]])),
    byTag([
      ['admin', 'Repo Admin', 'targets', [id(b.keys.targets)]],
      ['v1', 'alice', 'targets/alice', [id(alice!)]],
      ['cli', 'Repo Admin', 'targets/releases', [id(rel!)]],
    ]),
  );
  assert.ok(!sigs.some((s) => s.tag === 'bad'));
  assert.equal(sigs.find((s) => s.tag === 'v1')!.version, 1);
});
