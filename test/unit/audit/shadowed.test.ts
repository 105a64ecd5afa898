/**
 * The audit of a tag signed twice (the admin in targets, a signer in targets/releases, as DCT
 * allows): a row per (tag, digest) as docker trust inspect lists them; the digest docker pull does
 * not get is `shadowed` (never compared, never a problem), the other is checked as any signed tag.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { auditRepository, type RepositoryAccess } from '../../../core/audit/audit-repository.js';
import { formatAuditJson, formatAuditText } from '../../../core/audit/report.js';
import { MemoryMetadataCache } from '../../../core/notary/metadata-cache.js';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { parseImageReference } from '../../../core/registry/reference.js';
import { FixtureRemote } from '../../helpers/fixture-remote.js';
import { RepoBuilder } from '../../helpers/repo-builder.js';

const NOW = new Date('2026-12-04T12:00:00Z');
const hex = (s: string): string => createHash('sha256').update(s).digest('hex');
const opts = { crypto: nodeCrypto, now: NOW, warnDays: 30, offline: false };
const GUN = 'reg.test/team/twice';

function access(served: Record<string, string>): RepositoryAccess {
  const b = new RepoBuilder(GUN, NOW);
  b.addTarget('targets', 't1', 'one').addTarget('targets', 't4', 'admin-t4');
  b.addDelegation('targets/releases');
  b.addDelegation('targets/carol');
  b.addTarget('targets/releases', 't4', 'carol-t4').addTarget('targets/carol', 't4', 'carol-t4');
  return {
    server: 'https://notary.test',
    remote: new FixtureRemote(GUN, b.build()),
    cache: new MemoryMetadataCache(),
    registry: {
      listTags: async () => Object.keys(served),
      tagDigest: async (_ref, tag) => (tag in served ? `sha256:${hex(served[tag]!)}` : undefined),
    },
  };
}

const rows = (r: Awaited<ReturnType<typeof auditRepository>>) =>
  r.tags.map((t) => [t.tag, t.signedDigest, t.state, t.registryDigest, t.shadowedBy ?? '-']);

test('the registry serves what docker pull gets: that row matches, the admin’s is shadowed, no problem', async () => {
  const a = access({ t1: 'one', t4: 'carol-t4' });
  const r = await auditRepository(parseImageReference(GUN), async () => a, opts);
  assert.deepEqual(
    rows(r).sort(),
    [
      ['t1', hex('one'), 'ok', hex('one'), '-'],
      ['t4', hex('admin-t4'), 'shadowed', hex('carol-t4'), hex('carol-t4')],
      ['t4', hex('carol-t4'), 'ok', hex('carol-t4'), '-'],
    ].sort(),
  );
  assert.deepEqual(r.problems, []);
  const json = JSON.parse(formatAuditJson({ repositories: [r] })) as Array<{ Tags: Array<Record<string, unknown>> }>;
  const shadowed = json[0]!.Tags.filter((t) => t['State'] === 'shadowed');
  assert.deepEqual(shadowed, [
    {
      Tag: 't4',
      SignedDigest: hex('admin-t4'),
      RegistryDigest: hex('carol-t4'),
      State: 'shadowed',
      Signers: ['Repo Admin'],
      ShadowedBy: hex('carol-t4'),
    },
  ]);
  assert.ok(!('ShadowedBy' in json[0]!.Tags.find((t) => t['Tag'] === 't1')!), 'only a shadowed row names one');
  assert.match(formatAuditText({ ...emptyReport(), repositories: [r] }), /t4 +shadowed +[0-9a-f]{12}/);
});

test('the registry serves the shadowed digest: the pulled row is moved (docker pull refuses it), one problem', async () => {
  const a = access({ t1: 'one', t4: 'admin-t4' });
  const r = await auditRepository(parseImageReference(GUN), async () => a, opts);
  const t4 = r.tags.filter((t) => t.tag === 't4').map((t) => [t.signedDigest, t.state]);
  assert.deepEqual(
    t4.sort(),
    [
      [hex('admin-t4'), 'shadowed'],
      [hex('carol-t4'), 'moved'],
    ].sort(),
  );
  assert.deepEqual(
    r.problems.map((p) => p.message),
    [`t4: the registry serves sha256:${hex('admin-t4')} but sha256:${hex('carol-t4')} was signed`],
  );
});

test('the tag gone from the registry: one missing problem for the tag (its pulled row), the other row shadowed', async () => {
  const a = access({ t1: 'one' });
  const r = await auditRepository(parseImageReference(GUN), async () => a, opts);
  assert.deepEqual(
    r.tags
      .filter((t) => t.tag === 't4')
      .map((t) => t.state)
      .sort(),
    ['missing', 'shadowed'],
  );
  assert.deepEqual(
    r.problems.map((p) => [p.kind, p.subject]),
    [['missing', 't4']],
  );
});

test('offline: a shadowed row is still shadowed (a fact of the trust data), the others unchecked', async () => {
  const a = access({ t1: 'one', t4: 'carol-t4' });
  await auditRepository(parseImageReference(GUN), async () => a, opts); // fills the cache
  const r = await auditRepository(parseImageReference(GUN), async () => a, { ...opts, offline: true });
  assert.deepEqual(r.tags.map((t) => [t.tag, t.state]).sort(), [
    ['t1', 'unchecked'],
    ['t4', 'shadowed'],
    ['t4', 'unchecked'],
  ]);
});

function emptyReport() {
  return {
    repositories: [],
    failedTargets: [],
    summary: { repositories: 1, signed: 1, unsigned: 0, problems: 0, expiring: 0, expired: 0 },
    offline: false,
    at: NOW.toISOString(),
    warnDays: 30,
    cancelled: false,
  };
}
