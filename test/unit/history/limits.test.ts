/**
 * A history read is bounded: a server (which signs its own timestamps) claiming a version far
 * beyond what was published, or serving more bytes than a history can hold, is stopped with a
 * coded error saying which cap, before memory or requests grow without end.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { collectVersions } from '../../../core/history/collect.js';
import { readHistory } from '../../../core/history/history.js';
import { MemoryVersionStore } from '../../../core/history/version-store.js';
import { readChangefeed, CHANGEFEED_PAGE } from '../../../core/notary/changefeed.js';
import type { SignedFile } from '../../../core/tuf/types.js';
import { toHex } from '../../../core/util/bytes.js';
import { buildHistoryRepo } from '../../helpers/history-repo.js';

const store = () => new MemoryVersionStore((b) => toHex(nodeCrypto.sha256(b)));

test('a timestamp claiming version 10^9: HISTORY_TOO_MANY_VERSIONS before a single request, in bounded memory', async () => {
  const r = await buildHistoryRepo();
  let asked = 0;
  const remote = new Proxy(r.notary, {
    get: (t, p) => (p === 'getVersion' ? async () => (asked++, new Uint8Array()) : Reflect.get(t, p)),
  });
  const ts = {
    role: 'timestamp',
    signed: { version: 1_000_000_000 },
    raw: new Uint8Array([1]),
  } as unknown as SignedFile;
  const heap = process.memoryUsage().heapUsed;
  await assert.rejects(
    collectVersions({ gun: r.notary.gun, remote, store: store(), crypto: nodeCrypto, current: [ts] }),
    (e: Error & { code?: string }) =>
      e.code === 'HISTORY_TOO_MANY_VERSIONS' && /more than 20000 versions of .* to fetch/.test(e.message),
  );
  assert.equal(asked, 0, 'nothing fetched');
  assert.ok(process.memoryUsage().heapUsed - heap < 64 << 20, 'memory stayed bounded');
});

test('more bytes than the cap: HISTORY_TOO_LARGE; within the caps the history reads as before', async () => {
  const r = await buildHistoryRepo();
  const opts = { gun: r.notary.gun, remote: r.notary, crypto: nodeCrypto, now: r.clock.now };
  await assert.rejects(readHistory({ ...opts, store: store(), limits: { versions: 20_000, bytes: 4096 } }), {
    code: 'HISTORY_TOO_LARGE',
  });
  await assert.rejects(readHistory({ ...opts, store: store(), limits: { versions: 3, bytes: 512 << 20 } }), {
    code: 'HISTORY_TOO_MANY_VERSIONS',
  });
  const h = await readHistory({ ...opts, store: store() });
  assert.ok(h.events.length > 10);
});

test('a changefeed that never ends is stopped at its cap', async () => {
  let next = 0;
  const endless = async () => ({
    count: CHANGEFEED_PAGE,
    records: Array.from({ length: CHANGEFEED_PAGE }, () => ({
      id: String(++next),
      createdAt: '2026-12-01T00:00:00Z',
      gun: 'g',
      version: next,
      sha256: '',
      category: 'update',
    })),
  });
  await assert.rejects(readChangefeed(endless), { code: 'HISTORY_TOO_MANY_VERSIONS' });
  assert.ok(next <= 101 * CHANGEFEED_PAGE);
});
