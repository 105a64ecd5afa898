import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { auditExitCode, runAudit, type AuditDependencies, type AuditProgress } from '../../../core/audit/audit.js';
import { auditRepository, type RepositoryAccess } from '../../../core/audit/audit-repository.js';
import { parseAuditTarget } from '../../../core/audit/targets.js';
import type { RepositoryAudit } from '../../../core/audit/types.js';
import { SignetError } from '../../../core/errors.js';
import { MemoryMetadataCache } from '../../../core/notary/metadata-cache.js';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { parseImageReference, type ImageReference } from '../../../core/registry/reference.js';
import { formatExpires } from '../../../core/tuf/expires.js';
import { FixtureRemote } from '../../helpers/fixture-remote.js';
import { RepoBuilder } from '../../helpers/repo-builder.js';

const NOW = new Date('2026-12-04T12:00:00Z');
const DAY = 86_400_000;
const hex = (s: string): string => createHash('sha256').update(s).digest('hex');

/** A repository signed in code, and a registry that serves `served` (tag → content). */
function setup(gun: string, build: (b: RepoBuilder) => void, served: Record<string, string>) {
  const b = new RepoBuilder(gun, NOW);
  build(b);
  const remote = new FixtureRemote(gun, b.build());
  const access: RepositoryAccess = {
    server: 'https://notary.test',
    remote,
    cache: new MemoryMetadataCache(),
    registry: {
      listTags: async () => Object.keys(served),
      tagDigest: async (_ref, tag) => (tag in served ? `sha256:${hex(served[tag]!)}` : undefined),
    },
  };
  return { b, remote, access };
}

const opts = { crypto: nodeCrypto, now: NOW, warnDays: 30, offline: false };

test('tag states: ok, moved, missing, unsigned; each problem says what to do', async () => {
  const gun = 'reg.test/team/app';
  const { access } = setup(
    gun,
    (b) => b.addTarget('targets', 'v1', 'one').addTarget('targets', 'v2', 'two').addTarget('targets', 'v3', 'three'),
    { v1: 'one', v2: 'changed', v4: 'four' },
  );
  const r = await auditRepository(parseImageReference(gun), async () => access, opts);
  assert.equal(r.signed, true);
  assert.deepEqual(
    r.tags.map((t) => [t.tag, t.state, t.signedDigest, t.registryDigest, t.signers]),
    [
      ['v1', 'ok', hex('one'), hex('one'), ['Repo Admin']],
      ['v2', 'moved', hex('two'), hex('changed'), ['Repo Admin']],
      ['v3', 'missing', hex('three'), null, ['Repo Admin']],
      ['v4', 'unsigned', null, null, []],
    ],
  );
  assert.deepEqual(
    r.problems.map((p) => p.kind),
    ['moved', 'missing', 'unsigned'],
  );
  assert.equal(
    r.problems[0]!.message,
    `v2: the registry serves sha256:${hex('changed')} but sha256:${hex('two')} was signed`,
  );
  assert.match(r.problems[0]!.fix, /signet sign reg\.test\/team\/app:v2/);
  assert.match(r.problems[1]!.fix, /signet revoke reg\.test\/team\/app:v3/);
  assert.ok(r.problems.every((p) => p.fix.length > 0));
});

test('an expired delegation is an expired role with its date; its tags are not signed any more', async () => {
  const gun = 'reg.test/team/deleg';
  const past = formatExpires(new Date(NOW.getTime() - 2 * DAY));
  const { access } = setup(
    gun,
    (b) => {
      b.addTarget('targets', 'v1', 'one');
      b.addDelegation('targets/releases');
      b.addTarget('targets/releases', 'v2', 'two');
      b.delegations.get('targets/releases')!.expires = past;
    },
    { v1: 'one', v2: 'two' },
  );
  const r = await auditRepository(parseImageReference(gun), async () => access, opts);
  const releases = r.roles.find((x) => x.role === 'targets/releases');
  assert.deepEqual(releases && [releases.state, releases.expires, releases.days], ['expired', past, -2]);
  assert.deepEqual(
    r.tags.map((t) => [t.tag, t.state]),
    [
      ['v1', 'ok'],
      ['v2', 'unsigned'],
    ],
  );
  const expired = r.problems.find((p) => p.kind === 'expired')!;
  assert.match(expired.message, /^targets\/releases expired on /);
  assert.match(expired.fix, /signet witness reg\.test\/team\/deleg targets\/releases/);
});

