/**
 * publishChanges against the in-memory notary: conflicts and the single retry, failed publishes
 * keeping staged changes, wrong passphrases, the root 6-month renewal, and the server double's own
 * validation (which mirrors notary-server's).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyId } from '../../../core/crypto/key-id.js';
import { isSignetError, SignetError } from '../../../core/errors.js';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { canonicalBytes, encodeEnvelope } from '../../../core/crypto/canonical-json.js';
import { parseSignedFile } from '../../../core/tuf/parse.js';
import type { RoleName, RootSigned, SnapshotSigned, TargetsSigned, TimestampSigned } from '../../../core/tuf/types.js';
import { planAddSigner } from '../../../core/trust/add-signer.js';
import { planSign } from '../../../core/trust/sign.js';
import { toBase64 } from '../../../core/util/bytes.js';
import { ecdsaKey, signWith } from '../../helpers/repo-builder.js';
import {
  fakeManifest,
  goRemarshal,
  MemoryNotary,
  MemoryWriter,
  reemitsIdentically,
  scriptedPassphrases,
} from '../../helpers/memory-notary.js';

const GUN = 'registry.test:5000/org/app';
const DAY = 86_400_000;

async function stageSign(w: MemoryWriter, tag: string): Promise<void> {
  const plan = await planSign(await w.repo(), tag, await w.held(), nodeCrypto, async () => fakeManifest(tag));
  await w.stage(plan.changes);
}

/** An initialised repository and two clients of the same admin (same keys, separate caches/changelists). */
async function twoAdmins(opts: { snapshot?: 'server' | 'local' } = {}) {
  const notary = new MemoryNotary(GUN);
  const a = new MemoryWriter(notary);
  await a.init(opts);
  const b = new MemoryWriter(notary, { store: a.store });
  return { notary, a, b };
}

const tags = (n: MemoryNotary, role: RoleName = 'targets') =>
  Object.keys(n.parsed<TargetsSigned>(role)!.signed.targets).sort();

test('conflict: another writer publishes between fetch and upload → 400 VERSION, one retry re-applies on top and succeeds', async () => {
  const { notary, a, b } = await twoAdmins();
  await stageSign(a, 'v1');
  await stageSign(b, 'v2');
  notary.beforeNextPublish(async () => void (await b.publish())); // b wins the race
  const steps: string[] = [];
  const r = await a.publish();
  assert.deepEqual(tags(notary), ['v1', 'v2'], "a's change applied on top of b's");
  assert.equal(notary.rejected.length, 1);
  assert.match(notary.rejected[0]!.message, /\bVERSION\b/);
  assert.equal(notary.parsed('targets')!.signed.version, 3, 'b: 2, a (re-applied): 3');
  assert.deepEqual(await a.changes.list(), []);
  assert.deepEqual(await b.changes.list(), []);
  assert.deepEqual(r.applied.length, 1);
  void steps;
});

test('a second conflict fails with NOTARY_REJECTED (VERSION) and keeps the staged changes; a later publish succeeds', async () => {
  const { notary, a, b } = await twoAdmins();
  await stageSign(a, 'v1');
  await stageSign(b, 'v2');
  notary.beforeNextPublish(async () => void (await b.publish()));
  notary.beforeNextPublish(async () => {
    await stageSign(b, 'v3');
    await b.publish();
  });
  await assert.rejects(a.publish(), (e) => isSignetError(e, 'NOTARY_REJECTED') && /\bVERSION\b/.test(e.message));
  assert.equal(notary.rejected.length, 2);
  assert.deepEqual(tags(notary), ['v2', 'v3']);
  const staged = await a.changes.list();
  assert.equal(staged.length, 1);
  assert.equal(staged[0]!.change.type === 'target' && staged[0]!.change.path, 'v1');
  await a.publish();
  assert.deepEqual(tags(notary), ['v1', 'v2', 'v3']);
  assert.deepEqual(await a.changes.list(), []);
});

test('a non-VERSION rejection is not retried', async () => {
  const { notary, a } = await twoAdmins();
  await stageSign(a, 'v1');
  notary.failNextPublish(
    new SignetError('NOTARY_REJECTED', 'publishing targets: answered 400 Bad Request: INVALID_UPDATE: ErrBadTargets'),
  );
  await assert.rejects(a.publish(), (e) => isSignetError(e, 'NOTARY_REJECTED') && /INVALID_UPDATE/.test(e.message));
  assert.equal(notary.requests.filter((r) => r.startsWith('POST ')).length, 2, 'init + the one refused attempt');
  assert.equal((await a.changes.list()).length, 1);
});

