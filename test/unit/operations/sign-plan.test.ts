/**
 * The signing plan the Sign dialog shows is what signing then does: for each role layout of the
 * seed (repository key only, releases + signers, one person holding several signer keys, a new
 * repository), signingPlan() and signTag() run the same core code and agree.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSignetError } from '../../../core/errors.js';
import { signTag, signingPlan, type TrustWriter } from '../../../core/operations/index.js';
import { planAddSigner } from '../../../core/trust/add-signer.js';
import type { TargetsSigned } from '../../../core/tuf/types.js';
import { MemoryNotary, MemoryWriter } from '../../helpers/memory-notary.js';
import { manifestFor, memoryTrustWriter } from '../../helpers/memory-context.js';

const GUN = 'registry.test:5000/org/app';

/** Plans, signs, and checks the plan against what was signed and what the server now serves. */
async function planThenSign(writer: TrustWriter, notary: MemoryNotary, tag: string, signer?: string) {
  const ref = `${GUN}:${tag}`;
  const plan = await signingPlan(writer, ref, signer !== undefined ? { signer } : {});
  const result = await signTag(writer, ref, signer !== undefined ? { signer } : {});
  assert.deepEqual([...result.roles].sort(), [...plan.roles].sort(), 'roles signed = roles planned');
  for (const role of plan.roles) {
    const file = notary.parsed<TargetsSigned>(role);
    assert.ok(file?.signed.targets[tag], `${tag} is in ${role} on the server`);
  }
  return { plan, result };
}

test('repository key only (admin layout): the plan is targets with your repository key, and signing writes targets', async () => {
  const notary = new MemoryNotary(GUN);
  const admin = new MemoryWriter(notary);
  const { init } = await admin.init();
  const { plan, result } = await planThenSign(memoryTrustWriter(admin), notary, 'v1');
  assert.deepEqual(plan.roles, ['targets']);
  assert.deepEqual(plan.keys, { targets: [init.targetsKeyId] });
  assert.deepEqual(plan.signers, []);
  assert.equal(plan.existing, undefined);
  assert.equal(result.digest, manifestFor('v1').hex);
});

test('releases + signers: alice plans and signs targets/alice and targets/releases with her key; bob then co-signs the released digest', async () => {
  const notary = new MemoryNotary(GUN);
  const admin = new MemoryWriter(notary);
  await admin.init();
  const alice = new MemoryWriter(notary);
  const bob = new MemoryWriter(notary);
  const aliceKey = (await alice.keys.generateKey('alice')).key;
  const bobKey = (await bob.keys.generateKey('bob')).key;
  await admin.stage([...planAddSigner('alice', [aliceKey.publicKey]), ...planAddSigner('bob', [bobKey.publicKey])]);
  await admin.publish();

  const a = await planThenSign(memoryTrustWriter(alice), notary, 'v1');
  assert.deepEqual([...a.plan.roles].sort(), ['targets/alice', 'targets/releases']);
  assert.deepEqual(a.plan.keys['targets/alice'], [aliceKey.canonicalId]);
  assert.deepEqual(a.plan.keys['targets/releases'], [aliceKey.canonicalId]);
  assert.deepEqual(a.plan.signers, ['alice']);

  const b = await planThenSign(memoryTrustWriter(bob), notary, 'v1');
  assert.deepEqual(b.plan.existing, {
    digest: manifestFor('v1').hex,
    size: manifestFor('v1').size,
    signers: ['alice'],
  });
  assert.deepEqual(b.plan.unchanged, ['targets/releases'], 'releases already holds the digest');
  assert.equal(b.result.source, 'existing');
  assert.deepEqual(b.result.unchanged, b.plan.unchanged);
});

test('several signer keys held: both signer roles and releases; "sign as" one signer narrows plan and signing alike', async () => {
  const notary = new MemoryNotary(GUN);
  const admin = new MemoryWriter(notary);
  await admin.init();
  const both = new MemoryWriter(notary);
  const k1 = (await both.keys.generateKey('alice')).key;
  const k2 = (await both.keys.generateKey('bob')).key;
  await admin.stage([...planAddSigner('alice', [k1.publicKey]), ...planAddSigner('bob', [k2.publicKey])]);
  await admin.publish();
  const writer = memoryTrustWriter(both);

  const all = await planThenSign(writer, notary, 'v1');
  assert.deepEqual(
    all.plan.roles,
    ['targets/releases', 'targets/alice', 'targets/bob'],
    'releases first, then by name',
  );
  assert.deepEqual(all.plan.signers, ['alice', 'bob']);
  assert.deepEqual(all.plan.keys['targets/releases'], [k1.canonicalId, k2.canonicalId].sort());

  const asBob = await planThenSign(writer, notary, 'v2', 'bob');
  assert.deepEqual(asBob.plan.roles, ['targets/releases', 'targets/bob']);
  assert.equal(notary.parsed<TargetsSigned>('targets/alice')!.signed.targets['v2'], undefined);
});

test('a new repository: the plan names the first signer after the registry login and the root key reused; signing creates exactly that', async () => {
  const notary = new MemoryNotary(GUN);
  const me = new MemoryWriter(notary);
  const root = (await me.keys.generateKey('root')).key;
  const writer = memoryTrustWriter(me, { login: 'carol' });
  const plan = await signingPlan(writer, `${GUN}:v1`);
  assert.deepEqual(plan.creates, { signer: 'carol', rootKeyId: root.canonicalId });
  assert.deepEqual(plan.roles, ['targets/releases', 'targets/carol']);
  const result = await signTag(writer, `${GUN}:v1`);
  assert.equal(result.created?.signer, 'carol');
  assert.equal(result.created?.rootKeyId, root.canonicalId);
  assert.deepEqual(result.roles, plan.roles);
});

test('a new repository without a registry login: the plan says why there is no signer name; signing refuses the same way', async () => {
  const me = new MemoryWriter(new MemoryNotary(GUN));
  const writer = memoryTrustWriter(me);
  const plan = await signingPlan(writer, `${GUN}:v1`);
  assert.equal(plan.creates?.signer, undefined);
  assert.match(plan.creates?.signerProblem ?? '', /no registry login found for registry\.test:5000/);
  await assert.rejects(
    signTag(writer, `${GUN}:v1`),
    (e) => isSignetError(e, 'BAD_INPUT') && e.message === plan.creates?.signerProblem,
  );
});

test('a person without a signing key: plan and signing both refuse with NO_SIGNING_KEYS', async () => {
  const notary = new MemoryNotary(GUN);
  await new MemoryWriter(notary).init();
  const stranger = memoryTrustWriter(new MemoryWriter(notary));
  await assert.rejects(signingPlan(stranger, `${GUN}:v1`), (e) => isSignetError(e, 'NO_SIGNING_KEYS'));
  await assert.rejects(signTag(stranger, `${GUN}:v1`), (e) => isSignetError(e, 'NO_SIGNING_KEYS'));
});
