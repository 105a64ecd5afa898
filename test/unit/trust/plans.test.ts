/**
 * The trust operations end to end against the in-memory notary: initialise, sign, co-sign, add and
 * remove signers, revoke, rotate keys (targets, root, server-managed snapshot), witness.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalKeyId, keyId } from '../../../core/crypto/key-id.js';
import { isSignetError } from '../../../core/errors.js';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { planAddSigner } from '../../../core/trust/add-signer.js';
import { planRemoveSigner } from '../../../core/trust/remove-signer.js';
import { planRevoke } from '../../../core/trust/revoke.js';
import { releasedEntry, RELEASES } from '../../../core/trust/roles.js';
import { planRotate } from '../../../core/trust/rotate.js';
import { planSign } from '../../../core/trust/sign.js';
import type { RootSigned, SnapshotSigned, TargetsSigned, TimestampSigned } from '../../../core/tuf/types.js';
import { fakeManifest, MemoryNotary, MemoryWriter, reemitsIdentically } from '../../helpers/memory-notary.js';

const GUN = 'registry.test:5000/org/app';
const noRegistry = async (): Promise<never> => assert.fail('the registry must not be asked');

async function sign(w: MemoryWriter, tag: string) {
  const repo = await w.repo();
  const plan = await planSign(repo, tag, await w.held(), nodeCrypto, async () => fakeManifest(tag));
  await w.stage(plan.changes);
  return { plan, result: plan.changes.length > 0 ? await w.publish() : undefined };
}

/** admin + alice + bob, signers alice and bob added by admin (docker's layout). */
async function signersRepo() {
  const notary = new MemoryNotary(GUN);
  const admin = new MemoryWriter(notary);
  await admin.init();
  const alice = new MemoryWriter(notary);
  const bob = new MemoryWriter(notary);
  const aliceKey = (await alice.keys.generateKey('alice')).key;
  const bobKey = (await bob.keys.generateKey('bob')).key;
  await admin.stage(planAddSigner('alice', [aliceKey.publicKey]));
  await admin.publish();
  await admin.stage(planAddSigner('bob', [bobKey.publicKey]));
  await admin.publish();
  return { notary, admin, alice, bob, aliceKey, bobKey };
}

test('initialise (docker layout): root v1 + targets v1 uploaded, snapshot and timestamp made by the server with its ed25519 key', async () => {
  const notary = new MemoryNotary(GUN);
  const admin = new MemoryWriter(notary);
  const { init, result } = await admin.init();
  assert.deepEqual(result.published.sort(), ['root', 'targets']);
  assert.deepEqual(notary.versions(), { root: 1, snapshot: 1, targets: 1, timestamp: 1 });
  assert.equal(init.createdRootKey, true);
  const root = notary.parsed<RootSigned>('root')!.signed;
  const rootKeyId = root.roles.root.keyids[0]!;
  assert.equal(root.keys[rootKeyId]!.keytype, 'ecdsa-x509');
  assert.equal(canonicalKeyId(root.keys[rootKeyId]!, nodeCrypto), init.rootKeyId);
  assert.equal(root.keys[root.roles.snapshot.keyids[0]!]!.keytype, 'ed25519');
  assert.equal(notary.parsed('snapshot')!.signatures[0]!.method, 'eddsa');
  assert.equal(notary.parsed('timestamp')!.signatures[0]!.method, 'eddsa');
  // the person holds root + targets keys only; staged changes are gone
  assert.deepEqual((await admin.keys.listKeys()).map((k) => k.role).sort(), ['root', 'targets']);
  assert.deepEqual(await admin.changes.list(), []);
  // server keys fetched once each before the first publish
  assert.deepEqual(
    notary.requests.filter((r) => r.endsWith('.key')),
    ['GET snapshot.key', 'GET timestamp.key'],
  );
  assert.equal(result.repo.source, 'remote');
});

test('initialise (notary layout): the snapshot is signed locally and uploaded; the server only adds the timestamp', async () => {
  const notary = new MemoryNotary(GUN, { keyAlgorithm: 'ecdsa' });
  const admin = new MemoryWriter(notary);
  const { result } = await admin.init({ snapshot: 'local' });
  assert.deepEqual(result.published.sort(), ['root', 'snapshot', 'targets']);
  assert.equal(notary.published[0]!.serverSnapshot, undefined);
  assert.deepEqual((await admin.keys.listKeys()).map((k) => k.role).sort(), ['root', 'snapshot', 'targets']);
  assert.equal(notary.parsed('timestamp')!.signatures[0]!.method, 'ecdsa');
  assert.deepEqual(
    notary.requests.filter((r) => r.endsWith('.key')),
    ['GET timestamp.key'],
  );
});

