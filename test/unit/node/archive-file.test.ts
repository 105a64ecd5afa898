/**
 * Archive files on disk: written atomically, read back whole; inflated on the thread pool with a
 * size and ratio cap, so a gzip bomb (1 GiB of zeros, made here by streaming, never kept) is refused
 * quickly, within bounded memory, while the event loop keeps running.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, before, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createGzip, gzipSync } from 'node:zlib';
import { isSignetError } from '../../../core/errors.js';
import { buildArchive } from '../../../core/history/archive/write-archive.js';
import { readHistory } from '../../../core/history/history.js';
import { MemoryVersionStore } from '../../../core/history/version-store.js';
import { ARCHIVE_LIMITS, readArchiveFile, writeArchiveFile } from '../../../core/node/archive-file.js';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { toHex } from '../../../core/util/bytes.js';
import { buildHistoryRepo } from '../../helpers/history-repo.js';

const MiB = 1024 * 1024;
let dir: string;
let bomb: string;

/** 1 GiB of zeros through gzip into a file, a MiB at a time (about 4.6 MB on disk). */
async function makeBomb(file: string): Promise<void> {
  const zeros = Buffer.alloc(MiB);
  let n = 0;
  const source = new Readable({ read: () => void source.push(n++ < 1024 ? zeros : null) });
  await pipeline(source, createGzip({ level: 1 }), createWriteStream(file));
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'signet-archive-file-'));
  bomb = join(dir, 'bomb.tar.gz');
  await makeBomb(bomb);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const gc = (): void => {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
};

test('an archive written by writeArchiveFile is read back whole, and no temp file is left', async () => {
  const r = await buildHistoryRepo();
  const store = new MemoryVersionStore((b) => toHex(nodeCrypto.sha256(b)));
  const live = await readHistory({ gun: r.notary.gun, remote: r.notary, store, crypto: nodeCrypto, now: r.clock.now });
  const built = buildArchive({ history: live, feed: live.feed, server: 's', created: r.clock.now, crypto: nodeCrypto });
  const file = join(dir, 'repo.tar.gz');
  const bytes = await writeArchiveFile(file, built.tar);
  assert.equal(statSync(file).size, bytes);
  const opened = await readArchiveFile(file);
  assert.equal(opened.manifest.gun, r.notary.gun);
  assert.deepEqual(
    readdirSync(dir).filter((n) => n.endsWith('.tmp')),
    [],
  );
});

test('a gzip bomb (1 GiB of zeros) is refused in well under a second of work, within bounded memory, the event loop never blocked', async () => {
  assert.ok(statSync(bomb).size < 8 * MiB, 'the bomb is small on disk');
  gc();
  const before = process.memoryUsage();
  let peak = { rss: before.rss, arrayBuffers: before.arrayBuffers };
  let ticks = 0;
  const sampler = setInterval(() => {
    ticks++;
    const m = process.memoryUsage();
    peak = { rss: Math.max(peak.rss, m.rss), arrayBuffers: Math.max(peak.arrayBuffers, m.arrayBuffers) };
  }, 2);
  const t0 = performance.now();
  let error: unknown;
  try {
    await readArchiveFile(bomb);
  } catch (e) {
    error = e;
  }
  const ms = performance.now() - t0;
  clearInterval(sampler);
  const m = process.memoryUsage();
  peak = { rss: Math.max(peak.rss, m.rss), arrayBuffers: Math.max(peak.arrayBuffers, m.arrayBuffers) };
  const grew = { rss: (peak.rss - before.rss) / MiB, arrayBuffers: (peak.arrayBuffers - before.arrayBuffers) / MiB };
  console.log(
    `gzip bomb refused in ${ms.toFixed(0)} ms; peak growth: rss ${grew.rss.toFixed(1)} MiB, arrayBuffers ${grew.arrayBuffers.toFixed(1)} MiB; ${ticks} timer ticks while inflating`,
  );
  assert.ok(isSignetError(error, 'BAD_ARCHIVE'), String(error));
  assert.equal(
    error.message,
    `${bomb}: refused: it inflates more than 100 times its compressed size (the cap for an archive past 16 MiB)`,
  );
  assert.ok(ms < 5000, `refused in ${ms} ms`);
  // without the cap this is 1024 MiB (gunzipSync); with it, the 16 MiB floor plus a few chunks
  assert.ok(grew.arrayBuffers < 64, `arrayBuffers grew ${grew.arrayBuffers} MiB`);
  assert.ok(grew.rss < 160, `rss grew ${grew.rss} MiB`);
  assert.ok(ticks > 0, 'timers ran while the archive was inflated: the main thread was not blocked');
});

test('an archive over the size cap is refused naming the cap, however well it compresses', async () => {
  const limits = { ...ARCHIVE_LIMITS, maxBytes: 1 * MiB };
  const big = join(dir, 'big.tar.gz');
  writeFileSync(big, gzipSync(randomBytes(2 * MiB))); // 2 MiB that does not compress: ratio ~1
  await assert.rejects(readArchiveFile(big, limits), {
    code: 'BAD_ARCHIVE',
    message: `the archive file ${big} is ${statSync(big).size} bytes, over the limit of ${MiB} bytes for archive files`,
  });
  const inflates = join(dir, 'inflates.tar.gz');
  writeFileSync(inflates, gzipSync(Buffer.concat([randomBytes(MiB / 2), Buffer.alloc(MiB)]))); // 1.5 MiB, ratio ~3
  await assert.rejects(readArchiveFile(inflates, limits), {
    code: 'BAD_ARCHIVE',
    message: `${inflates}: refused: it inflates to more than 1 MiB (the cap for an archive)`,
  });
});

test('a FIFO or a directory named as an archive is refused without blocking', { timeout: 5000 }, async () => {
  const fifo = join(dir, 'pipe.tar.gz');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  await assert.rejects(readArchiveFile(fifo), { code: 'BAD_ARCHIVE', message: /is a named pipe \(FIFO\)/ });
  await assert.rejects(readArchiveFile(dir), { code: 'BAD_ARCHIVE', message: /is a directory/ });
  await assert.rejects(readArchiveFile(join(dir, 'none.tar.gz')), {
    code: 'BAD_INPUT',
    message: `cannot read the archive ${join(dir, 'none.tar.gz')}: no such file`,
  });
});
