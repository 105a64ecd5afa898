/**
 * The one root rule (core/tuf/root-rotation.ts) as the live update applies it: every root passed on
 * the way must be signed by the one before and by its own keys, but only the root moved to must not
 * have expired (notary builder `LoadRootForUpdate(isFinal)`). The history's chain uses the same rule.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../../../core/errors.js';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { MemoryMetadataCache } from '../../../core/notary/metadata-cache.js';
import { updateRepository } from '../../../core/notary/tuf-client.js';
import { formatExpires } from '../../../core/tuf/expires.js';
import { FixtureRemote } from '../../helpers/fixture-remote.js';
import { RepoBuilder, rootKey, TEST_NOW } from '../../helpers/repo-builder.js';

const GUN = 'registry.example.com/team/rotated';
const DAY = 86_400_000;
const LATER = new Date(TEST_NOW.getTime() + 5 * DAY);

/** Root v1 trusted at TEST_NOW; then v2 (expiring a day later) and v3 (expiring `v3Expires`), each a new root key. */
async function rotatedTwice(v3Expires: Date) {
  const b = new RepoBuilder(GUN, TEST_NOW).addTarget('targets', 'v1', 'one');
  const remote = new FixtureRemote(GUN, b.build());
  const cache = new MemoryMetadataCache();
  await updateRepository({ gun: GUN, remote, cache, crypto: nodeCrypto, now: TEST_NOW });
  const rotate = (version: number, expires: Date) => {
    const old = b.keys.root;
    const next = rootKey(GUN, { now: TEST_NOW });
    delete b.root.keys[old.id];
    b.root.keys[next.id] = next.pub;
    b.root.roles.root.keyids = [next.id];
    b.root.version = version;
    b.root.expires = formatExpires(expires);
    b.keys.root = next;
    b.extraSigners.set('root', [old]); // signed by the root it replaces, too
    b.bump('snapshot', 'timestamp');
    b.timestampExpires = new Date(LATER.getTime() + 14 * DAY);
    const files = b.build();
    remote.versions.set(`${version}.root`, files.get('root')!);
    return files;
  };
  rotate(2, new Date(TEST_NOW.getTime() + DAY));
  remote.files = rotate(3, v3Expires);
  return { remote, cache };
}

test('a root passed on the way may have expired; the root moved to may not', async () => {
  const ok = await rotatedTwice(new Date(TEST_NOW.getTime() + 365 * DAY));
  const repo = await updateRepository({ gun: GUN, ...ok, crypto: nodeCrypto, now: LATER, offline: 'never' });
  assert.equal(repo.root.signed.version, 3, 'moved over the expired v2 to v3');

  const stale = await rotatedTwice(new Date(TEST_NOW.getTime() + 2 * DAY));
  await assert.rejects(
    updateRepository({ gun: GUN, ...stale, crypto: nodeCrypto, now: LATER, offline: 'never' }),
    (e) => isSignetError(e, 'TUF_EXPIRED') && /root expired/.test(e.message),
  );
  assert.equal((await stale.cache.get('root'))!.length > 0, true, 'the trusted root stays cached');
});
