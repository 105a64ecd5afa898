/**
 * The audit as a core operation over a context (what `signet audit` and the app's Audit run), on
 * the in-memory notary and registry: a registry's catalog, tags compared with what the registry
 * serves, the offline audit of the trusted cache, and repositories audited from archives (anchored,
 * expiry reported, never kept).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAuditTarget } from '../../../core/audit/targets.js';
import { openArchive } from '../../../core/history/archive/read-archive.js';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { auditFor, registryCatalog } from '../../../core/operations/audit.js';
import { buildArchiveFor } from '../../../core/operations/history.js';
import { planSign } from '../../../core/trust/sign.js';
import { memoryReadContext, type MemoryImages } from '../../helpers/memory-context.js';
import { fakeManifest, MemoryNotary, MemoryWriter } from '../../helpers/memory-notary.js';
import { TEST_NOW } from '../../helpers/repo-builder.js';

const REGISTRY = 'registry.test:5000';
const APP = `${REGISTRY}/org/app`;
const PLAIN = `${REGISTRY}/org/plain`;
const now = () => TEST_NOW;
/** What the registry serves: v1 as signed, v2 other content than signed, v3 never signed. */
const IMAGES: MemoryImages = {
  'org/app': { v1: '{"manifest":"v1"}', v2: '{"manifest":"v2-rebuilt"}', v3: '{"manifest":"v3"}' },
  'org/plain': { latest: '{"manifest":"plain"}' },
};

/** org/app signed (v1, v2) by its admin; org/plain without trust data. */
async function repositories(): Promise<MemoryNotary[]> {
  const app = new MemoryNotary(APP, { now });
  const admin = new MemoryWriter(app, { now });
  await admin.init();
  for (const tag of ['v1', 'v2']) {
    const m = fakeManifest(tag);
    await admin.stage((await planSign(await admin.repo(), tag, await admin.held(), nodeCrypto, async () => m)).changes);
    await admin.publish();
  }
  return [app, new MemoryNotary(PLAIN, { now })];
}

const tagStates = (r: { tags: Array<{ tag: string; state: string }> }) => r.tags.map((t) => [t.tag, t.state]);

test('a registry target: every repository of its catalog, each tag compared with what the registry serves', async () => {
  const notaries = await repositories();
  const ctx = memoryReadContext(notaries, { now, images: IMAGES });
  assert.deepEqual(await registryCatalog(ctx, REGISTRY), ['org/app', 'org/plain']);
  const report = await auditFor(ctx, [parseAuditTarget(REGISTRY)]);
  const [app, plain] = report.repositories;
  assert.deepEqual([app!.name, app!.trustData, app!.server], [APP, 'verified', notaries[0]!.baseUrl]);
  assert.deepEqual(tagStates(app!), [
    ['v1', 'ok'],
    ['v2', 'moved'],
    ['v3', 'unsigned'],
  ]);
  assert.deepEqual([plain!.name, plain!.trustData, tagStates(plain!)], [PLAIN, 'none', [['latest', 'unsigned']]]);
  assert.ok(
    ctx.versions.entries.some((e) => e.gun === APP),
    'what verified is kept for the history, as inspect keeps it',
  );
});

test('offline: the repositories the trusted cache holds, read from it alone; neither the trust server nor the registry is asked', async () => {
  const notaries = await repositories();
  const ctx = memoryReadContext(notaries, { now, images: IMAGES });
  await auditFor(ctx, [parseAuditTarget(APP)]); // fills the trusted cache of org/app
  const requests = notaries[0]!.requests.length;
  const report = await auditFor(ctx, [parseAuditTarget(REGISTRY)], { offline: true });
  assert.deepEqual(
    report.repositories.map((r) => [r.name, r.trustData, r.registryChecked]),
    [[APP, 'cached', false]],
  );
  assert.deepEqual(tagStates(report.repositories[0]!), [
    ['v1', 'unchecked'],
    ['v2', 'unchecked'],
  ]);
  assert.equal(notaries[0]!.requests.length, requests, 'no request reached the trust server');
});

test('a repository from an archive: trusted through it (first use), tags checked, nothing kept or cached', async () => {
  const notaries = await repositories();
  const built = await buildArchiveFor(memoryReadContext(notaries, { now }), APP);
  const archive = openArchive(built.tar, 'app.tar.gz', nodeCrypto);
  const gone = new MemoryNotary(APP, { now }); // the trust server no longer has the repository
  const ctx = memoryReadContext([gone], { now, images: IMAGES });
  const report = await auditFor(ctx, [parseAuditTarget(APP)], {
    archives: new Map([[APP, { file: 'app.tar.gz', archive }]]),
  });
  const app = report.repositories[0]!;
  assert.deepEqual([app.server, app.trustData], ['archive:app.tar.gz', 'verified']);
  assert.deepEqual(tagStates(app), [
    ['v1', 'ok'],
    ['v2', 'moved'],
    ['v3', 'unsigned'],
  ]);
  assert.equal(ctx.versions.entries.length, 0, 'an archive is read, never kept');
  assert.equal(await ctx.trusted(APP).get('root'), undefined, 'nor written into the trusted cache');
  assert.equal(gone.requests.filter((q) => q.startsWith('GET')).length, 0, 'the trust server was not asked');
});

test('an archive under another root than the one trusted for the repository: its trust data fails, said plainly', async () => {
  const notaries = await repositories();
  const other = await repositories(); // the same name, initialized again: another root
  const built = await buildArchiveFor(memoryReadContext(other, { now }), APP);
  const archive = openArchive(built.tar, 'other.tar.gz', nodeCrypto);
  const ctx = memoryReadContext(notaries, { now, images: IMAGES });
  await auditFor(ctx, [parseAuditTarget(APP)]); // the reader trusts the first root
  const report = await auditFor(ctx, [parseAuditTarget(APP)], {
    archives: new Map([[APP, { file: 'other.tar.gz', archive }]]),
  });
  const app = report.repositories[0]!;
  assert.equal(app.trustData, 'failed');
  assert.match(app.problems[0]!.message, /other\.tar\.gz holds trust data of .* under another root/);
});
