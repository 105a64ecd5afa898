/**
 * The launcher's bundle path (cli/bin/signet.js + cli/bin/run-bundle.js): V8 code cache and stale
 * check, on a throw-away installation (the two launcher files copied next to a small bundle written
 * here in scripts/bundle.mjs's format). SIGNET_COMPILE_CACHE_DEBUG=1 makes the launcher say on stderr
 * what the cache did.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

let base: string;
let n = 0;

before(() => {
  base = mkdtempSync(join(tmpdir(), 'signet-run-bundle-'));
});
after(() => rmSync(base, { recursive: true, force: true }));

interface Install {
  root: string;
  cacheDir: string;
  /** writes dist/signet.cjs whose main() prints `text` and returns `code`; mtime in seconds if given */
  bundle(text: string, code?: number, mtime?: number): void;
  run(args: string[], env?: Record<string, string>): { status: number | null; stdout: string; stderr: string };
}

function install(): Install {
  n += 1;
  const root = join(base, `install-${n}`);
  mkdirSync(join(root, 'cli', 'bin'), { recursive: true });
  mkdirSync(join(root, 'dist'), { recursive: true });
  mkdirSync(join(root, 'core'), { recursive: true });
  for (const f of ['signet.js', 'run-bundle.js', 'package.json'])
    copyFileSync(join(REPO, 'cli', 'bin', f), join(root, 'cli', 'bin', f));
  writeFileSync(join(root, 'package.json'), '{"type":"module"}\n'); // as the real one (cli/bin has its own)
  writeFileSync(join(root, 'core', 'thing.ts'), 'export {};\n');
  utimesSync(join(root, 'core', 'thing.ts'), 1_000_000, 1_000_000);
  const cacheDir = join(root, 'cache');
  return {
    root,
    cacheDir,
    bundle(text, code = 0, mtime) {
      const body = `exports.main = async (argv) => { process.stdout.write(${JSON.stringify(text)} + ' ' + argv.join(',')); return ${code}; };\n`;
      const hash = createHash('sha256').update(body).digest('hex');
      const file = join(root, 'dist', 'signet.cjs');
      writeFileSync(file, `//signet-bundle ${hash} core/thing.ts\n${body}`);
      if (mtime !== undefined) utimesSync(file, mtime, mtime);
    },
    run(args, env = {}) {
      const r = spawnSync(process.execPath, [join(root, 'cli', 'bin', 'signet.js'), ...args], {
        encoding: 'utf8',
        env: { PATH: process.env['PATH'] ?? '', HOME: root, SIGNET_COMPILE_CACHE: cacheDir, ...env },
      });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    },
  };
}

const DEBUG = { SIGNET_COMPILE_CACHE_DEBUG: '1' };

