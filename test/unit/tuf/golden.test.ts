// End-to-end checks of the TUF primitives on real notary-server 0.7.0 output (test/fixtures/golden).
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { keyId } from '../../../core/crypto/key-id.js';
import { nobleCrypto } from '../../../core/crypto/noble-provider.js';
import type { CryptoProvider } from '../../../core/crypto/provider.js';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { encodeEnvelope } from '../../../core/crypto/canonical-json.js';
import { parseSignedFile } from '../../../core/tuf/parse.js';
import type {
  RootSigned,
  SignedFile,
  SnapshotSigned,
  TargetsSigned,
  TimestampSigned,
} from '../../../core/tuf/types.js';
import { checkExpiry, checkFileMeta, validateRootCerts, verifySignatures } from '../../../core/tuf/verify.js';

const GOLDEN = join(import.meta.dirname, '../../fixtures/golden');
const NOW = new Date('2026-11-27T01:00:00Z');
const REPOS = {
  'b-signers': { delegations: ['targets/alice', 'targets/releases'], tsMethod: 'eddsa', targetsVersion: 3 },
  'c-new-repo': { delegations: ['targets/alice', 'targets/releases'], tsMethod: 'eddsa', targetsVersion: 3 },
  'c-ecdsa-timestamp': { delegations: ['targets/alice', 'targets/releases'], tsMethod: 'ecdsa', targetsVersion: 3 },
} as const;

function load(repo: string) {
  const dir = join(GOLDEN, repo, 'metadata');
  const read = (role: string) => parseSignedFile(role, new Uint8Array(readFileSync(join(dir, `${role}.json`))));
  const delegationNames = readdirSync(join(dir, 'targets'))
    .map((f) => `targets/${f.replace(/\.json$/, '')}`)
    .sort();
  return {
    gun: readFileSync(join(GOLDEN, repo, 'GUN'), 'utf8').trim(),
    root: read('root') as SignedFile<RootSigned>,
    targets: read('targets') as SignedFile<TargetsSigned>,
    snapshot: read('snapshot') as SignedFile<SnapshotSigned>,
    timestamp: read('timestamp') as SignedFile<TimestampSigned>,
    delegations: delegationNames.map((n) => read(n) as SignedFile<TargetsSigned>),
    timestampKey: JSON.parse(readFileSync(join(dir, 'timestamp.key.json'), 'utf8')),
  };
}

const providers: [string, CryptoProvider][] = [
  ['noble', nobleCrypto],
  ['node', nodeCrypto],
];

for (const [repo, expect] of Object.entries(REPOS)) {
  describe(`golden ${repo}`, () => {
    const g = load(repo);
    const all = [g.root, g.targets, g.snapshot, g.timestamp, ...g.delegations];

    it('has the expected files and delegations', () => {
      assert.equal(all.length, 6);
      assert.deepEqual(
        g.delegations.map((d) => d.role),
        expect.delegations,
      );
      assert.equal(g.root.signed.version, 2);
      assert.equal(g.targets.signed.version, expect.targetsVersion);
      assert.equal(g.timestamp.signatures[0]!.method, expect.tsMethod);
    });

    it('re-emits every file byte for byte', () => {
      for (const f of all) {
        const out = encodeEnvelope(f.signedValue, f.signatures);
        assert.equal(Buffer.from(out).toString('utf8'), Buffer.from(f.raw).toString('utf8'), f.role);
        assert.deepEqual(out, f.raw);
      }
    });

    for (const [name, crypto] of providers) {
      it(`verifies every signature with the right keys (${name})`, () => {
        const r = g.root.signed;
        const check = (f: SignedFile, role: 'root' | 'targets' | 'snapshot' | 'timestamp') =>
          assert.deepEqual(verifySignatures(f, f.role, r.keys, r.roles[role], crypto), r.roles[role].keyids);
        check(g.root, 'root');
        check(g.targets, 'targets');
        check(g.snapshot, 'snapshot');
        check(g.timestamp, 'timestamp');
        const del = g.targets.signed.delegations;
        for (const d of g.delegations) {
          const role = del.roles!.find((x) => x.name === d.role)!;
          const valid = verifySignatures(d, d.role, del.keys, role, crypto);
          assert.equal(valid.length, 1);
          assert.ok(role.keyids.includes(valid[0]!));
        }
      });

      it(`rejects root-signed targets and targets-signed root (${name})`, () => {
        const r = g.root.signed;
        assert.throws(() => verifySignatures(g.targets, 'targets', r.keys, r.roles.root, crypto), {
          code: 'TUF_UNKNOWN_KEY',
        });
        assert.throws(() => verifySignatures(g.root, 'root', r.keys, r.roles.targets, crypto), {
          code: 'TUF_UNKNOWN_KEY',
        });
      });

      it(`checks hashes and lengths down the chain (${name})`, () => {
        checkFileMeta('snapshot', g.snapshot.raw, g.timestamp.signed.meta.snapshot, crypto);
        const meta = g.snapshot.signed.meta;
        assert.deepEqual(Object.keys(meta).sort(), ['root', 'targets', ...expect.delegations]);
        checkFileMeta('root', g.root.raw, meta['root']!, crypto);
        checkFileMeta('targets', g.targets.raw, meta['targets']!, crypto);
        for (const d of g.delegations) checkFileMeta(d.role, d.raw, meta[d.role]!, crypto);
        assert.throws(() => checkFileMeta('targets', g.root.raw, meta['targets']!, crypto), {
          code: 'TUF_LENGTH_MISMATCH',
        });
      });
    }

    it('is unexpired at the pinned clock and the timestamp expires on 2026-12-11', () => {
      for (const f of all) checkExpiry(f.role, f.signed.expires, NOW);
      assert.match(g.timestamp.signed.expires, /^2026-12-11T00:38:1\d\.\d+Z$/);
      assert.throws(() => checkExpiry('timestamp', g.timestamp.signed.expires, new Date('2026-12-12T00:00:00Z')), {
        code: 'TUF_EXPIRED',
        message: /^timestamp expired at 2026-12-11T00:38:1\dZ$/,
      });
    });

    it('serves the timestamp key that root lists', () => {
      assert.deepEqual(g.root.signed.roles.timestamp.keyids, [keyId(g.timestampKey, nobleCrypto)]);
    });

    it('passes the root certificate checks for its GUN only', () => {
      validateRootCerts(g.root.signed, g.gun, NOW, nobleCrypto);
      assert.throws(() => validateRootCerts(g.root.signed, `${g.gun}x`, NOW, nobleCrypto), { code: 'TUF_BAD_ROOT' });
    });
  });
}
