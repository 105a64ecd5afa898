import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryMetadataCache } from '../../../core/notary/metadata-cache.js';
import { updateRepository } from '../../../core/notary/tuf-client.js';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { buildTrustView } from '../../../core/trust/view.js';
import { formatExpires } from '../../../core/tuf/expires.js';
import { FixtureRemote } from '../../helpers/fixture-remote.js';
import { RepoBuilder, TEST_NOW } from '../../helpers/repo-builder.js';

const DAY = 86_400_000;
const later = (days: number): Date => new Date(TEST_NOW.getTime() + days * DAY);

/** A docker-style repository: alice signs (her delegation expires in 10 days), the snapshot in 20, the timestamp in 14. */
async function repository() {
  const b = new RepoBuilder('example.com/team/app');
  const [alice] = b.addDelegation('targets/alice');
  b.addDelegation('targets/releases', { keys: [alice!] });
  b.addTarget('targets/releases', 'v1', 'm1').addTarget('targets/alice', 'v1', 'm1');
  b.delegations.get('targets/alice')!.expires = formatExpires(later(10));
  b.snapshotExpires = later(20);
  const repo = await updateRepository({
    gun: b.gun,
    remote: new FixtureRemote(b.gun, b.build()),
    cache: new MemoryMetadataCache(),
    crypto: nodeCrypto,
    now: TEST_NOW,
  });
  return { b, alice: alice!, repo };
}

test('the trust view carries each role’s state, days and who renews it, at the clock it was given', async () => {
  const { b, alice, repo } = await repository();
  const view = buildTrustView(repo, {
    name: b.gun,
    crypto: nodeCrypto,
    localKeyIds: new Set([alice.id, b.keys.targets.id]),
    serverKeyIds: new Set([b.keys.snapshot.id, b.keys.timestamp.id]),
    now: TEST_NOW,
  });
  assert.equal(view.at, TEST_NOW.toISOString());
  assert.equal(view.warnDays, 30);
  const roles = Object.fromEntries(view.roles.map((r) => [r.role, [r.state, r.days, r.renewal]]));
  assert.deepEqual(roles, {
    root: ['ok', 3650, { by: 'others' }],
    targets: ['ok', 1095, { by: 'you', keyIds: [b.keys.targets.id] }],
    // the server holds the snapshot key: it renews the snapshot, so 20 days left is no warning
    snapshot: ['ok', 20, { by: 'server' }],
    timestamp: ['ok', 14, { by: 'server' }],
    'targets/alice': ['expiring', 10, { by: 'you', keyIds: [alice.id] }],
    'targets/releases': ['ok', 1095, { by: 'you', keyIds: [alice.id] }],
  });
  const signer = view.signers.find((s) => s.name === 'alice')!;
  assert.deepEqual([signer.state, signer.days], ['expiring', 10], 'the signer row agrees with its role');
  const cert = view.administrativeKeys.root[0]!.certificate!;
  assert.equal(cert.state, 'ok');
  assert.ok(cert.days !== null && cert.days > 3000, `root certificate: ${cert.days} days`);
});

test('without the server’s word on its keys, the snapshot is someone else’s to renew and its expiry warns', async () => {
  const { b, repo } = await repository();
  const view = buildTrustView(repo, { name: b.gun, crypto: nodeCrypto, now: TEST_NOW });
  const snapshot = view.roles.find((r) => r.role === 'snapshot')!;
  assert.deepEqual([snapshot.state, snapshot.renewal], ['expiring', { by: 'others' }]);
  const timestamp = view.roles.find((r) => r.role === 'timestamp')!;
  assert.deepEqual(
    [timestamp.state, timestamp.renewal],
    ['ok', { by: 'server' }],
    'the timestamp always is the server’s',
  );
  assert.deepEqual(
    view.roles.find((r) => r.role === 'targets/alice')!.renewal,
    { by: 'others' },
    'no key of alice here',
  );
});

test('the states follow the clock the view is built at, not the one it was verified at', async () => {
  const { b, repo } = await repository();
  const view = buildTrustView(repo, { name: b.gun, crypto: nodeCrypto, now: later(15), warnDays: 7 });
  const states = Object.fromEntries(view.roles.map((r) => [r.role, r.state]));
  assert.equal(states['timestamp'], 'expired', 'past its 14 days, though it verified at the earlier clock');
  assert.equal(states['targets/alice'], 'expired');
  assert.equal(states['snapshot'], 'expiring', '5 days left, within a 7-day window');
  assert.equal(states['targets'], 'ok');
  assert.equal(view.warnDays, 7);
});
