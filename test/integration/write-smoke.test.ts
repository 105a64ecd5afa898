import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../helpers/stack.js';
import { makeIdentity } from '../helpers/identity.js';
import { pushImage } from '../helpers/registry-push.js';
import { TrustServices } from '../../core/node/trust-services.js';
import { TrustWriter } from '../../core/node/trust-writer.js';
import { planAddSigner } from '../../core/trust/add-signer.js';
import { planSign } from '../../core/trust/sign.js';

let stack: Stack;
before(async () => { stack = await startStack(); });
after(async () => { await stack?.stop(); });

test('smoke: init + sign as admin, then docker reads it', async () => {
  const id = makeIdentity(stack, 'smoke');
  const gun = `${stack.registryHost}/example/smoke`;
  const img = await pushImage(stack.registryHost, 'example/smoke', 'v1');
  const services = new TrustServices({ env: id.env });
  const writer = new TrustWriter(services, { passphrases: { get: async (r) => (r.role === 'root' ? 'root-passphrase' : 'repo-passphrase') } });
  const s = await writer.open(gun);
  assert.equal(s.repo, undefined);
  const init = await writer.initial(s);
  const r1 = await writer.publish(s, init);
  console.log('published', r1.published);
  const s2 = await writer.open(`${gun}:v1`);
  const plan = await planSign(s2.repo!, 'v1', s2.held, (await import('../../core/node/node-crypto.js')).nodeCrypto, async () => writer.registry(s2).resolveTag(s2.conn.ref));
  await writer.stage(s2, plan.changes);
  const r2 = await writer.publish(s2);
  console.log('published', r2.published);
  const out = await id.docker(['trust', 'inspect', '--pretty', gun]);
  console.log(out.stdout, out.stderr);
  assert.match(out.stdout, new RegExp(`v1\\s+${img.hex}\\s+\\(Repo Admin\\)`));
  const nl = await id.notary(['list', gun]);
  console.log(nl.stdout, nl.stderr);
  services.close();
});