test('a second repository reuses the root key (its own CN=GUN certificate) and gets a new targets key', async () => {
  const first = new MemoryWriter(new MemoryNotary(GUN));
  const a = await first.init();
  const second = new MemoryWriter(new MemoryNotary('registry.test:5000/org/other'), { store: first.store });
  const b = await second.init();
  assert.equal(b.init.createdRootKey, false);
  assert.equal(b.init.rootKeyId, a.init.rootKeyId);
  assert.notEqual(b.init.targetsKeyId, a.init.targetsKeyId);
});

test('sign as repository admin (no delegations): into targets, version + 1; re-signing the same digest changes nothing', async () => {
  const notary = new MemoryNotary(GUN);
  const admin = new MemoryWriter(notary);
  await admin.init();
  const { plan, result } = await sign(admin, 'v1');
  assert.deepEqual(plan.roles, ['targets']);
  assert.equal(plan.source, 'registry');
  assert.deepEqual(result!.published, ['targets']);
  assert.deepEqual(notary.versions(), { root: 1, snapshot: 2, targets: 2, timestamp: 2 });
  const m = fakeManifest('v1');
  assert.deepEqual(notary.parsed<TargetsSigned>('targets')!.signed.targets['v1'], {
    hashes: { sha256: Buffer.from(m.hex, 'hex').toString('base64') },
    length: m.size,
  });
  const again = await planSign(await admin.repo(), 'v1', await admin.held(), nodeCrypto, noRegistry);
  assert.deepEqual(again.unchanged, ['targets']);
  assert.deepEqual(again.changes, []);
});

test('add signers: targets/alice, targets/releases, targets/bob in targets.json, signed by the repository key only', async () => {
  const { notary, aliceKey, bobKey } = await signersRepo();
  const targets = notary.parsed<TargetsSigned>('targets')!;
  assert.equal(targets.signed.version, 3);
  assert.equal(targets.signatures.length, 1);
  assert.deepEqual(
    targets.signed.delegations.roles!.map((r) => r.name),
    ['targets/alice', RELEASES, 'targets/bob'],
  );
  const releases = targets.signed.delegations.roles!.find((r) => r.name === RELEASES)!;
  assert.deepEqual(releases.keyids.sort(), [aliceKey.canonicalId, bobKey.canonicalId].sort());
  assert.deepEqual(releases.paths, ['']);
  assert.equal(notary.file('targets/alice'), undefined, 'a signer file appears only when something is signed into it');
});

test('sign as a signer (releases + own role, version 1) and co-sign (existing digest, identical releases entry left alone)', async () => {
  const { notary, alice, bob } = await signersRepo();
  const a = await sign(alice, 'v1');
  assert.deepEqual(a.plan.roles.sort(), ['targets/alice', RELEASES].sort());
  assert.deepEqual(a.result!.published.sort(), ['targets/alice', RELEASES].sort());
  assert.equal(notary.parsed('targets/alice')!.signed.version, 1);
  assert.equal(notary.parsed(RELEASES)!.signed.version, 1);

  const b = await planSign(await bob.repo(), 'v1', await bob.held(), nodeCrypto, noRegistry);
  assert.equal(b.source, 'existing');
  assert.deepEqual(b.unchanged, [RELEASES]);
  await bob.stage(b.changes);
  const r = await bob.publish();
  assert.deepEqual(r.published, ['targets/bob']);
  assert.equal(notary.parsed(RELEASES)!.signed.version, 1);
  assert.equal(notary.parsed(RELEASES)!.signatures.length, 1);
  assert.deepEqual(
    notary.parsed<TargetsSigned>('targets/bob')!.signed.targets['v1'],
    notary.parsed<TargetsSigned>(RELEASES)!.signed.targets['v1'],
  );
  // a later signature of a new tag by alice bumps her files to version 2
  await sign(alice, 'v2');
  assert.equal(notary.parsed('targets/alice')!.signed.version, 2);
  assert.equal(notary.parsed(RELEASES)!.signed.version, 2);
});

test(`the admin cannot sign once signers exist: NO_SIGNING_KEYS, docker's "no valid signing keys for delegation roles"`, async () => {
  const { admin } = await signersRepo();
  await assert.rejects(
    planSign(await admin.repo(), 'v1', await admin.held(), nodeCrypto, async () => fakeManifest('v1')),
    (e) => isSignetError(e, 'NO_SIGNING_KEYS') && e.message === 'no valid signing keys for delegation roles',
  );
});

