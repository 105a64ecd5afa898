/**
 * A repository with a tag signed twice, built only with the real notary and docker CLIs (and raw
 * registry pushes), as DCT allows: the admin signs t1..t3 and t4 (digest A) into `targets` with
 * `notary addhash`; t4 is pushed again with other content (B); `docker trust signer add` makes
 * carol a signer (targets/carol and targets/releases); carol signs t4 with B into both. docker
 * trust inspect lists t4 twice; docker pull gets B (releases first), `notary lookup` A (targets only).
 */
import type { Stack } from './stack.js';
import { ok, type Identity } from './identity.js';
import {
  addhashArgs,
  dockerKeyGenerate,
  initAdmin,
  newIdentity,
  push,
  resolveGun,
  type ExpectedTag,
} from './scenarios.js';
import { pushImage } from './registry-push.js';

export interface SignedTwiceScenario {
  gun: string;
  repo: string;
  admin: Identity;
  carol: Identity;
  /** t1..t3 as the admin signed them. */
  tags: Record<string, ExpectedTag>;
  /** t4 as the admin signed it in targets (shadowed). */
  adminT4: ExpectedTag;
  /** t4 as carol signed it in targets/releases and targets/carol (what docker pull gets; the registry serves it). */
  carolT4: ExpectedTag;
  carolKeyId: string;
}

export async function signedTwiceRepo(stack: Stack, gunOrRepo: string): Promise<SignedTwiceScenario> {
  const { gun, repo } = resolveGun(stack, gunOrRepo);
  const admin = newIdentity(stack, 'admin');
  const carol = newIdentity(stack, 'carol');
  const tags: Record<string, ExpectedTag> = {};
  for (const t of ['t1', 't2', 't3']) tags[t] = { ...(await push(stack, repo, t)), signers: ['Repo Admin'] };
  const adminT4 = { ...(await push(stack, repo, 't4')), signers: ['Repo Admin'] };
  await initAdmin(admin, gun);
  for (const [t, e] of [...Object.entries(tags), ['t4', adminT4] as const])
    ok(await admin.notary(addhashArgs(gun, t, e, [], true)), `admin addhash ${t}`);

  const b = await pushImage(stack.registryHost, repo, 't4', { content: 'carol’s t4\n' });
  const carolT4: ExpectedTag = { digest: b.digest, hex: b.hex, size: b.size, signers: ['carol'] };
  const carolKey = await dockerKeyGenerate(carol, 'carol');
  ok(
    await admin.docker(['trust', 'signer', 'add', '--key', carolKey.pub, 'carol', gun]),
    'docker trust signer add carol',
  );
  ok(
    await carol.notary(addhashArgs(gun, 't4', carolT4, ['targets/releases', 'targets/carol'], true)),
    'carol addhash t4',
  );
  return { gun, repo, admin, carol, tags, adminT4, carolT4, carolKeyId: carolKey.keyId };
}
