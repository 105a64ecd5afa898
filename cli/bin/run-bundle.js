// Runs the CLI bundle (dist/signet.cjs, a CommonJS script, if no source is newer: bundleFresh)
// through vm.Script with V8's code cache:
// Node 20 has no module.enableCompileCache(), and an ES module cannot take cachedData. The cache
// holds the bytecode of every function the command compiled (it is made after the run), so a later
// run of the same command neither parses nor compiles the bundle's code again.
//
// Safety:
//  - one cache file per command (`inspect`, `sign`, ...), keyed by the bundle's content hash (its
//    first line, written by scripts/bundle.mjs), size, mtime and path, and by Node's version and
//    architecture: a rebuilt or edited bundle never runs with bytecode made for another; V8 also
//    rejects data made by another V8 or with other flags (then the cache is rewritten);
//  - written to a temporary file and renamed into place: a reader sees a whole file or none;
//  - every cache error (unwritable or read-only install, full disk, corrupt file) only costs the
//    cache: the command runs as without it, and its output and exit code are unchanged;
//  - the cache lives where only the installation's or the user's own processes write:
//    <root>/node_modules/.cache/signet, else $XDG_CACHE_HOME/signet or ~/.cache/signet; never /tmp.
//    SIGNET_COMPILE_CACHE=off disables it, SIGNET_COMPILE_CACHE=DIR puts it in DIR.
//    SIGNET_COMPILE_CACHE_DEBUG=1 reports on stderr what happened (hit, miss, stale, rejected, written).
'use strict';
const { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

const MAGIC = 'signet-compile-cache/1\n';

/** the bundle's source and stat, or undefined when it is missing */
function readBundle(file) {
  try {
    return { source: readFileSync(file, 'utf8'), st: statSync(file) };
  } catch {
    return undefined;
  }
}

/**
 * True when no source listed in the bundle's first line (`//signet-bundle HASH FILE...`, paths from
 * `root`) is newer than the bundle. A source that no longer exists does not count (as before: only
 * a newer file makes a build stale).
 */
function bundleFresh(root, { source, st }) {
  const head = source.slice(0, source.indexOf('\n')).split(' ');
  if (head[0] !== '//signet-bundle' || head.length < 3) return false;
  for (let i = 2; i < head.length; i++) {
    const s = statSync(join(root, head[i]), { throwIfNoEntry: false });
    if (s !== undefined && s.mtimeMs > st.mtimeMs) return false;
  }
  return true;
}

/** the commands of cli/main.ts: one cache each (any other first word shares 'other') */
const COMMANDS = new Set([
  'inspect',
  'sign',
  'revoke',
  'signer',
  'init',
  'status',
  'publish',
  'discard',
  'witness',
  'key',
]);

/** the command a run's cache is kept under: the first bare word of argv, if it is a command */
function cacheName(argv) {
  const word = argv.find((a) => !a.startsWith('-'));
  return word !== undefined && COMMANDS.has(word) ? word : 'other';
}

/** directories to try, in order; [] when the cache is off */
function cacheDirs(root, env = process.env) {
  const setting = env.SIGNET_COMPILE_CACHE;
  if (setting === 'off' || setting === '0') return [];
  if (setting) return [setting];
  const dirs = [join(root, 'node_modules', '.cache', 'signet')];
  const home = env.XDG_CACHE_HOME || (env.HOME ? join(env.HOME, '.cache') : undefined);
  if (home) dirs.push(join(home, 'signet'));
  return dirs;
}

/** the cached data for `key` from the first directory that has it; `stale`: a file for another key was seen */
function readCache(dirs, file, key) {
  let stale = false;
  for (const dir of dirs) {
    let buf;
    try {
      buf = readFileSync(join(dir, file));
    } catch {
      continue;
    }
    const head = MAGIC.length;
    const end = buf.indexOf(10, head);
    if (buf.toString('latin1', 0, head) === MAGIC && end > 0 && buf.toString('utf8', head, end) === key) {
      return { data: buf.subarray(end + 1), dir };
    }
    stale = true;
  }
  return { stale };
}

/** writes atomically (temporary file + rename) into the first directory that takes it; never throws */
function writeCache(dirs, file, key, data) {
  for (const dir of dirs) {
    const tmp = join(dir, `.${file}.${process.pid}.tmp`);
    try {
      mkdirSync(dir, { recursive: true });
      writeFileSync(tmp, Buffer.concat([Buffer.from(MAGIC + key + '\n', 'utf8'), data]), { mode: 0o644 });
      renameSync(tmp, join(dir, file));
      return dir;
    } catch {
      try {
        rmSync(tmp, { force: true });
      } catch {
        /* the directory itself is unusable */
      }
    }
  }
  return undefined;
}

/** what the cache did, for SIGNET_COMPILE_CACHE_DEBUG */
function cacheState(dirs, found, used, name) {
  if (!dirs.length) return 'off';
  if (used) return `hit ${join(found.dir, name)}`;
  if (found.data) return 'rejected by V8';
  return found.stale ? 'stale' : 'miss';
}

/**
 * Evaluates the bundle `file` (its source `source`, stat `st`) with the code cache of the command in
 * `argv`, runs its `main(argv)` and returns the exit code. After a successful run the cache is
 * (re)written when it was missing, stale or rejected.
 */
async function runBundle(root, file, source, st, argv, env = process.env) {
  const debug = env.SIGNET_COMPILE_CACHE_DEBUG === '1' ? (m) => process.stderr.write(`compile cache: ${m}\n`) : null;
  const dirs = cacheDirs(root, env);
  const name = `${cacheName(argv)}.cache`;
  const hash = source.slice(0, source.indexOf('\n')); // "//signet-bundle <sha256> ...": scripts/bundle.mjs
  const key = JSON.stringify([hash, st.size, st.mtimeMs, file, process.version, process.arch]);
  const found = dirs.length ? readCache(dirs, name, key) : {};
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(found.data ? { cachedData: found.data } : {}),
  });
  const used = found.data !== undefined && !script.cachedDataRejected;
  const bundle = { exports: {} };
  script.runInThisContext()(bundle.exports, createRequire(file), bundle, file, dirname(file));
  const code = await bundle.exports.main(argv);
  if (debug) debug(cacheState(dirs, found, used, name));
  // A cache holds what one run compiled: made from a help text or an error path it would leave the
  // usual run's functions out, for as long as the bundle lasts. Only a successful run makes one.
  const typical = code === 0 && !argv.includes('--help') && !argv.includes('-h');
  if (!used && dirs.length && typical) {
    let data;
    try {
      data = script.createCachedData();
    } catch {
      data = undefined;
    }
    const dir = data && writeCache(dirs, name, key, data);
    if (debug) debug(dir ? `written ${join(dir, name)}` : 'not written');
  } else if (!used && dirs.length && debug) {
    debug('not written (only a successful run, not --help, makes the cache)');
  }
  return code;
}

module.exports = { bundleFresh, cacheDirs, cacheName, readBundle, runBundle };
