/** The policies a migration writes pin, for a tag signed twice, the digest docker pull gets. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { migratePolicyInputs } from '../../../core/operations/migrate-policies.js';
import type { MigrateReport, MigrateRow } from '../../../core/operations/migrate.js';
import type { PublicKeyJSON } from '../../../core/crypto/key-types.js';

const key = (): PublicKeyJSON => {
  const spki = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' });
  return { keytype: 'ecdsa', keyval: { private: null, public: spki.toString('base64') } };
};
const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

test('a tag signed twice: the policy pins the pulled digest, the shadowed one is left out', () => {
  const admin = key();
  const carol = key();
  const row = (over: Partial<MigrateRow>): MigrateRow => ({
    tag: 't4',
    signedDigest: A,
    registryDigest: B,
    signers: ['Repo Admin'],
    keyIds: ['1'.repeat(64)],
    state: 'migrated',
    reason: '',
    ...over,
  });
  const report: MigrateReport = {
    dryRun: false,
    cancelled: false,
    failedTargets: [],
    repositories: [
      {
        name: 'registry.example.com/team/app',
        server: 'https://notary.example.com',
        problems: [],
        rows: [
          row({ role: 'targets', key: { id: '1'.repeat(64), publicKey: admin }, pulled: false }),
          row({
            signedDigest: B,
            signers: ['carol'],
            role: 'targets/carol',
            keyIds: ['2'.repeat(64)],
            key: { id: '2'.repeat(64), publicKey: carol },
            pulled: true,
          }),
        ],
      },
    ],
  };
  const [input] = migratePolicyInputs(report);
  assert.deepEqual(input!.tags, [{ tag: 't4', digest: `sha256:${B}`, signers: ['carol'] }]);
});
