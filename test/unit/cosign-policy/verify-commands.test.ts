/**
 * The `cosign verify` commands the app shows to copy: one per migrated tag and signer, as verify.sh
 * checks them, naming the key file the policy folder holds for that signer (so the command runs
 * as it is in the repository's folder), with cosign's flags for a plain-HTTP registry only there.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { policyFiles, type PolicyInput } from '../../../core/cosign-policy/index.js';
import { verifyCommands } from '../../../core/cosign-policy/verify-commands.js';

const pem = () =>
  generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;

const input = (repository: string, insecureRegistry: boolean): PolicyInput => ({
  repository,
  insecureRegistry,
  signers: [
    { name: 'Repo Admin', role: 'targets', keyId: 'a'.repeat(64), publicKeyPem: pem() },
    { name: 'alice', role: 'targets/alice', keyId: 'c'.repeat(64), publicKeyPem: pem() },
  ],
  tags: [
    { tag: 'v2', digest: D2, signers: ['alice'] },
    { tag: 'v1', digest: D1, signers: ['alice', 'Repo Admin'] },
  ],
});

test('one command per tag and signer, in verify.sh’s order, with the plain-HTTP flags for a loopback registry', () => {
  const repo = '127.0.0.1:5000/team/app';
  const flags = '--insecure-ignore-tlog=true --allow-http-registry --allow-insecure-registry';
  assert.deepEqual(
    verifyCommands([input(repo, true)]).map((c) => [c.tag, c.signer, c.command]),
    [
      ['v1', 'Repo Admin', `cosign verify --key repo-admin.pub ${flags} ${repo}@${D1}`],
      ['v1', 'alice', `cosign verify --key alice.pub ${flags} ${repo}@${D1}`],
      ['v2', 'alice', `cosign verify --key alice.pub ${flags} ${repo}@${D2}`],
    ],
  );
});

test('a registry over TLS: no registry flags (the transparency log is still skipped: nothing was uploaded)', () => {
  const [c] = verifyCommands([input('registry.example.com/team/app', false)]);
  assert.equal(
    c!.command,
    `cosign verify --key repo-admin.pub --insecure-ignore-tlog=true registry.example.com/team/app@${D1}`,
  );
});

test('each command’s key file is the file the policy folder writes for that signer, in the repository’s folder', () => {
  const inputs = [input('127.0.0.1:5000/team/app', true), input('127.0.0.1:5000/team/web', true)];
  const files = new Map(policyFiles(inputs).map((f) => [f.path, f.text]));
  const commands = verifyCommands(inputs);
  assert.equal(commands.length, 6);
  for (const c of commands) {
    const signer = inputs.find((i) => i.repository === c.repository)!.signers.find((s) => s.name === c.signer)!;
    assert.equal(files.get(`${c.folder}/${c.keyFile}`), signer.publicKeyPem, `${c.repository} ${c.signer}`);
    assert.match(files.get(`${c.folder}/verify.sh`) ?? '', new RegExp(`'@${c.digest}' '${c.signer}' '${c.keyFile}'`));
  }
  assert.deepEqual([...new Set(commands.map((c) => c.folder))], ['127.0.0.1_5000/team/app', '127.0.0.1_5000/team/web']);
});
