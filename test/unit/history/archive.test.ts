/**
 * Trust archives: the ustar writer against a golden file that GNU tar reads, the reader on GNU
 * tar's own output, the round trip through the history code (an archive read offline gives the
 * same history and the same current state), and damaged archives refused with the reason.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { readTar, writeTar, type TarEntry } from '../../../core/history/archive/tar.js';
import { buildArchive } from '../../../core/history/archive/write-archive.js';
import { ArchiveRemote, openArchive } from '../../../core/history/archive/read-archive.js';
import { readHistory } from '../../../core/history/history.js';
import { MemoryVersionStore } from '../../../core/history/version-store.js';
import { MemoryMetadataCache } from '../../../core/notary/metadata-cache.js';
import { updateRepository } from '../../../core/notary/tuf-client.js';
import { toHex } from '../../../core/util/bytes.js';
import { buildHistoryRepo } from '../../helpers/history-repo.js';

const GOLDEN = new URL('../../fixtures/history/golden.tar', import.meta.url).pathname;
const enc = new TextEncoder();
const long = `v2/registry.example.com:5000/a-rather-long/organisation-name/and-a-repository/_trust/tuf/12.targets/releases.json`;
const entries: TarEntry[] = [
  { path: 'signet-archive.json', bytes: enc.encode('{"format":"signet-trust-archive"}\n') },
  { path: long, bytes: enc.encode('x'.repeat(513)) },
  { path: 'v2/g/_trust/tuf/targets.json', linkTo: 'signet-archive.json' },
  { path: 'empty', bytes: new Uint8Array() },
];
const store = () => new MemoryVersionStore((b) => toHex(nodeCrypto.sha256(b)));

test('writeTar: byte for byte the golden ustar file, which GNU tar lists and extracts', () => {
  const tar = writeTar(entries, 1_796_000_000);
  assert.deepEqual(Buffer.from(tar), readFileSync(GOLDEN));
  assert.equal(tar.length % 512, 0);
  const listing = execFileSync('tar', ['-tvf', GOLDEN], { encoding: 'utf8' });
  assert.match(listing, /-rw-r--r-- 0\/0\s+34 \d{4}-\d\d-\d\d \d\d:\d\d signet-archive\.json/);
  assert.match(listing, new RegExp(`513 .* ${long.replace(/[.]/g, '\\.')}`));
  assert.match(listing, /hrw-r--r-- .* v2\/g\/_trust\/tuf\/targets\.json link to signet-archive\.json/);
  assert.equal(execFileSync('tar', ['-xOf', GOLDEN, long], { encoding: 'utf8' }), 'x'.repeat(513));
});

test('readTar reads GNU tar output (ustar, directories skipped) and refuses damaged or foreign data', () => {
  assert.deepEqual(readTar(writeTar(entries, 0), 'a.tar'), entries);
  const dir = mkdtempSync(join(tmpdir(), 'signet-tar-'));
  try {
    writeFileSync(join(dir, 'f.json'), '{"a":1}');
    execFileSync('tar', ['--format=ustar', '-cf', 'out.tar', '.'], { cwd: dir });
    const read = readTar(readFileSync(join(dir, 'out.tar')), 'out.tar');
    assert.deepEqual(
      read.map((e) => e.path),
      ['./f.json'],
    );
    assert.equal(new TextDecoder().decode((read[0] as { bytes: Uint8Array }).bytes), '{"a":1}');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const good = writeTar(entries, 0);
  const damaged = good.slice();
  damaged[20] = 0x41;
  assert.throws(
    () => readTar(damaged, 'x.tar'),
    (e: any) => e.code === 'BAD_ARCHIVE' && /^x\.tar: tar header at byte 0 is damaged/.test(e.message),
  );
  assert.throws(
    () => readTar(good.subarray(0, 700), 'x.tar'),
    /x\.tar: tar entry signet-archive\.json is cut short|x\.tar: the tar data ends/,
  );
  assert.throws(
    () => readTar(good.subarray(0, 512 * 6), 'x.tar'),
    /ends without its end-of-archive marker \(truncated\)/,
  );
  const symlink = writeTar([{ path: 'a', bytes: new Uint8Array() }], 0);
  symlink[156] = '2'.charCodeAt(0);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : symlink[i]!;
  symlink.set(enc.encode(sum.toString(8).padStart(6, '0') + '\0 '), 148);
  assert.throws(() => readTar(symlink, 'x.tar'), /has type "2", which a trust archive never holds/);
});

test('an archive read offline gives the same history, and the current state inspect shows, as the server did', async () => {
  const r = await buildHistoryRepo();
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
  assert.deepEqual(built.leftOut, []);
  const opened = openArchive(built.tar, 'repo.tar', nodeCrypto);
  assert.equal(opened.manifest.gun, r.notary.gun);
  assert.equal(opened.manifest.created, r.clock.now.toISOString());
  const remote = new ArchiveRemote(opened, 'repo.tar.gz');
  const fromArchive = await readHistory({
    gun: r.notary.gun,
    remote,
    store: store(),
    crypto: nodeCrypto,
    now: r.clock.now,
  });
  assert.deepEqual(fromArchive.events, live.events);
  const current = await updateRepository({
    gun: r.notary.gun,
    remote,
    cache: new MemoryMetadataCache(),
    crypto: nodeCrypto,
    now: r.clock.now,
    offline: 'never',
  });
  assert.deepEqual(Buffer.from(current.targets.raw), Buffer.from(r.notary.file('targets')!));
  await assert.rejects(remote.publish(), { code: 'BAD_INPUT' });
});

test('a damaged archive is refused with its name and what is wrong', async () => {
  const r = await buildHistoryRepo();
  const live = await readHistory({
    gun: r.notary.gun,
    remote: r.notary,
    store: store(),
    crypto: nodeCrypto,
    now: r.clock.now,
  });
  const { tar, manifest } = buildArchive({
    history: live,
    feed: live.feed,
    server: 's',
    created: r.clock.now,
    crypto: nodeCrypto,
  });
  const entriesOf = readTar(tar, 't');
  const rebuild = (edit: (es: TarEntry[], m: any) => void) => {
    const es = entriesOf.map((e) => ({ ...e }));
    const m = structuredClone(manifest);
    edit(es, m);
    es[0] = { path: 'signet-archive.json', bytes: enc.encode(JSON.stringify(m)) };
    return writeTar(es, 0);
  };
  const cases: Array<[Uint8Array, RegExp]> = [
    [rebuild((_, m) => (m.formatVersion = 2)), /repo\.tar: archive format version 2 is newer/],
    [rebuild((_, m) => (m.format = 'zip')), /not a Signet trust archive manifest/],
    [
      rebuild((es) =>
        es.splice(
          es.findIndex((e) => e.path.endsWith('changefeed.json')),
          1,
        ),
      ),
      /the manifest lists v2\/.*\/_trust\/changefeed\.json, which is not in the archive/,
    ],
    [
      rebuild((es) => es.splice(1, 1)),
      /root\.[0-9a-f]{64}\.json links to v2\/.*\/1\.root\.json, which comes nowhere before it/,
    ],
    [
      rebuild((es) => es.push({ path: 'extra.json', bytes: enc.encode('{}') })),
      /extra\.json is in the archive but not in its manifest/,
    ],
    [rebuild((es) => ((es[2] as { bytes: Uint8Array }).bytes = enc.encode('{}'))), /has 2 bytes, the manifest says/],
    [
      writeTar([{ path: 'x', bytes: enc.encode('1') }], 0),
      /it has no signet-archive\.json: not a Signet trust archive/,
    ],
    [writeTar([{ path: 'signet-archive.json', bytes: enc.encode('{') }], 0), /signet-archive\.json is not valid JSON/],
    [writeTar([{ path: 'a', linkTo: 'nowhere' }], 0), /a links to nowhere, which comes nowhere before it/],
  ];
  for (const [bytes, message] of cases) {
    assert.throws(
      () => openArchive(bytes, 'repo.tar', nodeCrypto),
      (e: any) =>
        e.code === 'BAD_ARCHIVE' && message.test(e.message) && /damaged or is not a Signet trust archive/.test(e.hint),
      String(message),
    );
  }
});
