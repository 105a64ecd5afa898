/**
 * `signet inspect` against `docker trust inspect` on repositories the real notary and docker CLIs
 * built on a real notary-server: stdout byte for byte, exit codes equal, for JSON and --pretty.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../helpers/stack.js';
import {
  adminSignedRepo,
  emptyRepo,
  newRepoBySigner,
  signersRepo,
  viewer,
  type Scenario,
} from '../helpers/scenarios.js';
import type { Identity } from '../helpers/identity.js';
import { signet } from '../helpers/signet-cli.js';

let stack: Stack;
const repos: Record<string, Scenario> = {};

before(async () => {
  stack = await startStack({ ecdsa: true });
  const [admin, signers, fresh, emptyNotary, emptyDocker] = await Promise.all([
    adminSignedRepo(stack, 'example/admin-signed', [
      'v1',
      'v10',
      'v2',
      'latest',
      '1.0',
      'v01',
      'v1.9',
      'v1.10',
      'V1',
      '_x',
    ]),
    signersRepo(stack, 'example/signers'),
    newRepoBySigner(stack, 'example/new-repo'),
    emptyRepo(stack, 'example/empty-notary', 'notary'),
    emptyRepo(stack, 'example/empty-docker', 'docker'),
  ]);
  Object.assign(repos, { admin, signers, fresh, emptyNotary, emptyDocker });
});

after(async () => {
  await stack?.stop();
});

/** Runs docker and signet with the same arguments from the same key-less identity and compares. */
async function compare(id: Identity, args: string[]): Promise<string> {
  const mine = await signet(id, ['inspect', ...args]);
  const theirs = await id.docker(['trust', 'inspect', ...args]);
  if (process.env['SIGNET_TEST_SHOW'])
    process.stdout.write(`# docker trust inspect ${args.join(' ')}\n${theirs.stdout}${theirs.stderr}`);
  assert.equal(mine.stdout, theirs.stdout, `stdout of inspect ${args.join(' ')}`);
  assert.equal(mine.code, theirs.code, `exit code of inspect ${args.join(' ')}: ${mine.stderr}`);
  const firstLine = (s: string) => s.split('\n').find((l) => !l.startsWith('Warning') && l !== '') ?? '';
  // docker 20.10 capitalises this line ("No signatures ..."); 28.x does not
  assert.equal(firstLine(mine.stderr).toLowerCase(), firstLine(theirs.stderr).toLowerCase(), 'first error line');
  return mine.stdout;
}

describe('signet inspect equals docker trust inspect', () => {
  for (const name of ['admin', 'signers', 'fresh', 'emptyNotary', 'emptyDocker'] as const) {
    test(`${name}: JSON and --pretty, whole repository`, async () => {
      const id = viewer(stack);
      const json = await compare(id, [repos[name]!.gun]);
      await compare(id, ['--pretty', repos[name]!.gun]);
      // the content is right too, not only equal: every expected tag with the registry's digest
      const parsed = JSON.parse(json) as Array<{
        SignedTags: Array<{ SignedTag: string; Digest: string; Signers: string[] }>;
      }>;
      const rows = Object.fromEntries(parsed[0]!.SignedTags.map((r) => [r.SignedTag, r]));
      for (const [tag, exp] of Object.entries(repos[name]!.tags)) {
        assert.equal(rows[tag]?.Digest, exp.hex, `${name} ${tag} digest`);
        assert.deepEqual([...rows[tag]!.Signers].sort(), exp.signers, `${name} ${tag} signers`);
      }
    });
  }

  test('one tag, a tag that does not exist, and several repositories at once', async () => {
    const id = viewer(stack);
    const { admin, signers } = repos;
    await compare(id, [`${admin!.gun}:v2`]);
    await compare(id, ['--pretty', `${signers!.gun}:v2`]);
    await compare(id, [`${admin!.gun}:nosuchtag`]);
    await compare(id, ['--pretty', `${admin!.gun}:nosuchtag`]);
    await compare(id, [admin!.gun, signers!.gun, repos.fresh!.gun]);
    await compare(id, ['--pretty', admin!.gun, signers!.gun]);
  });

  test('a repository that does not exist: same output and exit code, alone and among others', async () => {
    const id = viewer(stack);
    const missing = `${stack.registryHost}/example/does-not-exist`;
    await compare(id, [missing]);
    await compare(id, ['--pretty', missing]);
    await compare(id, [repos.admin!.gun, missing]);
    await compare(id, ['--pretty', repos.admin!.gun, missing]);
  });

  test('a repository served by a notary-signer backed server (ecdsa timestamps)', async () => {
    const server = stack.notaryEcdsaUrl!;
    const id = viewer(stack, server);
    const built = await newRepoOnServer(server);
    await compare(id, [built]);
    await compare(id, ['--pretty', built]);
  });

  test('reading after docker filled the shared cache, and docker reading after signet did', async () => {
    const id = viewer(stack);
    await id.docker(['trust', 'inspect', repos.signers!.gun]);
    await compare(id, [repos.signers!.gun]);
    const id2 = viewer(stack);
    await signet(id2, ['inspect', repos.fresh!.gun]);
    await compare(id2, ['--pretty', repos.fresh!.gun]);
  });
});

/** An admin-signed repository built with the notary CLI on another server. */
async function newRepoOnServer(server: string): Promise<string> {
  const { makeIdentity, ok } = await import('../helpers/identity.js');
  const admin = makeIdentity(stack, `ecdsa-admin-${process.pid}`, { server });
  const gun = `${stack.registryHost}/example/on-ecdsa`;
  ok(await admin.notary(['init', '-p', gun]), 'notary init');
  ok(await admin.notary(['key', 'rotate', gun, 'snapshot', '-r']), 'rotate snapshot');
  ok(await admin.notary(['addhash', gun, 'v1', '423', '--sha256', 'a'.repeat(64), '-p']), 'addhash');
  return gun;
}
