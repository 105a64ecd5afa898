/** applyChanges: staged changes applied to a working copy of freshly verified metadata. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyId } from '../../../core/crypto/key-id.js';
import { generateEcdsaKey } from '../../../core/crypto/ecdsa.js';
import { isSignetError } from '../../../core/errors.js';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { MemoryChangeStore, describeChange, type Change } from '../../../core/trust/changelist.js';
import { applyChanges } from '../../../core/trust/apply.js';
import { planAddSigner } from '../../../core/trust/add-signer.js';
import { RELEASES } from '../../../core/trust/roles.js';
import { targetMeta } from '../../../core/trust/sign.js';
import { workingCopy } from '../../../core/trust/working-repo.js';
import { fakeManifest, MemoryNotary, MemoryWriter } from '../../helpers/memory-notary.js';

const GUN = 'registry.test:5000/org/app';
const meta = (tag: string) => targetMeta(fakeManifest(tag).hex, fakeManifest(tag).size);
const sign = (role: string, path: string): Change => ({
  type: 'target',
  action: 'create',
  role,
  path,
  meta: meta(path),
});

async function repoWith(signers: string[] = []) {
  const notary = new MemoryNotary(GUN);
  const admin = new MemoryWriter(notary);
  await admin.init();
  const keys = signers.map(() => generateEcdsaKey());
  for (const [i, name] of signers.entries()) await admin.stage(planAddSigner(name, [keys[i]!.publicKey]));
  if (signers.length) await admin.publish();
  return { repo: await admin.repo(), keys };
}

test('target create/delete marks only the changed role dirty; the verified base is never mutated', async () => {
  const { repo } = await repoWith();
  const w = workingCopy(repo);
  applyChanges(w, [sign('targets', 'v1'), sign('targets', 'v2')], nodeCrypto);
  assert.deepEqual([...w.dirty], ['targets']);
  assert.deepEqual(Object.keys(w.targets.targets), ['v1', 'v2']);
  assert.deepEqual(repo.targets.signed.targets, {});
  const w2 = workingCopy(repo);
  applyChanges(
    w2,
    [sign('targets', 'v1'), { type: 'target', action: 'delete', role: 'targets', path: 'v1' }],
    nodeCrypto,
  );
  assert.deepEqual(w2.targets.targets, {});
  assert.deepEqual([...w2.dirty], ['targets']);
});

test('deleting an absent target changes nothing (not dirty)', async () => {
  const { repo } = await repoWith();
  const w = workingCopy(repo);
  applyChanges(w, [{ type: 'target', action: 'delete', role: 'targets', path: 'nope' }], nodeCrypto);
  assert.equal(w.dirty.size, 0);
});

test('a target for an undeclared role, or without meta, is BAD_INPUT naming it', async () => {
  const { repo } = await repoWith();
  assert.throws(
    () => applyChanges(workingCopy(repo), [sign('targets/alice', 'v1')], nodeCrypto),
    (e) => isSignetError(e, 'BAD_INPUT') && /targets\/alice is not a role/.test(e.message),
  );
  assert.throws(
    () =>
      applyChanges(workingCopy(repo), [{ type: 'target', action: 'create', role: 'targets', path: 'v1' }], nodeCrypto),
    (e) => isSignetError(e, 'BAD_INPUT') && /v1/.test(e.message),
  );
});

test('a target into a declared delegation without a file starts it empty (version 0) and dirties only it', async () => {
  const { repo } = await repoWith(['alice']);
  const w = workingCopy(repo);
  applyChanges(w, [sign('targets/alice', 'v1')], nodeCrypto);
  assert.deepEqual([...w.dirty], ['targets/alice']);
  assert.equal(w.delegations.get('targets/alice')!.version, 0);
  assert.deepEqual(Object.keys(w.delegations.get('targets/alice')!.targets), ['v1']);
});

test('add signer: targets/NAME then targets/releases, threshold 1, paths [""], keys by TUF ID; a second signer extends releases', async () => {
  const { repo } = await repoWith();
  const alice = generateEcdsaKey();
  const bob = generateEcdsaKey();
  const w = workingCopy(repo);
  applyChanges(w, [...planAddSigner('alice', [alice.publicKey]), ...planAddSigner('bob', [bob.publicKey])], nodeCrypto);
  assert.deepEqual([...w.dirty], ['targets']);
  const roles = w.targets.delegations.roles!;
  assert.deepEqual(
    roles.map((r) => r.name),
    ['targets/alice', RELEASES, 'targets/bob'],
  );
  assert.deepEqual(roles[0], { keyids: [alice.canonicalId], name: 'targets/alice', paths: [''], threshold: 1 });
  assert.deepEqual(roles[1]!.keyids, [alice.canonicalId, bob.canonicalId]);
  assert.deepEqual(Object.keys(w.targets.delegations.keys).sort(), [alice.canonicalId, bob.canonicalId].sort());
  assert.equal(keyId(w.targets.delegations.keys[alice.canonicalId]!, nodeCrypto), alice.canonicalId);
});

test('delegation update: removing keys (by canonical ID) prunes unused keys; paths can be removed/cleared; threshold set', async () => {
  const { repo, keys } = await repoWith(['alice', 'bob']);
  const [alice, bob] = keys as [ReturnType<typeof generateEcdsaKey>, ReturnType<typeof generateEcdsaKey>];
  const w = workingCopy(repo);
  applyChanges(
    w,
    [
      {
        type: 'delegation',
        action: 'update',
        role: RELEASES,
        removeKeys: [alice.canonicalId],
        threshold: 1,
        addPaths: ['prod/'],
        removePaths: [''],
      },
    ],
    nodeCrypto,
  );
  const rel = w.targets.delegations.roles!.find((r) => r.name === RELEASES)!;
  assert.deepEqual(rel.keyids, [bob.canonicalId]);
  assert.deepEqual(rel.paths, ['prod/']);
  assert.ok(alice.canonicalId in w.targets.delegations.keys, 'still used by targets/alice');
  applyChanges(w, [{ type: 'delegation', action: 'update', role: RELEASES, clearPaths: true }], nodeCrypto);
  assert.equal(w.targets.delegations.roles!.find((r) => r.name === RELEASES)!.paths, undefined);
  applyChanges(w, [{ type: 'delegation', action: 'delete', role: 'targets/alice' }], nodeCrypto);
  assert.ok(!(alice.canonicalId in w.targets.delegations.keys), 'no role uses it any more');
  assert.equal(w.delegations.has('targets/alice'), false);
});

test('delegation delete of an absent role is a no-op; a non-delegation name or a missing parent is BAD_INPUT', async () => {
  const { repo } = await repoWith();
  const w = workingCopy(repo);
  applyChanges(w, [{ type: 'delegation', action: 'delete', role: 'targets/ghost' }], nodeCrypto);
  assert.equal(w.dirty.size, 0);
  assert.throws(
    () => applyChanges(w, [{ type: 'delegation', action: 'create', role: 'snapshot' }], nodeCrypto),
    (e) => isSignetError(e, 'BAD_INPUT'),
  );
  assert.throws(
    () => applyChanges(w, [{ type: 'delegation', action: 'create', role: 'targets/a/b' }], nodeCrypto),
    (e) => isSignetError(e, 'BAD_INPUT') && /targets\/a is not a role/.test(e.message),
  );
});

test('root-role update replaces the role keys, drops keys no role lists, dirties root (and targets for a targets rotation)', async () => {
  const { repo } = await repoWith();
  const oldTargets = repo.root.signed.roles.targets.keyids[0]!;
  const k = generateEcdsaKey();
  const w = workingCopy(repo);
  applyChanges(w, [{ type: 'root-role', action: 'update', role: 'targets', keys: [k.publicKey] }], nodeCrypto);
  assert.deepEqual(w.root.roles.targets, { keyids: [k.canonicalId], threshold: 1 });
  assert.ok(!(oldTargets in w.root.keys));
  assert.equal(Object.keys(w.root.keys).length, 4);
  assert.deepEqual([...w.dirty].sort(), ['root', 'targets']);
  const w2 = workingCopy(repo);
  applyChanges(
    w2,
    [{ type: 'root-role', action: 'update', role: 'snapshot', keys: [generateEcdsaKey().publicKey] }],
    nodeCrypto,
  );
  assert.deepEqual([...w2.dirty], ['root']);
  assert.throws(
    () =>
      applyChanges(workingCopy(repo), [{ type: 'root-role', action: 'update', role: 'root', keys: [] }], nodeCrypto),
    (e) => isSignetError(e, 'BAD_INPUT'),
  );
});

test('witness dirties the role without changing it; an unknown role is BAD_INPUT', async () => {
  const { repo } = await repoWith(['alice']);
  const w = workingCopy(repo);
  applyChanges(
    w,
    [
      { type: 'witness', action: 'update', role: 'targets' },
      { type: 'witness', action: 'update', role: 'root' },
    ],
    nodeCrypto,
  );
  assert.deepEqual([...w.dirty].sort(), ['root', 'targets']);
  assert.deepEqual(w.targets, repo.targets.signed);
  assert.throws(
    () => applyChanges(workingCopy(repo), [{ type: 'witness', action: 'update', role: 'targets/zed' }], nodeCrypto),
    (e) => isSignetError(e, 'BAD_INPUT'),
  );
});

test('MemoryChangeStore keeps order and ids; describeChange is one line per change', async () => {
  const store = new MemoryChangeStore();
  const a = await store.add(sign('targets', 'v1'));
  await store.add({ type: 'witness', action: 'update', role: 'targets' });
  await store.remove([a.id]);
  assert.deepEqual(
    (await store.list()).map((c) => describeChange(c.change)),
    ['re-sign targets'],
  );
  assert.equal(describeChange(sign('targets/alice', 'v2')), 'sign v2 in targets/alice');
  assert.equal(
    describeChange({
      type: 'delegation',
      action: 'create',
      role: 'targets/x',
      addKeys: [generateEcdsaKey().publicKey],
    }),
    'create targets/x +1 key(s)',
  );
});
