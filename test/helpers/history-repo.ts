/**
 * A repository with a known history on the in-memory notary, written with core's own write path
 * (unit tests only; the integration test uses the real notary and docker CLIs): init, sign v1,
 * sign v2, re-sign v1 with another digest, remove v2, add signer alice, alice signs v1, rotate the
 * targets key, remove alice, witness targets. The clock moves one minute per publish.
 */
import { nodeCrypto } from '../../core/node/node-crypto.js';
import { planAddSigner } from '../../core/trust/add-signer.js';
import { planRemoveSigner } from '../../core/trust/remove-signer.js';
import { planRotate } from '../../core/trust/rotate.js';
import { planSign, targetMeta } from '../../core/trust/sign.js';
import { fakeManifest, MemoryNotary, MemoryWriter } from './memory-notary.js';

export const HISTORY_GUN = 'registry.test:5000/org/history';
export const HISTORY_START = new Date('2026-12-01T10:00:00Z');

export interface HistoryRepo {
  notary: MemoryNotary;
  admin: MemoryWriter;
  alice: MemoryWriter;
  clock: { now: Date; tick(): void };
  digests: { v1: string; v2: string; v1b: string };
  /** Key IDs: the first and the rotated targets key, alice's key. */
  keys: { targets1: string; targets2: string; alice: string };
}

export async function buildHistoryRepo(gun = HISTORY_GUN): Promise<HistoryRepo> {
  const clock = {
    now: new Date(HISTORY_START),
    tick() {
      this.now = new Date(this.now.getTime() + 60_000);
    },
  };
  const notary = new MemoryNotary(gun, { now: () => clock.now });
  const admin = new MemoryWriter(notary, { now: () => clock.now });
  const alice = new MemoryWriter(notary, { now: () => clock.now });
  const v1 = fakeManifest('v1');
  const v2 = fakeManifest('v2');
  const v1b = fakeManifest('v1-other');
  const publish = async (w: MemoryWriter) => {
    await w.publish();
    clock.tick();
  };
  await admin.init();
  clock.tick();
  const sign = async (w: MemoryWriter, tag: string, m: { hex: string; size: number }) => {
    const plan = await planSign(await w.repo(), tag, await w.held(), nodeCrypto, async () => m);
    await w.stage(plan.changes);
    await publish(w);
  };
  await sign(admin, 'v1', v1);
  await sign(admin, 'v2', v2);
  await admin.stage([
    { type: 'target', action: 'create', role: 'targets', path: 'v1', meta: targetMeta(v1b.hex, v1b.size) },
  ]);
  await publish(admin);
  await admin.stage([{ type: 'target', action: 'delete', role: 'targets', path: 'v2' }]);
  await publish(admin);
  const aliceKey = (await alice.keys.generateKey('alice')).key;
  await admin.stage(planAddSigner('alice', [aliceKey.publicKey]));
  await publish(admin);
  await sign(alice, 'v1', v1b); // co-signs the released digest into targets/releases and targets/alice
  const targets1 = (await admin.repo()).root.signed.roles.targets.keyids[0]!;
  const rotate = await planRotate({
    gun,
    role: 'targets',
    serverManaged: false,
    keys: admin.keys,
    remote: notary,
    now: clock.now,
  });
  await admin.stage(rotate.changes);
  await publish(admin);
  const targets2 = (await admin.repo()).root.signed.roles.targets.keyids[0]!;
  await admin.stage(planRemoveSigner(await admin.repo(), 'alice', nodeCrypto).changes);
  await publish(admin);
  await admin.stage([{ type: 'witness', action: 'update', role: 'targets' }]);
  await publish(admin);
  return {
    notary,
    admin,
    alice,
    clock,
    digests: { v1: v1.hex, v2: v2.hex, v1b: v1b.hex },
    keys: { targets1, targets2, alice: aliceKey.canonicalId },
  };
}
