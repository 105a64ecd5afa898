import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError, type ErrorCode } from '../../../core/errors.js';
import { MemoryMetadataCache } from '../../../core/notary/metadata-cache.js';
import { updateRepository } from '../../../core/notary/tuf-client.js';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { encodeEnvelope } from '../../../core/crypto/canonical-json.js';
import { FixtureRemote } from '../../helpers/fixture-remote.js';
import { RepoBuilder, ecdsaKey, signWith, type TestKey, TEST_NOW } from '../../helpers/repo-builder.js';
import { flipSignatureBit, pad, signByUnknownKey, truncate } from '../../helpers/corrupter.js';
import type { RoleName } from '../../../core/tuf/types.js';
import { createHash } from 'node:crypto';

const GUN = 'registry.example.com/team/app';

/** A repository the client has already trusted once, so the cache holds good data. */
async function trustedSetup() {
  const b = new RepoBuilder(GUN);
  b.addTarget('targets', 'v1', 'manifest-1');
  const remote = new FixtureRemote(GUN, b.build());
  const cache = new MemoryMetadataCache();
  await updateRepository({ gun: GUN, remote, cache, crypto: nodeCrypto, now: TEST_NOW });
  const before = new Map(cache.files);
  return { b, remote, cache, before };
}

async function expectRejected(
  setup: Awaited<ReturnType<typeof trustedSetup>>,
  code: ErrorCode,
  messagePart: RegExp,
  now?: Date,
): Promise<void> {
  await assert.rejects(
    updateRepository({
      gun: GUN,
      remote: setup.remote,
      cache: setup.cache,
      crypto: nodeCrypto,
      offline: 'never',
      now: now ?? TEST_NOW,
    }),
    (e: unknown) => {
      assert.ok(isSignetError(e), `expected a SignetError, got ${String(e)}`);
      assert.equal(e.code, code, e.message);
      assert.match(e.message, messagePart);
      return true;
    },
  );
  assert.deepEqual(setup.cache.files, setup.before, 'the trusted cache must be left untouched');
}

