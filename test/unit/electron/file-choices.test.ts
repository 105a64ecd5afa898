/**
 * What main checks about a file its dialog (here the harness's stand-in) returned, and the handles
 * it gives out: UNC shares, relative paths and NUL refused with a clear error; files to read must
 * be regular files (not folders, FIFOs or devices) under the purpose's cap, read through one
 * descriptor; nothing is replaced that the dialog did not confirm, and a key export replaces
 * nothing; a handle is bound to its purpose, spent once it is used successfully, and expires.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSignetError } from '../../../core/errors.js';
import { HarnessChooser } from '../../../electron/harness/chooser.js';
import { FileChoices, HANDLE_LIFETIME_MS } from '../../../electron/main/file-choices.js';
import { checkLocalPath, displayName, readRegularFile } from '../../../electron/main/files.js';

const dir = mkdtempSync(join(tmpdir(), 'signet-file-choices-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const refusedWith = (re: RegExp) => (e: unknown) => isSignetError(e, 'BAD_INPUT') && re.test((e as Error).message);

function setup() {
  const chooser = new HarnessChooser();
  let now = 1_000_000;
  const files = new FileChoices(chooser, { now: () => now });
  return { chooser, files, later: (ms: number) => (now += ms) };
}

test('UNC shares, relative paths and NUL are refused, with what to do; the name is the basename', () => {
  for (const p of ['\\\\server\\share\\k.key', '//server/share/k.key', '\\\\?\\UNC\\server\\share\\k.key'])
    assert.throws(
      () => checkLocalPath(p, 'linux'),
      (e) => refusedWith(/is on a network share/)(e) && /local folder/.test((e as { hint: string }).hint),
    );
  assert.throws(() => checkLocalPath('\\\\server\\share\\k.key', 'win32'), refusedWith(/network share/));
  assert.throws(() => checkLocalPath('k.key', 'linux'), refusedWith(/not an absolute path/));
  assert.throws(() => checkLocalPath('C:\\k.key', 'linux'), refusedWith(/not an absolute path/));
  assert.throws(() => checkLocalPath('/tmp/a\0b', 'linux'), refusedWith(/NUL/));
  assert.throws(() => checkLocalPath('C:\\a.txt:secret', 'win32'), refusedWith(/stream/));
  assert.equal(checkLocalPath('C:\\Users\\u\\k.key', 'win32'), 'C:\\Users\\u\\k.key');
  assert.equal(checkLocalPath('/home/u/k.key', 'linux'), '/home/u/k.key');
  assert.equal(displayName('C:\\Users\\u\\k.key', 'win32'), 'k.key');
  assert.equal(displayName('/home/u/app.trust.tar.gz', 'linux'), 'app.trust.tar.gz');
});

test('a UNC path chosen in the dialog is refused before a handle exists', async () => {
  const { chooser, files } = setup();
  chooser.chooseNext({ paths: ['//fileserver/share/root.key'] });
  await assert.rejects(files.chooseSave('key-export', 'root.key'), refusedWith(/network share/));
  chooser.chooseNext({ paths: ['\\\\fileserver\\share\\ca.pem'] });
  await assert.rejects(files.chooseOpen('ca-certificate'), refusedWith(/network share/));
});

test('opening: a regular file under the cap; not a folder, a FIFO or a device; a folder for a trust dir', async () => {
  const { chooser, files } = setup();
  const ok = join(dir, 'ok.pem');
  writeFileSync(ok, 'x');
  const folder = join(dir, 'folder');
  mkdirSync(folder);
  const fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  const big = join(dir, 'big.key');
  writeFileSync(big, Buffer.alloc(64 * 1024 + 1));

  chooser.chooseNext({ paths: [ok] });
  const [chosen] = await files.chooseOpen('ca-certificate');
  assert.equal(chosen!.name, 'ok.pem');
  assert.match(chosen!.handle, /^[0-9a-f]{32}$/);
  for (const p of [folder, fifo, '/dev/null']) {
    chooser.chooseNext({ paths: [p] });
    await assert.rejects(files.chooseOpen('key-import'), refusedWith(/not a regular file/), p);
  }
  chooser.chooseNext({ paths: [big] });
  await assert.rejects(files.chooseOpen('key-import'), refusedWith(/more than a key-import file can be \(64 KiB\)/));
  chooser.chooseNext({ paths: [join(dir, 'missing.key')] });
  await assert.rejects(files.chooseOpen('key-import'), refusedWith(/cannot read missing\.key: ENOENT/));
  chooser.chooseNext({ paths: [ok] });
  await assert.rejects(files.chooseOpen('trust-dir'), refusedWith(/is not a folder/));
  chooser.chooseNext({ paths: [folder] });
  assert.equal((await files.chooseOpen('trust-dir'))[0]!.name, 'folder');
  // one file unless the purpose takes several (public keys)
  chooser.chooseNext({ paths: [ok, ok] });
  assert.equal((await files.chooseOpen('ca-certificate')).length, 1);
  chooser.chooseNext({ paths: [ok, ok] });
  assert.equal((await files.chooseOpen('public-key')).length, 2);
  // cancelled
  chooser.chooseNext({ cancel: true });
  assert.deepEqual(await files.chooseOpen('archive'), []);
  assert.deepEqual(await files.chooseOpen('archive'), [], 'nothing queued: cancelled');
});

test('reading goes through one descriptor: a FIFO does not hang, a file over the cap is refused', async () => {
  const fifo = join(dir, 'fifo-read');
  execFileSync('mkfifo', [fifo]);
  await assert.rejects(readRegularFile(fifo, 1024), refusedWith(/not a regular file/));
  const f = join(dir, 'four.bin');
  writeFileSync(f, 'abcd');
  assert.equal((await readRegularFile(f, 4)).toString(), 'abcd');
  await assert.rejects(readRegularFile(f, 3), refusedWith(/larger than/));
});

test('saving: replaced only when the dialog confirmed it; a key export never replaces a file', async () => {
  const { chooser, files } = setup();
  const taken = join(dir, 'taken.json');
  writeFileSync(taken, 'keep\n');
  chooser.chooseNext({ paths: [taken] });
  await assert.rejects(files.chooseSave('audit-report', 'a.json'), refusedWith(/replacing it was not confirmed/));
  chooser.chooseNext({ paths: [taken], replace: true });
  const replacing = await files.chooseSave('audit-report', 'a.json');
  assert.deepEqual({ ...replacing, handle: undefined }, { handle: undefined, name: 'taken.json', replaces: true });
  chooser.chooseNext({ paths: [taken], replace: true });
  await assert.rejects(files.chooseSave('key-export', 'k.key'), refusedWith(/never replaces a file/));
  chooser.chooseNext({ paths: [join(dir, 'folder')], replace: true });
  await assert.rejects(files.chooseSave('archive', 'a.tar.gz'), refusedWith(/not a regular file/));
  chooser.chooseNext({ paths: ['/dev/null'], replace: true });
  await assert.rejects(files.chooseSave('calendar', 'a.ics'), refusedWith(/not a regular file/));

  // a file that appears between the choice and the write is not replaced
  const later = join(dir, 'later.json');
  chooser.chooseNext({ paths: [later] });
  const fresh = (await files.chooseSave('audit-report', 'later.json'))!;
  assert.equal(fresh.replaces, undefined);
  writeFileSync(later, 'someone else\n');
  await assert.rejects(
    files.useSave(fresh.handle, 'audit-report', async () => 'written'),
    refusedWith(/appeared after it was chosen/),
  );
  assert.equal(chooser.shown.filter((d) => d.kind === 'save').at(-1)?.title, 'Export the audit report');
  // a folder that is not there
  chooser.chooseNext({ paths: [join(dir, 'gone', 'a.json')] });
  await assert.rejects(files.chooseSave('audit-report', 'a.json'), refusedWith(/the folder for a\.json is not there/));
});

test('a handle: bound to its purpose, spent once used successfully, kept after a failure, expires', async () => {
  const { chooser, files, later } = setup();
  const ok = join(dir, 'handle.pem');
  writeFileSync(ok, 'x');
  chooser.chooseNext({ paths: [ok] });
  const [c] = await files.chooseOpen('ca-certificate');
  await assert.rejects(
    files.useOpen(c!.handle, 'key-import', async () => 1),
    refusedWith(/was chosen for another use \(open ca-certificate\)/),
  );
  await assert.rejects(
    files.useSave(c!.handle, 'key-export', async () => 1),
    refusedWith(/another use/),
  );
  // a failure keeps it (the export can be tried again), success spends it
  await assert.rejects(
    files.useOpen(c!.handle, 'ca-certificate', async () => {
      throw new Error('server down');
    }),
    /server down/,
  );
  assert.equal(await files.useOpen(c!.handle, 'ca-certificate', async (f) => f.path), ok);
  await assert.rejects(
    files.useOpen(c!.handle, 'ca-certificate', async () => 1),
    refusedWith(/no longer available/),
  );
  await assert.rejects(
    files.useOpen('0'.repeat(32), 'ca-certificate', async () => 1),
    refusedWith(/no longer/),
  );

  chooser.chooseNext({ paths: [ok] });
  const [old] = await files.chooseOpen('ca-certificate');
  later(HANDLE_LIFETIME_MS + 1);
  await assert.rejects(
    files.useOpen(old!.handle, 'ca-certificate', async () => 1),
    refusedWith(/expires/),
  );
});

test('the harness chooser, started by hand in a terminal, asks there when nothing is queued', async () => {
  const lines = ['/tmp/report.json', 'y', '', 'yes', 'n'];
  const questions: string[] = [];
  const chooser = new HarnessChooser({ ask: async (q) => (questions.push(q), lines.shift() ?? '') });
  assert.deepEqual(
    await chooser.save({ purpose: 'audit-report', title: 'Export', defaultName: 'r.json', filters: [] }),
    {
      path: '/tmp/report.json',
      replaceConfirmed: true,
    },
  );
  assert.deepEqual(
    await chooser.open({ purpose: 'archive', title: 'Open', filters: [], directory: false, multiple: false }),
    [],
  );
  const confirm = {
    title: 'Change',
    message: 'Change the trust server?',
    detail: 'from a\nto b',
    confirmLabel: 'Change',
  };
  assert.equal(await chooser.confirm(confirm), true);
  assert.equal(await chooser.confirm(confirm), false);
  assert.match(questions[0]!, /Export \(suggested name: r\.json\)/);
  assert.match(questions[3]!, /from a\nto b/);
  // queued answers come first
  chooser.confirmNext(true);
  assert.equal(await chooser.confirm(confirm), true);
  assert.equal(questions.length, 5);
});
