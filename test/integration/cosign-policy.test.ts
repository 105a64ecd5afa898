/**
 * The policy folder against the real cosign 2.5 and the real registry: two digests signed with
 * `cosign sign --key` (keys from `cosign generate-key-pair`), the folder written for them with
 * those public keys; verify.sh passes; with a wrong key for one signer, or a digest nobody signed,
 * it fails and says which check. Every key the admission policies name verifies with cosign.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { policyFiles, type PolicyInput } from '../../core/cosign-policy/index.js';
import { writePolicyDir } from '../../core/node/policy-dir.js';
import { pushImage } from '../helpers/registry-push.js';
import { startStack, type Stack } from '../helpers/stack.js';

const execFileP = promisify(execFile);
const COSIGN = process.env.COSIGN ?? 'cosign';
const PASSWORD = 'policy-test-password';

let stack: Stack;
let dir: string;
let repo: string;
let env: NodeJS.ProcessEnv;
const digests: Record<string, string> = {};
const pubs: Record<string, string> = {};

async function cosign(...args: string[]): Promise<void> {
  await execFileP(COSIGN, args, { env, cwd: dir, timeout: 60_000 });
}

before(async () => {
  stack = await startStack();
  dir = mkdtempSync(join(tmpdir(), 'signet-cosign-policy-'));
  // cosign keeps its caches under HOME: a fresh one, nothing of the user's
  env = { ...process.env, HOME: dir, COSIGN_PASSWORD: PASSWORD, DOCKER_CONFIG: join(dir, 'docker') };
  repo = `${stack.registryHost}/team/app`;
  for (const tag of ['v1', 'v2', 'unsigned'])
    digests[tag] = (await pushImage(stack.registryHost, 'team/app', tag)).digest;
  for (const name of ['admin', 'alice', 'bob', 'carol']) {
    await cosign('generate-key-pair', '--output-key-prefix', name);
    pubs[name] = readFileSync(join(dir, `${name}.pub`), 'utf8');
  }
  const sign = (key: string, digest: string) =>
    cosign(
      'sign',
      '--key',
      `${key}.key`,
      '--tlog-upload=false',
      '--yes',
      '--allow-http-registry',
      '--allow-insecure-registry',
      `${repo}@${digest}`,
    );
  await sign('alice', digests.v1!);
  await sign('bob', digests.v1!);
  await sign('admin', digests.v2!);
});

after(async () => {
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function input(over: { bobKey?: string; unsigned?: boolean } = {}): PolicyInput {
  const tags = [
    { tag: 'v1', digest: digests.v1!, signers: ['alice', 'bob'] },
    { tag: 'v2', digest: digests.v2!, signers: ['Repo Admin'] },
  ];
  if (over.unsigned) tags.push({ tag: 'unsigned', digest: digests.unsigned!, signers: ['alice'] });
  return {
    repository: repo,
    insecureRegistry: true,
    signers: [
      { name: 'Repo Admin', role: 'targets', keyId: 'a'.repeat(64), publicKeyPem: pubs.admin! },
      { name: 'alice', role: 'targets/alice', keyId: 'c'.repeat(64), publicKeyPem: pubs.alice! },
      { name: 'bob', role: 'targets/bob', keyId: 'b'.repeat(64), publicKeyPem: over.bobKey ?? pubs.bob! },
    ],
    tags,
  };
}

async function verifySh(name: string, i: PolicyInput) {
  const root = join(dir, name);
  await writePolicyDir(root, policyFiles([i]));
  const script = join(root, stack.registryHost.replace(':', '_'), 'team/app/verify.sh');
  const r = spawnSync(script, [], { encoding: 'utf8', env: { ...env, COSIGN }, cwd: tmpdir(), timeout: 120_000 });
  return { ...r, root };
}

test('verify.sh passes for every signature carried over, checked with each signer key', async () => {
  const r = await verifySh('good', input());
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^ok +v1 .* signed by alice$/m);
  assert.match(r.stdout, /^ok +v1 .* signed by bob$/m);
  assert.match(r.stdout, /^ok +v2 .* signed by Repo Admin$/m);
  assert.match(r.stdout, /all 3 checks passed/);
});

test('a wrong key for one signer: verify.sh fails on that check only and exits 1', async () => {
  const r = await verifySh('wrong-key', input({ bobKey: pubs.carol }));
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /^FAILED +v1 .* signed by bob$/m);
  assert.match(r.stdout, /^ok +v1 .* signed by alice$/m);
  assert.match(r.stdout, /^ok +v2 .* signed by Repo Admin$/m);
  assert.match(r.stdout, /1 of 3 checks failed/);
});

test('a digest nobody signed with cosign is refused', async () => {
  const r = await verifySh('unsigned', input({ unsigned: true }));
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`^FAILED +unsigned +${repo}@${digests.unsigned} +signed by alice$`, 'm'));
  assert.match(r.stdout, /1 of 4 checks failed/);
});

test('every key the Kyverno, policy-controller and containers policies name verifies a migrated digest with cosign', async () => {
  const r = await verifySh('policies', input());
  const folder = join(r.root, stack.registryHost.replace(':', '_'), 'team/app');
  const read = spawnSync(
    'python3',
    [
      '-c',
      'import sys, json, yaml\n' +
        'k = yaml.safe_load(open(sys.argv[1]))\nc = yaml.safe_load(open(sys.argv[2]))\n' +
        'print(json.dumps([[e["keys"]["publicKeys"] for e in k["spec"]["rules"][0]["verifyImages"][0]["attestors"][0]["entries"]],' +
        ' [a["key"]["data"] for a in c["spec"]["authorities"]]]))',
      join(folder, 'kyverno-clusterpolicy.yaml'),
      join(folder, 'cluster-image-policy.yaml'),
    ],
    { encoding: 'utf8' },
  );
  assert.equal(read.status, 0, read.stderr);
  const [kyverno, cip] = JSON.parse(read.stdout) as [string[], string[]];
  const containers = JSON.parse(readFileSync(join(folder, 'containers-policy.json'), 'utf8')).transports.docker[
    repo
  ][0].keyDatas.map((b: string) => Buffer.from(b, 'base64').toString('utf8')) as string[];
  const signed: Record<string, string> = {
    [pubs.alice!]: digests.v1!,
    [pubs.bob!]: digests.v1!,
    [pubs.admin!]: digests.v2!,
  };
  for (const [policy, keys] of Object.entries({ kyverno, cip, containers })) {
    assert.equal(keys.length, 3, policy);
    for (const [i, pem] of keys.entries()) {
      const digest = signed[pem];
      assert.ok(digest, `${policy}: key ${i} is one of the signers' keys`);
      const keyFile = join(dir, `${policy}-${i}.pub`);
      writeFileSync(keyFile, pem);
      const flags = ['--insecure-ignore-tlog=true', '--allow-http-registry', '--allow-insecure-registry'];
      await cosign('verify', '--key', keyFile, ...flags, `${repo}@${digest}`);
    }
  }
});
