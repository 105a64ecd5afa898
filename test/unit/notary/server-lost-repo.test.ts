import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../../../core/errors.js';
import { MemoryMetadataCache } from '../../../core/notary/metadata-cache.js';
import { updateRepository } from '../../../core/notary/tuf-client.js';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { FixtureRemote } from '../../helpers/fixture-remote.js';
import { RepoBuilder, TEST_NOW } from '../../helpers/repo-builder.js';

test('a repository the server no longer has is reported as gone, and the cache keeps its last trusted state', async () => {
  const b = new RepoBuilder('registry.example.com/team/gone');
  b.addTarget('targets', 'v1', 'manifest-1');
  const remote = new FixtureRemote(b.gun, b.build());
  const cache = new MemoryMetadataCache();
  await updateRepository({ gun: b.gun, remote, cache, crypto: nodeCrypto, now: TEST_NOW });
  const before = new Map(cache.files);
  remote.files = new Map(); // deleted on the server, or the server was reset
  await assert.rejects(
    updateRepository({ gun: b.gun, remote, cache, crypto: nodeCrypto, offline: 'never', now: TEST_NOW }),
    (e: unknown) => {
      assert.ok(isSignetError(e, 'HTTP_NOT_FOUND'));
      assert.match(e.message, /no trust data for registry\.example\.com\/team\/gone any more/);
      assert.match(e.hint ?? '', /cache/);
      return true;
    },
  );
  assert.deepEqual(cache.files, before);
});