test('remove a signer who alone signed releases: her tags are reported orphaned, and no longer pullable afterwards', async () => {
  const { notary, admin, alice, bob, aliceKey, bobKey } = await signersRepo();
  await sign(alice, 'v1');
  const repo = await admin.repo();
  const plan = planRemoveSigner(repo, 'alice', nodeCrypto);
  assert.deepEqual(plan.removedKeys, [aliceKey.canonicalId]);
  assert.deepEqual(plan.orphanedTags, ['v1']);
  assert.equal(plan.releasesRemoved, false);
  await admin.stage(plan.changes);
  const r = await admin.publish();
  assert.deepEqual(r.published, ['targets']);
  const targets = notary.parsed<TargetsSigned>('targets')!.signed;
  assert.deepEqual(
    targets.delegations.roles!.map((x) => x.name),
    [RELEASES, 'targets/bob'],
  );
  assert.deepEqual(targets.delegations.roles!.find((x) => x.name === RELEASES)!.keyids, [bobKey.canonicalId]);
  assert.ok(!(aliceKey.canonicalId in targets.delegations.keys), "alice's key leaves targets.json");
  // releases is still signed by alice only: a reader skips it, so v1 is no longer released
  const after = await bob.repo();
  assert.equal(releasedEntry(after, 'v1'), undefined);
  assert.ok(after.warnings.some((w) => w.includes(RELEASES)));
});

test('remove a signer when another releases signature remains: nothing orphaned; removing the last releases key deletes releases', async () => {
  const { admin, alice, bob } = await signersRepo();
  await sign(alice, 'v1');
  const planBob = planRemoveSigner(await admin.repo(), 'bob', nodeCrypto);
  assert.deepEqual(planBob.orphanedTags, []);
  await admin.stage(planBob.changes);
  await admin.publish();
  const planAlice = planRemoveSigner(await admin.repo(), 'alice', nodeCrypto);
  assert.equal(planAlice.releasesRemoved, true);
  assert.deepEqual(planAlice.orphanedTags, ['v1']);
  await admin.stage(planAlice.changes);
  await admin.publish();
  const repo = await alice.repo();
  assert.deepEqual(repo.targets.signed.delegations.roles, []);
  assert.deepEqual(repo.targets.signed.delegations.keys, {});
  assert.equal(repo.delegations.size, 0);
  void bob;
});

test('revoke one tag and then all tags: removed from every role the signer can sign, files version + 1', async () => {
  const { notary, alice, bob } = await signersRepo();
  await sign(alice, 'v1');
  await sign(alice, 'v2');
  const notaryRepo = await bob.repo();
  // bob holds a releases key, so he could revoke v1 from releases (docker's rule); a key-less user cannot
  assert.deepEqual(planRevoke(await bob.repo(), 'v1', await bob.held(), nodeCrypto).removals, [
    { role: RELEASES, tag: 'v1' },
  ]);
  assert.throws(
    () => planRevoke(notaryRepo, 'v1', new Set(), nodeCrypto),
    (e) => isSignetError(e, 'NO_SIGNING_KEYS'),
  );
  const one = planRevoke(await alice.repo(), 'v1', await alice.held(), nodeCrypto);
  assert.deepEqual(one.removals.map((x) => x.role).sort(), ['targets/alice', RELEASES].sort());
  await alice.stage(one.changes);
  await alice.publish();
  assert.deepEqual(Object.keys(notary.parsed<TargetsSigned>(RELEASES)!.signed.targets), ['v2']);
  assert.equal(notary.parsed(RELEASES)!.signed.version, 3);
  const all = planRevoke(await alice.repo(), undefined, await alice.held(), nodeCrypto);
  assert.deepEqual(
    all.removals.map((x) => x.tag),
    ['v2', 'v2'],
  );
  await alice.stage(all.changes);
  await alice.publish();
  const repo = await bob.repo();
  assert.deepEqual(repo.delegations.get(RELEASES)!.signed.targets, {});
  assert.deepEqual(repo.delegations.get('targets/alice')!.signed.targets, {});
  assert.throws(() => planRevoke(repo, undefined, new Set(), nodeCrypto));
  assert.throws(
    () => planRevoke(repo, 'v1', new Set(), nodeCrypto),
    (e) => isSignetError(e),
  );
});

