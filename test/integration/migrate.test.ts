/**
 * `signet migrate` against the REAL notary-server, registry and cosign 2.5, on repositories built
 * with the real docker and notary CLIs. Every digest carried over is verified by `cosign verify
 * --key` with the key that signed it in DCT, refused with another key, and every digest DCT did not
 * sign is refused.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { publicKeyPem } from '../../core/crypto/public-key-pem.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { adminSignedRepo, push, signersRepo, type Scenario } from '../helpers/scenarios.js';
import { pathsRepo, type PathsScenario } from '../helpers/paths-scenario.js';
import { ok, run, type Identity, type RunResult } from '../helpers/identity.js';
import { pushImage } from '../helpers/registry-push.js';
import { startTokenServer, type TokenServer } from '../helpers/token-server.js';
import { startTokenRegistry, type TokenRegistry } from '../helpers/token-registry.js';
import { signet } from '../helpers/signet-cli.js';

let stack: Stack;
let admin: Scenario;
let team: Scenario;
let paths: PathsScenario;
let tokenServer: TokenServer | undefined;
let tokenRegistry: TokenRegistry | undefined;

interface JsonRow {
  Tag: string;
  SignedDigest: string | null;
  RegistryDigest: string | null;
  Signers: string[];
  KeyIDs: string[];
  State: string;
  Reason: string;
}
interface JsonRepo {
  Name: string;
  Tags: JsonRow[];
  Problems: string[];
}

before(async () => {
  stack = await startStack();
  [admin, team, paths] = await Promise.all([
    adminSignedRepo(stack, 'mig/admin', ['v1', 'v2']),
    signersRepo(stack, 'mig/team'),
    pathsRepo(stack, 'mig/paths'),
  ]);
});
after(async () => {
  await tokenRegistry?.stop();
  await tokenServer?.stop();
  await stack?.stop();
});

const COSIGN_FLAGS = ['--insecure-ignore-tlog=true', '--allow-http-registry', '--allow-insecure-registry'];

function cosignVerify(pub: string, ref: string): Promise<RunResult> {
  return run('cosign', ['verify', '--key', pub, ...COSIGN_FLAGS, ref], process.env as Record<string, string>, {
    timeoutMs: 60_000,
  });
}

async function migrate(id: Identity, args: string[]): Promise<{ code: number; repos: JsonRepo[]; stderr: string }> {
  const r = await signet(id, ['migrate', '--json', ...args]);
  let repos: JsonRepo[] = [];
  try {
    repos = JSON.parse(r.stdout) as JsonRepo[];
  } catch {
    assert.fail(`migrate printed no JSON (rc ${r.code}): ${r.stdout}\n${r.stderr}`);
  }
  return { code: r.code, repos, stderr: r.stderr };
}

/** The repository (targets) key of a repository as a PEM file, from its trust data. */
async function repositoryKeyPem(id: Identity, gun: string, file: string): Promise<string> {
  const url = `${stack.notaryHttpsUrl}/v2/${gun}/_trust/tuf/root.json`;
  const r = await run('curl', ['-sf', '--cacert', stack.caFile, url], process.env as Record<string, string>);
  const root = JSON.parse(r.stdout).signed as { keys: Record<string, never>; roles: { targets: { keyids: string[] } } };
  writeFileSync(file, publicKeyPem(root.keys[root.roles.targets.keyids[0]!]!));
  void id;
  return file;
}

const rows = (repo: JsonRepo | undefined) =>
  (repo?.Tags ?? []).map((t) => [t.Tag, t.Signers.join('+'), t.State]).sort((a, b) => a.join().localeCompare(b.join()));