test('publish failure (5xx): HTTP_SERVER_ERROR, nothing stored, staged changes kept; the retry publishes them', async () => {
  const { notary, a } = await twoAdmins();
  const before = notary.versions();
  await stageSign(a, 'v1');
  notary.failNextPublish();
  await assert.rejects(a.publish(), (e) => isSignetError(e, 'HTTP_SERVER_ERROR') && /503/.test(e.message));
  assert.deepEqual(notary.versions(), before);
  assert.equal((await a.changes.list()).length, 1);
  const r = await a.publish();
  assert.deepEqual(r.published, ['targets']);
  assert.deepEqual(tags(notary), ['v1']);
  assert.deepEqual(await a.changes.list(), []);
});

test('a hung publish stays pending until aborted; then HTTP_TIMEOUT and the changes stay staged', async () => {
  const { notary, a } = await twoAdmins();
  const before = notary.snapshotState();
  await stageSign(a, 'v1');
  const hang = notary.hangNextPublish();
  let settled = false;
  const p = a.publish().finally(() => (settled = true));
  await hang.entered;
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(settled, false, 'still waiting for the server');
  hang.abort();
  await assert.rejects(p, (e) => isSignetError(e, 'HTTP_TIMEOUT'));
  assert.deepEqual(notary.snapshotState(), before);
  assert.equal((await a.changes.list()).length, 1);
});

test('wrong passphrase three times: KEY_WRONG_PASSPHRASE, no POST, the change stays staged', async () => {
  const { notary, a } = await twoAdmins();
  const wrong = new MemoryWriter(notary, {
    store: a.store,
    passphrases: scriptedPassphrases(['nope', 'still nope', 'no'], () => undefined),
  });
  await stageSign(wrong, 'v1');
  const posts = notary.requests.filter((r) => r.startsWith('POST ')).length;
  await assert.rejects(wrong.publish(), (e) => isSignetError(e, 'KEY_WRONG_PASSPHRASE'));
  assert.equal(notary.requests.filter((r) => r.startsWith('POST ')).length, posts);
  assert.deepEqual(
    wrong.passphrases.asked.map((r) => [r.role, r.attempt]),
    [
      ['targets', 1],
      ['targets', 2],
      ['targets', 3],
    ],
  );
  assert.equal((await wrong.changes.list()).length, 1);
});

test('a cancelled passphrase prompt: KEY_CANCELLED, nothing published', async () => {
  const { notary, a } = await twoAdmins();
  const cancel = new MemoryWriter(notary, { store: a.store, passphrases: scriptedPassphrases([], () => undefined) });
  await stageSign(cancel, 'v1');
  await assert.rejects(cancel.publish(), (e) => isSignetError(e, 'KEY_CANCELLED'));
  assert.equal(notary.published.length, 1);
});

test('nothing to publish: BAD_INPUT, no POST', async () => {
  const { notary, a } = await twoAdmins();
  await a.stage([{ type: 'target', action: 'delete', role: 'targets', path: 'never-signed' }]);
  await assert.rejects(a.publish(), (e) => isSignetError(e, 'BAD_INPUT') && /nothing to publish/.test(e.message));
  assert.equal(notary.published.length, 1);
});

test('version numbers as notary: new delegation file 1, existing + 1; server snapshot and timestamp previous + 1', async () => {
  const { notary, a } = await twoAdmins();
  const alice = new MemoryWriter(notary);
  const key = (await alice.keys.generateKey('alice')).key;
  await a.stage(planAddSigner('alice', [key.publicKey]));
  await a.publish();
  assert.deepEqual(notary.versions(), { root: 1, snapshot: 2, targets: 2, timestamp: 2 });
  await stageSign(alice, 'v1');
  await alice.publish();
  assert.deepEqual(notary.versions(), {
    root: 1,
    snapshot: 3,
    targets: 2,
    'targets/alice': 1,
    'targets/releases': 1,
    timestamp: 3,
  });
  await stageSign(alice, 'v2');
  await alice.publish();
  assert.deepEqual(notary.versions(), {
    root: 1,
    snapshot: 4,
    targets: 2,
    'targets/alice': 2,
    'targets/releases': 2,
    timestamp: 4,
  });
});

