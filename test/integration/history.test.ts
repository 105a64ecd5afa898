/**
 * `signet history`, `diff` and `archive` against the REAL notary-server, on a repository whose
 * history was written only by the real `notary` and `docker trust` CLIs: init, sign v1, sign v2,
 * re-sign v1 with another digest, remove v2, add a signer, that signer signs a tag, rotate the
 * targets key, remove the signer, witness. Then: a tampered old version (a corrupting proxy in front
 * of the real server), a server without changefeed or old versions, an archive (written, damaged,
 * read offline with the server stopped), and a server restarted empty (the history kept locally).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startStack, type Stack } from '../helpers/stack.js';
import { makeIdentity, ok, run, type Identity } from '../helpers/identity.js';
import { dockerKeyGenerate, dockerTrustInspect } from '../helpers/scenarios.js';
import { pushImage } from '../helpers/registry-push.js';
import { signet, type CliResult } from '../helpers/signet-cli.js';
import { startCorruptingProxy, type CorruptingProxy } from '../helpers/corrupting-proxy.js';

let stack: Stack;
let gun: string;
let n = 0;
const person = (name: string, server?: string): Identity =>
  makeIdentity(stack, `${name}-h${process.pid}-${++n}`, server ? { server } : {});

interface Built {
  digests: { v1: string; v2: string; v1b: string };
  keys: { root: string; targets1: string; targets2: string; snapshot: string; alice: string };
  /** changefeed CreatedAt per publish (timestamp version), read from the server with curl */
  times: Map<number, string>;
  dockerJson: string;
  dockerPretty: string;
}
let built: Built;
let reader: Identity; // keeps the history it reads (its own SIGNET_DATA_DIR)
let historyJson: unknown[];
let archiveFile: string;