test('expiring within --warn-days, but never the timestamp the server renews', async () => {
  const gun = 'reg.test/team/soon';
  const { access } = setup(
    gun,
    (b) => {
      b.addTarget('targets', 'v1', 'one');
      b.targets.expires = formatExpires(new Date(NOW.getTime() + 10 * DAY));
      b.timestampExpires = new Date(NOW.getTime() + 3 * DAY);
    },
    { v1: 'one' },
  );
  const r = await auditRepository(parseImageReference(gun), async () => access, opts);
  assert.deepEqual(
    r.roles.map((x) => [x.role, x.state, x.days]),
    [
      ['root', 'ok', 3650],
      ['targets', 'expiring', 10],
      ['snapshot', 'ok', 1095],
      ['timestamp', 'ok', 3],
    ],
  );
  assert.deepEqual(
    r.problems.map((p) => p.message),
    [`targets expires on ${formatExpires(new Date(NOW.getTime() + 10 * DAY))} (in 10 days)`],
  );
  const none = await auditRepository(parseImageReference(gun), async () => access, { ...opts, warnDays: 0 });
  assert.deepEqual(none.problems, []);
});

test('tampered trust data: the repository has the problem and no tags are claimed', async () => {
  const gun = 'reg.test/team/bad';
  const { access, remote } = setup(gun, (b) => b.addTarget('targets', 'v1', 'one'), { v1: 'one' });
  const ts = JSON.parse(new TextDecoder().decode(remote.files.get('timestamp')!));
  ts.signed.version = 7;
  remote.files.set('timestamp', new TextEncoder().encode(JSON.stringify(ts)));
  const r = await auditRepository(parseImageReference(gun), async () => access, opts);
  assert.equal(r.trustData, 'failed');
  assert.equal(r.signed, false);
  assert.deepEqual(r.tags, []);
  assert.equal(r.problems[0]!.kind, 'trust-failed');
  assert.match(r.problems[0]!.message, /^its trust data failed verification: /);
});

test('no trust data: Signed false, the registry tags unsigned', async () => {
  const access: RepositoryAccess = {
    server: 'https://notary.test',
    remote: new FixtureRemote('reg.test/team/none', new Map()),
    cache: new MemoryMetadataCache(),
    registry: { listTags: async () => ['b', 'a'], tagDigest: async () => undefined },
  };
  const r = await auditRepository(parseImageReference('reg.test/team/none'), async () => access, opts);
  assert.equal(r.trustData, 'none');
  assert.deepEqual(
    r.tags.map((t) => [t.tag, t.state]),
    [
      ['a', 'unsigned'],
      ['b', 'unsigned'],
    ],
  );
  assert.match(r.problems[0]!.message, /^no trust data: none of its 2 tags are signed/);
});

test('a repository that neither the registry nor the trust server knows is a problem', async () => {
  const access: RepositoryAccess = {
    server: 'https://notary.test',
    remote: new FixtureRemote('reg.test/team/typo', new Map()),
    cache: new MemoryMetadataCache(),
    registry: { listTags: async () => undefined, tagDigest: async () => undefined },
  };
  const r = await auditRepository(parseImageReference('reg.test/team/typo'), async () => access, opts);
  assert.deepEqual(r.tags, []);
  assert.deepEqual(
    r.problems.map((p) => p.message),
    ['neither the registry nor the trust server https://notary.test knows this repository'],
  );
});

test('offline: nothing is asked of the registry, tags are unchecked', async () => {
  const gun = 'reg.test/team/off';
  const { access } = setup(gun, (b) => b.addTarget('targets', 'v1', 'one'), { v1: 'one' });
  await auditRepository(parseImageReference(gun), async () => access, opts); // fills the cache
  let asked = 0;
  const offlineAccess = {
    ...access,
    registry: { listTags: async () => (asked++, []), tagDigest: async () => (asked++, undefined) },
  };
  const r = await auditRepository(parseImageReference(gun), async () => offlineAccess, { ...opts, offline: true });
  assert.equal(asked, 0);
  assert.equal(r.trustData, 'cached');
  assert.equal(r.registryChecked, false);
  assert.deepEqual(
    r.tags.map((t) => [t.tag, t.state]),
    [['v1', 'unchecked']],
  );
});