describe('signet migrate --to cosign (real notary-server, registry, cosign)', () => {
  test('admin only: every tag carried over with the repository key; cosign verifies it, refuses another key', async () => {
    const a = admin.identities.admin!;
    const unsigned = await push(stack, admin.repo, 'v9'); // in the registry, signed by nobody
    const dry = await migrate(a, ['--dry-run', admin.gun]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.deepEqual(rows(dry.repos[0]), [
      ['v1', 'Repo Admin', 'planned'],
      ['v2', 'Repo Admin', 'planned'],
      ['v9', '', 'unsigned'],
    ]);
    const r = await migrate(a, [admin.gun]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(rows(r.repos[0]), [
      ['v1', 'Repo Admin', 'migrated'],
      ['v2', 'Repo Admin', 'migrated'],
      ['v9', '', 'unsigned'],
    ]);
    // the audit sees cosign: each signed tag's Cosign names the repository key; no .sig tag is "unsigned"
    const audit = await signet(a, ['audit', '--json', admin.gun]);
    const audited = JSON.parse(audit.stdout)[0] as { Tags: Array<{ Tag: string; State: string; Cosign?: string[] }> };
    const targetsKey = r.repos[0]!.Tags.find((t) => t.Tag === 'v1')!.KeyIDs[0];
    assert.deepEqual(
      audited.Tags.map((t) => [t.Tag, t.State, t.Cosign]),
      [
        ['v1', 'ok', [targetsKey]],
        ['v2', 'ok', [targetsKey]],
        ['v9', 'unsigned', undefined],
      ],
    );
    const pub = await repositoryKeyPem(a, admin.gun, join(stack.dir, 'mig-admin-targets.pub'));
    for (const tag of ['v1', 'v2']) {
      const v = await cosignVerify(pub, `${admin.gun}@sha256:${admin.tags[tag]!.hex}`);
      assert.equal(v.code, 0, `${tag}: ${v.stderr}`);
      assert.match(v.stdout, /"dct.role":"targets"/);
      assert.match(v.stdout, /"dct.signer":"Repo Admin"/);
    }
    const other = await repositoryKeyPem(a, team.gun, join(stack.dir, 'mig-team-targets.pub'));
    assert.notEqual((await cosignVerify(other, `${admin.gun}@sha256:${admin.tags.v1!.hex}`)).code, 0, 'another key');
    assert.notEqual((await cosignVerify(pub, `${admin.gun}@${unsigned.digest}`)).code, 0, 'DCT never signed v9');

    // a re-run adds nothing: every row already there, the signature image unchanged
    const layers = async () =>
      JSON.parse(
        (
          await run(
            'curl',
            [
              '-sf',
              '-H',
              'Accept: application/vnd.oci.image.manifest.v1+json',
              `http://${stack.registryHost}/v2/${admin.repo}/manifests/sha256-${admin.tags.v1!.hex}.sig`,
            ],
            process.env as Record<string, string>,
          )
        ).stdout,
      ).layers.length as number;
    const before = await layers();
    const again = await migrate(a, [admin.gun]);
    assert.equal(again.code, 0);
    assert.deepEqual(
      again.repos[0]!.Tags.filter((t) => t.SignedDigest).map((t) => t.State),
      ['already', 'already'],
    );
    assert.equal(await layers(), before);
  });

  test('two signers, the user holds one: the other reported with its key ID, then migrated by its holder', async () => {
    const { alice, bob } = team.identities as Record<string, Identity>;
    const policyDir = join(stack.dir, 'mig-team-policies');
    const first = await migrate(alice!, ['--policy-dir', policyDir, team.gun]);
    assert.equal(first.code, 1, 'bob’s signature is left');
    assert.deepEqual(rows(first.repos[0]), [
      ['v1', 'alice', 'migrated'],
      ['v2', 'alice', 'migrated'],
      ['v2', 'bob', 'needs-key'],
    ]);
    const bobRow = first.repos[0]!.Tags.find((t) => t.Signers[0] === 'bob')!;
    assert.deepEqual(bobRow.KeyIDs, team.signers.find((s) => s.name === 'bob')!.keyIds);
    assert.match(
      bobRow.Reason,
      new RegExp(`bob's key \\(${bobRow.KeyIDs[0]!.slice(0, 12)}\\) is not on this computer`),
    );
    const second = await migrate(bob!, ['--policy-dir', policyDir, team.gun]);
    assert.equal(second.code, 0, second.stderr);
    // the policy folder now names both signers' keys, and its verify.sh checks every signature with cosign
    const repoDir = join(policyDir, team.gun.replace(':', '_'));
    const verify = await run('sh', [join(repoDir, 'verify.sh')], process.env as Record<string, string>, {
      timeoutMs: 120_000,
    });
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /^all 3 checks passed$/m); // v1 alice, v2 alice, v2 bob
    for (const f of [
      'alice.pub',
      'bob.pub',
      'kyverno-clusterpolicy.yaml',
      'cluster-image-policy.yaml',
      'containers-policy.json',
    ])
      assert.ok(existsSync(join(repoDir, f)), f);
    assert.deepEqual(rows(second.repos[0]), [
      ['v1', 'alice', 'already'],
      ['v2', 'alice', 'already'],
      ['v2', 'bob', 'migrated'],
    ]);
    const alicePub = join(alice!.dockerConfig, 'keys', 'alice.pub');
    const bobPub = join(bob!.dockerConfig, 'keys', 'bob.pem');
    for (const [pub, tag, ok] of [
      [alicePub, 'v1', true],
      [alicePub, 'v2', true],
      [bobPub, 'v2', true],
      [bobPub, 'v1', false], // bob never signed v1 in DCT
    ] as const) {
      const v = await cosignVerify(pub, `${team.gun}@sha256:${team.tags[tag]!.hex}`);
      assert.equal(v.code === 0, ok, `${pub.split('/').pop()} ${tag}: ${v.stderr}`);
    }
  });

  test('a target outside its delegation’s paths is never carried over', async () => {
    const r = await migrate(paths.admin, ['--dry-run', paths.gun]);
    const tags = r.repos[0]!.Tags;
    assert.deepEqual(
      tags.filter((t) => t.SignedDigest !== null).map((t) => t.Tag),
      ['rel1'],
    );
    assert.equal(tags.find((t) => t.Tag === 'bad')?.State, 'unsigned');
  });

  test('a moved tag carries its signed digest over; a signed manifest the registry lost is reported', async () => {
    const sc = await adminSignedRepo(stack, 'mig/moved', ['v1', 'v2']);
    const a = sc.identities.admin!;
    const moved = await pushImage(stack.registryHost, sc.repo, 'v1', { content: 'v1 rebuilt after signing\n' });
    // v2's manifest deleted from the registry (its tag with it)
    const del = await run(
      'curl',
      ['-sf', '-X', 'DELETE', `http://${stack.registryHost}/v2/${sc.repo}/manifests/sha256:${sc.tags.v2!.hex}`],
      process.env as Record<string, string>,
    );
    assert.equal(del.code, 0, del.stderr);
    const r = await migrate(a, [sc.gun]);
    assert.equal(r.code, 1, 'the lost manifest is left');
    const v1 = r.repos[0]!.Tags.find((t) => t.Tag === 'v1')!;
    assert.equal(v1.State, 'migrated');
    assert.equal(v1.SignedDigest, sc.tags.v1!.hex);
    assert.equal(v1.RegistryDigest, moved.hex);
    assert.match(v1.Reason, new RegExp(`the tag now serves ${moved.digest}, which DCT did not sign`));
    const v2 = r.repos[0]!.Tags.find((t) => t.Tag === 'v2')!;
    assert.equal(v2.State, 'missing');
    assert.match(v2.Reason, /the registry no longer has the signed manifest/);
    const pub = await repositoryKeyPem(a, sc.gun, join(stack.dir, 'mig-moved.pub'));
    assert.equal((await cosignVerify(pub, `${sc.gun}@sha256:${sc.tags.v1!.hex}`)).code, 0, 'the signed digest');
    assert.notEqual((await cosignVerify(pub, `${sc.gun}@${moved.digest}`)).code, 0, 'never what the tag moved to');
  });

  test('from an archive with the notary server stopped: the same signatures, verified by cosign', async () => {
    const sc = await adminSignedRepo(stack, 'mig/archived', ['v1']);
    const a = sc.identities.admin!;
    const file = join(stack.dir, 'mig-archived.trust.tar.gz');
    ok(await signet(a, ['archive', sc.gun, file]), 'signet archive');
    const pub = await repositoryKeyPem(a, sc.gun, join(stack.dir, 'mig-archived.pub'));
    await stack.stopNotary('https');
    try {
      const r = await migrate(a, ['--archive', file]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(rows(r.repos[0]), [['v1', 'Repo Admin', 'migrated']]);
    } finally {
      await stack.startNotary('https');
    }
    const v = await cosignVerify(pub, `${sc.gun}@sha256:${sc.tags.v1!.hex}`);
    assert.equal(v.code, 0, v.stderr);
    assert.match(
      v.stdout,
      new RegExp(`"dct.server":"${stack.notaryHttpsUrl.replace(/[.]/g, '\\.')}"`),
      'the server it came from, not the archive',
    );
  });

  test('a token-auth registry: the signature image is pushed with the push scope of the docker login', async () => {
    tokenServer = await startTokenServer();
    tokenRegistry = await startTokenRegistry(tokenServer);
    const host = tokenRegistry.host;
    const admin = team.identities.admin!;
    const bearer = tokenServer.mint(tokenRegistry.service, [
      { type: 'repository', name: 'tok/app', actions: ['pull', 'push'] },
    ]);
    const p = await pushImage(host, 'tok/app', 'v1', { bearer });
    ok(await admin.notary(['init', `${host}/tok/app`, '-p']), 'notary init');
    ok(await admin.notary(['addhash', `${host}/tok/app`, 'v1', String(p.size), '--sha256', p.hex, '-p']), 'addhash');
    const auth = Buffer.from(`${tokenServer.username}:${tokenServer.password}`).toString('base64');
    writeFileSync(join(admin.dockerConfig, 'config.json'), JSON.stringify({ auths: { [host]: { auth } } }));
    const r = await migrate(admin, [`${host}/tok/app`]);
    assert.equal(r.code, 0, r.stderr + JSON.stringify(r.repos));
    assert.deepEqual(rows(r.repos[0]), [['v1', 'Repo Admin', 'migrated']]);
    const pushes = tokenServer.requests.filter((q) =>
      q.scopes.some((sc) => /^repository:tok\/app:pull,push$/.test(sc)),
    );
    assert.ok(pushes.length > 0, 'a token with the push scope was asked for');
  });
});
