/**
 * What makes the app's refresh fast without changing what it trusts: a signature check is
 * remembered only for the very same bytes, keys and threshold (another key set checks again and
 * fails as before); the writes of a read can be handed over (writeBehind): the answer comes before
 * them and a failing write reaches the shell, not the reader; the cache and the version store are
 * written at the same time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../../../core/errors.js';
import { MemoryMetadataCache } from '../../../core/notary/metadata-cache.js';
import { verifyRole, type RoleLoaderContext } from '../../../core/notary/role-loader.js';
import { updateRepository } from '../../../core/notary/tuf-client.js';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import type { CryptoProvider } from '../../../core/crypto/provider.js';
import type { RootSigned, RoleName } from '../../../core/tuf/types.js';
import { parseSignedFile } from '../../../core/tuf/parse.js';
import { readTrust } from '../../../core/operations/view.js';
import { parseImageReference } from '../../../core/registry/reference.js';
import { FixtureRemote } from '../../helpers/fixture-remote.js';
import { RepoBuilder, TEST_NOW } from '../../helpers/repo-builder.js';

const GUN = 'registry.example.com/team/refresh';

test('a remembered signature check counts for the same bytes, keys and threshold only', () => {
  const builder = new RepoBuilder(GUN).addTarget('targets', 'v1', 'one');
  const files = builder.build();
  const root = parseSignedFile('root', files.get('root')!).signed as RootSigned;
  let verifies = 0;
  const counting: CryptoProvider = { ...nodeCrypto, verify: (r) => (verifies++, nodeCrypto.verify(r)) };
  const ctx = { crypto: counting, now: TEST_NOW } as RoleLoaderContext;
  const check = { keys: root.keys, role: root.roles.targets };
  verifyRole(ctx, 'targets', files.get('targets')!, check, undefined);
  verifyRole(ctx, 'targets', new Uint8Array(files.get('targets')!), check, undefined); // same bytes, another array
  assert.equal(verifies, 1, 'checked once for the same bytes and keys');
  // the targets key is no longer the role's: checked again, and refused as before
  const other = { keys: root.keys, role: { keyids: root.roles.snapshot.keyids, threshold: 1 } };
  assert.throws(
    () => verifyRole(ctx, 'targets', files.get('targets')!, other, undefined),
    (e: unknown) => isSignetError(e) && e.code === 'TUF_UNKNOWN_KEY',
  );
  // a threshold the file does not meet
  assert.throws(
    () =>
      verifyRole(ctx, 'targets', files.get('targets')!, { ...check, role: { ...check.role, threshold: 2 } }, undefined),
    (e: unknown) => isSignetError(e) && e.code === 'TUF_THRESHOLD',
  );
  // other bytes (the next version, same keys) are checked; so is the same file under another crypto provider
  const before = verifies;
  const next = builder.addTarget('targets', 'v2', 'two').bump('targets').build();
  verifyRole(ctx, 'targets', next.get('targets')!, check, undefined);
  assert.equal(verifies, before + 1);
  let other2 = 0;
  const second: CryptoProvider = { ...nodeCrypto, verify: (r) => (other2++, nodeCrypto.verify(r)) };
  verifyRole({ ...ctx, crypto: second }, 'targets', files.get('targets')!, check, undefined);
  assert.equal(other2, 1);
});

class GatedCache extends MemoryMetadataCache {
  gate: Promise<void> | null = null;
  fail: Error | null = null;
  written: RoleName[] = [];
  override async set(role: RoleName, bytes: Uint8Array): Promise<void> {
    if (this.gate) await this.gate;
    if (this.fail) throw this.fail;
    this.written.push(role);
    return super.set(role, bytes);
  }
}

test('writeBehind: the verified repository comes back before the cache is written; a failed write goes to the shell', async () => {
  const remote = new FixtureRemote(GUN, new RepoBuilder(GUN).addTarget('targets', 'v1', 'one').build());
  const cache = new GatedCache();
  let open: () => void = () => undefined;
  cache.gate = new Promise((r) => (open = r));
  const handed: Array<() => Promise<void>> = [];
  let kept = 0;
  const repo = await updateRepository({
    gun: GUN,
    remote,
    cache,
    crypto: nodeCrypto,
    now: TEST_NOW,
    observe: { verified: async () => void kept++ },
    writeBehind: (w) => handed.push(w),
  });
  assert.equal(repo.source, 'remote');
  assert.equal(handed.length, 1);
  assert.deepEqual(cache.written, [], 'nothing written until the shell runs the write');
  const writing = handed[0]!();
  open();
  await writing;
  assert.deepEqual(new Set(cache.written), new Set(['root', 'timestamp', 'snapshot', 'targets']));
  assert.equal(kept, 1, 'the version store was told too');

  // a write that fails: the reader has its answer, the shell the error
  const failing = new GatedCache();
  failing.fail = new Error('disk full');
  const later: Array<() => Promise<void>> = [];
  const again = await updateRepository({
    gun: GUN,
    remote,
    cache: failing,
    crypto: nodeCrypto,
    now: TEST_NOW,
    writeBehind: (w) => later.push(w),
  });
  assert.equal(again.targets.signed.version, repo.targets.signed.version);
  await assert.rejects(later[0]!(), /disk full/);
  // without writeBehind the same failure fails the read (the CLI)
  await assert.rejects(
    updateRepository({ gun: GUN, remote, cache: failing, crypto: nodeCrypto, now: TEST_NOW }),
    /disk full/,
  );
});

test('without writeBehind, the cache and the version store are written at the same time, both awaited', async () => {
  const remote = new FixtureRemote(GUN, new RepoBuilder(GUN).addTarget('targets', 'v1', 'one').build());
  const cache = new GatedCache();
  let open: () => void = () => undefined;
  cache.gate = new Promise((r) => (open = r));
  let told = false;
  let done = false;
  const reading = updateRepository({
    gun: GUN,
    remote,
    cache,
    crypto: nodeCrypto,
    now: TEST_NOW,
    observe: { verified: async () => void (told = true) },
  }).then(() => (done = true));
  for (let i = 0; i < 50 && !told; i++) await new Promise((r) => setTimeout(r, 1));
  assert.equal(told, true, 'the version store is told while the cache is still being written');
  assert.equal(done, false, 'the read waits for the cache');
  open();
  await reading;
  assert.equal(done, true);
});

test('the keys a server holds are remembered per server, repository and root version; a partial answer is not', async () => {
  const b = new RepoBuilder(GUN).addTarget('targets', 'v1', 'one');
  let asked = 0;
  let down = false;
  class KeyServer extends FixtureRemote {
    override async getKey(...args: unknown[]) {
      const role = args[0] as 'timestamp' | 'snapshot';
      asked++;
      if (down && role === 'snapshot') throw new Error('503');
      return b.keys[role].pub;
    }
  }
  const cache = new MemoryMetadataCache();
  const conn = {
    ref: parseImageReference(GUN),
    server: 'https://notary.test',
    remote: new KeyServer(GUN, b.build()),
    cache,
  };
  const memo = new Map<string, ReadonlySet<string>>();
  const opts = {
    crypto: nodeCrypto,
    now: TEST_NOW,
    offline: 'auto' as const,
    localKeyIds: new Set<string>(),
    serverKeys: true,
    serverKeyMemo: memo,
  };
  const held = (v: Awaited<ReturnType<typeof readTrust>>['view']) =>
    [...v.administrativeKeys.snapshot, ...v.administrativeKeys.timestamp].map((k) => k.holder);
  const first = await readTrust(conn, opts);
  assert.deepEqual(held(first.view), ['server', 'server']);
  assert.equal(asked, 2);
  const second = await readTrust(conn, opts);
  assert.deepEqual(held(second.view), ['server', 'server']);
  assert.equal(asked, 2, 'not asked again');
  assert.deepEqual([...memo.keys()], [`https://notary.test ${GUN} root@1`]);
  // another repository's answer is its own; one the server half-answered is asked again next time
  memo.clear();
  down = true;
  assert.deepEqual(held((await readTrust(conn, opts)).view), ['unknown', 'server']);
  assert.equal(memo.size, 0);
  down = false;
  assert.deepEqual(held((await readTrust(conn, opts)).view), ['server', 'server']);
  assert.equal(asked, 6);
});
