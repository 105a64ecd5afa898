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
import { buildCliHistory, expectedHistory, type CliHistory } from '../helpers/history-scenario.js';
import { signet, type CliResult } from '../helpers/signet-cli.js';
import { startCorruptingProxy, type CorruptingProxy } from '../helpers/corrupting-proxy.js';

let stack: Stack;
let gun: string;
let n = 0;
const person = (name: string, server?: string): Identity =>
  makeIdentity(stack, `${name}-h${process.pid}-${++n}`, server ? { server } : {});

let built: CliHistory;
let reader: Identity; // keeps the history it reads (its own SIGNET_DATA_DIR)
let historyJson: unknown[];
let archiveFile: string;

function must(r: CliResult | { code: number; stdout: string; stderr: string }, what: string) {
  assert.equal(r.code, 0, `${what} failed (rc=${r.code})\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
}

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
  built = await buildCliHistory(stack, 'hist/app');
  gun = built.gun;
  reader = person('reader');
  archiveFile = join(stack.dir, 'hist-app.trust.tar.gz');
});

after(async () => {
  await stack?.stop();
});

/** The changes the CLIs above made, as `signet history --json` must list them, oldest first. */
const expected = (): unknown[] => expectedHistory(built);

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
