/**
 * core/node/policy-dir.ts: the policy folder is written with each file's mode, updated on a re-run
 * (unchanged files untouched), and nothing is written outside it: not through a path that climbs
 * out, nor through a symbolic link planted where a folder goes.
 */
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { isSignetError } from '../../../core/errors.js';
import { writePolicyDir } from '../../../core/node/policy-dir.js';

let dir: string;
before(() => (dir = mkdtempSync(join(tmpdir(), 'signet-policy-dir-'))));
after(() => rmSync(dir, { recursive: true, force: true }));

const files = [
  { path: 'host_5000/team/app/alice.pub', text: 'key\n' },
  { path: 'host_5000/team/app/verify.sh', text: '#!/bin/sh\n', mode: 0o755 },
  { path: 'README.md', text: 'readme\n' },
];
const mode = (p: string) => statSync(p).mode & 0o777;
const refused = (what: RegExp) => (e: unknown) => isSignetError(e, 'BAD_INPUT') && what.test(e.message) && !!e.hint;

test('writes every file, creating the folders, with its mode whatever the umask', async () => {
  const root = join(dir, 'new', 'policies');
  const written = await writePolicyDir(root, files);
  assert.deepEqual(
    written,
    files.map((f) => join(root, f.path)),
  );
  assert.equal(readFileSync(join(root, 'host_5000/team/app/alice.pub'), 'utf8'), 'key\n');
  assert.equal(mode(join(root, 'host_5000/team/app/verify.sh')), 0o755);
  assert.equal(mode(join(root, 'host_5000/team/app/alice.pub')), 0o644);
});

test('a re-run updates what changed and leaves the rest as it was', async () => {
  const root = join(dir, 'rerun');
  await writePolicyDir(root, files);
  const readme = join(root, 'README.md');
  const before = statSync(readme).ino;
  await writePolicyDir(root, [{ ...files[0]!, text: 'new key\n' }, files[2]!]);
  assert.equal(readFileSync(join(root, files[0]!.path), 'utf8'), 'new key\n');
  assert.equal(statSync(readme).ino, before, 'an unchanged file is not rewritten');
});

test('a path that is absolute or climbs out is refused, and nothing is written', async () => {
  const root = join(dir, 'escape');
  for (const path of ['../outside.txt', '/tmp/abs.txt', 'a/../../outside.txt', 'a//b', 'a\\..\\b']) {
    await assert.rejects(writePolicyDir(root, [{ path, text: 'x' }]), refused(/not a plain relative path/), path);
  }
  assert.ok(!existsSync(join(dir, 'outside.txt')));
});

test('a symbolic link where a folder goes is refused, and nothing lands where it points', async () => {
  const root = join(dir, 'linked');
  const elsewhere = join(dir, 'elsewhere');
  mkdirSync(join(root, 'host_5000'), { recursive: true });
  mkdirSync(elsewhere);
  symlinkSync(elsewhere, join(root, 'host_5000', 'team'));
  await assert.rejects(writePolicyDir(root, files), refused(/not a folder/));
  assert.ok(!existsSync(join(elsewhere, 'app')));
});

test('a symbolic link or a folder where a file goes is refused, not replaced', async () => {
  const root = join(dir, 'in-the-way');
  mkdirSync(join(root, 'host_5000/team/app/alice.pub'), { recursive: true });
  await assert.rejects(writePolicyDir(root, [files[0]!]), refused(/not a regular file/));
  const target = join(dir, 'target.txt');
  writeFileSync(target, 'mine\n');
  symlinkSync(target, join(root, 'README.md'));
  await assert.rejects(writePolicyDir(root, [files[2]!]), refused(/not a regular file/));
  assert.equal(readFileSync(target, 'utf8'), 'mine\n');
});

test('the chosen folder may itself be a symbolic link (the user named it)', async () => {
  const real = join(dir, 'real-root');
  mkdirSync(real);
  symlinkSync(real, join(dir, 'root-link'));
  await writePolicyDir(join(dir, 'root-link'), [files[2]!]);
  assert.equal(readFileSync(join(real, 'README.md'), 'utf8'), 'readme\n');
});