function resign(bytes: Uint8Array, keys: TestKey[], mutate: (signed: Record<string, unknown>) => void): Uint8Array {
  const env = JSON.parse(new TextDecoder().decode(bytes)) as { signed: Record<string, unknown> };
  mutate(env.signed);
  return encodeEnvelope(env.signed, signWith(env.signed, keys));
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

test('rollback: a validly signed but older timestamp than the cached one is rejected', async () => {
  const s = await trustedSetup();
  const old = s.remote.files;
  s.b.addTarget('targets', 'v2', 'manifest-2').bump('targets', 'snapshot', 'timestamp');
  s.remote.files = s.b.build();
  await updateRepository({ gun: GUN, remote: s.remote, cache: s.cache, crypto: nodeCrypto, now: TEST_NOW });
  s.before = new Map(s.cache.files);
  s.remote.files = old; // the server (or a mirror in between) replays the earlier state
  await expectRejected(s, 'TUF_ROLLBACK', /timestamp.*version 1.*2|older/i);
});

test('rollback: a snapshot that pins an older targets than the cached one is rejected', async () => {
  const s = await trustedSetup();
  const oldTargets = s.remote.files.get('targets')!;
  s.b.addTarget('targets', 'v2', 'manifest-2').bump('targets', 'snapshot', 'timestamp');
  s.remote.files = s.b.build();
  await updateRepository({ gun: GUN, remote: s.remote, cache: s.cache, crypto: nodeCrypto, now: TEST_NOW });
  s.before = new Map(s.cache.files);
  s.b.targets.version = 1; // the new snapshot pins a targets v1 again
  s.b.bump('snapshot', 'timestamp');
  s.remote.files = s.b.build((role, bytes) => (role === 'targets' ? oldTargets : bytes));
  await expectRejected(s, 'TUF_ROLLBACK', /targets/);
});

test('expired timestamp is rejected', async () => {
  const s = await trustedSetup();
  s.b.timestampExpires = new Date(TEST_NOW.getTime() - 60_000);
  s.b.bump('timestamp');
  s.remote.files = s.b.build();
  await expectRejected(s, 'TUF_EXPIRED', /timestamp.*expired/);
});

test('expiry is judged by the clock: the same data is rejected once its time has passed', async () => {
  const s = await trustedSetup();
  await expectRejected(s, 'TUF_EXPIRED', /timestamp/, new Date(TEST_NOW.getTime() + 15 * 86_400_000));
});

test('snapshot hash mismatch: bytes served under the pinned name differ from what the timestamp pins', async () => {
  const s = await trustedSetup();
  s.b.bump('snapshot', 'timestamp');
  const files = s.b.build();
  s.remote.files = files;
  const snap = files.get('snapshot')!;
  // same length, validly signed by the snapshot key, but not the bytes the timestamp pins
  const other = resign(snap, [s.b.keys.snapshot], (signed) => (signed['version'] = 9));
  assert.equal(other.length, snap.length);
  s.remote.overrides.set(`snapshot.${sha(snap)}`, other);
  await expectRejected(s, 'TUF_HASH_MISMATCH', /snapshot/);
});

test('bad signature on targets is rejected', async () => {
  const s = await trustedSetup();
  s.b.addTarget('targets', 'evil', 'manifest-evil').bump('targets', 'snapshot', 'timestamp');
  s.remote.files = s.b.build((role, bytes) => (role === 'targets' ? flipSignatureBit(bytes) : bytes));
  await expectRejected(s, 'TUF_BAD_SIGNATURE', /targets/);
});

test('a signature by a key the role does not list is rejected', async () => {
  const s = await trustedSetup();
  s.b.addTarget('targets', 'evil', 'manifest-evil').bump('targets', 'snapshot', 'timestamp');
  s.remote.files = s.b.build((role, bytes) => (role === 'targets' ? signByUnknownKey(bytes) : bytes));
  await expectRejected(s, 'TUF_UNKNOWN_KEY', /targets/);
});

test('threshold not met: targets needs 2 of 2 keys and carries one signature', async () => {
  const s = await trustedSetup();
  const second = ecdsaKey();
  s.b.root.keys[second.id] = second.pub;
  s.b.root.roles.targets = { keyids: [s.b.keys.targets.id, second.id], threshold: 2 };
  s.b.bump('root', 'targets', 'snapshot', 'timestamp');
  s.remote.files = s.b.build();
  await expectRejected(s, 'TUF_THRESHOLD', /targets.*1\/2/);
});

test('oversized file: a targets download longer than the snapshot allows is refused', async () => {
  const s = await trustedSetup();
  s.b.addTarget('targets', 'v2', 'manifest-2').bump('targets', 'snapshot', 'timestamp');
  const files = s.b.build();
  s.remote.files = files;
  const t = files.get('targets')!;
  s.remote.overrides.set(`targets.${sha(t)}`, pad(t, 4096));
  await expectRejected(s, 'TUF_TOO_LARGE', /targets/);
});

test('malformed JSON in the timestamp is rejected', async () => {
  const s = await trustedSetup();
  s.remote.overrides.set('timestamp', truncate(s.remote.files.get('timestamp')!));
  await expectRejected(s, 'TUF_MALFORMED', /timestamp/);
});

test('wrong _type: a correctly signed file of another type served as the timestamp', async () => {
  const s = await trustedSetup();
  s.b.bump('timestamp');
  s.remote.files = s.b.build((role, bytes) =>
    role === 'timestamp' ? resign(bytes, [s.b.keys.timestamp], (signed) => (signed['_type'] = 'Snapshot')) : bytes,
  );
  await expectRejected(s, 'TUF_WRONG_TYPE', /timestamp/);
});

test('a badly signed delegation is skipped with a warning and its tags disappear', async () => {
  const b = new RepoBuilder(GUN);
  b.addDelegation('targets/releases');
  b.addTarget('targets/releases', 'v1', 'manifest-1');
  const remote = new FixtureRemote(
    GUN,
    b.build((role: RoleName, bytes) => (role === 'targets/releases' ? flipSignatureBit(bytes) : bytes)),
  );
  const repo = await updateRepository({
    gun: GUN,
    remote,
    cache: new MemoryMetadataCache(),
    crypto: nodeCrypto,
    now: TEST_NOW,
  });
  assert.equal(repo.delegations.has('targets/releases'), false);
  assert.match(repo.warnings.join('\n'), /targets\/releases/);
});
