/**
 * One set of trust rules for every reader, against the REAL notary-server, notary and docker CLIs:
 * signers that list tags outside their paths (releases "bad", team "u1", team/sub "x1", nested
 * delegations with narrower paths). notary lookup and docker pull (DCT's enforcement) refuse them;
 * Signet's inspect (whole repository and single tag), audit, history and an archive read offline
 * all treat them as not signed, and agree with notary tag by tag.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startStack, type Stack } from '../helpers/stack.js';
import { dockerTrustInspect, notaryList, viewer, type InspectJson } from '../helpers/scenarios.js';
import { pathsRepo, type PathsScenario } from '../helpers/paths-scenario.js';
import { signet } from '../helpers/signet-cli.js';

let stack: Stack;
let s: PathsScenario;

before(async () => {
  stack = await startStack();
  s = await pathsRepo(stack, 'paths/app');
});
after(async () => {
  await stack?.stop();
});

const TAGS = ['rel1', 't1', 't2', 'bad', 'u1', 'x1'];

test('notary (DCT enforcement) signs only what each role’s paths allow: list and lookup', async () => {
  const v = viewer(stack);
  const { targets } = await notaryList(v, s.gun);
  assert.deepEqual(Object.fromEntries(Object.entries(targets).map(([t, x]) => [t, x.role])), {
    rel1: 'targets/releases',
    t2: 'targets/team',
    t1: 'targets/team/sub',
  });
  for (const tag of TAGS) {
    const r = await v.notary(['lookup', s.gun, tag]);
    assert.equal(r.code === 0, tag in s.signed, `notary lookup ${tag}: rc ${r.code} ${r.stderr}`);
  }
});

test('signet inspect equals docker trust inspect minus the refused tag, and says on stderr which tag, role and why', async () => {
  const v = viewer(stack);
  const docker = await dockerTrustInspect(v, [s.gun]);
  assert.equal(docker.result.code, 0, docker.result.stderr);
  // docker's listing walk skips the path check: it still lists "bad" (docker pull refuses it)
  assert.deepEqual(docker.json[0]!.SignedTags.map((t) => t.SignedTag).sort(), ['bad', 'rel1']);
  const r = await signet(v, ['inspect', s.gun]);
  assert.equal(r.code, 0, r.stderr);
  const mine = JSON.parse(r.stdout) as InspectJson[];
  const expected = structuredClone(docker.json);
  expected[0]!.SignedTags = expected[0]!.SignedTags.filter((t) => t.SignedTag !== 'bad');
  assert.deepEqual(mine, expected);
  assert.match(
    r.stderr,
    /Note: bad is not signed: targets\/releases lists it outside the paths it may sign \("rel"\), so docker pull and notary lookup refuse it/,
  );
  assert.match(r.stderr, /x1 is not signed: targets\/team\/sub lists it outside the paths it may sign \("t1", "t3"\)/);
  assert.match(r.stderr, /u1 is not signed: targets\/team lists it outside the paths it may sign \("t"\)/);
});

test('single-tag inspect: signet and docker agree tag by tag (docker checks paths for one tag)', async () => {
  const v = viewer(stack);
  for (const tag of TAGS) {
    const docker = await dockerTrustInspect(v, [`${s.gun}:${tag}`]);
    const r = await signet(v, ['inspect', `${s.gun}:${tag}`]);
    assert.equal(r.code, docker.result.code, `${tag}: exit codes`);
    assert.deepEqual(JSON.parse(r.stdout), docker.json, `${tag}: the same JSON as docker`);
  }
});

test('audit: the refused tag is not signed, with the reason and what to do', async () => {
  const v = viewer(stack);
  const r = await signet(v, ['audit', '--json', s.gun]);
  const [repo] = JSON.parse(r.stdout) as Array<{
    Tags: Array<{ Tag: string; State: string }>;
    ProblemDetails: Array<{ Kind: string; Problem: string; Fix: string }>;
  }>;
  const state = Object.fromEntries(repo!.Tags.map((t) => [t.Tag, t.State]));
  assert.equal(state['rel1'], 'ok');
  assert.equal(state['bad'], 'unsigned', 'the registry serves bad, and nothing DCT accepts signs it');
  const outside = repo!.ProblemDetails.filter((p) => p.Kind === 'outside-paths');
  assert.deepEqual(outside.map((p) => p.Problem.split(' ')[0]).sort(), ['bad', 'u1', 'x1']);
  assert.ok(outside.every((p) => p.Fix.length > 0));
});

test('history (live and from an archive read offline): refused-outside-paths, never tag-added, for every refused tag', async () => {
  const v = viewer(stack);
  const live = await signet(v, ['history', '--json', s.gun]);
  assert.equal(live.code, 0, live.stderr);
  const events = JSON.parse(live.stdout) as Array<{ Role: string; Change: string; Tag?: string }>;
  const added = events
    .filter((e) => e.Change === 'tag-added')
    .map((e) => `${e.Role}:${e.Tag}`)
    .sort();
  const refused = events
    .filter((e) => e.Change === 'refused-outside-paths')
    .map((e) => `${e.Role}:${e.Tag}`)
    .sort();
  assert.deepEqual(
    added,
    Object.entries(s.signed)
      .map(([t, [role]]) => `${role}:${t}`)
      .sort(),
  );
  assert.deepEqual(
    refused,
    Object.entries(s.outside)
      .map(([t, [role]]) => `${role}:${t}`)
      .sort(),
  );

  const file = join(stack.dir, 'paths.trust.tar.gz');
  const a = await signet(v, ['archive', s.gun, file]);
  assert.equal(a.code, 0, a.stderr);
  const offline = viewer(stack); // nothing cached: the archive is trusted on first use, and says so
  const fromArchive = await signet(offline, ['history', '--json', '--archive', file, s.gun]);
  assert.equal(fromArchive.code, 0, fromArchive.stderr);
  assert.deepEqual(JSON.parse(fromArchive.stdout), events);
  assert.match(fromArchive.stderr, /is trusted on first use/);
  const inspected = await signet(offline, ['inspect', '--archive', file, s.gun]);
  const liveInspect = await signet(v, ['inspect', s.gun]);
  assert.equal(inspected.stdout, liveInspect.stdout, 'the archive shows what inspect showed live');
  assert.match(inspected.stderr, /bad is not signed/);
});
