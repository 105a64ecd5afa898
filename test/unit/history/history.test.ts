/**
 * readHistory on the in-memory notary (a double of notary-server's routes, changefeed and
 * validation): the events of a known sequence of publishes, verification of old versions with the
 * keys of their time (root rotations, a tampered version, a broken root chain), what is kept
 * locally, and a server without a changefeed or old versions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { readHistory, type HistoryResult } from '../../../core/history/history.js';
import { MemoryVersionStore } from '../../../core/history/version-store.js';
import type { HistoryEvent } from '../../../core/history/types.js';
import { planRotate } from '../../../core/trust/rotate.js';
import { toHex } from '../../../core/util/bytes.js';
import { buildHistoryRepo, HISTORY_START, type HistoryRepo } from '../../helpers/history-repo.js';
import { MemoryNotary } from '../../helpers/memory-notary.js';
import { MemoryMetadataCache } from '../../../core/notary/metadata-cache.js';

const newStore = () => new MemoryVersionStore((b) => toHex(nodeCrypto.sha256(b)));
const at = (minutes: number) => new Date(HISTORY_START.getTime() + minutes * 60_000).toISOString();

function history(
  r: HistoryRepo,
  opts: { store?: MemoryVersionStore; remote?: MemoryNotary | null; now?: Date; cache?: MemoryMetadataCache } = {},
) {
  return readHistory({
    gun: r.notary.gun,
    ...(opts.cache ? { cache: opts.cache } : {}),
    ...(opts.remote === null ? {} : { remote: opts.remote ?? r.notary }),
    store: opts.store ?? newStore(),
    crypto: nodeCrypto,
    now: opts.now ?? r.clock.now,
  });
}

/** The event list without the key/paths detail: what a reader of `history --json` sees. */
const brief = (events: HistoryEvent[]) =>
  events.map((e) => [
    e.publish,
    e.time,
    e.role,
    e.version,
    e.change,
    e.tag ?? e.signer ?? '',
    e.keyIds.map((k) => k.slice(0, 8)).join(),
  ]);

function expectedBrief(r: HistoryRepo) {
  const { targets1: t1, targets2: t2, alice } = r.keys;
  const k = (id: string) => id.slice(0, 8);
  return [
    [1, at(0), 'root', 1, 'initialized', '', expect.root],
    [2, at(1), 'targets', 2, 'tag-added', 'v1', k(t1)],
    [3, at(2), 'targets', 3, 'tag-added', 'v2', k(t1)],
    [4, at(3), 'targets', 4, 'tag-changed', 'v1', k(t1)],
    [5, at(4), 'targets', 5, 'tag-removed', 'v2', k(t1)],
    [6, at(5), 'targets', 6, 'signer-added', 'alice', k(t1)],
    [6, at(5), 'targets', 6, 'signer-added', 'releases', k(t1)],
    [7, at(6), 'targets/alice', 1, 'tag-added', 'v1', k(alice)],
    [7, at(6), 'targets/releases', 1, 'tag-added', 'v1', k(alice)],
    [8, at(7), 'targets', 7, 'key-rotated', '', k(t2)],
    [9, at(8), 'targets', 8, 'signer-removed', 'alice', k(t2)],
    [9, at(8), 'targets', 8, 'signer-removed', 'releases', k(t2)],
    [10, at(9), 'targets', 9, 'renewed', '', k(t2)],
  ];
}
const expect = { root: '' };

async function repo(): Promise<HistoryRepo> {
  const r = await buildHistoryRepo();
  expect.root = (await r.admin.repo()).root.signed.roles.root.keyids[0]!.slice(0, 8);
  return r;
}