test('snapshot signed locally when the snapshot key is held (notary layout): version + 1, pins the uploaded bytes', async () => {
  const { notary, a } = await twoAdmins({ snapshot: 'local' });
  await stageSign(a, 'v1');
  const r = await a.publish();
  assert.deepEqual(r.published, ['targets', 'snapshot']);
  const rec = notary.published.at(-1)!;
  assert.equal(rec.serverSnapshot, undefined);
  const snap = parseSignedFile('snapshot', rec.uploaded.get('snapshot')!).signed as SnapshotSigned;
  assert.equal(snap.version, 2);
  const t = rec.uploaded.get('targets')!;
  assert.deepEqual(snap.meta['targets'], {
    hashes: { sha256: toBase64(nodeCrypto.sha256(t)), sha512: toBase64(nodeCrypto.sha512(t)) },
    length: t.length,
  });
  assert.ok(snap.meta['root'], 'root entry carried over');
});

test('snapshot omitted when server-managed (docker layout): the server pins sha256+sha512 of its re-marshal, equal to the stored bytes', async () => {
  const { notary, a } = await twoAdmins();
  await stageSign(a, 'v1');
  const r = await a.publish();
  assert.deepEqual(r.published, ['targets']);
  const rec = notary.published.at(-1)!;
  assert.ok(rec.serverSnapshot);
  const up = rec.uploaded.get('targets')!;
  assert.deepEqual(goRemarshal(parseSignedFile('targets', up)), up, 'upload is already in Go form');
  const snap = notary.parsed<SnapshotSigned>('snapshot')!.signed;
  assert.equal(snap.meta['targets']!.hashes['sha256'], toBase64(nodeCrypto.sha256(notary.file('targets')!)));
  assert.equal(snap.meta['targets']!.hashes['sha512'], toBase64(nodeCrypto.sha512(notary.file('targets')!)));
  assert.equal(snap.version, 2);
});

test('uploaded bytes re-emit byte-identically (parse + encodeEnvelope), with no trailing newline', async () => {
  const { notary, a } = await twoAdmins({ snapshot: 'local' });
  await stageSign(a, 'v1');
  await a.publish();
  for (const rec of notary.published) {
    for (const [role, bytes] of rec.uploaded) {
      assert.ok(reemitsIdentically(role, bytes), role);
      assert.notEqual(bytes.at(-1), 0x0a);
    }
  }
});

test('root expiring within 6 months is re-signed on the next publish (root v + 1, 10 more years)', async () => {
  // root signed 9.7 years ago and never since; targets kept fresh by witnessing every 2.9 years
  const T0 = new Date('2040-06-01T00:00:00Z');
  let now = new Date(T0.getTime() - Math.round(9.7 * 365) * DAY);
  const notary = new MemoryNotary(GUN, { now: () => now });
  const admin = new MemoryWriter(notary, { now: () => now });
  await admin.init();
  for (let i = 0; i < 3; i++) {
    now = new Date(now.getTime() + Math.round(2.9 * 365) * DAY);
    await admin.stage([{ type: 'witness', action: 'update', role: 'targets' }]);
    const r = await admin.publish();
    assert.deepEqual(r.published, ['targets'], `hop ${i}: root not due yet`);
  }
  assert.equal(notary.parsed('root')!.signed.version, 1);
  now = T0; // root expires in ~110 days
  await stageSign(admin, 'v1');
  const r = await admin.publish();
  assert.deepEqual(r.published.sort(), ['root', 'targets']);
  const root = notary.parsed<RootSigned>('root')!.signed;
  assert.equal(root.version, 2);
  assert.equal(root.expires, new Date(T0.getTime() + 3650 * DAY).toISOString().replace('.000Z', 'Z'));
});

/* ------------------------------------------------------------------ the double's notary-like validation */

test('memory notary: replaying a stored upload → 400 VERSION; a root of version + 2 → INVALID_UPDATE ErrBadRoot', async () => {
  const { notary, a } = await twoAdmins();
  await stageSign(a, 'v1');
  await a.publish();
  const last = notary.published.at(-1)!.uploaded;
  await assert.rejects(
    notary.publish(last),
    (e) => isSignetError(e, 'NOTARY_REJECTED') && /VERSION: A newer version/.test(e.message),
  );
  const root = notary.parsed<RootSigned>('root')!;
  const v3 = { ...root.signed, version: 3 };
  const bytes = encodeEnvelope(v3, root.signatures); // signature no longer matters: the version check comes first
  await assert.rejects(
    notary.publish(new Map([['root', bytes]])),
    (e) =>
      isSignetError(e, 'NOTARY_REJECTED') &&
      /ErrBadRoot: Root modifications must increment the version. Current 1, new 3/.test(e.message),
  );
});

