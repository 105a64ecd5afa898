/** signChangedRoles: which roles are signed, versions, expiries, signatures, snapshot, byte form. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../../../core/errors.js';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { canonicalBytes } from '../../../core/crypto/canonical-json.js';
import { formatExpires } from '../../../core/tuf/expires.js';
import { parseSignedFile } from '../../../core/tuf/parse.js';
import type { RootSigned, SnapshotSigned, TargetsSigned } from '../../../core/tuf/types.js';
import { verifySignatures } from '../../../core/tuf/verify.js';
import { applyChanges } from '../../../core/trust/apply.js';
import { planAddSigner } from '../../../core/trust/add-signer.js';
import { keySignerLookup } from '../../../core/trust/key-signers.js';
import { planRotate } from '../../../core/trust/rotate.js';
import { signChangedRoles, type SignerLookup } from '../../../core/trust/sign-roles.js';
import { workingCopy } from '../../../core/trust/working-repo.js';
import { fakeManifest, MemoryNotary, MemoryWriter, reemitsIdentically } from '../../helpers/memory-notary.js';
import { targetMeta } from '../../../core/trust/sign.js';

const GUN = 'registry.test:5000/org/app';
const DAY = 86_400_000;
const NOW = new Date('2030-03-04T05:06:07.890Z');
const at = (days: number) => formatExpires(new Date(NOW.getTime() + days * DAY));

async function setup(snapshot: 'server' | 'local' = 'server') {
  const notary = new MemoryNotary(GUN, { now: () => NOW });
  const admin = new MemoryWriter(notary, { now: () => NOW });
  await admin.init({ snapshot });
  const signers = keySignerLookup(admin.keys, nodeCrypto);
  return { notary, admin, signers, repo: await admin.repo() };
}

const v1 = {
  type: 'target' as const,
  action: 'create' as const,
  role: 'targets',
  path: 'v1',
  meta: targetMeta(fakeManifest('v1').hex, fakeManifest('v1').size),
};

test('only changed roles are signed: targets version + 1, 3-year expiry in Go form, signed by the targets key; root untouched', async () => {
  const { repo, signers } = await setup();
  const w = workingCopy(repo);
  applyChanges(w, [v1], nodeCrypto);
  const files = await signChangedRoles(w, { signers, crypto: nodeCrypto, now: NOW });
  assert.deepEqual([...files.keys()], ['targets']);
  const t = parseSignedFile('targets', files.get('targets')!);
  assert.equal((t.signed as TargetsSigned).version, repo.targets.signed.version + 1);
  assert.equal(t.signed.expires, at(3 * 365));
  assert.match(t.signed.expires, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.deepEqual(
    verifySignatures(t, 'targets', repo.root.signed.keys, repo.root.signed.roles.targets, nodeCrypto),
    repo.root.signed.roles.targets.keyids,
  );
  assert.ok(reemitsIdentically('targets', files.get('targets')!));
  // the base repository is untouched
  assert.ok(!('v1' in repo.targets.signed.targets));
});

test('a root expiring within 182 days is re-signed (version + 1, 10 years); one with 183 days left is not', async () => {
  const { repo, signers } = await setup();
  for (const [days, expectRoot] of [
    [181, true],
    [183, false],
  ] as const) {
    const w = workingCopy(repo);
    w.root.expires = at(days);
    applyChanges(w, [v1], nodeCrypto);
    const files = await signChangedRoles(w, { signers, crypto: nodeCrypto, now: NOW });
    assert.equal(files.has('root'), expectRoot, `${days} days left`);
    if (expectRoot) {
      const root = parseSignedFile('root', files.get('root')!).signed as RootSigned;
      assert.equal(root.version, 2);
      assert.equal(root.expires, at(3650));
    }
  }
});

test('snapshot: signed locally (version + 1, meta of every uploaded file, root carried over) when held; omitted when server-managed', async () => {
  const local = await setup('local');
  const w = workingCopy(local.repo);
  applyChanges(w, [v1], nodeCrypto);
  const files = await signChangedRoles(w, { signers: local.signers, crypto: nodeCrypto, now: NOW });
  assert.deepEqual([...files.keys()], ['targets', 'snapshot']);
  const snap = parseSignedFile('snapshot', files.get('snapshot')!).signed as SnapshotSigned;
  assert.equal(snap.version, local.repo.snapshot.signed.version + 1);
  assert.equal(snap.expires, at(3 * 365));
  assert.deepEqual(snap.meta['root'], local.repo.snapshot.signed.meta['root']);
  const t = files.get('targets')!;
  assert.equal(snap.meta['targets']!.length, t.length);
  assert.ok(reemitsIdentically('snapshot', files.get('snapshot')!));

  const server = await setup('server');
  const w2 = workingCopy(server.repo);
  applyChanges(w2, [v1], nodeCrypto);
  assert.deepEqual(
    [...(await signChangedRoles(w2, { signers: server.signers, crypto: nodeCrypto, now: NOW })).keys()],
    ['targets'],
  );
});

test('a client snapshot drops entries of delegations that are no longer declared', async () => {
  const { notary, admin, signers } = await setup('local');
  const alice = new MemoryWriter(notary, { now: () => NOW });
  const key = (await alice.keys.generateKey('alice')).key;
  await admin.stage(planAddSigner('alice', [key.publicKey]));
  await admin.publish();
  const repo = await admin.repo();
  const w = workingCopy(repo);
  applyChanges(w, [{ type: 'delegation', action: 'delete', role: 'targets/alice' }], nodeCrypto);
  // pretend alice had a file pinned by the snapshot
  const snapBase = { ...repo.snapshot.signed.meta, 'targets/alice': repo.snapshot.signed.meta['targets']! };
  w.base = { ...repo, snapshot: { ...repo.snapshot, signed: { ...repo.snapshot.signed, meta: snapBase } } };
  const files = await signChangedRoles(w, { signers, crypto: nodeCrypto, now: NOW });
  const snap = parseSignedFile('snapshot', files.get('snapshot')!).signed as SnapshotSigned;
  assert.ok(!('targets/alice' in snap.meta));
  assert.deepEqual(
    w.targets.delegations.roles!.map((r) => r.name),
    ['targets/releases'],
  );
});

test('delegation files: a new one gets version 1 and is signed by the keys held among its delegation keys', async () => {
  const { notary, admin } = await setup();
  const alice = new MemoryWriter(notary, { now: () => NOW });
  const key = (await alice.keys.generateKey('alice')).key;
  await admin.stage(planAddSigner('alice', [key.publicKey]));
  await admin.publish();
  const repo = await alice.repo();
  const w = workingCopy(repo);
  applyChanges(
    w,
    [
      { ...v1, role: 'targets/alice' },
      { ...v1, role: 'targets/releases' },
    ],
    nodeCrypto,
  );
  const files = await signChangedRoles(w, {
    signers: keySignerLookup(alice.keys, nodeCrypto),
    crypto: nodeCrypto,
    now: NOW,
  });
  assert.deepEqual([...files.keys()].sort(), ['targets/alice', 'targets/releases']);
  for (const [role, bytes] of files) {
    const f = parseSignedFile(role, bytes);
    assert.equal(f.signed.version, 1);
    assert.deepEqual(
      f.signatures.map((s) => s.keyid),
      [key.canonicalId],
    );
    assert.ok(reemitsIdentically(role, bytes));
  }
});

test('missing key: NO_SIGNING_KEYS naming the role and threshold; nothing signed', async () => {
  const { repo } = await setup();
  const none: SignerLookup = { signersFor: async () => [] };
  const w = workingCopy(repo);
  applyChanges(w, [v1], nodeCrypto);
  await assert.rejects(
    signChangedRoles(w, { signers: none, crypto: nodeCrypto, now: NOW }),
    (e) => isSignetError(e, 'NO_SIGNING_KEYS') && /for targets: at least 1 of these keys/.test(e.message),
  );
});

test('root key rotation: the new root is signed by the new and the previous root keys', async () => {
  const { repo, admin, notary, signers } = await setup();
  const { changes } = await planRotate({
    gun: GUN,
    role: 'root',
    serverManaged: false,
    keys: admin.keys,
    remote: notary,
    now: NOW,
  });
  const w = workingCopy(repo);
  applyChanges(w, changes, nodeCrypto);
  const files = await signChangedRoles(w, { signers, crypto: nodeCrypto, now: NOW });
  const root = parseSignedFile('root', files.get('root')!);
  const r = root.signed as RootSigned;
  const oldRoot = repo.root.signed;
  assert.equal(r.version, 2);
  assert.equal(root.signatures.length, 2);
  verifySignatures(root, 'root', r.keys, r.roles.root, nodeCrypto);
  verifySignatures(root, 'root', oldRoot.keys, oldRoot.roles.root, nodeCrypto);
  assert.ok(!(oldRoot.roles.root.keyids[0]! in r.keys), 'the old root key leaves root.json (no role lists it)');
});

test('signatures cover the canonical form of the signed body', async () => {
  const { repo, signers } = await setup();
  const w = workingCopy(repo);
  applyChanges(w, [v1], nodeCrypto);
  const files = await signChangedRoles(w, { signers, crypto: nodeCrypto, now: NOW });
  const text = new TextDecoder().decode(files.get('targets'));
  const signedPart = text.slice('{"signed":'.length, text.indexOf(',"signatures":'));
  assert.equal(signedPart, new TextDecoder().decode(canonicalBytes(w.targets)));
});
