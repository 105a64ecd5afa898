/**
 * `signet audit` against the REAL registry and notary-server, on repositories built with the real
 * `notary` and `docker trust` CLIs (test/helpers/scenarios.ts): a clean repository, a tag re-pushed
 * with other content after signing (moved), a signed tag deleted from the registry (missing), a
 * tag never signed (unsigned), a repository without trust data, signers as docker shows them;
 * catalog and tag-list pages; a token-auth registry (catalog scope); expiring and expired roles
 * (pinned clock); --offline on a copied trust dir; one repository's notary unreachable; the .ics
 * file read by python3-icalendar; bad input. One stack for the file.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAudit, auditExitCode } from '../../core/audit/audit.js';
import { parseAuditTarget } from '../../core/audit/targets.js';
import { nodeReadContext } from '../../core/node/read-context.js';
import { auditDependencies } from '../../core/operations/audit.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { ok, type Identity } from '../helpers/identity.js';
import { pushImage } from '../helpers/registry-push.js';
import {
  adminSignedRepo,
  dockerTrustInspect,
  newRepoBySigner,
  signersRepo,
  viewer,
  type Scenario,
} from '../helpers/scenarios.js';
import { signet } from '../helpers/signet-cli.js';
import { paginateTags, startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { startTokenServer, type TokenServer } from '../helpers/token-server.js';
import { startTokenRegistry, type TokenRegistry } from '../helpers/token-registry.js';
import { systemClock } from '../../core/node/clock.js';

interface JsonTag {
  Tag: string;
  SignedDigest: string | null;
  RegistryDigest: string | null;
  State: string;
  Signers: string[];
}
interface JsonRepo {
  Name: string;
  Signed: boolean;
  TrustData: string;
  RegistryChecked: boolean;
  Tags: JsonTag[];
  Roles: { Role: string; Expires: string | null; State: string; ServerRenewed: boolean }[];
  Problems: string[];
}

const STACK_TRACE = /\n\s+at /;
let stack: Stack;
let R: string;
const sc: Record<string, Scenario> = {};
let movedNew: { hex: string };
const proxies: FaultProxy[] = [];
let tokenServer: TokenServer | undefined;
let tokenRegistry: TokenRegistry | undefined;

function byName(stdout: string): Record<string, JsonRepo> {
  const arr = JSON.parse(stdout) as JsonRepo[];
  return Object.fromEntries(arr.map((r) => [r.Name, r]));
}

const tag = (r: JsonRepo, t: string): JsonTag => {
  const found = r.Tags.find((x) => x.Tag === t);
  assert.ok(found, `${r.Name} has no tag ${t}: ${JSON.stringify(r.Tags)}`);
  return found;
};

/** `expires` of a role in the notary server's own metadata. */
function serverExpires(gun: string, role: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      `${stack.notaryHttpsUrl}/v2/${gun}/_trust/tuf/${role}.json`,
      { ca: readFileSync(stack.caFile) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve((JSON.parse(Buffer.concat(chunks).toString()) as { signed: { expires: string } }).signed.expires);
          } catch (e) {
            reject(new Error(`${role} of ${gun}: ${res.statusCode} ${String(e)}`));
          }
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

before(async () => {
  stack = await startStack();
  R = stack.registryHost;
  const [clean, moved, missing, unsigned] = await Promise.all([
    adminSignedRepo(stack, 'audit/clean', ['v1', 'v2']),
    adminSignedRepo(stack, 'audit/moved', ['v1', 'v2']),
    adminSignedRepo(stack, 'audit/missing', ['v1', 'v2']),
    adminSignedRepo(stack, 'audit/unsigned', ['v1']),
  ]);
  Object.assign(sc, { clean, moved, missing, unsigned });
  const [signers, bydocker] = await Promise.all([
    signersRepo(stack, 'audit/signers'),
    newRepoBySigner(stack, 'audit/docker'),
  ]);
  Object.assign(sc, { signers, bydocker });
  // after signing: v2 re-pushed with other content, v2 deleted, v9 pushed and never signed, a repository never signed
  movedNew = await pushImage(R, 'audit/moved', 'v2', { content: 'other content\n' });
  const del = await fetch(`${stack.registryUrl}/v2/audit/missing/manifests/${missing.tags.v2!.digest}`, {
    method: 'DELETE',
  });
  assert.equal(del.status, 202, 'registry delete of audit/missing v2');
  await pushImage(R, 'audit/unsigned', 'v9');
  await pushImage(R, 'audit/nosig', 'v1');
  await pushImage(R, 'audit/nosig', 'v2');
});

after(async () => {
  for (const p of proxies) await p.stop();
  await tokenRegistry?.stop();
  await tokenServer?.stop();
  await stack?.stop();
});

describe('signet audit REGISTRY (real registry catalog, real notary-server)', () => {
  let repos: Record<string, JsonRepo>;
  let code: number;
  let id: Identity;

  before(async () => {
    id = viewer(stack);
    const r = await signet(id, ['audit', '--json', R]);
    code = r.code;
    assert.doesNotMatch(r.stderr, STACK_TRACE);
    repos = byName(r.stdout);
    assert.deepEqual(
      (JSON.parse(r.stdout) as JsonRepo[]).map((x) => x.Name),
      Object.keys(repos).sort(),
      'one array sorted by name',
    );
  });

  it('lists every repository of the catalog and exits 1 because problems were found', () => {
    const names = ['clean', 'moved', 'missing', 'unsigned', 'signers', 'docker', 'nosig'].map((n) => `${R}/audit/${n}`);
    assert.deepEqual(Object.keys(repos).sort(), names.sort());
    assert.equal(code, 1);
  });

  it('a clean repository: every signed tag ok, registry digest = signed digest, no problems', () => {
    const r = repos[`${R}/audit/clean`]!;
    assert.equal(r.Signed, true);
    assert.equal(r.TrustData, 'verified');
    for (const t of ['v1', 'v2']) {
      assert.deepEqual(tag(r, t), {
        Tag: t,
        SignedDigest: sc.clean!.tags[t]!.hex,
        RegistryDigest: sc.clean!.tags[t]!.hex,
        State: 'ok',
        Signers: ['Repo Admin'],
        Cosign: [], // no cosign signature yet (test/integration/migrate.test.ts audits after a migration)
      });
    }
    assert.deepEqual(r.Problems, []);
    assert.deepEqual(
      r.Roles.map((x) => [x.Role, x.State]),
      [
        ['root', 'ok'],
        ['targets', 'ok'],
        ['snapshot', 'ok'],
        ['timestamp', 'ok'],
      ],
    );
  });

  it('roles carry the expires of the server’s own metadata', async () => {
    const r = repos[`${R}/audit/clean`]!;
    for (const x of r.Roles) assert.equal(x.Expires, await serverExpires(sc.clean!.gun, x.Role), x.Role);
  });

  it('a tag re-pushed with other content after signing is moved, with both digests in the problem', () => {
    const r = repos[`${R}/audit/moved`]!;
    assert.equal(tag(r, 'v1').State, 'ok');
    const v2 = tag(r, 'v2');
    assert.equal(v2.State, 'moved');
    assert.equal(v2.SignedDigest, sc.moved!.tags.v2!.hex);
    assert.equal(v2.RegistryDigest, movedNew.hex);
    assert.notEqual(v2.SignedDigest, v2.RegistryDigest);
    assert.deepEqual(r.Problems, [
      `v2: the registry serves sha256:${movedNew.hex} but sha256:${sc.moved!.tags.v2!.hex} was signed`,
    ]);
  });

  it('a signed tag deleted from the registry is missing', () => {
    const r = repos[`${R}/audit/missing`]!;
    assert.equal(tag(r, 'v1').State, 'ok');
    assert.deepEqual(tag(r, 'v2'), {
      Tag: 'v2',
      SignedDigest: sc.missing!.tags.v2!.hex,
      RegistryDigest: null,
      State: 'missing',
      Signers: ['Repo Admin'],
      Cosign: [],
    });
    assert.equal(r.Problems.length, 1);
    assert.match(r.Problems[0]!, /^v2: signed, but the registry no longer has this tag/);
  });

  it('a tag pushed and never signed is unsigned', () => {
    const r = repos[`${R}/audit/unsigned`]!;
    assert.equal(tag(r, 'v1').State, 'ok');
    assert.deepEqual(tag(r, 'v9'), {
      Tag: 'v9',
      SignedDigest: null,
      RegistryDigest: null,
      State: 'unsigned',
      Signers: [],
    });
    assert.equal(r.Problems.length, 1);
    assert.match(r.Problems[0]!, /v9 is in the registry but nobody signed it/);
  });

  it('a repository without trust data: Signed false, its registry tags unsigned', () => {
    const r = repos[`${R}/audit/nosig`]!;
    assert.equal(r.Signed, false);
    assert.equal(r.TrustData, 'none');
    assert.deepEqual(
      r.Tags.map((t) => [t.Tag, t.State, t.SignedDigest]),
      [
        ['v1', 'unsigned', null],
        ['v2', 'unsigned', null],
      ],
    );
    assert.deepEqual(r.Roles, []);
    assert.match(r.Problems.join('\n'), /no trust data: none of its 2 tags are signed/);
  });

  it('signed tags and signers are exactly what signet inspect and docker trust inspect show', async () => {
    const guns = [sc.signers!.gun, sc.bydocker!.gun, sc.clean!.gun];
    const ins = await signet(id, ['inspect', ...guns]);
    assert.equal(ins.code, 0, ins.stderr);
    const { json: dockerJson } = await dockerTrustInspect(viewer(stack), guns);
    const inspected = JSON.parse(ins.stdout) as {
      Name: string;
      SignedTags: { SignedTag: string; Digest: string; Signers: string[] }[];
    }[];
    assert.deepEqual(
      inspected.map((v) => v.SignedTags),
      dockerJson.map((v) => v.SignedTags),
    );
    for (const view of inspected) {
      const r = repos[view.Name]!;
      assert.deepEqual(
        r.Tags.map((t) => ({ SignedTag: t.Tag, Digest: t.SignedDigest, Signers: t.Signers })),
        view.SignedTags,
        view.Name,
      );
      assert.ok(r.Tags.every((t) => t.State === 'ok'));
    }
    assert.deepEqual(tag(repos[sc.signers!.gun]!, 'v2').Signers, ['alice', 'bob']);
    const roles = repos[sc.signers!.gun]!.Roles.map((x) => x.Role);
    for (const d of ['targets/alice', 'targets/bob', 'targets/releases']) assert.ok(roles.includes(d), d);
  });

  it('the readable table ends with the summary line', async () => {
    const r = await signet(id, ['audit', `${R}/audit/clean:v2`]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.at(-1), '1 repository, 1 signed, 0 problems');
    assert.match(r.stdout, /v1\s+ok/, 'a tag given in the target is ignored: every tag is audited');
    const all = await signet(id, ['audit', R]);
    assert.equal(all.code, 1);
    assert.match(all.stdout.trimEnd().split('\n').at(-1)!, /^7 repositories, 6 signed, \d+ problems$/);
    assert.match(all.stdout, /problem: v2: the registry serves sha256:/);
    assert.match(all.stdout, /fix: /);
  });
});

describe('pagination: catalog pages from the real registry (n + Link), tag-list pages through a paginating proxy', () => {
  it('follows every catalog and tag-list page', async () => {
    // docker-registry 2.8 pages its catalog (n, Link) but ignores n/last on tags/list: a proxy pages those
    const proxy = await startFaultProxy({ upstream: stack.registryUrl, hook: paginateTags() });
    proxies.push(proxy);
    const gun = `${proxy.host}/audit/paged`;
    const admin = viewer(stack);
    const tags = ['t1', 't2', 't3', 't4', 't5', 't6', 't7'];
    const pushed = await Promise.all(tags.map((t) => pushImage(R, 'audit/paged', t)));
    ok(await admin.notary(['init', gun, '-p']), 'notary init');
    for (const [i, t] of tags.slice(0, 5).entries()) {
      const p = pushed[i]!;
      ok(await admin.notary(['addhash', gun, t, String(p.size), '--sha256', p.hex, '-p']), `addhash ${t}`);
    }
    const id = viewer(stack);
    const services = nodeReadContext({ env: id.env, now: systemClock });
    try {
      const deps = auditDependencies(services, { pageSize: 2 });
      const report = await runAudit([parseAuditTarget(proxy.host)], deps);
      const catalogPages = proxy.requests.filter((q) => q.startsWith('GET /v2/_catalog'));
      const expected = ['clean', 'docker', 'missing', 'moved', 'nosig', 'paged', 'signers', 'unsigned'];
      assert.deepEqual(
        report.repositories.map((r) => r.name),
        expected.map((n) => `${proxy.host}/audit/${n}`),
      );
      // 8 repositories in pages of 2; the registry links a full last page to one more, empty page
      assert.equal(catalogPages.length, 5, catalogPages.join('\n'));
      assert.match(catalogPages[1]!, /last=audit%2F/);
      const paged = report.repositories.find((r) => r.name === gun)!;
      const tagPages = proxy.requests.filter((q) => q.startsWith('GET /v2/audit/paged/tags/list'));
      assert.equal(tagPages.length, 4, tagPages.join('\n'));
      assert.deepEqual(
        paged.tags.map((t) => [t.tag, t.state]),
        tags.map((t, i) => [t, i < 5 ? 'ok' : 'unsigned']),
      );
    } finally {
      services.close();
    }
  });
});

describe('token-auth registry: the catalog with scope registry:catalog:*', () => {
  it('lists and audits the repositories with the docker login, and says to name repositories without one', async () => {
    tokenServer = await startTokenServer();
    tokenRegistry = await startTokenRegistry(tokenServer);
    const host = tokenRegistry.host;
    const admin = viewer(stack);
    for (const repo of ['tok/app', 'tok/other']) {
      const bearer = tokenServer.mint(tokenRegistry.service, [
        { type: 'repository', name: repo, actions: ['pull', 'push'] },
      ]);
      const p = await pushImage(host, repo, 'v1', { bearer });
      ok(await admin.notary(['init', `${host}/${repo}`, '-p']), 'notary init');
      ok(await admin.notary(['addhash', `${host}/${repo}`, 'v1', String(p.size), '--sha256', p.hex, '-p']), 'addhash');
    }
    const id = viewer(stack);
    const anonymous = await signet(id, ['audit', '--json', host]);
    assert.equal(anonymous.code, 2, anonymous.stderr);
    assert.equal(anonymous.stdout, '[]\n');
    assert.equal(anonymous.stderr.trimEnd().split('\n').length, 1, anonymous.stderr);
    assert.match(anonymous.stderr, /does not list its repositories .*name its repositories instead/);

    const auth = Buffer.from(`${tokenServer.username}:${tokenServer.password}`).toString('base64');
    writeFileSync(join(id.dockerConfig, 'config.json'), JSON.stringify({ auths: { [host]: { auth } } }));
    const r = await signet(id, ['audit', '--json', host]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const repos = byName(r.stdout);
    assert.deepEqual(Object.keys(repos), [`${host}/tok/app`, `${host}/tok/other`]);
    for (const repo of Object.values(repos))
      assert.deepEqual(
        repo.Tags.map((t) => [t.Tag, t.State]),
        [['v1', 'ok']],
      );
    const catalog = tokenServer.requests.filter((q) => q.scopes.includes('registry:catalog:*') && q.status === 200);
    assert.ok(catalog.length > 0, 'a token for registry:catalog:* was asked for and granted');
    assert.deepEqual(catalog.at(-1)!.granted, [{ type: 'registry', name: 'catalog', actions: ['*'] }]);
  });
});

describe('role expiry with a pinned clock', () => {
  it('expiring: targets within --warn-days; the timestamp, and a snapshot whose key the server holds, never are; a snapshot the user holds is', async () => {
    const id = viewer(stack);
    // a repository whose snapshot key its owner holds (plain notary init; the scenarios rotate it to the server, as docker does)
    const own = `${stack.registryHost}/audit/own-snapshot`;
    const admin = viewer(stack);
    const p = await pushImage(stack.registryHost, 'audit/own-snapshot', 'v1');
    ok(await admin.notary(['init', own, '-p']), 'notary init');
    ok(await admin.notary(['addhash', own, 'v1', String(p.size), '--sha256', p.hex, '-p']), 'addhash');
    const at = new Date(Date.now() + 86_400_000);
    const services = nodeReadContext({ env: id.env, now: () => at });
    try {
      const deps = auditDependencies(services);
      const report = await runAudit([parseAuditTarget(sc.clean!.gun), parseAuditTarget(own)], deps, {
        warnDays: 1100,
      });
      const [repo, owned] = [
        report.repositories.find((r) => r.name === sc.clean!.gun)!,
        report.repositories.find((r) => r.name === own)!,
      ];
      assert.deepEqual(
        repo.roles.map((r) => [r.role, r.state, r.serverRenewed]),
        [
          ['root', 'ok', false],
          ['targets', 'expiring', false],
          ['snapshot', 'ok', true],
          ['timestamp', 'ok', true],
        ],
      );
      assert.deepEqual(
        owned.roles.map((r) => [r.role, r.state, r.serverRenewed]),
        [
          ['root', 'ok', false],
          ['targets', 'expiring', false],
          ['snapshot', 'expiring', false],
          ['timestamp', 'ok', true],
        ],
      );
      for (const r of repo.roles) assert.equal(r.expires, await serverExpires(sc.clean!.gun, r.role));
      assert.deepEqual(
        repo.problems.map((p) => p.kind),
        ['expiring'],
      );
      assert.match(repo.problems[0]!.message, /^targets expires on \S+ \(in 10\d\d days\)$/);
      assert.equal(auditExitCode(report), 1);
      const calm = await runAudit([parseAuditTarget(sc.clean!.gun)], deps, { warnDays: 30 });
      assert.equal(auditExitCode(calm), 0);
    } finally {
      services.close();
    }
  });

  it('expired: a timestamp past its expiry fails verification; the audit says so and goes on', async () => {
    const id = viewer(stack);
    const at = new Date(Date.now() + 20 * 86_400_000);
    const services = nodeReadContext({ env: id.env, now: () => at });
    try {
      const deps = auditDependencies(services);
      const report = await runAudit([parseAuditTarget(sc.clean!.gun), parseAuditTarget(`${R}/audit/nosig`)], deps);
      const [clean, nosig] = report.repositories;
      assert.equal(clean!.trustData, 'failed');
      assert.equal(clean!.signed, false);
      const ts = await serverExpires(sc.clean!.gun, 'timestamp');
      assert.deepEqual(
        clean!.roles.map((r) => [r.role, r.state]),
        [['timestamp', 'expired']],
      );
      assert.equal(Date.parse(clean!.roles[0]!.expires!), Math.floor(Date.parse(ts) / 1000) * 1000);
      assert.match(clean!.problems[0]!.message, /^its trust data failed verification: timestamp expired at /);
      assert.equal(clean!.problems[1]!.kind, 'expired');
      assert.equal(nosig!.trustData, 'none', 'the other repository was audited');
      assert.equal(auditExitCode(report), 1);
    } finally {
      services.close();
    }
  });
});

describe('--offline on a copied trust dir', () => {
  it('audits the cached repositories of a registry without any server, and says so', async () => {
    const owner = viewer(stack);
    const online = await signet(owner, ['audit', '--json', R]);
    assert.equal(online.code, 1);
    const copy = mkdtempSync(join(tmpdir(), 'signet-audit-copy-'));
    try {
      cpSync(join(owner.dockerConfig, 'trust'), join(copy, 'trust'), { recursive: true });
      // no server is reachable at these addresses: anything contacted would fail the audit
      const env = { DOCKER_CONFIG: copy, DOCKER_CONTENT_TRUST_SERVER: 'https://127.0.0.1:1' };
      const r = await signet(owner, ['audit', '--offline', '--json', R], env);
      assert.match(r.stderr, /--offline: only the trust data cache was read; the registry was not checked/);
      assert.doesNotMatch(r.stderr, STACK_TRACE);
      const repos = byName(r.stdout);
      const signedNames = Object.values(byName(online.stdout))
        .filter((x) => x.Signed)
        .map((x) => x.Name);
      assert.deepEqual(Object.keys(repos), signedNames.sort());
      const onlineRepos = byName(online.stdout);
      for (const repo of Object.values(repos)) {
        assert.equal(repo.TrustData, 'cached');
        assert.equal(repo.RegistryChecked, false);
        const want = onlineRepos[repo.Name]!.Tags.filter((t) => t.SignedDigest !== null);
        assert.deepEqual(
          repo.Tags.map((t) => [t.Tag, t.SignedDigest, t.State]),
          want.map((t) => [t.Tag, t.SignedDigest, 'unchecked']),
        );
        // the same roles, dates and states; who renews the snapshot is the server's word, not asked offline
        const drop = (roles: JsonRepo['Roles']) => roles.map(({ ServerRenewed: _, ...rest }) => rest);
        assert.deepEqual(drop(repo.Roles), drop(onlineRepos[repo.Name]!.Roles));
        assert.deepEqual(
          repo.Roles.filter((x) => x.ServerRenewed).map((x) => x.Role),
          ['timestamp'],
        );
      }
      assert.equal(r.code, 0, r.stderr);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe('an unreachable notary for one repository', () => {
  it('is that repository’s problem; the others are audited', async () => {
    const tls = join(stack.dir, 'tls');
    const proxy = await startFaultProxy({
      upstream: stack.notaryHttpsUrl,
      upstreamCa: readFileSync(stack.caFile, 'utf8'),
      tls: { key: readFileSync(join(tls, 'server.key'), 'utf8'), cert: readFileSync(join(tls, 'server.crt'), 'utf8') },
      hook: async (_req, url) => (url.pathname.startsWith(`/v2/${R}/audit/moved/`) ? 'drop' : undefined),
    });
    proxies.push(proxy);
    const id = viewer(stack);
    mkdirSync(join(id.dockerConfig, 'tls', proxy.host), { recursive: true });
    copyFileSync(stack.caFile, join(id.dockerConfig, 'tls', proxy.host, 'ca.crt'));
    const targets = [sc.clean!.gun, sc.moved!.gun, sc.signers!.gun];
    const r = await signet(id, ['audit', '--json', ...targets], { DOCKER_CONTENT_TRUST_SERVER: proxy.url });
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.stderr, STACK_TRACE);
    const repos = byName(r.stdout);
    const moved = repos[sc.moved!.gun]!;
    assert.equal(moved.TrustData, 'failed');
    assert.match(moved.Problems[0]!, new RegExp(`^the trust server ${proxy.url} could not be used: `));
    for (const gun of [sc.clean!.gun, sc.signers!.gun]) {
      assert.equal(repos[gun]!.TrustData, 'verified');
      assert.deepEqual(repos[gun]!.Problems, []);
    }
  });
});

describe('--ics: the expiry calendar, read by python3-icalendar', () => {
  it('has one event per role expiry, at the expires of the server’s metadata, with an alarm --warn-days before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'signet-ics-'));
    try {
      const file = join(dir, 'expiry.ics');
      const id = viewer(stack);
      const r = await signet(id, ['audit', '--ics', file, '--warn-days', '45', sc.clean!.gun, sc.signers!.gun]);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
      const script = [
        'import sys, json, icalendar',
        'cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())',
        'out = []',
        'for ev in cal.walk("VEVENT"):',
        '    alarms = [a for a in ev.walk("VALARM")]',
        '    out.append({"summary": str(ev["SUMMARY"]), "start": ev.decoded("DTSTART").isoformat(),',
        '                "trigger": alarms[0].decoded("TRIGGER").total_seconds(), "action": str(alarms[0]["ACTION"])})',
        'print(json.dumps(out))',
      ].join('\n');
      const events = JSON.parse(execFileSync(python, ['-c', script, file], { encoding: 'utf8' })) as {
        summary: string;
        start: string;
        trigger: number;
        action: string;
      }[];
      const want: string[] = [];
      for (const s of [sc.clean!, sc.signers!]) {
        // no snapshot: the server holds its key and renews it (as the timestamp)
        const roles = [
          'root',
          'targets',
          ...(s === sc.signers ? ['targets/alice', 'targets/bob', 'targets/releases'] : []),
        ];
        for (const role of roles) want.push(`Trust data expires: ${s.gun} ${role}`);
      }
      assert.deepEqual(events.map((e) => e.summary).sort(), want.sort());
      for (const e of events) {
        const [, gun, role] = /^Trust data expires: (\S+) (\S+)$/.exec(e.summary)!;
        const expires = await serverExpires(gun!, role!);
        assert.equal(Date.parse(e.start), Math.floor(Date.parse(expires) / 1000) * 1000, e.summary);
        assert.equal(e.trigger, -45 * 86_400, e.summary);
        assert.equal(e.action, 'DISPLAY');
      }
      assert.match(readFileSync(file, 'utf8'), /^BEGIN:VCALENDAR\r\n/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('bad input: a clear line, the right exit code, never a stack trace', () => {
  for (const args of [
    ['foo'],
    ['UPPER/Case'],
    ['--warn-days', '-1', 'example.com'],
    ['--concurrency', '0', 'example.com'],
    [],
    ['--bogus', 'x.io'],
  ]) {
    it(`usage error, exit 2: signet audit ${args.join(' ')}`, async () => {
      const r = await signet(viewer(stack), ['audit', ...args]);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /See 'signet audit --help'/);
      assert.doesNotMatch(r.stderr, STACK_TRACE);
    });
  }

  it('--help prints the usage in docker’s style and exits 0', async () => {
    const r = await signet(viewer(stack), ['audit', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage: {2}signet audit \[OPTIONS\] TARGET \[TARGET\.\.\.\]\n/);
    for (const flag of ['--json', '--offline', '--ics FILE', '--warn-days N', '--concurrency N'])
      assert.ok(r.stdout.includes(`      ${flag}`), flag);
  });

  it('a registry without a catalog (404): one line that says to name repositories; exit 2', async () => {
    const proxy = await startFaultProxy({
      upstream: stack.registryUrl,
      hook: async (_req, url) =>
        url.pathname === '/v2/_catalog' ? { status: 404, body: '404 page not found\n' } : undefined,
    });
    proxies.push(proxy);
    const r = await signet(viewer(stack), ['audit', proxy.host]);
    assert.equal(r.code, 2);
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(
      lines[0]!,
      new RegExp(
        `registry ${proxy.host} does not list its repositories .*name its repositories instead, e\\.g\\. signet audit ${proxy.host}/`,
      ),
    );
  });

  it('an unreachable registry: its repository gets the problem, the other target is audited', async () => {
    const r = await signet(viewer(stack), ['audit', '--json', '127.0.0.1:1/team/app', sc.clean!.gun]);
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.stderr, STACK_TRACE);
    const repos = byName(r.stdout);
    assert.match(
      repos['127.0.0.1:1/team/app']!.Problems.join('\n'),
      /the registry 127\.0\.0\.1:1 could not be checked: /,
    );
    assert.deepEqual(repos[sc.clean!.gun]!.Problems, []);
    const alone = await signet(viewer(stack), ['audit', '127.0.0.1:1']);
    assert.equal(alone.code, 2, 'no target reachable');
    assert.doesNotMatch(alone.stderr, STACK_TRACE);
  });
});
