import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryMetadataCache } from '../../../core/notary/metadata-cache.js';
import { updateRepository } from '../../../core/notary/tuf-client.js';
import { buildTrustView } from '../../../core/trust/view.js';
import { formatInspectJson, formatInspectPretty } from '../../../core/trust/inspect-format.js';
import { nobleCrypto } from '../../../core/crypto/noble-provider.js';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { FixtureRemote, GOLDEN_DIR, GOLDEN_NOW, goldenFiles, goldenGun } from '../../helpers/fixture-remote.js';

for (const repo of ['b-signers', 'c-new-repo', 'c-ecdsa-timestamp']) {
  for (const [cryptoName, crypto] of [
    ['node', nodeCrypto],
    ['noble', nobleCrypto],
  ] as const) {
    test(`${repo}: inspect output equals docker's byte for byte (${cryptoName} crypto)`, async () => {
      const gun = goldenGun(repo);
      const remote = new FixtureRemote(gun, goldenFiles(repo));
      const trusted = await updateRepository({
        gun,
        remote,
        cache: new MemoryMetadataCache(),
        crypto,
        now: GOLDEN_NOW,
      });
      const view = buildTrustView(trusted, { name: gun, crypto, now: GOLDEN_NOW });
      const dockerJson = readFileSync(join(GOLDEN_DIR, repo, 'docker/inspect.json'), 'utf8');
      const dockerPretty = readFileSync(join(GOLDEN_DIR, repo, 'docker/inspect-pretty.txt'), 'utf8');
      assert.equal(formatInspectJson([view]), dockerJson);
      assert.equal(formatInspectPretty(view), dockerPretty);
    });
  }
}

test('the read order matches docker and notary: root, timestamp, snapshot, targets by hash, then delegations', async () => {
  const gun = goldenGun('b-signers');
  const remote = new FixtureRemote(gun, goldenFiles('b-signers'));
  await updateRepository({ gun, remote, cache: new MemoryMetadataCache(), crypto: nodeCrypto, now: GOLDEN_NOW });
  assert.deepEqual(
    remote.requests.map((r) => r.replace(/[0-9a-f]{64}/, 'SHA')),
    // delegations.roles is [alice, releases, bob]; bob never signed, so it has no file to fetch
    ['root', 'timestamp', 'snapshot.SHA', 'targets.SHA', 'targets/alice.SHA', 'targets/releases.SHA'],
  );
});