function must(r: CliResult | { code: number; stdout: string; stderr: string }, what: string) {
  assert.equal(r.code, 0, `${what} failed (rc=${r.code})\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
}

const cachedRoot = (id: Identity) =>
  JSON.parse(readFileSync(join(id.trustDir, 'tuf', gun, 'metadata', 'root.json'), 'utf8')).signed;

async function curlJson(path: string): Promise<any> {
  const r = ok(
    await run(
      'curl',
      ['-sf', '--cacert', stack.caFile, `${stack.notaryHttpsUrl}${path}`],
      process.env as Record<string, string>,
    ),
  );
  return JSON.parse(r.stdout);
}

before(async () => {
  stack = await startStack();
  const repo = 'hist/app';
  gun = `${stack.registryHost}/${repo}`;
  const admin = person('admin');
  const alice = person('alice');
  const [v1, v2, v1b] = [
    await pushImage(stack.registryHost, repo, 'v1'),
    await pushImage(stack.registryHost, repo, 'v2'),
    await pushImage(stack.registryHost, repo, 'v1', { content: 'v1, rebuilt\n' }),
  ];
  const addhash = (tag: string, t: { hex: string; size: number }) => [
    'addhash',
    gun,
    tag,
    String(t.size),
    '--sha256',
    t.hex,
    '-p',
  ];
  // init: notary init, then the snapshot key to the server (docker's layout), as the seed scenarios do
  ok(await admin.notary(['init', gun, '-p']), 'notary init');
  ok(await admin.notary(['key', 'rotate', gun, 'snapshot', '-r']), 'notary key rotate snapshot -r');
  ok(await admin.notary(addhash('v1', v1)), 'sign v1');
  // notary's cache holds root v2 once a later command has read it (key rotate does not update it)
  const first = cachedRoot(admin);
  assert.equal(first.version, 2);
  const snapshotKey: string = first.roles.snapshot.keyids[0];
  ok(await admin.notary(addhash('v2', v2)), 'sign v2');
  ok(await admin.notary(addhash('v1', v1b)), 're-sign v1 with another digest');
  ok(await admin.notary(['remove', gun, 'v2', '-p']), 'remove v2');
  const aliceKey = await dockerKeyGenerate(alice, 'alice');
  ok(await admin.docker(['trust', 'signer', 'add', '--key', aliceKey.pub, 'alice', gun]), 'docker trust signer add');
  ok(await alice.docker(['trust', 'sign', `${gun}:v1`]), 'alice: docker trust sign v1');
  ok(await admin.notary(['key', 'rotate', gun, 'targets']), 'notary key rotate targets');
  // docker 28 ignores --force here; answering its question works
  const removed = ok(
    await admin.docker(['trust', 'signer', 'remove', 'alice', gun], { input: 'y\n' }),
    'signer remove',
  );
  assert.match(removed.stdout, /Successfully removed alice/);
  ok(await admin.notary(['witness', gun, 'targets', '-p']), 'notary witness targets');

  const feed = await curlJson(`/v2/${gun}/_trust/changefeed?change_id=0&records=100`);
  const viewer = person('viewer');
  const inspect = await dockerTrustInspect(viewer, [gun]);
  ok(inspect.result, 'docker trust inspect');
  const pretty = ok(await viewer.docker(['trust', 'inspect', '--pretty', gun]), 'docker trust inspect --pretty');
  built = {
    digests: { v1: v1.hex, v2: v2.hex, v1b: v1b.hex },
    keys: {
      root: first.roles.root.keyids[0],
      targets1: first.roles.targets.keyids[0],
      targets2: inspect.json[0]!.AdministrativeKeys.find((k) => k.Name === 'Repository')!.Keys![0]!.ID,
      snapshot: snapshotKey,
      alice: aliceKey.keyId,
    },
    times: new Map(feed.records.map((r: any) => [r.Version, r.CreatedAt])),
    dockerJson: inspect.result.stdout,
    dockerPretty: pretty.stdout,
  };
  reader = person('reader');
  archiveFile = join(stack.dir, 'hist-app.trust.tar.gz');
});

after(async () => {
  await stack?.stop();
});

/** The changes the CLIs above made, as `signet history --json` must list them, oldest first. */
function expected(): unknown[] {
  const { digests: d, keys: k, times } = built;
  const t = (publish: number) => times.get(publish);
  const targets = (publish: number, version: number, change: string, extra: object, keys = [k.targets1]) => ({
    Time: t(publish),
    Role: 'targets',
    Version: version,
    Change: change,
    ...extra,
    KeyIDs: keys,
  });
  return [
    { Time: t(1), Role: 'root', Version: 1, Change: 'initialized', KeyIDs: [k.root] },
    { Time: t(2), Role: 'snapshot', Version: 3, Change: 'key-rotated', KeyIDs: [k.snapshot] },
    targets(3, 3, 'tag-added', { Tag: 'v1', Digest: d.v1 }),
    targets(4, 4, 'tag-added', { Tag: 'v2', Digest: d.v2 }),
    targets(5, 5, 'tag-changed', { Tag: 'v1', Digest: d.v1b, PreviousDigest: d.v1 }),
    targets(6, 6, 'tag-removed', { Tag: 'v2', PreviousDigest: d.v2 }),
    targets(7, 7, 'signer-added', { Signer: 'alice' }),
    targets(7, 7, 'signer-added', { Signer: 'releases' }),
    { Time: t(8), Role: 'targets/alice', Version: 1, Change: 'tag-added', Tag: 'v1', Digest: d.v1b, KeyIDs: [k.alice] },
    {
      Time: t(8),
      Role: 'targets/releases',
      Version: 1,
      Change: 'tag-added',
      Tag: 'v1',
      Digest: d.v1b,
      KeyIDs: [k.alice],
    },
    targets(9, 8, 'key-rotated', {}, [k.targets2]),
    targets(10, 9, 'signer-removed', { Signer: 'alice' }, [k.targets2]),
    targets(10, 9, 'signer-changed', { Signer: 'releases' }, [k.targets2]),
    targets(11, 10, 'renewed', {}, [k.targets2]),
  ];
}

test('signet history --json lists exactly the changes the notary and docker CLIs made, in order, with roles, digests, signing keys and the changefeed times', async () => {
  const r = must(await signet(reader, ['history', '--json', gun]), 'signet history --json');
  historyJson = JSON.parse(r.stdout);
  assert.deepEqual(historyJson, expected());
  assert.equal(built.times.size, 11, 'eleven publishes in the changefeed');
  assert.doesNotMatch(r.stderr, /Warning|failed/);
});

test('signet inspect keeps the versions it verified in the version store of the data directory', async () => {
  const viewer = person('inspect-keeper');
  must(await signet(viewer, ['inspect', gun]), 'signet inspect');
  const index = join(viewer.env.SIGNET_DATA_DIR!, 'trust-history', 'index', `${encodeURIComponent(gun)}.jsonl`);
  const kept = readFileSync(index, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .map((e) => `${e.role} v${e.version}`)
    .sort();
  assert.deepEqual(kept, ['root v3', 'snapshot v12', 'targets v10', 'timestamp v11']);
});

test('signet history (table): one row per change with its publish number; diff between two publishes and two times', async () => {
  const r = must(await signet(reader, ['history', gun]), 'signet history');
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines[0], `History of ${gun}`);
  assert.match(lines[2]!, /^#\s+TIME\s+ROLE\s+VERSION\s+CHANGE\s+DETAILS\s+SIGNED BY$/);
  assert.equal(lines.length, 3 + expected().length);
  assert.match(
    lines[5]!,
    new RegExp(
      `^3\\s+\\S+\\s+targets\\s+3\\s+tag-added\\s+v1 ${built.digests.v1.slice(0, 12)}\\s+${built.keys.targets1.slice(0, 12)}$`,
    ),
  );
  assert.doesNotMatch(r.stdout, /kept locally/);

  // from after "sign v2" (publish 4) to the end: v1 re-pointed, v2 gone, releases added, targets key rotated
  const d = must(await signet(reader, ['diff', '--json', gun, '4', 'latest']), 'signet diff 4 latest');
  const diff = JSON.parse(d.stdout);
  assert.deepEqual(diff.From, { Publish: 4, Time: built.times.get(4) });
  assert.deepEqual(diff.To, { Publish: 11, Time: built.times.get(11) });
  assert.deepEqual(diff.SignedTags, [
    { Role: 'targets', Tag: 'v1', Change: 'tag-changed', Digest: built.digests.v1b, PreviousDigest: built.digests.v1 },
    { Role: 'targets', Tag: 'v2', Change: 'tag-removed', PreviousDigest: built.digests.v2 },
    { Role: 'targets/releases', Tag: 'v1', Change: 'tag-added', Digest: built.digests.v1b },
  ]);
  assert.deepEqual(
    diff.Signers.map((s: any) => [s.Role, s.Signer, s.Change, s.KeyIDs]),
    [['targets', 'releases', 'signer-added', []]],
  );
  assert.deepEqual(diff.Keys, [
    { Role: 'targets', Change: 'key-rotated', KeyIDs: [built.keys.targets2], PreviousKeyIDs: [built.keys.targets1] },
  ]);

  // by time: the state in force at publish 8's time vs at publish 7's
  const byTime = must(
    await signet(reader, ['diff', '--json', gun, built.times.get(7)!, built.times.get(8)!]),
    'diff by time',
  );
  assert.deepEqual(
    JSON.parse(byTime.stdout).SignedTags.map((t: any) => [t.Role, t.Tag, t.Change]),
    [
      ['targets/alice', 'v1', 'tag-added'],
      ['targets/releases', 'v1', 'tag-added'],
    ],
  );
  const bad = await signet(reader, ['diff', gun, '4', 'yesterday-ish']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /"yesterday-ish" is not a point in the history/);
  assert.match(bad.stderr, /hint: Give a publish number/);
});

test('a tampered old version (corrupted by a proxy in front of the real server) is shown as failing verification, with the reason', async () => {
  const proxy: CorruptingProxy = await startCorruptingProxy(stack.notaryHttpsUrl, stack.caFile);
  try {
    const base = `/v2/${gun}/_trust/tuf/`;
    // flip one character inside targets v4's signature, under both names the server serves it by
    const tamper = (b: Buffer) =>
      Buffer.from(
        b.toString('latin1').replace(/"sig":"(.)/, (_, c) => `"sig":"${c === 'A' ? 'B' : 'A'}`),
        'latin1',
      );
    const v4 = await curlJson(`${base}4.targets.json`);
    assert.equal(v4.signed.version, 4);
    const raw = ok(
      await run(
        'curl',
        ['-sf', '--cacert', stack.caFile, `${stack.notaryHttpsUrl}${base}4.targets.json`],
        process.env as Record<string, string>,
      ),
    ).stdout;
    const sha = (await import('node:crypto')).createHash('sha256').update(raw).digest('hex');
    proxy.corrupt.set(`${base}4.targets.json`, tamper);
    proxy.corrupt.set(`${base}targets.${sha}.json`, tamper);
    const viewer = person('tamper-viewer', proxy.url);
    const r = must(
      await signet(viewer, ['history', '--json', gun], { DOCKER_CONTENT_TRUST_SERVER: proxy.url }),
      'history through the proxy',
    );
    const events = JSON.parse(r.stdout) as any[];
    const failed = events.filter((e) => e.Change === 'unverified');
    assert.deepEqual(
      failed.map((e) => [e.Role, e.Version]),
      [['targets', 4]],
    );
    assert.match(failed[0].Error, /targets: no valid signature/);
    assert.ok(!('KeyIDs' in failed[0]));
    assert.match(r.stderr, /1 version\(s\) of .* failed verification/);
    // nothing from the tampered file is trusted: v5 is compared with v3 (v2 appears and v1 changes at v5)
    assert.ok(!events.some((e) => e.Version === 4 && e.Role === 'targets' && e.Change !== 'unverified'));
    assert.deepEqual(
      events.filter((e) => e.Role === 'targets' && e.Version === 5).map((e) => [e.Change, e.Tag]),
      [
        ['tag-changed', 'v1'],
        ['tag-added', 'v2'],
      ],
    );
    const text = must(
      await signet(viewer, ['history', gun], { DOCKER_CONTENT_TRUST_SERVER: proxy.url }),
      'history table',
    );
    assert.match(text.stdout, /targets\s+4\s+unverified\s+FAILED VERIFICATION: targets: no valid signature/);
  } finally {
    await proxy.close();
  }
});

