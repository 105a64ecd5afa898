/**
 * An archive is trusted only through an anchor the reader already has (the root cached for the
 * repository, or a pin); with none it is trusted on first use and says so; a different root is
 * refused naming both roots; expiry is shown against now, never hidden by the archive's own date;
 * reading writes nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { buildArchive } from '../../../core/history/archive/write-archive.js';
import { openArchive, type OpenedArchive } from '../../../core/history/archive/read-archive.js';
import { readHistory } from '../../../core/history/history.js';
import { MemoryVersionStore } from '../../../core/history/version-store.js';
import { MemoryMetadataCache } from '../../../core/notary/metadata-cache.js';
import { updateRepository } from '../../../core/notary/tuf-client.js';
import { archiveNotes, readArchive } from '../../../core/operations/archive.js';
import { rootCertificateIds } from '../../../core/tuf/trust-pinning.js';
import { toHex } from '../../../core/util/bytes.js';
import { buildHistoryRepo, type HistoryRepo } from '../../helpers/history-repo.js';

const YEAR = 365 * 86_400_000;
const store = () => new MemoryVersionStore((b) => toHex(nodeCrypto.sha256(b)));

async function archiveOf(r: HistoryRepo): Promise<OpenedArchive> {
  const live = await readHistory({
    gun: r.notary.gun,
    remote: r.notary,
    store: store(),
    crypto: nodeCrypto,
    now: r.clock.now,
  });
  const built = buildArchive({
    history: live,
    feed: live.feed,
    server: r.notary.baseUrl,
    created: r.clock.now,
    crypto: nodeCrypto,
  });
  return openArchive(built.tar, 'team.tar.gz', nodeCrypto);
}

/** The reader's trusted cache after reading the live repository once (docker's trust dir). */
async function trustedCacheOf(r: HistoryRepo): Promise<MemoryMetadataCache> {
  const cache = new MemoryMetadataCache();
  await updateRepository({ gun: r.notary.gun, remote: r.notary, cache, crypto: nodeCrypto, now: r.clock.now });
  return cache;
}

const read = (
  archive: OpenedArchive,
  trusted: MemoryMetadataCache,
  now: Date,
  pinning?: Parameters<typeof readArchive>[0]['pinning'],
) =>
  readArchive(
    { archive, name: 'team.tar.gz', trusted, ...(pinning ? { pinning } : {}) },
    { crypto: nodeCrypto, now, localKeyIds: new Set() },
  );

test('anchored on the root cached for the repository: read, and nothing written to that cache', async () => {
  const r = await buildHistoryRepo();
  const archive = await archiveOf(r);
  const trusted = await trustedCacheOf(r);
  const before = new Map(trusted.files);
  const got = await read(archive, trusted, r.clock.now);
  assert.equal(got.anchor.kind, 'cache');
  assert.deepEqual(got.view.rootTrust, { kind: 'tofu' });
  assert.deepEqual(trusted.files, before, 'the trusted cache is untouched');
  assert.ok(got.view.signedTags.length > 0);
});

test('a repository of the same name under another root is refused, naming both roots’ key IDs', async () => {
  const mine = await buildHistoryRepo();
  const trusted = await trustedCacheOf(mine);
  const other = await buildHistoryRepo(); // same GUN, re-initialised: other root keys
  const archive = await archiveOf(other);
  const mineIds = (await mine.admin.repo()).root.signed.roles.root.keyids;
  const otherIds = (await other.admin.repo()).root.signed.roles.root.keyids;
  await assert.rejects(read(archive, trusted, other.clock.now), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'TUF_BAD_ROOT');
    assert.match(e.message, /team\.tar\.gz holds trust data of .* under another root/);
    for (const id of [...mineIds, ...otherIds])
      assert.ok(e.message.includes(id.slice(0, 12)), `names ${id.slice(0, 12)}`);
    return true;
  });
});

test('no anchor: trusted on first use from the archive, said so with its root key IDs; disable_tofu refuses', async () => {
  const r = await buildHistoryRepo();
  const archive = await archiveOf(r);
  const got = await read(archive, new MemoryMetadataCache(), r.clock.now);
  assert.equal(got.anchor.kind, 'first-use');
  assert.deepEqual(got.view.rootTrust, { kind: 'tofu', firstUse: true });
  const rootIds = rootCertificateIds(got.repo.root.signed);
  const warning = archiveNotes('team.tar.gz', archive, got.anchor, got.view).find((n) => n.level === 'warning');
  assert.ok(warning && rootIds.every((id) => warning.text.includes(id)), warning?.text);
  await assert.rejects(read(archive, new MemoryMetadataCache(), r.clock.now, { disableTofu: true }), {
    code: 'TUF_TOFU_DISABLED',
  });
  // a pin anchors it: the pinned root is read, another refused
  const pinned = await read(archive, new MemoryMetadataCache(), r.clock.now, { certs: { [r.notary.gun]: rootIds } });
  assert.equal(pinned.anchor.kind, 'pin');
  await assert.rejects(
    read(archive, new MemoryMetadataCache(), r.clock.now, { certs: { [r.notary.gun]: ['0'.repeat(64)] } }),
    {
      code: 'TUF_PIN_MISMATCH',
    },
  );
});

test('read a year after it was written: it opens, every role past expiry shown as such, the claim shown as a claim', async () => {
  const r = await buildHistoryRepo();
  const archive = await archiveOf(r);
  const later = new Date(r.clock.now.getTime() + YEAR);
  const got = await read(archive, await trustedCacheOf(r), later);
  const states = Object.fromEntries(got.view.roles.map((x) => [x.role, x.state]));
  assert.equal(states['timestamp'], 'expired', 'judged against now, not the archive’s date');
  assert.equal(states['root'], 'ok');
  const notes = archiveNotes('team.tar.gz', archive, got.anchor, got.view).map((n) => n.text);
  assert.ok(
    notes.some((n) => n.includes(`it says it was written ${archive.manifest.created}`) && n.includes('unsigned claim')),
  );
  assert.ok(notes.some((n) => /^timestamp is past expiry now/.test(n)));
  // a live server with the same files would be refused: expiry is enforced everywhere but in archives
  await assert.rejects(
    updateRepository({
      gun: r.notary.gun,
      remote: r.notary,
      cache: new MemoryMetadataCache(),
      crypto: nodeCrypto,
      now: later,
    }),
    { code: 'TUF_EXPIRED' },
  );
});
