/**
 * core/cosign-policy: the policy folder of a migrated repository (Repo Admin and two signers).
 * The YAML is read back by PyYAML (a YAML 1.1 reader, like the Go readers of Kubernetes), the JSON
 * by JSON.parse, and each policy must name exactly the signers' keys with the fields its tool reads.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { describe, test } from 'node:test';
import { policyFiles, type PolicyInput } from '../../../core/cosign-policy/index.js';
import { isSignetError } from '../../../core/errors.js';

function newPublicKeyPem(): string {
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({
    type: 'spki',
    format: 'pem',
  }) as string;
}

const REPO = '127.0.0.1:5000/team/app';
const DIR = '127.0.0.1_5000/team/app';
const keys = { admin: newPublicKeyPem(), alice: newPublicKeyPem(), bob: newPublicKeyPem() };
const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;

function input(over: Partial<PolicyInput> = {}): PolicyInput {
  return {
    repository: REPO,
    signers: [
      { name: 'bob', role: 'targets/bob', keyId: 'b'.repeat(64), publicKeyPem: keys.bob },
      { name: 'Repo Admin', role: 'targets', keyId: 'a'.repeat(64), publicKeyPem: keys.admin },
      { name: 'alice', role: 'targets/alice', keyId: 'c'.repeat(64), publicKeyPem: keys.alice },
    ],
    tags: [
      { tag: 'v1', digest: D1, signers: ['alice', 'bob'] },
      { tag: 'latest', digest: D2, signers: ['Repo Admin'] },
    ],
    ...over,
  };
}

/** Every YAML file read by PyYAML, as JSON. */
function readYaml(texts: string[]): any[] {
  const script = 'import sys, json, yaml\nprint(json.dumps([yaml.safe_load(t) for t in json.load(sys.stdin)]))';
  const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(texts), encoding: 'utf8' });
  assert.equal(r.status, 0, `PyYAML (Debian: python3-yaml) read the policies: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const byPath = (files: { path: string; text: string; mode?: number }[]) => new Map(files.map((f) => [f.path, f]));
const sorted = (a: string[]) => [...a].sort();
const fromB64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');

describe('policyFiles: one repository, Repo Admin and two signers', () => {
  const files = byPath(policyFiles([input()]));

  test('writes the keys named after the signers, verify.sh executable, the three policies and a README', () => {
    assert.deepEqual(sorted([...files.keys()]), [
      `${DIR}/alice.pub`,
      `${DIR}/bob.pub`,
      `${DIR}/cluster-image-policy.yaml`,
      `${DIR}/containers-policy.json`,
      `${DIR}/containers-registries.d.yaml`,
      `${DIR}/kyverno-clusterpolicy.yaml`,
      `${DIR}/repo-admin.pub`,
      `${DIR}/verify.sh`,
      'README.md',
    ]);
    assert.equal(files.get(`${DIR}/repo-admin.pub`)!.text, keys.admin);
    assert.equal(files.get(`${DIR}/alice.pub`)!.text, keys.alice);
    assert.equal(files.get(`${DIR}/bob.pub`)!.text, keys.bob);
    assert.equal(files.get(`${DIR}/verify.sh`)!.mode, 0o755);
    assert.equal(files.get(`${DIR}/kyverno-clusterpolicy.yaml`)!.mode, undefined);
  });

  test('the same input in another order gives the same files, byte for byte', () => {
    const i = input();
    const shuffled = { ...i, signers: [...i.signers].reverse(), tags: [...i.tags].reverse() };
    assert.deepEqual(policyFiles([shuffled]), policyFiles([input()]));
  });

  const [kyverno, cip, registriesD] = readYaml([
    files.get(`${DIR}/kyverno-clusterpolicy.yaml`)!.text,
    files.get(`${DIR}/cluster-image-policy.yaml`)!.text,
    files.get(`${DIR}/containers-registries.d.yaml`)!.text,
  ]);
  const allKeys = sorted([keys.admin, keys.alice, keys.bob]);

  test('Kyverno: a ClusterPolicy whose one attestor set takes any one of the three keys, without Rekor', () => {
    assert.equal(kyverno.apiVersion, 'kyverno.io/v1');
    assert.equal(kyverno.kind, 'ClusterPolicy');
    assert.match(kyverno.metadata.name, /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/);
    const [rule] = kyverno.spec.rules;
    assert.deepEqual(rule.match, { any: [{ resources: { kinds: ['Pod'] } }] });
    const [verify] = rule.verifyImages;
    assert.deepEqual(verify.imageReferences, [`${REPO}:*`, `${REPO}@*`]);
    assert.equal(verify.failureAction, 'Enforce');
    assert.equal(verify.required, true);
    assert.equal(verify.attestors.length, 1, 'one set: its count decides');
    const [set] = verify.attestors;
    assert.equal(set.count, 1, 'DCT: any one released signer (threshold 1)');
    assert.deepEqual(sorted(set.entries.map((e: any) => e.keys.publicKeys)), allKeys);
    for (const e of set.entries) {
      assert.equal(e.keys.rekor.ignoreTlog, true);
      assert.equal(e.keys.ctlog.ignoreSCT, true);
    }
    assert.match(files.get(`${DIR}/kyverno-clusterpolicy.yaml`)!.text, /# .*threshold is 1/);
  });

  test('policy-controller: a ClusterImagePolicy with one key authority per signer and no transparency log', () => {
    assert.equal(cip.apiVersion, 'policy.sigstore.dev/v1beta1');
    assert.equal(cip.kind, 'ClusterImagePolicy');
    assert.deepEqual(cip.spec.images, [{ glob: `${REPO}:*` }, { glob: `${REPO}@*` }]);
    assert.deepEqual(sorted(cip.spec.authorities.map((a: any) => a.name)), ['alice', 'bob', 'repo-admin']);
    assert.deepEqual(sorted(cip.spec.authorities.map((a: any) => a.key.data)), allKeys);
    for (const a of cip.spec.authorities) assert.equal(a.ctlog, undefined, 'a ctlog would ask for Rekor entries');
  });

  test('containers-policy.json: one sigstoreSigned requirement taking any of the keys, everything else rejected', () => {
    const policy = JSON.parse(files.get(`${DIR}/containers-policy.json`)!.text);
    assert.deepEqual(policy.default, [{ type: 'reject' }]);
    assert.deepEqual(Object.keys(policy.transports.docker), [REPO]);
    const reqs = policy.transports.docker[REPO];
    assert.equal(reqs.length, 1, 'requirements in a list are all required');
    assert.equal(reqs[0].type, 'sigstoreSigned');
    assert.deepEqual(reqs[0].signedIdentity, { type: 'matchRepository' });
    assert.deepEqual(sorted(reqs[0].keyDatas.map(fromB64)), allKeys);
    assert.deepEqual(registriesD, { docker: { [REPO]: { 'use-sigstore-attachments': true } } });
  });

  test('one signer: keyData, which every containers/image with sigstoreSigned reads', () => {
    const one = input({
      signers: [input().signers[1]!],
      tags: [{ tag: 'latest', digest: D2, signers: ['Repo Admin'] }],
    });
    const f = byPath(policyFiles([one]));
    const req = JSON.parse(f.get(`${DIR}/containers-policy.json`)!.text).transports.docker[REPO][0];
    assert.equal(fromB64(req.keyData), keys.admin);
    assert.equal(req.keyDatas, undefined);
    assert.deepEqual(sorted([...f.keys()].filter((p) => p.endsWith('.pub'))), [`${DIR}/repo-admin.pub`]);
  });
});

describe('policyFiles: names that are safe and distinct', () => {
  const paths = (inputs: PolicyInput[]) => policyFiles(inputs).map((f) => f.path);

  test('no path is absolute or climbs out, whatever the repository or signer is called', () => {
    const odd = input({
      repository: '[::1]:5000/a.b/c__d',
      signers: [
        { name: '../../etc/passwd', role: 'targets/x', keyId: 'd'.repeat(64), publicKeyPem: keys.alice },
        { name: 'CON', role: 'targets/con', keyId: 'e'.repeat(64), publicKeyPem: keys.bob },
        { name: '.hidden', role: 'targets/h', keyId: 'f'.repeat(64), publicKeyPem: keys.admin },
        { name: 'x: "y" # z', role: "targets/x'", keyId: '0'.repeat(64), publicKeyPem: newPublicKeyPem() },
      ],
      tags: [],
    });
    const files = policyFiles([odd]);
    const yaml = readYaml(files.filter((f) => f.path.endsWith('.yaml')).map((f) => f.text));
    assert.equal(
      yaml[0].spec.rules[0].verifyImages[0].attestors[0].entries.length,
      4,
      'Kyverno: comments stay comments',
    );
    assert.equal(yaml[1].spec.authorities.length, 4, 'policy-controller: comments stay comments');
    for (const p of files.map((f) => f.path)) {
      assert.ok(!p.startsWith('/'), p);
      for (const part of p.split('/')) {
        assert.match(part, /^[A-Za-z0-9_][A-Za-z0-9._-]*$/, `${p}: ${part}`);
        assert.ok(!/^con(\.|$)/i.test(part), `${p}: a device name on Windows`);
      }
    }
  });

  test('a repository name that tries to escape is refused', () => {
    for (const repository of ['../../etc', '127.0.0.1:5000/../x', '/abs/path', 'host:5000/app:v1', 'host/app@' + D1]) {
      assert.throws(
        () => policyFiles([input({ repository })]),
        (e) => isSignetError(e, 'BAD_INPUT'),
        repository,
      );
    }
  });

  test("a signer named like Repo Admin's file keeps a file of its own", () => {
    const i = input();
    i.signers.push({
      name: 'repo-admin',
      role: 'targets/repo-admin',
      keyId: '9'.repeat(64),
      publicKeyPem: newPublicKeyPem(),
    });
    const pubs = paths([i]).filter((p) => p.endsWith('.pub'));
    assert.equal(new Set(pubs.map((p) => p.toLowerCase())).size, 4);
  });

  test('two repositories that would share a folder, or a folder and a file, are refused', () => {
    const clash = (repository: string) => ({ ...input(), repository });
    assert.throws(() => policyFiles([clash('Host:5000/team/app'), clash('host:5000/team/app')]), /share the folder/);
    assert.throws(
      () => policyFiles([clash('host:5000/team'), clash('host:5000/team/alice.pub')]),
      /both a file and the folder/,
    );
    assert.throws(() => policyFiles([input(), input()]), /listed twice/);
  });

  test('bad input is refused with what to do: a tag naming an unknown signer, a bad digest, a key that is not a public key', () => {
    const bad: PolicyInput[] = [
      input({ tags: [{ tag: 'v1', digest: D1, signers: ['carol'] }] }),
      input({ tags: [{ tag: 'v1', digest: 'sha256:abc', signers: ['alice'] }] }),
      input({ tags: [{ tag: 'v1;rm -rf /', digest: D1, signers: ['alice'] }] }),
      input({ signers: [{ name: 'alice', role: 'targets/alice', keyId: 'c'.repeat(64), publicKeyPem: 'not a key' }] }),
      input({
        signers: [
          {
            name: 'alice',
            role: 'targets/alice',
            keyId: 'c'.repeat(64),
            publicKeyPem: '-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n',
          },
        ],
      }),
    ];
    for (const i of bad) {
      assert.throws(
        () => policyFiles([i]),
        (e) => isSignetError(e, 'BAD_INPUT') && e.hint !== undefined,
      );
    }
  });

  test('a repository with nothing carried over gets no folder; no repository, no files', () => {
    assert.deepEqual(policyFiles([input({ signers: [], tags: [] })]), []);
    assert.deepEqual(policyFiles([]), []);
  });
});
