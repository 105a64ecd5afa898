/**
 * A repository on the REAL notary-server whose signers list tags outside their paths:
 *   targets/releases ["rel"] (alice), targets/team ["t"] (carol) → targets/team/sub ["t1", "t3"] (dave;
 *   notary refuses a child path its parent does not allow). Made with the notary CLI (which refuses a
 *   target outside a role's paths), then each signer's own key signs a file of its role that also lists one tag outside its paths
 *   (releases "bad", team "u1", sub "x1"), published through the server's API as any client could.
 */
import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalBytes, encodeEnvelope } from '../../core/crypto/canonical-json.js';
import type { TargetsSigned } from '../../core/tuf/types.js';
import { ok, run, type Identity } from './identity.js';
import {
  addhashArgs,
  initAdmin,
  newIdentity,
  notaryKeyGenerate,
  push,
  resolveGun,
  type ExpectedTag,
} from './scenarios.js';
import type { Stack } from './stack.js';

export interface PathsScenario {
  gun: string;
  repo: string;
  admin: Identity;
  /** Signed inside the paths: tag → [role, pushed image]. */
  signed: Record<string, [string, ExpectedTag]>;
  /** Listed outside the paths: tag → [role, pushed image]. */
  outside: Record<string, [string, ExpectedTag]>;
}

/** The server's current file of `role` (curl with the stack's CA). */
async function served(stack: Stack, gun: string, role: string): Promise<{ signed: TargetsSigned; keyid: string }> {
  const url = `${stack.notaryHttpsUrl}/v2/${gun}/_trust/tuf/${role}.json`;
  const r = ok(await run('curl', ['-sf', '--cacert', stack.caFile, url], process.env as Record<string, string>), url);
  const env = JSON.parse(r.stdout) as { signed: TargetsSigned; signatures: Array<{ keyid: string }> };
  return { signed: env.signed, keyid: env.signatures[0]!.keyid };
}

/** Adds `tag` to `role`'s file, signed by the role's own key, and publishes that file alone (POST, multipart). */
async function publishOutside(stack: Stack, gun: string, role: string, keyPem: string, tag: string, t: ExpectedTag) {
  const { signed, keyid } = await served(stack, gun, role);
  const next: TargetsSigned = {
    ...signed,
    targets: {
      ...signed.targets,
      [tag]: { hashes: { sha256: Buffer.from(t.hex, 'hex').toString('base64') }, length: t.size },
    },
    version: signed.version + 1,
  };
  const sig = sign('sha256', canonicalBytes(next), { key: createPrivateKey(keyPem), dsaEncoding: 'ieee-p1363' });
  const file = join(stack.dir, `${role.replace(/\//g, '_')}-${tag}.json`);
  writeFileSync(file, encodeEnvelope(next, [{ keyid, method: 'ecdsa', sig: sig.toString('base64') }]));
  const url = `${stack.notaryHttpsUrl}/v2/${gun}/_trust/tuf/`;
  ok(
    await run(
      'curl',
      ['-sf', '--cacert', stack.caFile, '-F', `files=@${file};filename=${role}`, url],
      process.env as Record<string, string>,
    ),
    `publish ${role} with ${tag}`,
  );
}

export async function pathsRepo(stack: Stack, gunOrRepo: string): Promise<PathsScenario> {
  const { gun, repo } = resolveGun(stack, gunOrRepo);
  const admin = newIdentity(stack, 'admin');
  const [alice, carol, dave] = ['alice', 'carol', 'dave'].map((n) => newIdentity(stack, n)) as [
    Identity,
    Identity,
    Identity,
  ];
  const images: Record<string, ExpectedTag> = {};
  for (const tag of ['rel1', 't1', 't2', 'bad', 'u1', 'x1']) images[tag] = await push(stack, repo, tag);
  const [aliceKey, carolKey, daveKey] = await Promise.all([
    notaryKeyGenerate(alice, 'alice'),
    notaryKeyGenerate(carol, 'carol'),
    notaryKeyGenerate(dave, 'dave'),
  ]);
  await initAdmin(admin, gun);
  ok(await admin.notary(['delegation', 'add', gun, 'targets/releases', aliceKey.pub, '--paths', 'rel']), 'releases');
  ok(await admin.notary(['delegation', 'add', gun, 'targets/team', carolKey.pub, '--paths', 't']), 'team');
  ok(await admin.notary(['publish', gun]), 'publish delegations');
  ok(await carol.notary(['delegation', 'add', gun, 'targets/team/sub', daveKey.pub, '--paths', 't1,t3']), 'sub');
  ok(await carol.notary(['publish', gun]), 'publish team/sub');
  ok(await alice.notary(addhashArgs(gun, 'rel1', images.rel1!, ['targets/releases'], true)), 'rel1');
  ok(await carol.notary(addhashArgs(gun, 't2', images.t2!, ['targets/team'], true)), 't2');
  ok(await dave.notary(addhashArgs(gun, 't1', images.t1!, ['targets/team/sub'], true)), 't1');

  const plain = (id: Identity, name: string) =>
    readFileSync(join(id.dockerConfig, 'keys', `${name}-key.plain.pem`), 'utf8');
  await publishOutside(stack, gun, 'targets/releases', plain(alice, 'alice'), 'bad', images.bad!);
  await publishOutside(stack, gun, 'targets/team', plain(carol, 'carol'), 'u1', images.u1!);
  await publishOutside(stack, gun, 'targets/team/sub', plain(dave, 'dave'), 'x1', images.x1!);
  return {
    gun,
    repo,
    admin,
    signed: {
      rel1: ['targets/releases', images.rel1!],
      t2: ['targets/team', images.t2!],
      t1: ['targets/team/sub', images.t1!],
    },
    outside: {
      bad: ['targets/releases', images.bad!],
      u1: ['targets/team', images.u1!],
      x1: ['targets/team/sub', images.x1!],
    },
  };
}