test('the events of a known sequence of publishes: kinds, roles, versions, tags, signers, who signed, changefeed times', async () => {
  const r = await repo();
  const h = await history(r);
  assert.deepEqual(brief(h.events), expectedBrief(r));
  const changed = h.events.find((e) => e.change === 'tag-changed')!;
  assert.equal(changed.digest, r.digests.v1b);
  assert.equal(changed.previousDigest, r.digests.v1);
  assert.equal(h.events.find((e) => e.change === 'tag-removed')!.previousDigest, r.digests.v2);
  const rotated = h.events.find((e) => e.change === 'key-rotated')!;
  assert.deepEqual(rotated.keys, { before: [r.keys.targets1], after: [r.keys.targets2] });
  assert.deepEqual(h.events.find((e) => e.signer === 'alice')!.keys, { before: [], after: [r.keys.alice] });
  assert.ok(h.versions.every((v) => !v.problem && v.source === 'remote'));
  assert.deepEqual(h.notes, []);
  assert.equal(h.states.length, 10);
});

test('every verified version is kept; a second run asks the server only for what is new, and gives the same history', async () => {
  const r = await repo();
  const store = newStore();
  const cache = new MemoryMetadataCache(); // the trusted-metadata cache (docker's trust dir in the CLI)
  const first = await history(r, { store, cache });
  const kept = await store.list(r.notary.gun);
  assert.equal(kept.length, first.versions.length);
  assert.ok(kept.filter((e) => e.role === 'timestamp').every((e) => e.time !== undefined && e.changeId !== undefined));
  r.notary.requests.length = 0;
  const second = await history(r, { store, cache });
  assert.deepEqual(brief(second.events), brief(first.events));
  const fetched = r.notary.requests.filter((q) => /^GET \d+\./.test(q) || /\.[0-9a-f]{64}$/.test(q));
  assert.deepEqual(fetched, [], 'no old version downloaded again');
  assert.ok(r.notary.requests.includes('GET changefeed 10 1000'), 'the changefeed is read from the last change kept');
});