test('offline with an archive (signet audit --offline --archive): the archive is read, the registry is not', async () => {
  const gun = 'reg.test/team/archived';
  const { access } = setup(gun, (b) => b.addTarget('targets', 'v1', 'one'), { v1: 'one' });
  let asked = 0;
  const archived: RepositoryAccess = {
    ...access,
    expiry: 'report',
    local: true,
    registry: { listTags: async () => (asked++, []), tagDigest: async () => (asked++, undefined) },
  };
  // nothing cached: only the archive (its remote) has the trust data
  const r = await auditRepository(parseImageReference(gun), async () => archived, { ...opts, offline: true });
  assert.equal(asked, 0);
  assert.equal(r.trustData, 'verified');
  assert.equal(r.signed, true);
  assert.deepEqual(
    r.tags.map((t) => [t.tag, t.state, t.signedDigest]),
    [['v1', 'unchecked', hex('one')]],
  );
  // the same remote as a trust server (not local), nothing cached: offline, no trust data
  const server = await auditRepository(
    parseImageReference(gun),
    async () => ({ ...archived, local: false, cache: new MemoryMetadataCache() }),
    {
      ...opts,
      offline: true,
    },
  );
  assert.equal(server.trustData, 'none');
});

/** A deps object whose repositories finish when released, to watch concurrency, streaming and cancel. */
function slowDeps(n: number) {
  let inFlight = 0;
  let maxInFlight = 0;
  const deps: AuditDependencies = {
    crypto: nodeCrypto,
    now: () => NOW,
    catalog: async () => Array.from({ length: n }, (_, i) => `team/r${String(i).padStart(2, '0')}`),
    connect: async (ref: ImageReference): Promise<RepositoryAccess> => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return {
        server: 'https://notary.test',
        remote: new FixtureRemote(ref.gun, new Map()),
        cache: new MemoryMetadataCache(),
        registry: { listTags: async () => [], tagDigest: async () => undefined },
      };
    },
  };
  return { deps, max: () => maxInFlight };
}

test('runAudit: bounded concurrency, results streamed as they finish, progress, sorted report', async () => {
  const { deps, max } = slowDeps(20);
  const streamed: RepositoryAudit[] = [];
  const progress: AuditProgress[] = [];
  const report = await runAudit(
    [parseAuditTarget('reg.test:5000'), parseAuditTarget('reg.test:5000/team/r03:v1')],
    deps,
    {
      concurrency: 3,
      onRepository: (r) => streamed.push(r),
      onProgress: (p) => progress.push(p),
    },
  );
  assert.equal(report.repositories.length, 20, 'a repository named twice is audited once');
  assert.equal(streamed.length, 20);
  assert.ok(max() <= 3 && max() >= 2, `max in flight ${max()}`);
  assert.deepEqual(
    report.repositories.map((r) => r.name),
    [...report.repositories.map((r) => r.name)].sort(),
  );
  assert.equal(progress.at(-1)!.phase, 'done');
  assert.ok(progress.some((p) => p.phase === 'auditing' && p.total === 20 && p.running.length > 0));
  assert.equal(auditExitCode(report), 0);
});

test('runAudit: cancel returns at once with what finished before', async () => {
  const { deps } = slowDeps(40);
  const ac = new AbortController();
  let seen = 0;
  const report = await runAudit([parseAuditTarget('reg.test:5000')], deps, {
    concurrency: 2,
    signal: ac.signal,
    onRepository: () => {
      if (++seen === 4) ac.abort();
    },
  });
  assert.equal(report.cancelled, true);
  assert.equal(report.repositories.length, 4);
  assert.equal(auditExitCode(report), 1);
});

test('a registry whose catalog fails is a failed target; nothing else reachable is exit 2', async () => {
  const deps: AuditDependencies = {
    crypto: nodeCrypto,
    now: () => NOW,
    catalog: async () => {
      throw new SignetError(
        'HTTP_NOT_FOUND',
        'registry reg.test does not list its repositories (the catalog answered 404)',
        {
          hint: 'name its repositories instead, e.g. signet audit reg.test/team/app',
        },
      );
    },
    connect: async () => {
      throw new Error('not reached');
    },
  };
  const report = await runAudit([parseAuditTarget('reg.test')], deps);
  assert.deepEqual(report.failedTargets, [
    {
      target: 'reg.test',
      message: 'registry reg.test does not list its repositories (the catalog answered 404)',
      fix: 'name its repositories instead, e.g. signet audit reg.test/team/app',
    },
  ]);
  assert.equal(auditExitCode(report), 2);
});

