/**
 * core/node/files.ts: reading a file a user names (regular files only, under a cap, a FIFO never
 * blocks) and the one atomic write every writer uses (no temp file left on failure, the old file
 * intact whether the write fails or the process dies before the rename).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isSignetError } from '../../../core/errors.js';
import {
  readUserFile,
  readUserFileSync,
  writeFileAtomic,
  writeKeyFiles,
  writeNewFile,
} from '../../../core/node/files.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
let dir: string;
before(() => (dir = mkdtempSync(join(tmpdir(), 'signet-files-'))));
after(() => rmSync(dir, { recursive: true, force: true }));

const opts = { maxBytes: 1000, what: 'CA file' };

function fifo(name: string): string {
  const p = join(dir, name);
  const r = spawnSync('mkfifo', [p]);
  assert.equal(r.status, 0, String(r.stderr));
  return p;
}

const refused = (path: string, what: RegExp) => (e: unknown) => {
  assert.ok(isSignetError(e, 'BAD_INPUT'), String(e));
  assert.ok(e.message.includes(path), e.message);
  assert.match(e.message, what);
  assert.ok(e.hint, 'a hint says what to do');
  return true;
};

test('a FIFO is refused at once, never opened for a read that would wait for a writer', { timeout: 5000 }, async () => {
  const p = fifo('ca.pem');
  await assert.rejects(
    readUserFile(p, opts),
    refused(p, /^the CA file .* is a named pipe \(FIFO\), not a regular file$/),
  );
  assert.throws(() => readUserFileSync(p, opts), refused(p, /named pipe/));
});

test('a directory and a device are refused; a symbolic link to a regular file is read', async () => {
  const d = join(dir, 'a-dir.crt');
  mkdirSync(d);
  await assert.rejects(readUserFile(d, opts), refused(d, /is a directory, not a regular file/));
  assert.throws(() => readUserFileSync(d, opts), refused(d, /is a directory/));
  await assert.rejects(readUserFile('/dev/zero', opts), refused('/dev/zero', /is a device, not a regular file/));
  writeFileSync(join(dir, 'real.pem'), 'PEM');
  symlinkSync(join(dir, 'real.pem'), join(dir, 'link.pem'));
  assert.equal((await readUserFile(join(dir, 'link.pem'), opts)).toString(), 'PEM');
});

test('a file over the cap is refused with its size and the cap; one at the cap is read whole', async () => {
  const big = join(dir, 'big.pem');
  writeFileSync(big, '');
  truncateSync(big, 1001);
  const msg = /^the CA file .* is 1001 bytes, over the limit of 1000 bytes for CA files$/;
  await assert.rejects(readUserFile(big, opts), refused(big, msg));
  assert.throws(() => readUserFileSync(big, opts), refused(big, msg));
  const full = join(dir, 'full.pem');
  writeFileSync(full, 'x'.repeat(1000));
  assert.equal((await readUserFile(full, opts)).length, 1000);
  assert.equal(readUserFileSync(full, opts).length, 1000);
});

test('a missing file is the file system error, so each caller keeps its own words for it', async () => {
  await assert.rejects(readUserFile(join(dir, 'nope'), opts), { code: 'ENOENT' });
  assert.throws(() => readUserFileSync(join(dir, 'nope'), opts), { code: 'ENOENT' });
});

const leftovers = (d: string): string[] => readdirSync(d).filter((n) => n.endsWith('.tmp'));

test('writeFileAtomic replaces a file whole, with the mode asked for, and leaves no temp file', async () => {
  const d = mkdtempSync(join(dir, 'w-'));
  const f = join(d, 'settings.json');
  await writeFileAtomic(f, 'one', { mode: 0o600 });
  await writeFileAtomic(f, new TextEncoder().encode('two'), { mode: 0o600 });
  assert.equal(readFileSync(f, 'utf8'), 'two');
  assert.equal(statSync(f).mode & 0o777, 0o600);
  assert.deepEqual(leftovers(d), []);
});

test('writeFileAtomic writes through a symbolic link (as `>` does): the link stays, its file is replaced', async () => {
  const d = mkdtempSync(join(dir, 'l-'));
  const real = join(d, 'calendars', 'team.ics');
  mkdirSync(join(d, 'calendars'));
  writeFileSync(real, 'old');
  const link = join(d, 'signet.ics');
  symlinkSync(join('calendars', 'team.ics'), link);
  const chain = join(d, 'chain.ics');
  symlinkSync('signet.ics', chain);
  await writeFileAtomic(chain, 'new');
  assert.ok(lstatSync(link).isSymbolicLink() && lstatSync(chain).isSymbolicLink(), 'the links are kept');
  assert.equal(readFileSync(real, 'utf8'), 'new');
  // a dangling link: the file it names is made
  const dangling = join(d, 'later.ics');
  symlinkSync(join('calendars', 'later.ics'), dangling);
  await writeFileAtomic(dangling, 'made');
  assert.equal(readFileSync(join(d, 'calendars', 'later.ics'), 'utf8'), 'made');
  assert.deepEqual(leftovers(d), []);
  assert.deepEqual(leftovers(join(d, 'calendars')), []);
});

test('exclusive: an existing file is never replaced (EEXIST), and no temp file is left', async () => {
  const d = mkdtempSync(join(dir, 'x-'));
  const f = join(d, 'key.pem');
  await writeNewFile(f, 'first', { atomic: false });
  await assert.rejects(writeNewFile(f, 'second', { atomic: false }), { code: 'EEXIST' });
  assert.equal(readFileSync(f, 'utf8'), 'first');
  assert.equal(statSync(f).mode & 0o777, 0o600);
  assert.deepEqual(readdirSync(d), ['key.pem']);
});

test('a failure between the write and the rename leaves the old file intact and no temp file', async () => {
  const d = mkdtempSync(join(dir, 'f-'));
  const f = join(d, 'root.json');
  writeFileSync(f, 'old');
  let seen = '';
  await assert.rejects(
    writeFileAtomic(f, 'new', {
      beforeCommit: (tmp) => {
        seen = readFileSync(tmp, 'utf8'); // the data is written and flushed by now
        throw new Error('disk gone');
      },
    }),
    /disk gone/,
  );
  assert.equal(seen, 'new');
  assert.equal(readFileSync(f, 'utf8'), 'old');
  assert.deepEqual(leftovers(d), []);
  // a directory that does not exist: nothing is created anywhere
  await assert.rejects(writeFileAtomic(join(d, 'no-such-dir', 'x'), 'y'), { code: 'ENOENT' });
  assert.deepEqual(readdirSync(d), ['root.json']);
});

test('a process killed between the write and the rename leaves the old file as it was', () => {
  const d = mkdtempSync(join(dir, 'k-'));
  const f = join(d, 'config.json');
  writeFileSync(f, '{"old":true}');
  const script = join(d, 'crash.mts');
  writeFileSync(
    script,
    `import { writeFileAtomic } from ${JSON.stringify(join(REPO, 'core/node/files.ts'))};
await writeFileAtomic(${JSON.stringify(f)}, '{"new":true}', { beforeCommit: () => process.kill(process.pid, 'SIGKILL') });
`,
  );
  const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: REPO, encoding: 'utf8' });
  assert.equal(r.signal, 'SIGKILL', r.stderr);
  assert.equal(readFileSync(f, 'utf8'), '{"old":true}');
  // what a crash leaves is a hidden temp file no reader lists, never a half-written config.json
  assert.ok(leftovers(d).every((n) => n.startsWith('.config.json.')));
  assert.ok(existsSync(f));
});

test('writeKeyFiles: both files 0600; refused before writing anything when either exists (a dangling link too)', async () => {
  const sub = join(dir, 'pair');
  mkdirSync(sub);
  const pair = (p: string) => [
    { path: `${p}.key`, text: 'private\n' },
    { path: `${p}.pub`, text: 'public\n' },
  ];
  await writeKeyFiles(pair(join(sub, 'a')));
  assert.equal(readFileSync(join(sub, 'a.key'), 'utf8'), 'private\n');
  assert.equal(statSync(join(sub, 'a.key')).mode & 0o777, 0o600);
  assert.equal(statSync(join(sub, 'a.pub')).mode & 0o777, 0o600);

  writeFileSync(join(sub, 'b.pub'), 'theirs');
  symlinkSync(join(sub, 'nowhere'), join(sub, 'c.pub'));
  for (const p of ['b', 'c']) {
    await assert.rejects(
      writeKeyFiles(pair(join(sub, p))),
      (e) => isSignetError(e, 'BAD_INPUT') && e.message === `refusing to overwrite ${join(sub, `${p}.pub`)}`,
    );
    assert.ok(!existsSync(join(sub, `${p}.key`)), `${p}.key is not written`);
  }
  assert.equal(readFileSync(join(sub, 'b.pub'), 'utf8'), 'theirs');
  assert.deepEqual(readdirSync(sub).sort(), ['a.key', 'a.pub', 'b.pub', 'c.pub']);
});

test('writeKeyFiles: when a later file cannot be written, the ones written are removed again', async () => {
  const sub = join(dir, 'half');
  mkdirSync(sub);
  await assert.rejects(
    writeKeyFiles([
      { path: join(sub, 'k.key'), text: 'private' },
      { path: join(sub, 'missing-dir', 'k.pub'), text: 'public' },
    ]),
    (e) => isSignetError(e, 'BAD_INPUT') && /cannot write/.test(e.message),
  );
  assert.deepEqual(readdirSync(sub), []);
});