describe('compile cache of the CLI bundle', () => {
  it('is written by the first run of a command and used by the next; output and exit code unchanged', () => {
    const i = install();
    i.bundle('v1');
    const first = i.run(['inspect', 'repo']);
    assert.deepEqual(first, { status: 0, stdout: 'v1 inspect,repo', stderr: '' }); // silent without DEBUG
    assert.ok(existsSync(join(i.cacheDir, 'inspect.cache')));
    const second = i.run(['inspect', 'repo'], DEBUG);
    assert.equal(second.status, 0);
    assert.equal(second.stdout, 'v1 inspect,repo');
    assert.match(second.stderr, /^compile cache: hit .*inspect\.cache\n$/);
    // another command has its own cache
    assert.match(i.run(['sign', 'x'], DEBUG).stderr, /compile cache: miss\ncompile cache: written .*sign\.cache/);
    assert.match(i.run(['status'], DEBUG).stderr, /written .*status\.cache/);
  });

  it('is made only by a successful run, not by --help or a failure (they compile too little)', () => {
    const i = install();
    i.bundle('v1', 3);
    const failed = i.run(['inspect', 'repo'], DEBUG);
    assert.deepEqual([failed.status, failed.stdout], [3, 'v1 inspect,repo']); // the exit code is kept
    assert.match(failed.stderr, /miss\ncompile cache: not written \(only a successful run/);
    i.bundle('v1', 0);
    assert.match(i.run(['inspect', '--help'], DEBUG).stderr, /not written/);
    assert.match(i.run(['inspect', '-h'], DEBUG).stderr, /not written/);
    assert.ok(!existsSync(join(i.cacheDir, 'inspect.cache')));
    assert.match(i.run(['inspect', 'repo'], DEBUG).stderr, /written/);
    assert.match(i.run(['inspect', '--help'], DEBUG).stderr, /^compile cache: hit/); // and then used by all
  });

  it('is not used after a rebuild, even one of the same length', () => {
    const i = install();
    i.bundle('v1', 0, 2_000_000);
    assert.match(i.run(['inspect'], DEBUG).stderr, /written/);
    assert.match(i.run(['inspect'], DEBUG).stderr, /hit/);
    i.bundle('v2', 0, 2_000_100); // same size as v1: V8's own length check would not notice
    const r = i.run(['inspect'], DEBUG);
    assert.equal(r.stdout, 'v2 inspect');
    assert.match(r.stderr, /compile cache: stale\ncompile cache: written/);
    assert.match(i.run(['inspect'], DEBUG).stderr, /hit/);
  });

  it('is not used for a bundle edited in place (same first line, other mtime)', () => {
    const i = install();
    i.bundle('v1', 0, 2_000_000);
    i.run(['inspect']);
    const file = join(i.root, 'dist', 'signet.cjs');
    writeFileSync(file, readFileSync(file, 'utf8').replace("'v1'", "'v3'").replace('"v1"', '"v3"'));
    utimesSync(file, 2_000_050, 2_000_050);
    const r = i.run(['inspect'], DEBUG);
    assert.equal(r.stdout, 'v3 inspect');
    assert.match(r.stderr, /stale/);
  });

  it('survives a corrupt cache file: V8 rejects it, the run is unchanged, the file is rewritten', () => {
    const i = install();
    i.bundle('v1');
    i.run(['inspect']);
    const cache = join(i.cacheDir, 'inspect.cache');
    const bytes = readFileSync(cache);
    writeFileSync(cache, bytes.subarray(0, bytes.length - 100)); // our header intact, V8's data cut short
    const r = i.run(['inspect'], DEBUG);
    assert.deepEqual([r.status, r.stdout], [0, 'v1 inspect']);
    assert.match(r.stderr, /rejected by V8\ncompile cache: written/);
    assert.match(i.run(['inspect'], DEBUG).stderr, /hit/);
  });

  it('never breaks the CLI when no cache directory can be written (read-only install, no home)', () => {
    const i = install();
    i.bundle('v1');
    const blocker = join(i.root, 'not-a-dir');
    writeFileSync(blocker, '');
    // SIGNET_COMPILE_CACHE under a regular file: mkdir fails (ENOTDIR), also for root
    const r = i.run(['inspect'], { ...DEBUG, SIGNET_COMPILE_CACHE: join(blocker, 'cache') });
    assert.deepEqual([r.status, r.stdout], [0, 'v1 inspect']);
    assert.match(r.stderr, /miss\ncompile cache: not written/);
    // default locations: <root>/node_modules/.cache/signet and ~/.cache/signet, both unwritable
    writeFileSync(join(i.root, 'node_modules'), '');
    const d = i.run(['inspect'], { ...DEBUG, SIGNET_COMPILE_CACHE: '', HOME: blocker });
    assert.deepEqual([d.status, d.stdout], [0, 'v1 inspect']);
    assert.match(d.stderr, /not written/);
    assert.ok(!existsSync(join(i.cacheDir, 'inspect.cache')));
  });

  it('falls back to the user cache when the installation is read-only, and can be turned off', () => {
    const i = install();
    i.bundle('v1');
    writeFileSync(join(i.root, 'node_modules'), ''); // <root>/node_modules/.cache cannot be made
    const home = join(i.root, 'home');
    const r = i.run(['inspect'], { ...DEBUG, SIGNET_COMPILE_CACHE: '', HOME: home });
    assert.match(r.stderr, new RegExp(`written ${join(home, '.cache', 'signet', 'inspect.cache')}`));
    assert.match(i.run(['inspect'], { ...DEBUG, SIGNET_COMPILE_CACHE: '', HOME: home }).stderr, /hit/);
    const off = i.run(['inspect'], { ...DEBUG, SIGNET_COMPILE_CACHE: 'off' });
    assert.deepEqual([off.stdout, off.stderr], ['v1 inspect', 'compile cache: off\n']);
  });
});

describe('stale-build check of the bundle', () => {
  it('runs the bundle only while no source listed in its first line is newer', () => {
    const i = install();
    i.bundle('bundle', 0, 2_000_000);
    mkdirSync(join(i.root, 'dist', 'cli'), { recursive: true });
    writeFileSync(
      join(i.root, 'dist', 'cli', 'main.js'),
      "export async function main() { process.stdout.write('compiled'); return 0; }\n",
    );
    assert.equal(i.run(['inspect']).stdout, 'bundle inspect');
    utimesSync(join(i.root, 'core', 'thing.ts'), 2_000_010, 2_000_010); // an edited source
    assert.equal(i.run(['inspect']).stdout, 'compiled'); // dist/cli/main.js is newer than it
  });
});