test('targets: registry host[:port], repository host/name (tag ignored), malformed ones refused', () => {
  assert.deepEqual(parseAuditTarget('reg.example.com:5000'), {
    kind: 'registry',
    input: 'reg.example.com:5000',
    registry: 'reg.example.com:5000',
  });
  assert.deepEqual(parseAuditTarget('localhost'), { kind: 'registry', input: 'localhost', registry: 'localhost' });
  const t = parseAuditTarget('reg.example.com:5000/team/app:v1');
  assert.equal(t.kind, 'repository');
  assert.deepEqual(t.kind === 'repository' && [t.ref.gun, t.ref.tag], ['reg.example.com:5000/team/app', undefined]);
  for (const bad of ['', 'app', 'reg.example.com:x', 'Reg/UPPER', 'reg.example.com/a b'])
    assert.throws(
      () => parseAuditTarget(bad),
      (e: unknown) => e instanceof SignetError && e.code === 'BAD_REFERENCE',
      bad,
    );
});

test('runAudit: cancel while the catalog is being read returns at once, nothing audited', async () => {
  const ac = new AbortController();
  let connected = 0;
  const deps: AuditDependencies = {
    crypto: nodeCrypto,
    now: () => NOW,
    catalog: () => new Promise(() => undefined), // never answers
    connect: async () => {
      connected++;
      throw new Error('not reached');
    },
  };
  setTimeout(() => ac.abort(), 10);
  const report = await runAudit([parseAuditTarget('reg.test:5000')], deps, { signal: ac.signal });
  assert.equal(report.cancelled, true);
  assert.deepEqual(report.repositories, []);
  assert.equal(connected, 0);
});

test('offline: a registry target whose repositories the cache does not hold is a failed target (exit 2)', async () => {
  const deps: AuditDependencies = {
    crypto: nodeCrypto,
    now: () => NOW,
    catalog: async () => {
      throw new Error('offline must not read the catalog');
    },
    cachedRepositories: async () => [],
    connect: async () => {
      throw new Error('not reached');
    },
  };
  const report = await runAudit([parseAuditTarget('reg.test:5000')], deps, { offline: true });
  assert.equal(report.failedTargets.length, 1);
  assert.match(report.failedTargets[0]!.message, /the trust data cache holds no repository of reg\.test:5000/);
  assert.equal(auditExitCode(report), 2);
});

test('a repository read from Docker Hub’s notary: a problem saying how long is left and what to run; none for another server', async () => {
  const gun = 'docker.io/team/app';
  const { access } = setup(gun, (b) => b.addTarget('targets', 'v1', 'one'), { v1: 'one' });
  const hub = { ...access, server: 'https://notary.docker.io' };
  const r = await auditRepository(parseImageReference(gun), async () => hub, opts);
  assert.deepEqual(
    r.problems.map((p) => [p.kind, p.message, p.fix]),
    [
      [
        'notary-stops',
        "Docker Hub's notary stops on 2026-12-08 (in 4 days): these signatures cannot be read or verified after that",
        'archive the trust data now (signet archive docker.io/team/app FILE), then move the signatures to cosign (signet migrate docker.io/team/app)',
      ],
    ],
  );
  const other = await auditRepository(parseImageReference(gun), async () => access, opts);
  assert.deepEqual(other.problems, []);
});

test('after the day, Hub’s notary gone: the failed read and where the data went', async () => {
  const gun = 'docker.io/team/gone';
  const { access, remote } = setup(gun, (b) => b.addTarget('targets', 'v1', 'one'), { v1: 'one' });
  remote.failWith = new SignetError('HTTP_UNREACHABLE', 'cannot connect to https://notary.docker.io');
  const hub = { ...access, server: 'https://notary.docker.io' };
  const r = await auditRepository(parseImageReference(gun), async () => hub, {
    ...opts,
    now: new Date('2026-12-09T08:00:00Z'),
  });
  assert.deepEqual(
    r.problems.map((p) => p.kind),
    ['trust-unreachable', 'notary-stops'],
  );
  assert.match(r.problems[1]!.fix, /signet audit --archive FILE docker\.io\/team\/gone/);
});