test('rotate the targets key: root v + 1, targets re-signed by the new key only, the old key leaves root', async () => {
  const notary = new MemoryNotary(GUN);
  const admin = new MemoryWriter(notary);
  const { init } = await admin.init();
  await sign(admin, 'v1');
  const reader = new MemoryWriter(notary);
  await reader.repo();
  const { changes, newKeyId } = await planRotate({
    gun: GUN,
    role: 'targets',
    serverManaged: false,
    keys: admin.keys,
    remote: notary,
    now: admin.now(),
  });
  await admin.stage(changes);
  const r = await admin.publish();
  assert.deepEqual(r.published.sort(), ['root', 'targets']);
  const root = notary.parsed<RootSigned>('root')!;
  assert.equal(root.signed.version, 2);
  assert.deepEqual(root.signed.roles.targets.keyids, [newKeyId]);
  assert.ok(!(init.targetsKeyId in root.signed.keys));
  assert.equal(Object.keys(root.signed.keys).length, 4);
  const targets = notary.parsed<TargetsSigned>('targets')!;
  assert.equal(targets.signed.version, 3);
  assert.deepEqual(
    targets.signatures.map((s) => s.keyid),
    [newKeyId],
  );
  assert.ok('v1' in targets.signed.targets, 'content kept');
  // a reader that trusted root v1 follows the new root and verifies the new targets
  const after = await reader.repo();
  assert.equal(after.root.signed.version, 2);
  assert.ok('v1' in after.targets.signed.targets);
  // and signing still works with the new key
  await sign(admin, 'v2');
  assert.equal(notary.parsed('targets')!.signed.version, 4);
});

test('rotate the root key twice: each root signed by the old and the new root key; a client on root v1 walks 2.root then 3', async () => {
  const notary = new MemoryNotary(GUN);
  const admin = new MemoryWriter(notary);
  const { init } = await admin.init();
  const follower = new MemoryWriter(notary);
  const v1 = await follower.repo();
  const oldRootId = v1.root.signed.roles.root.keyids[0]!;

  const rot1 = await planRotate({
    gun: GUN,
    role: 'root',
    serverManaged: false,
    keys: admin.keys,
    remote: notary,
    now: admin.now(),
  });
  await admin.stage(rot1.changes);
  const r1 = await admin.publish();
  assert.deepEqual(r1.published, ['root']);
  const root2 = notary.parsed<RootSigned>('root')!;
  assert.equal(root2.signed.version, 2);
  const newRootId = root2.signed.roles.root.keyids[0]!;
  assert.notEqual(newRootId, oldRootId);
  assert.equal(root2.signed.keys[newRootId]!.keytype, 'ecdsa-x509');
  assert.equal(canonicalKeyId(root2.signed.keys[newRootId]!, nodeCrypto), rot1.newKeyId);
  assert.deepEqual(root2.signatures.map((s) => s.keyid).sort(), [oldRootId, newRootId].sort());
  assert.notEqual(rot1.newKeyId, init.rootKeyId);

  const rot2 = await planRotate({
    gun: GUN,
    role: 'root',
    serverManaged: false,
    keys: admin.keys,
    remote: notary,
    now: admin.now(),
  });
  await admin.stage(rot2.changes);
  await admin.publish();
  assert.equal(notary.parsed('root')!.signed.version, 3);

  follower.notary.requests.length = 0;
  const after = await follower.repo();
  assert.equal(after.root.signed.version, 3);
  assert.ok(notary.requests.includes('GET 2.root'), 'intermediate root fetched by version');
  // a root v2 signed only by the new key would not be followed: the chain needs the old key's signature
  assert.equal(
    keyId(after.root.signed.keys[after.root.signed.roles.root.keyids[0]!]!, nodeCrypto),
    after.root.signed.roles.root.keyids[0],
  );
});

test('rotate the snapshot key to the server (-r) on a notary-layout repository: root v2, later publishes carry no snapshot', async () => {
  const notary = new MemoryNotary(GUN);
  const admin = new MemoryWriter(notary);
  await admin.init({ snapshot: 'local' });
  await assert.rejects(
    planRotate({
      gun: GUN,
      role: 'timestamp',
      serverManaged: false,
      keys: admin.keys,
      remote: notary,
      now: admin.now(),
    }),
    (e) => isSignetError(e, 'BAD_INPUT'),
  );
  const { changes } = await planRotate({
    gun: GUN,
    role: 'snapshot',
    serverManaged: true,
    keys: admin.keys,
    remote: notary,
    now: admin.now(),
  });
  await admin.stage(changes);
  const r = await admin.publish();
  // the new snapshot key is the server's: no local snapshot is uploaded any more
  assert.deepEqual(r.published, ['root']);
  assert.equal(notary.parsed('root')!.signed.version, 2);
  assert.ok(notary.published.at(-1)!.serverSnapshot, 'server built the snapshot');
  await sign(admin, 'v1');
  assert.deepEqual([...notary.published.at(-1)!.uploaded.keys()], ['targets']);
  // a client that trusted root v1 (local snapshot key) follows to the server-signed snapshot
  const reader = new MemoryWriter(notary);
  reader.cache.files.set('root', notary.published[0]!.uploaded.get('root')!);
  const repo = await reader.repo();
  assert.equal(repo.root.signed.version, 2);
  assert.ok('v1' in repo.targets.signed.targets);
  assert.equal(notary.parsed<SnapshotSigned>('snapshot')!.signatures[0]!.method, 'eddsa');
});

