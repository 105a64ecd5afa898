import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { bareKey, canonicalKeyId, keyId } from '../../../core/crypto/key-id.js';
import { nobleCrypto } from '../../../core/crypto/noble-provider.js';
import { certsFromKey } from '../../../core/crypto/x509.js';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import type { PublicKeyJSON, RootSigned, TargetsSigned } from '../../../core/tuf/types.js';

const GOLDEN = join(import.meta.dirname, '../../fixtures/golden');
const REPOS = ['b-signers', 'c-new-repo', 'c-ecdsa-timestamp'];
const signedOf = <T>(repo: string, role: string): T =>
  JSON.parse(readFileSync(join(GOLDEN, repo, 'metadata', `${role}.json`), 'utf8')).signed as T;

/** KEYS.tsv rows: repo → role → key IDs named by the private key files. */
function keyFiles(): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  for (const line of readFileSync(join(GOLDEN, 'KEYS.tsv'), 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [file, role] = line.split('\t') as [string, string];
    const repo = file.split('/')[0]!;
    const id = file
      .split('/')
      .pop()!
      .replace(/\.key$/, '');
    const byRole = out.get(repo) ?? new Map<string, string[]>();
    byRole.set(role, [...(byRole.get(role) ?? []), id]);
    out.set(repo, byRole);
  }
  return out;
}

describe('keyId', () => {
  it('reproduces every key ID listed in the goldens, with both providers', () => {
    let count = 0;
    for (const repo of REPOS) {
      const root = signedOf<RootSigned>(repo, 'root');
      const targets = signedOf<TargetsSigned>(repo, 'targets');
      for (const keys of [root.keys, targets.delegations.keys]) {
        for (const [id, key] of Object.entries(keys)) {
          assert.equal(keyId(key, nobleCrypto), id);
          assert.equal(keyId(key, nodeCrypto), id);
          count++;
        }
      }
    }
    assert.equal(count, 3 * 4 + 2 + 1 + 1);
  });

  it('ignores a private value and key order in the input object', () => {
    const root = signedOf<RootSigned>('b-signers', 'root');
    const id = 'cddee04cf5ce4f22e996059c6af7e8063e98032caf93957dd17ab495f49f3e77';
    const key = root.keys[id]!;
    const shuffled = { keyval: { public: key.keyval.public, private: null }, keytype: key.keytype } as PublicKeyJSON;
    assert.equal(keyId(shuffled, nobleCrypto), id);
    assert.notEqual(keyId({ ...key, keytype: 'ecdsa-x509' }, nobleCrypto), id);
  });
});

describe('canonicalKeyId', () => {
  const files = keyFiles();

  for (const repo of REPOS) {
    it(`${repo}: the root cert's canonical ID names the root private key file`, () => {
      const root = signedOf<RootSigned>(repo, 'root');
      const [certId] = root.roles.root.keyids;
      const key = root.keys[certId!]!;
      assert.equal(key.keytype, 'ecdsa-x509');
      const canonical = canonicalKeyId(key, nobleCrypto);
      assert.notEqual(canonical, certId);
      assert.deepEqual(files.get(repo)!.get('root'), [canonical]);
      assert.equal(canonicalKeyId(key, nodeCrypto), canonical);
    });

    it(`${repo}: targets and signer keys are named by their plain key ID`, () => {
      const root = signedOf<RootSigned>(repo, 'root');
      const targetsId = root.roles.targets.keyids[0]!;
      assert.equal(canonicalKeyId(root.keys[targetsId]!, nobleCrypto), targetsId);
      assert.deepEqual(files.get(repo)!.get('targets'), [targetsId]);
      const del = signedOf<TargetsSigned>(repo, 'targets').delegations;
      const alice = del.roles!.find((r) => r.name === 'targets/alice')!.keyids;
      assert.deepEqual(files.get(repo)!.get('alice'), alice);
    });
  }

  it('matches concrete b-signers IDs and builds the bare ecdsa key from the cert SPKI', () => {
    const root = signedOf<RootSigned>('b-signers', 'root');
    const certKey = root.keys['bd902fd28cb85a53a299ee3e503e80f8e3896afb152e62b6b16a772305f75e7b']!;
    assert.equal(
      canonicalKeyId(certKey, nobleCrypto),
      'b1a65867554d793ab4cdba6c259ae71a58bb0ac439b8e87ba506d60b5cbe0b80',
    );
    const bare = bareKey(certKey);
    assert.equal(bare.keytype, 'ecdsa');
    assert.equal(Buffer.from(bare.keyval.public, 'base64').length, 91);
    const cert = certsFromKey(certKey)[0]!;
    assert.equal(cert.subjectCN, '127.0.0.1:5000/example/signer-demo');
    assert.equal(cert.isCA, false);
    assert.equal(cert.notAfter.getTime() - cert.notBefore.getTime(), 3650 * 86400_000);
    assert.equal(cert.signatureAlgorithmOid, '1.2.840.10045.4.3.2');
  });
});
