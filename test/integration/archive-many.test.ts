/**
 * `signet archive --dir DIR IMAGE...` against the REAL notary-server: the night before a notary
 * stops, every repository is archived in one command, each to its own file named after its GUN;
 * one that cannot be read is reported and the others are still written; each file reads back with
 * `signet inspect --archive` as docker's inspect would have shown the live repository.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { archiveFileName } from '../../core/history/archive/manifest.js';
import { makeIdentity } from '../helpers/identity.js';
import { adminSignedRepo, dockerTrustInspect, viewer, type Scenario } from '../helpers/scenarios.js';
import { signet } from '../helpers/signet-cli.js';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack;
let a: Scenario;
let b: Scenario;

before(async () => {
  stack = await startStack();
  [a, b] = await Promise.all([
    adminSignedRepo(stack, 'many/app', ['v1', 'v2']),
    adminSignedRepo(stack, 'other/app', ['v3']),
  ]);
});
after(async () => {
  await stack?.stop();
});

test('every repository to its own file; a missing one is reported, the others written; each reads back as docker showed it live', async () => {
  const reader = makeIdentity(stack, `reader-many${process.pid}`);
  const missing = `${stack.registryHost}/many/missing`;
  const dir = join(mkdtempSync(join(stack.dir, 'arch-')), 'not-made-yet');
  const r = await signet(reader, ['archive', '--dir', dir, a.gun, missing, b.gun, a.gun]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(
    r.stdout,
    new RegExp(`^Archived \\d+ versions of ${a.gun} .* to ${join(dir, archiveFileName(a.gun))} `, 'm'),
  );
  assert.match(r.stdout, new RegExp(`^Archived \\d+ versions of ${b.gun} `, 'm'));
  assert.match(r.stdout, new RegExp(`^Archived 2 of 3 repositories to ${dir}; 1 failed \\(above\\)$`, 'm'));
  assert.match(r.stderr, new RegExp(`cannot archive ${missing}`));
  // same last path part, different files
  assert.deepEqual(readdirSync(dir).sort(), [archiveFileName(a.gun), archiveFileName(b.gun)].sort());
  assert.equal(existsSync(join(dir, archiveFileName(missing))), false);

  const live = await dockerTrustInspect(viewer(stack), [a.gun, b.gun]);
  for (const [i, s] of [a, b].entries()) {
    const file = join(dir, archiveFileName(s.gun));
    const back = await signet(reader, ['inspect', '--archive', file, s.gun]);
    assert.equal(back.code, 0, back.stderr);
    const json = JSON.parse(back.stdout) as Array<{ SignedTags: unknown }>;
    assert.deepEqual(json[0]!.SignedTags, live.json[i]!.SignedTags, `${s.gun} as docker showed it live`);
  }
});

test('the single-file form still takes exactly IMAGE FILE; --dir needs an image', async () => {
  const reader = makeIdentity(stack, `reader-usage${process.pid}`);
  const r = await signet(reader, ['archive', a.gun]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /requires exactly 2 arguments \(or --dir DIR and the images\)/);
  const d = await signet(reader, ['archive', '--dir', stack.dir]);
  assert.match(d.stderr, /"signet archive --dir" requires at least 1 image/);
});
