import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { MemoryMetadataCache } from '../../../core/notary/metadata-cache.js';
import { updateRepository } from '../../../core/notary/tuf-client.js';
import { MemoryVersionStore, type VersionStore } from '../../../core/history/version-store.js';
import { toHex } from '../../../core/util/bytes.js';
import { keepVerified } from '../../../core/history/keep.js';
import { buildHistoryRepo } from '../../helpers/history-repo.js';

test('updateRepository keeps every verified file it read (inspect, sign and audit go through it); a failing store is a warning', async () => {
  const r = await buildHistoryRepo();
  const store = new MemoryVersionStore((b) => toHex(nodeCrypto.sha256(b)));
  const opts = { gun: r.notary.gun, remote: r.notary, crypto: nodeCrypto, now: r.clock.now, offline: 'never' as const };
  const repo = await updateRepository({ ...opts, cache: new MemoryMetadataCache(), observe: keepVerified(store) });
  const kept = await store.list(r.notary.gun);
  assert.deepEqual(
    kept.map((e) => `${e.role} v${e.version}`).sort(),
    ['root v2', 'snapshot v10', 'targets v9', 'timestamp v10'],
    'the files of the verified state (the files of the removed signer are no part of it)',
  );
  for (const e of kept) assert.deepEqual(await store.get(e.sha256), store.objects.get(e.sha256));
  assert.deepEqual(repo.warnings, []);

  const broken: VersionStore = {
    put: async () => Promise.reject(new Error('disk full')),
    get: (sha) => store.get(sha),
    record: (entries) => store.record(entries),
    list: (gun) => store.list(gun),
  };
  const again = await updateRepository({ ...opts, cache: new MemoryMetadataCache(), observe: keepVerified(broken) });
  assert.deepEqual(again.warnings, ['the verified trust data could not be kept for its history: disk full']);
});
