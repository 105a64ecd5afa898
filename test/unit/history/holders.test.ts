/**
 * Who holds the keys a history names: yours (matched by canonical ID, so the root certificate's ID
 * finds its key), the server's (timestamp keys, and the keys it says it holds), or unknown.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { readHistory } from '../../../core/history/history.js';
import { eventKeyIds, keyHolders } from '../../../core/history/holders.js';
import { MemoryVersionStore } from '../../../core/history/version-store.js';
import type { RootSigned } from '../../../core/tuf/types.js';
import { toHex } from '../../../core/util/bytes.js';
import { buildHistoryRepo } from '../../helpers/history-repo.js';

test('history key holders: yours by canonical ID, the server for timestamp keys, else unknown', async () => {
  const r = await buildHistoryRepo();
  const history = await readHistory({
    gun: r.notary.gun,
    remote: r.notary,
    store: new MemoryVersionStore((b) => toHex(nodeCrypto.sha256(b))),
    crypto: nodeCrypto,
    now: r.clock.now,
  });
  const rootEvent = history.events.find((e) => e.change === 'initialized')!;
  const rootId = rootEvent.keyIds[0]!;
  const aliceEvent = history.events.find((e) => e.role === 'targets/alice')!;
  const root = history.versions.find((v) => v.role === 'root')!.file!.signed as RootSigned;
  const timestampId = root.roles.timestamp.keyids[0]!;

  const asAdmin = keyHolders(history, {
    crypto: nodeCrypto,
    localKeyIds: await r.admin.held(),
    serverKeyIds: new Set(),
  });
  assert.ok(!(await r.admin.held()).has(rootId), 'the root is listed under its certificate ID, not the canonical one');
  assert.equal(asAdmin[rootId], 'local', "the admin's root key, found by its canonical ID");
  assert.equal(asAdmin[r.keys.targets1], 'local');
  assert.equal(asAdmin[r.keys.targets2], 'local');
  assert.equal(asAdmin[aliceEvent.keyIds[0]!], 'unknown', "alice's key is not on the admin's computer");
  assert.deepEqual(Object.keys(asAdmin).sort(), eventKeyIds(history.events).sort(), 'every key the events name');

  const asAlice = keyHolders(history, {
    crypto: nodeCrypto,
    localKeyIds: await r.alice.held(),
    serverKeyIds: new Set(),
  });
  assert.equal(asAlice[r.keys.alice], 'local');
  assert.equal(asAlice[rootId], 'unknown');

  const told = keyHolders(
    history,
    { crypto: nodeCrypto, localKeyIds: new Set(), serverKeyIds: new Set([r.keys.targets1]) },
    [timestampId, r.keys.targets1, 'f'.repeat(64)],
  );
  assert.deepEqual(told, { [timestampId]: 'server', [r.keys.targets1]: 'server', ['f'.repeat(64)]: 'unknown' });
});
