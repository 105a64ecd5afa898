/**
 * Trust archives are anchored, against the REAL notary-server: an archive of the repository you
 * trust opens; an archive of a repository of the same name under another root (deleted and
 * initialized again) is refused naming both roots' key IDs; with nothing trusted before, it is
 * trusted on first use and the CLI says so with the root key ID; a year later it still opens,
 * every role's expiry shown against now.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startStack, type Stack } from '../helpers/stack.js';
import { adminSignedRepo, dockerTrustInspect, viewer, type Scenario } from '../helpers/scenarios.js';
import { ok } from '../helpers/identity.js';
import { signet } from '../helpers/signet-cli.js';

let stack: Stack;
let first: Scenario;
let fileA: string;
let fileB: string;
let rootA: string[];
let rootB: string[];
let trusting: ReturnType<typeof viewer>;
let inspectA: string;

const rootIds = async (id: ReturnType<typeof viewer>, gun: string): Promise<string[]> =>
  (await dockerTrustInspect(id, [gun])).json[0]!.AdministrativeKeys.find((k) => k.Name === 'Root')!.Keys!.map(
    (k) => k.ID,
  );

before(async () => {
  stack = await startStack();
  first = await adminSignedRepo(stack, 'anchor/app', ['v1']);
  trusting = viewer(stack);
  const read = await signet(trusting, ['inspect', first.gun]); // trusts root A (cached)
  assert.equal(read.code, 0, read.stderr);
  inspectA = read.stdout;
  rootA = await rootIds(trusting, first.gun);
  fileA = join(stack.dir, 'anchor-a.trust.tar.gz');
  assert.equal((await signet(trusting, ['archive', first.gun, fileA])).code, 0);
  // the repository is deleted on the server and initialized again: another root
  ok(await first.identities.admin!.notary(['delete', first.gun, '--remote']), 'notary delete --remote');
  await adminSignedRepo(stack, 'anchor/app', ['v1']);
  const other = viewer(stack);
  rootB = await rootIds(other, first.gun);
  fileB = join(stack.dir, 'anchor-b.trust.tar.gz');
  assert.equal((await signet(other, ['archive', first.gun, fileB])).code, 0);
});
after(async () => {
  await stack?.stop();
});

test('an archive of the root you trust opens, anchored: no first-use warning, what inspect showed', async () => {
  const r = await signet(trusting, ['inspect', '--archive', fileA, first.gun]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, inspectA);
  assert.doesNotMatch(r.stderr, /trusted on first use/);
  assert.match(r.stderr, /is a snapshot, not the current state: it says it was written .* \(an unsigned claim\)/);
});

test('an archive under another root is refused by inspect and history, naming both roots’ key IDs', async () => {
  assert.notDeepEqual(rootA, rootB);
  for (const args of [
    ['inspect', '--archive', fileB, first.gun],
    ['history', '--archive', fileB, first.gun],
  ]) {
    const r = await signet(trusting, args);
    assert.equal(r.code, 1, `${args[0]}: ${r.stdout}`);
    assert.match(r.stderr, /anchor-b\.trust\.tar\.gz holds trust data of .* under another root/);
    for (const id of [...rootA, ...rootB]) assert.ok(r.stderr.includes(id.slice(0, 12)), `${args[0]} names ${id}`);
  }
});

test('with nothing trusted before, the archive is trusted on first use and says so with its root key ID', async () => {
  const fresh = viewer(stack);
  const r = await signet(fresh, ['inspect', '--archive', fileB, first.gun]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Warning: .*anchor-b\.trust\.tar\.gz is trusted on first use/);
  for (const id of rootB) assert.ok(r.stderr.includes(id), `names root key ${id}`);
});

test('read a year after it was written: it opens, the roles past expiry said so, the output unchanged', async () => {
  const later = new Date(Date.now() + 400 * 86_400_000);
  const r = await signet(trusting, ['inspect', '--archive', fileA, first.gun], {}, { now: () => later });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, inspectA);
  assert.match(r.stderr, /Note: timestamp is past expiry now \(expired /);
});
