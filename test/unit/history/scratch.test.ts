import { test } from 'node:test';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { readHistory } from '../../../core/history/history.js';
import { MemoryVersionStore } from '../../../core/history/version-store.js';
import { toHex } from '../../../core/util/bytes.js';
import { buildHistoryRepo } from '../../helpers/history-repo.js';

test('scratch', async () => {
  const r = await buildHistoryRepo();
  const store = new MemoryVersionStore((b) => toHex(nodeCrypto.sha256(b)));
  const h = await readHistory({ gun: r.notary.gun, remote: r.notary, store, crypto: nodeCrypto, now: r.clock.now });
  for (const e of h.events) console.log(JSON.stringify({ ...e, keyIds: e.keyIds.map((k) => k.slice(0, 7)) }));
  for (const v of h.versions) console.log(v.role, v.version, v.publish, v.time, v.problem?.message ?? 'ok', v.notes.join('|'));
  console.log(h.notes);
  console.log(r.keys);
});