test('the server lost everything: the kept history is shown, every version labelled kept, with a note', async () => {
  const r = await repo();
  const store = newStore();
  const before = await history(r, { store });
  const empty = new MemoryNotary(r.notary.gun, { now: () => r.clock.now });
  const h = await history(r, { store, remote: empty });
  assert.deepEqual(brief(h.events), brief(before.events));
  assert.ok(h.events.every((e) => e.source === 'kept'));
  assert.match(h.notes[0]!, /the server's trust data was not used: the trust server has no trust data/);
  const offline = await history(r, { store, remote: null });
  assert.deepEqual(brief(offline.events), brief(before.events));
});

test('nothing kept and no server data: a clear error, not an empty history', async () => {
  const r = await repo();
  const empty = new MemoryNotary(r.notary.gun);
  await assert.rejects(history(r, { remote: empty }), { code: 'NOTARY_NOT_INITIALIZED' });
  await assert.rejects(
    history(r, { remote: null }),
    (e: any) =>
      e.code === 'NOTARY_NOT_INITIALIZED' &&
      /no trust data .* is kept locally/.test(e.message) &&
      /--archive/.test(e.hint),
  );
});

test('a tampered old version is shown as unverified with the reason, and nothing of it is trusted', async () => {
  const r = await repo();
  const good = r.notary.parsed('targets')!; // current, untouched
  const v4 = await r.notary.getVersion('targets', 4, 1 << 20);
  const text = new TextDecoder().decode(v4).replace(r.digests.v1b.length ? /"length":\d+/ : /x/, '"length":1');
  r.notary.tamper('4.targets', new TextEncoder().encode(text));
  const h = await history(r);
  const bad = h.events.filter((e) => e.change === 'unverified');
  assert.deepEqual(
    bad.map((e) => [e.role, e.version]),
    [['targets', 4]],
  );
  assert.match(bad[0]!.problem!.message, /targets: no valid signature/);
  // v5 is compared with v3: v1 changed and v2 removed at once
  assert.deepEqual(
    h.events.filter((e) => e.role === 'targets' && e.version === 5).map((e) => [e.change, e.tag]),
    [
      ['tag-changed', 'v1'],
      ['tag-removed', 'v2'],
    ],
  );
  assert.match(
    h.notes.join('\n'),
    /the server answered targets\.[0-9a-f]{12}… with other bytes .*: tampered or damaged/,
  );
  assert.ok(good);
});

test('old versions are verified with the keys of their time: a root rotation is followed, and expiry is judged when each was published', async () => {
  const r = await repo();
  const { changes } = await planRotate({
    gun: r.notary.gun,
    role: 'root',
    serverManaged: false,
    keys: r.admin.keys,
    remote: r.notary,
    now: r.clock.now,
  });
  await r.admin.stage(changes);
  await r.admin.publish();
  // a month later: every old timestamp (14 days) has expired since, which does not make it invalid
  r.clock.now = new Date(r.clock.now.getTime() + 30 * 86_400_000);
  const h = await history(r);
  assert.ok(
    h.versions.every((v) => !v.problem),
    h.versions
      .filter((v) => v.problem)
      .map((v) => v.problem!.message)
      .join('\n'),
  );
  const last = h.events[h.events.length - 1]!;
  assert.deepEqual([last.role, last.version, last.change], ['root', 3, 'key-rotated']);
  assert.equal(last.keyIds.length, 2, 'root v2 is signed by the old and the new root key');
});

test('a root version that does not verify breaks the chain below it: those publishes are unverified, with the reason', async () => {
  const r = await repo();
  const v1 = new TextDecoder().decode(await r.notary.getVersion('root', 1, 1 << 20));
  r.notary.tamper('1.root', new TextEncoder().encode(v1.replace(/"expires":"\d{4}/, '"expires":"2099')));
  const h = await history(r);
  const failed = h.versions.filter((v) => v.problem).map((v) => `${v.role} v${v.version}`);
  assert.ok(failed.includes('root v1'), failed.join());
  assert.ok(!h.events.some((e) => e.change === 'initialized'));
  assert.ok(h.events.some((e) => e.change === 'unverified' && e.role === 'root' && /root/.test(e.problem!.message)));
});

test('a server without a changefeed: the same changes in publish order, times unknown, and a note', async () => {
  const r = await repo();
  r.notary.serveChangefeed = false;
  const h = await history(r);
  assert.deepEqual(
    brief(h.events).map((e) => e.filter((_, i) => i !== 1)),
    expectedBrief(r).map((e) => e.filter((_, i) => i !== 1)),
  );
  assert.ok(h.events.every((e) => e.time === null));
  assert.match(h.notes.join('\n'), /changefeed could not be read/);
  assert.match(h.notes.join('\n'), /publication times are unknown/);
});

test('a server without old versions: only the current state (nothing to compare), a note naming the missing publishes; kept versions fill the gap', async () => {
  const r = await repo();
  const store = newStore();
  await history(r, { store });
  r.notary.serveOldVersions = false;
  const lossy = await history(r);
  // no earlier version: no change can be claimed; the two signer files the snapshot still pins
  // after their signer was removed cannot be verified by any role any more
  assert.deepEqual(
    lossy.events.map((e) => [e.role, e.change, e.problem?.message]),
    [
      [
        'targets/alice',
        'unverified',
        'targets/alice v1: not verified: publish 10: no verified role delegates targets/alice',
      ],
      [
        'targets/releases',
        'unverified',
        'targets/releases v1: not verified: publish 10: no verified role delegates targets/releases',
      ],
    ],
  );
  assert.match(
    lossy.notes.join('\n'),
    /9 of 10 publishes are neither on the server nor kept locally \(timestamp versions 1–9\)/,
  );
  const kept = await history(r, { store });
  assert.deepEqual(brief(kept.events), expectedBrief(r));
});

test('a damaged kept copy is refused (its sha256 no longer matches) and fetched again where the server still has it', async () => {
  const r = await repo();
  const store = newStore();
  await history(r, { store });
  const entry = (await store.list(r.notary.gun)).find((e) => e.role === 'targets' && e.version === 3)!;
  store.objects.set(entry.sha256, new TextEncoder().encode('garbage'));
  r.notary.serveOldVersions = false;
  const h: HistoryResult = await history(r, { store });
  const bad = h.versions.find((v) => v.role === 'targets' && v.version === 3)!;
  assert.match(bad.problem!.message, /the kept copy of targets v3 is damaged/);
  assert.equal(createHash('sha256').update('garbage').digest('hex').length, 64);
});
