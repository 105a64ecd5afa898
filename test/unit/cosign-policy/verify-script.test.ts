/**
 * verify.sh against a fake cosign on PATH that records its arguments and refuses one digest: the
 * script passes `sh -n`, runs every check (it goes on after a failure), hands cosign each argument
 * intact (a repository or tag with shell characters stays one word), finds the keys beside itself
 * from any working directory, and exits 1 when a check failed, 0 when none did.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { policyFiles, type PolicyInput } from '../../../core/cosign-policy/index.js';

const pem = () =>
  generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
const REPO = '127.0.0.1:5000/team/app';
const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;
const D3 = `sha256:${'3'.repeat(64)}`;

let dir: string;
let bin: string;
let log: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'signet-verify-sh-'));
  bin = join(dir, 'bin');
  log = join(dir, 'cosign-args');
  mkdirSync(bin);
  // one line per call: the arguments separated by tabs; D2 "has no matching signatures"
  writeFileSync(
    join(bin, 'cosign'),
    `#!/bin/sh\n(IFS="$(printf '\\t')"; printf '%s\\n' "$*") >> '${log}'\n` +
      `case "$*" in *${D2}*) echo 'Error: no matching signatures' >&2; exit 10;; esac\n` +
      `echo '[{"critical":{}}]'\n`,
  );
  chmodSync(join(bin, 'cosign'), 0o755);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const input = (over: Partial<PolicyInput> = {}): PolicyInput => ({
  repository: REPO,
  insecureRegistry: true,
  signers: [
    { name: 'Repo Admin', role: 'targets', keyId: 'a'.repeat(64), publicKeyPem: pem() },
    { name: 'alice', role: 'targets/alice', keyId: 'c'.repeat(64), publicKeyPem: pem() },
    { name: 'bob', role: 'targets/bob', keyId: 'b'.repeat(64), publicKeyPem: pem() },
  ],
  tags: [
    { tag: 'v1', digest: D1, signers: ['alice', 'bob'] },
    { tag: 'v2', digest: D2, signers: ['alice'] },
    { tag: 'latest', digest: D3, signers: ['Repo Admin'] },
  ],
  ...over,
});

/** Writes the files under a fresh folder; returns the folder of the repository's verify.sh. */
function write(name: string, i: PolicyInput): string {
  const root = join(dir, name);
  let script = '';
  for (const f of policyFiles([i])) {
    const p = join(root, f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.text, { mode: f.mode ?? 0o644 });
    if (f.path.endsWith('/verify.sh')) script = p;
  }
  return script;
}

function run(script: string) {
  rmSync(log, { force: true });
  // from another working directory: the keys are found beside the script
  const r = spawnSync(script, [], {
    cwd: tmpdir(),
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
  });
  const calls = readFileSync(log, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => l.split('\t'));
  return { ...r, calls };
}

test('verify.sh is valid POSIX sh', () => {
  const r = spawnSync('sh', ['-n', write('syntax', input())], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('one refused digest: every check still runs, the failure is named, the exit status is 1', () => {
  const script = write('one-fails', input());
  const r = run(script);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  const keyDir = dirname(script);
  assert.deepEqual(
    r.calls,
    [
      [D3, 'repo-admin.pub'],
      [D1, 'alice.pub'],
      [D1, 'bob.pub'],
      [D2, 'alice.pub'],
    ].map(([digest, key]) => [
      'verify',
      '--key',
      join(keyDir, key!),
      '--insecure-ignore-tlog=true',
      '--allow-http-registry',
      '--allow-insecure-registry',
      `${REPO}@${digest}`,
    ]),
  );
  assert.match(r.stdout, new RegExp(`^FAILED +v2 +${REPO}@${D2} +signed by alice$`, 'm'));
  assert.match(r.stdout, /no matching signatures/, "cosign's reason is shown");
  assert.equal((r.stdout.match(/^ok /gm) ?? []).length, 3);
  assert.match(r.stdout, /1 of 4 checks failed/);
});

test('every check verified: exit 0; a registry over TLS gets no insecure flags', () => {
  const i = input({ insecureRegistry: false });
  i.tags = i.tags.filter((t) => t.digest !== D2);
  const r = run(write('all-pass', i));
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal(r.calls.length, 3);
  for (const c of r.calls)
    assert.ok(!c.some((a) => a.includes('insecure-registry') || a.includes('http-registry')), String(c));
  assert.match(r.stdout, /all 3 checks passed/);
});

test('a signer name and tag with shell characters reach cosign as they are, and nothing else runs', () => {
  const i = input();
  i.signers[1] = { ...i.signers[1]!, name: `al'ice $(touch ${join(dir, 'pwned')}) "x"` };
  i.tags = [{ tag: 'v1', digest: D1, signers: [i.signers[1].name] }];
  const r = run(write('quoting', i));
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal(r.calls.length, 1);
  assert.ok(r.stdout.includes(`signed by ${i.signers[1].name}`), r.stdout);
  assert.throws(() => readFileSync(join(dir, 'pwned')), /ENOENT/);
});