test('a server without a changefeed or old versions: the history of what exists and of what was kept, and a note saying what is missing', async () => {
  const proxy = await startCorruptingProxy(stack.notaryHttpsUrl, stack.caFile);
  try {
    proxy.missing = (p) => p.endsWith('/_trust/changefeed') || /\/_trust\/tuf\/\d+\./.test(p);
    const env = { DOCKER_CONTENT_TRUST_SERVER: proxy.url };
    // nothing kept: only the current state can be shown
    const fresh = person('lossy-viewer', proxy.url);
    const r = must(await signet(fresh, ['history', '--json', gun], env), 'history, nothing kept');
    const events = JSON.parse(r.stdout) as any[];
    assert.ok(
      events.every((e) => e.Time === null),
      'no changefeed: no times',
    );
    // only the current files: nothing to compare them with, so no change can be claimed; the two
    // delegation files the snapshot still pins do not verify any more (as docker warns too)
    assert.deepEqual(events.map((e) => [e.Role, e.Version, e.Change]).sort(), [
      ['targets/alice', 1, 'unverified'],
      ['targets/releases', 1, 'unverified'],
    ]);
    assert.match(events.find((e) => e.Role === 'targets/releases').Error, /threshold/);
    assert.match(events.find((e) => e.Role === 'targets/alice').Error, /no verified role delegates targets\/alice/);
    assert.match(r.stderr, /Note: the server's changefeed could not be read/);
    assert.match(
      r.stderr,
      /Note: 10 of 11 publishes are neither on the server nor kept locally \(timestamp versions 1–10\)/,
    );
    // the reader kept everything earlier: its history stays complete, with the kept times
    const kept = must(await signet(reader, ['history', '--json', gun], env), 'history, kept locally');
    assert.deepEqual(JSON.parse(kept.stdout), expected());
  } finally {
    await proxy.close();
  }
});

test('signet archive writes every stored version in the server layout with a manifest; a damaged archive is refused naming the file and what is wrong', async () => {
  const r = must(await signet(reader, ['archive', gun, archiveFile]), 'signet archive');
  assert.match(
    r.stdout,
    new RegExp(`^Archived \\d+ versions of ${gun} \\(11 publishes\\) from ${stack.notaryHttpsUrl} to ${archiveFile}`),
  );
  assert.ok(existsSync(archiveFile));
  const list = ok(await run('tar', ['-tzf', archiveFile], process.env as Record<string, string>)).stdout.split('\n');
  for (const name of [
    'signet-archive.json',
    `v2/${gun}/_trust/tuf/1.root.json`,
    `v2/${gun}/_trust/tuf/10.targets.json`,
    `v2/${gun}/_trust/tuf/1.targets/releases.json`,
    `v2/${gun}/_trust/tuf/timestamp.json`,
    `v2/${gun}/_trust/changefeed.json`,
  ]) {
    assert.ok(list.includes(name), `${name} in the archive`);
  }

  const damaged: Array<[string, Buffer, RegExp]> = [
    [
      'truncated.tar.gz',
      readFileSync(archiveFile).subarray(0, 300),
      /truncated\.tar\.gz: not a gzip-compressed trust archive, or it is damaged/,
    ],
    ['random.tar.gz', Buffer.from('this is not an archive'), /random\.tar\.gz: not a gzip-compressed trust archive/],
    ['no-manifest.tar.gz', gzipSync(Buffer.alloc(1024)), /no-manifest\.tar\.gz: it has no signet-archive\.json/],
  ];
  // one byte of a metadata file changed inside an otherwise valid archive
  const tar = (await import('node:zlib')).gunzipSync(readFileSync(archiveFile));
  const at = tar.indexOf(Buffer.from('"_type":"Targets"'));
  tar[at + 2] = 'X'.charCodeAt(0);
  damaged.push([
    'edited.tar.gz',
    gzipSync(tar),
    /edited\.tar\.gz: .*targets.* does not match its sha256 in the manifest \(damaged\)/,
  ]);
  for (const [name, bytes, message] of damaged) {
    const file = join(stack.dir, name);
    writeFileSync(file, bytes);
    for (const args of [
      ['history', '--archive', file, gun],
      ['inspect', '--archive', file, gun],
    ]) {
      const res = await signet(reader, args);
      assert.equal(res.code, 1, `${args[0]} ${name}`);
      assert.match(res.stderr, message, `${args[0]} ${name}: ${res.stderr}`);
      assert.doesNotMatch(res.stderr, /\n\s+at /, 'no stack trace');
    }
  }
  const other = await signet(reader, ['history', '--archive', archiveFile, `${stack.registryHost}/other/app`]);
  assert.equal(other.code, 1);
  assert.match(other.stderr, new RegExp(`holds the trust data of ${gun}, not of ${stack.registryHost}/other/app`));
});

test('server restarted with an empty store: the history Signet kept is still shown, labelled as kept locally', async () => {
  await stack.stopNotary('https');
  await stack.startNotary('https');
  const r = must(await signet(reader, ['history', '--json', gun]), 'history after the restart');
  assert.deepEqual(JSON.parse(r.stdout), expected());
  assert.match(
    r.stderr,
    /Note: the server's trust data was not used: the trust server has no trust data for .* any more/,
  );
  const text = must(await signet(reader, ['history', gun]), 'history table after the restart');
  const rows = text.stdout.trim().split('\n').slice(3);
  assert.equal(rows.length, expected().length);
  for (const row of rows) assert.match(row, /\[kept locally\]/);
});

test('archive opened offline with the server stopped: inspect equals docker trust inspect from before, history equals the history from before', async () => {
  await stack.stopNotary('https');
  const offline = person('archive-reader'); // no cache, nothing kept: only the archive
  const json = must(await signet(offline, ['inspect', '--archive', archiveFile, gun]), 'inspect --archive');
  assert.equal(json.stdout, built.dockerJson);
  const pretty = must(
    await signet(offline, ['inspect', '--pretty', '--archive', archiveFile, gun]),
    'inspect --pretty --archive',
  );
  assert.equal(pretty.stdout, built.dockerPretty);
  const h = must(await signet(offline, ['history', '--json', '--archive', archiveFile, gun]), 'history --archive');
  assert.deepEqual(JSON.parse(h.stdout), historyJson);
  const d = must(
    await signet(offline, ['diff', '--json', '--archive', archiveFile, gun, '4', 'latest']),
    'diff --archive',
  );
  assert.equal(JSON.parse(d.stdout).To.Publish, 11);

  // the audit opens the same archive: its signed tags are docker's from before, checked in the registry
  const a = await signet(offline, ['audit', '--json', '--archive', archiveFile]);
  assert.ok(a.code === 0 || a.code === 1, a.stderr);
  const [repo] = JSON.parse(a.stdout);
  assert.equal(repo.Name, gun);
  assert.equal(repo.Signed, true);
  assert.equal(repo.TrustServer, `archive:${archiveFile}`);
  const signed = JSON.parse(built.dockerJson)[0].SignedTags as Array<{ SignedTag: string; Digest: string }>;
  assert.deepEqual(
    repo.Tags.filter((t: { SignedDigest: string | null }) => t.SignedDigest !== null).map(
      (t: { Tag: string; SignedDigest: string; State: string }) => [t.Tag, t.SignedDigest, t.State],
    ),
    signed.map((t) => [t.SignedTag, t.Digest, 'ok']),
  );
});
