/**
 * History, diff and archives as core operations over a context (what `signet history`, `diff`,
 * `archive`, `inspect --archive` and the app's History tab all call), on the in-memory notary:
 * what is read and kept, what is asked of the server, what an archive round trip gives back, and
 * that an archive is anchored and never written anywhere.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSignetError, SignetError } from '../../../core/errors.js';
import { openArchive } from '../../../core/history/archive/read-archive.js';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import {
  buildArchiveFor,
  diffFor,
  keyHoldersFor,
  openArchiveFor,
  readArchivedFor,
  readHistoryFor,
  type ArchiveFile,
} from '../../../core/operations/history.js';
import { buildHistoryRepo, HISTORY_GUN, type HistoryRepo } from '../../helpers/history-repo.js';
import { memoryReadContext } from '../../helpers/memory-context.js';

const withoutSource = ({ source: _source, ...e }: { source: string }) => e;

async function archiveOf(r: HistoryRepo, name = 'team.tar.gz'): Promise<ArchiveFile> {
  const built = await buildArchiveFor(memoryReadContext([r.notary], { now: () => r.clock.now }), HISTORY_GUN);
  const archive = openArchive(built.tar, name, nodeCrypto);
  return { name, open: async () => archive };
}

test('the server’s history, every verified version kept; offline, the same history from what was kept, no server asked', async () => {
  const r = await buildHistoryRepo();
  const ctx = memoryReadContext([r.notary], { now: () => r.clock.now });
  const live = await readHistoryFor(ctx, HISTORY_GUN);
  assert.equal(live.source, r.notary.baseUrl);
  assert.equal(live.history.states.length, 10);
  assert.ok(ctx.versions.entries.length >= 10, 'the verified versions were kept');
  assert.deepEqual(ctx.connected, [HISTORY_GUN]);

  const requests = r.notary.requests.length;
  const kept = await readHistoryFor(ctx, HISTORY_GUN, { offline: true });
  assert.equal(kept.source, 'kept locally');
  assert.deepEqual(ctx.connected, [HISTORY_GUN], 'offline: no connection');
  assert.equal(r.notary.requests.length, requests, 'offline: no request reached the server');
  assert.deepEqual(kept.history.events.map(withoutSource), live.history.events.map(withoutSource));
  assert.deepEqual(new Set(kept.history.events.map((e) => e.source)), new Set(['kept']));
});

test('who holds each key: yours by canonical ID, the server’s when it says so (serverKeys), else unknown', async () => {
  const r = await buildHistoryRepo();
  const held = await r.admin.held();
  const ctx = memoryReadContext([r.notary], { now: () => r.clock.now, localKeyIds: held });
  const read = await readHistoryFor(ctx, HISTORY_GUN, { serverKeys: true });
  const root = read.history.current!.root.signed;
  const holders = await keyHoldersFor(ctx, read, [r.keys.targets2, r.keys.alice, root.roles.snapshot.keyids[0]!]);
  assert.deepEqual(holders, {
    [r.keys.targets2]: 'local',
    [r.keys.alice]: 'unknown',
    [root.roles.snapshot.keyids[0]!]: 'server',
  });
  const without = await keyHoldersFor(ctx, await readHistoryFor(ctx, HISTORY_GUN), [root.roles.snapshot.keyids[0]!]);
  assert.deepEqual(without, { [root.roles.snapshot.keyids[0]!]: 'unknown' }, 'the server was not asked');
});

test('diff: points checked before anything is read; the history is told before its points are resolved', async () => {
  const r = await buildHistoryRepo();
  const ctx = memoryReadContext([r.notary], { now: () => r.clock.now });
  await assert.rejects(diffFor(ctx, HISTORY_GUN, 'yesterday-ish', 'latest'), /"yesterday-ish" is not a point/);
  assert.deepEqual(ctx.connected, [], 'a typo costs no server round trip');

  const { diff } = await diffFor(ctx, HISTORY_GUN, '3', 'latest');
  assert.deepEqual(
    diff.tags.map((t) => [t.role, t.tag, t.change, t.digest, t.previousDigest]),
    [
      ['targets', 'v1', 'tag-changed', r.digests.v1b, r.digests.v1],
      ['targets', 'v2', 'tag-removed', undefined, r.digests.v2],
    ],
  );
  const told: string[] = [];
  await assert.rejects(
    diffFor(ctx, HISTORY_GUN, '42', 'latest', { onHistory: (read) => told.push(read.source) }),
    /publish 42 is not in the history/,
  );
  assert.deepEqual(told, [r.notary.baseUrl]);
});

test('an archive written and opened again: the same history, trusted on first use, nothing written while reading', async () => {
  const r = await buildHistoryRepo();
  const live = await readHistoryFor(memoryReadContext([r.notary], { now: () => r.clock.now }), HISTORY_GUN);
  const file = await archiveOf(r);
  const archive = await file.open();
  assert.equal(archive.manifest.server, r.notary.baseUrl);
  assert.equal(archive.manifest.created, r.clock.now.toISOString());

  const reader = memoryReadContext([], { now: () => r.clock.now });
  const opened = await openArchiveFor(reader, file);
  assert.equal(opened.read.anchor.kind, 'first-use');
  assert.deepEqual(opened.read.view.rootTrust, { kind: 'tofu', firstUse: true });
  assert.deepEqual(
    opened.read.view.signedTags.map((t) => [t.tag, t.digest]),
    [['v1', r.digests.v1b]],
  );
  assert.equal(opened.history.source, 'archive:team.tar.gz');
  assert.deepEqual(opened.history.history.events, live.history.events);
  assert.deepEqual(reader.connected, [], 'no server was asked');
  assert.equal(reader.versions.entries.length, 0, 'the version store holds only what servers served');
  assert.equal(await reader.trusted(HISTORY_GUN).get('root'), undefined, 'the trusted cache is not written');
});

test('an archive of another repository, or under another root than the one trusted, is refused naming both', async () => {
  const r = await buildHistoryRepo();
  const ctx = memoryReadContext([r.notary], { now: () => r.clock.now });
  await readHistoryFor(ctx, HISTORY_GUN); // the root of r is now trusted for the GUN
  const other = await archiveOf(await buildHistoryRepo(), 'other.tar.gz'); // same GUN, re-initialized

  await assert.rejects(readHistoryFor(ctx, HISTORY_GUN, { archive: other }), (e: unknown) => {
    assert.ok(isSignetError(e, 'TUF_BAD_ROOT'), String(e));
    assert.match(
      e.message,
      /^other\.tar\.gz holds trust data of .* under another root: its root keys .* are not the root you trust/,
    );
    return true;
  });
  await assert.rejects(readArchivedFor(ctx, HISTORY_GUN, other), (e: unknown) => isSignetError(e, 'TUF_BAD_ROOT'));
  await assert.rejects(
    readArchivedFor(ctx, 'registry.test:5000/org/else', await archiveOf(r)),
    /team\.tar\.gz holds the trust data of registry\.test:5000\/org\/history, not of registry\.test:5000\/org\/else/,
  );
  const anchored = await readArchivedFor(ctx, HISTORY_GUN, await archiveOf(r));
  assert.equal(anchored.anchor.kind, 'cache');
});

test('an archive from what was kept only, when the server is gone: written, and it says so', async () => {
  const r = await buildHistoryRepo();
  const ctx = memoryReadContext([r.notary], { now: () => r.clock.now });
  await readHistoryFor(ctx, HISTORY_GUN);
  r.notary.failGets = new SignetError('HTTP_UNREACHABLE', 'server down');
  const built = await buildArchiveFor(ctx, HISTORY_GUN);
  assert.match(built.history.notes[0]!, /^archived from the local version store only: server down/);
  assert.equal(built.manifest.files.filter((f) => f.role === 'timestamp').length, 10);
});