test('rotate the timestamp key (server-managed): root v2; a client that trusted root v1 follows although the new timestamp is signed by a key it did not know', async () => {
  const notary = new MemoryNotary(GUN);
  const admin = new MemoryWriter(notary);
  await admin.init();
  const reader = new MemoryWriter(notary);
  const v1 = await reader.repo();
  const { changes } = await planRotate({
    gun: GUN,
    role: 'timestamp',
    serverManaged: true,
    keys: admin.keys,
    remote: notary,
    now: admin.now(),
  });
  await admin.stage(changes);
  await admin.publish();
  const root = notary.parsed<RootSigned>('root')!.signed;
  assert.equal(root.version, 2);
  assert.notDeepEqual(root.roles.timestamp.keyids, v1.root.signed.roles.timestamp.keyids);
  const after = await reader.repo();
  assert.equal(after.root.signed.version, 2);
  assert.equal(after.timestamp.signatures[0]!.keyid, root.roles.timestamp.keyids[0]);
});

test('witness: a role re-signed with version + 1, a new expiry and the same content; an unknown role is refused', async () => {
  let now = new Date('2030-01-01T00:00:00Z');
  const notary = new MemoryNotary(GUN, { now: () => now });
  const setup = await (async () => {
    const admin = new MemoryWriter(notary, { now: () => now });
    await admin.init();
    const alice = new MemoryWriter(notary, { now: () => now });
    const key = (await alice.keys.generateKey('alice')).key;
    await admin.stage(planAddSigner('alice', [key.publicKey]));
    await admin.publish();
    await sign(alice, 'v1');
    return { admin, alice };
  })();
  const before = notary.parsed<TargetsSigned>(RELEASES)!;
  now = new Date('2031-01-01T00:00:00Z');
  await setup.alice.stage([{ type: 'witness', action: 'update', role: RELEASES }]);
  const r = await setup.alice.publish();
  assert.deepEqual(r.published, [RELEASES]);
  const after = notary.parsed<TargetsSigned>(RELEASES)!;
  assert.equal(after.signed.version, before.signed.version + 1);
  assert.equal(after.signed.expires, '2033-12-31T00:00:00Z'); // 3 × 365 days (2032 is a leap year)
  assert.deepEqual(after.signed.targets, before.signed.targets);
  assert.deepEqual(after.signed.delegations, before.signed.delegations);
  await setup.admin.stage([{ type: 'witness', action: 'update', role: 'targets/nobody' }]);
  await assert.rejects(
    setup.admin.publish(),
    (e) => isSignetError(e, 'BAD_INPUT') && /targets\/nobody is not a role/.test(e.message),
  );
  assert.equal((await setup.admin.changes.list()).length, 1, 'the refused change stays staged');
});

test('every uploaded file in these flows re-emits byte-identically (parse + encodeEnvelope), and so do the server-made ones', async () => {
  const { notary, alice, bob } = await signersRepo();
  await sign(alice, 'v1');
  const b = await planSign(await bob.repo(), 'v1', await bob.held(), nodeCrypto, noRegistry);
  await bob.stage(b.changes);
  await bob.publish();
  let n = 0;
  for (const rec of notary.published) {
    for (const [role, bytes] of rec.uploaded) {
      assert.ok(reemitsIdentically(role, bytes), `${role} re-emits identically`);
      assert.notEqual(bytes.at(-1), 0x0a, 'no trailing newline');
      n++;
    }
    if (rec.serverSnapshot) assert.ok(reemitsIdentically('snapshot', rec.serverSnapshot));
    assert.ok(reemitsIdentically('timestamp', rec.timestamp));
  }
  assert.ok(n >= 6);
  const ts = notary.parsed<TimestampSigned>('timestamp')!.signed;
  assert.equal(ts.version, notary.published.length);
});