test('memory notary: targets signed by a key root does not list → INVALID_UPDATE ErrBadTargets; nothing stored', async () => {
  const { notary } = await twoAdmins();
  const before = notary.snapshotState();
  const t = notary.parsed<TargetsSigned>('targets')!.signed;
  const body = { ...t, version: t.version + 1 };
  const bytes = encodeEnvelope(body, signWith(body, [ecdsaKey()]));
  await assert.rejects(
    notary.publish(new Map([['targets', bytes]])),
    (e) => isSignetError(e, 'NOTARY_REJECTED') && /ErrBadTargets/.test(e.message),
  );
  assert.deepEqual(notary.snapshotState(), before);
});

test('memory notary: a root not signed by the previous root key is refused (ErrBadRoot)', async () => {
  const { notary, a } = await twoAdmins();
  const root = notary.parsed<RootSigned>('root')!.signed;
  // a root v2 listing a different root key, signed by that key only
  const { rootKey } = await import('../../helpers/repo-builder.js');
  const other = rootKey(GUN);
  const body: RootSigned = {
    ...root,
    version: 2,
    keys: { ...root.keys, [other.id]: other.pub },
    roles: { ...root.roles, root: { keyids: [other.id], threshold: 1 } },
  };
  delete body.keys[root.roles.root.keyids[0]!];
  const bytes = encodeEnvelope(body, signWith(body, [other]));
  await assert.rejects(
    notary.publish(new Map([['root', bytes]])),
    (e) => isSignetError(e, 'NOTARY_REJECTED') && /ErrBadRoot/.test(e.message),
  );
  void a;
});

test('memory notary: server keys are new on every GET until a root exists, then stable; rotation makes a new one', async () => {
  const notary = new MemoryNotary(GUN, { keyAlgorithm: 'ecdsa' });
  const k1 = await notary.getKey('timestamp');
  const k2 = await notary.getKey('timestamp');
  assert.notDeepEqual(k1, k2);
  assert.equal(k1.keytype, 'ecdsa');
  const a = new MemoryWriter(notary);
  await a.init();
  const listed = notary.parsed<RootSigned>('root')!.signed.roles.timestamp.keyids[0];
  assert.equal(keyId(await notary.getKey('timestamp'), nodeCrypto), listed);
  assert.equal(keyId(await notary.getKey('timestamp'), nodeCrypto), listed);
  assert.notEqual(keyId(await notary.rotateKey('timestamp'), nodeCrypto), listed);
});

test('memory notary: an upload not in Go form is accepted, but the server pins its re-marshal, so clients then fail (protocol §0)', async () => {
  const { notary, a } = await twoAdmins();
  const reader = new MemoryWriter(notary);
  await reader.repo();
  // re-sign targets by hand with a millisecond expiry: valid signature, but Go re-marshals "…T00:00:00Z"
  const t = notary.parsed<TargetsSigned>('targets')!.signed;
  const body = { ...t, version: t.version + 1, expires: '2031-01-01T00:00:00.000Z' };
  const [key] = (await a.keys.listKeys()).filter((k) => k.role === 'targets');
  const signer = await a.keys.signer(key!.id);
  const bytes = encodeEnvelope(body, [await signer.sign(canonicalBytes(body))]);
  await notary.publish(new Map([['targets', bytes]]));
  assert.deepEqual(notary.file('targets'), bytes, 'the exact bytes are stored and served');
  const pinned = notary.parsed<SnapshotSigned>('snapshot')!.signed.meta['targets']!;
  assert.equal(pinned.length, bytes.length - 4);
  await assert.rejects(reader.repo(), (e) => isSignetError(e, 'HTTP_NOT_FOUND'));
});

test('memory notary: an expired timestamp is re-signed when read (version + 1), as notary-server does', async () => {
  let now = new Date('2030-01-01T00:00:00Z');
  const notary = new MemoryNotary(GUN, { now: () => now });
  const a = new MemoryWriter(notary, { now: () => now });
  await a.init();
  now = new Date('2030-02-01T00:00:00Z');
  const repo = await a.repo();
  assert.equal(repo.timestamp.signed.version, 2);
  assert.equal((repo.timestamp.signed as TimestampSigned).expires, '2030-02-15T00:00:00Z');
});
