/**
 * Read-path efficiency without changing behaviour: each cached file is read once per update and
 * nothing unchanged is rewritten; sibling delegations are downloaded concurrently while the walk
 * order, the warnings and the error that ends the walk stay those of a sequential walk.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../../../core/errors.js';
import { MemoryMetadataCache } from '../../../core/notary/metadata-cache.js';
import { updateRepository } from '../../../core/notary/tuf-client.js';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import type { RoleName } from '../../../core/tuf/types.js';
import { FixtureRemote } from '../../helpers/fixture-remote.js';
import { RepoBuilder, TEST_NOW } from '../../helpers/repo-builder.js';
import { flipSignatureBit } from '../../helpers/corrupter.js';
import { createHash } from 'node:crypto';

const GUN = 'registry.example.com/team/app';

class CountingCache extends MemoryMetadataCache {
  gets = new Map<RoleName, number>();
  sets: RoleName[] = [];
  override async get(role: RoleName): Promise<Uint8Array | undefined> {
    this.gets.set(role, (this.gets.get(role) ?? 0) + 1);
    return super.get(role);
  }
  override async set(role: RoleName, bytes: Uint8Array): Promise<void> {
    this.sets.push(role);
    return super.set(role, bytes);
  }
  reset(): void {
    this.gets.clear();
    this.sets = [];
  }
}

/** Serves each request after a delay (later names faster, to scramble completion order) and tracks concurrency. */
class SlowRemote extends FixtureRemote {
  inFlight = 0;
  maxInFlight = 0;
  delays = new Map<string, number>();
  override async getMeta(name: string, maxBytes: number): Promise<Uint8Array> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const role = name.replace(/\.[0-9a-f]{64}$/, '');
      await new Promise((r) => setTimeout(r, this.delays.get(role) ?? 1));
      return await super.getMeta(name, maxBytes);
    } finally {
      this.inFlight--;
    }
  }
}

const DELEGATIONS = ['targets/d1', 'targets/d2', 'targets/d3', 'targets/d4', 'targets/releases'];

function builder(): RepoBuilder {
  const b = new RepoBuilder(GUN);
  b.addTarget('targets', 'v1', 'manifest-1');
  for (const d of DELEGATIONS) {
    b.addDelegation(d);
    b.addTarget(d, `tag-${d.slice(8)}`, `content-${d}`);
  }
  return b;
}

function slowRemote(files: Map<RoleName, Uint8Array>): SlowRemote {
  const remote = new SlowRemote(GUN, files);
  DELEGATIONS.forEach((d, i) => remote.delays.set(d, 5 * (DELEGATIONS.length - i)));
  return remote;
}

test('warm update: every cached file is read once and nothing unchanged is written again', async () => {
  const b = builder();
  const remote = new FixtureRemote(GUN, b.build());
  const cache = new CountingCache();
  await updateRepository({ gun: GUN, remote, cache, crypto: nodeCrypto, now: TEST_NOW });
  assert.deepEqual(new Set(cache.sets), new Set(['root', 'timestamp', 'snapshot', 'targets', ...DELEGATIONS]));
  for (const [role, n] of cache.gets) assert.equal(n, 1, `${role} read ${n} times on the cold update`);

  cache.reset();
  const repo = await updateRepository({ gun: GUN, remote, cache, crypto: nodeCrypto, now: TEST_NOW });
  assert.deepEqual(cache.sets, [], 'unchanged files are not rewritten');
  for (const [role, n] of cache.gets) assert.equal(n, 1, `${role} read ${n} times on the warm update`);
  assert.deepEqual([...repo.delegations.keys()], DELEGATIONS);

  // a changed targets file is written, the others are not
  b.addTarget('targets', 'v2', 'manifest-2').bump('targets', 'snapshot', 'timestamp');
  remote.files = b.build();
  cache.reset();
  await updateRepository({ gun: GUN, remote, cache, crypto: nodeCrypto, now: TEST_NOW });
  assert.deepEqual(new Set(cache.sets), new Set(['timestamp', 'snapshot', 'targets']));
});

test('cold update: sibling delegations download concurrently, results stay in walk order', async () => {
  const remote = slowRemote(builder().build());
  const cache = new MemoryMetadataCache();
  const repo = await updateRepository({ gun: GUN, remote, cache, crypto: nodeCrypto, now: TEST_NOW });
  assert.ok(remote.maxInFlight > 1, `expected concurrent downloads, max in flight ${remote.maxInFlight}`);
  assert.deepEqual([...repo.delegations.keys()], DELEGATIONS);
  assert.deepEqual([...repo.delegationRoles.keys()], DELEGATIONS);
  assert.deepEqual(repo.warnings, []);
});

test('cold update: skippable failures warn in walk order; the first fatal failure in walk order ends the walk', async () => {
  // d2 badly signed (skipped), d4 badly signed (skipped): warnings in listed order even though d4 finishes first
  const skipping = builder().build((role, bytes) =>
    role === 'targets/d2' || role === 'targets/d4' ? flipSignatureBit(bytes) : bytes,
  );
  const repo = await updateRepository({
    gun: GUN,
    remote: slowRemote(skipping),
    cache: new MemoryMetadataCache(),
    crypto: nodeCrypto,
    now: TEST_NOW,
  });
  assert.deepEqual([...repo.delegations.keys()], ['targets/d1', 'targets/d3', 'targets/releases']);
  assert.equal(repo.warnings.length, 2);
  assert.match(repo.warnings[0]!, /^Error getting targets\/d2: /);
  assert.match(repo.warnings[1]!, /^Error getting targets\/d4: /);
  assert.ok(repo.delegationRoles.get('targets/d2')!.skipped);

  // d2 skippable, d3 and d4 fatal (served bytes do not match the snapshot): d3's error, as sequentially
  const files = builder().build((role, bytes) => (role === 'targets/d2' ? flipSignatureBit(bytes) : bytes));
  const remote = slowRemote(files);
  const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
  for (const d of ['targets/d3', 'targets/d4'])
    remote.overrides.set(`${d}.${sha(files.get(d)!)}`, new TextEncoder().encode(`{"not":"${d}"}`));
  await assert.rejects(
    updateRepository({
      gun: GUN,
      remote,
      cache: new MemoryMetadataCache(),
      crypto: nodeCrypto,
      offline: 'never',
      now: TEST_NOW,
    }),
    (e: unknown) => {
      assert.ok(isSignetError(e), String(e));
      assert.equal(e.code, 'TUF_LENGTH_MISMATCH');
      assert.match(e.message, /^targets\/d3:/);
      return true;
    },
  );
});
