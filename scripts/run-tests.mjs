#!/usr/bin/env node
// Test runner behind `npm test`.
//
//   node scripts/run-tests.mjs [dir-or-file ...]
//
// Finds test/**/*.test.ts (or below the given dirs; files are taken as given), orders them
// unit -> other -> integration -> e2e, runs them in ONE `node --test` process tree with a
// spec reporter on stdout and a TAP reporter into reports/node-test.tap, then prints as the
// LAST line `N passed, N failed, N skipped` (from the TAP totals). Exit status is non-zero if
// anything failed or was cancelled, if zero tests ran, or if node itself failed.
//
// env: TEST_CONCURRENCY (default 2: integration files start their own stacks; 2 cores),
//      TEST_TIMEOUT_MS (per test, default 600000),
//      TEST_TOTAL_TIMEOUT_MS (whole run, default 900000; then the run's process group is killed)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SKIP_DIRS = new Set(['node_modules', 'fixtures', '.git', 'dist']);

function walk(dir, out) {
  for (const ent of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, ent.name);
    if (ent.isDirectory()) {
      if (!SKIP_DIRS.has(ent.name)) walk(p, out);
    } else if (ent.isFile() && ent.name.endsWith('.test.ts')) {
      out.push(p);
    }
  }
  return out;
}

function rank(file) {
  const parts = relative(root, file).split(sep);
  if (parts.includes('unit')) return 0;
  if (parts.includes('e2e')) return 3;
  if (parts.includes('integration')) return 2;
  return 1;
}

const args = process.argv.slice(2);
let files = [];
if (args.length === 0) {
  const testDir = join(root, 'test');
  if (existsSync(testDir)) walk(testDir, files);
} else {
  for (const a of args) {
    const p = resolve(process.cwd(), a);
    if (!existsSync(p)) {
      console.error(`run-tests: no such file or directory: ${a}`);
      console.log('0 passed, 1 failed, 0 skipped');
      process.exit(1);
    }
    if (statSync(p).isDirectory()) walk(p, files);
    else files.push(p);
  }
}
files = [...new Set(files)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));

if (files.length === 0) {
  console.error('run-tests: no test files found');
  console.log('0 passed, 0 failed, 0 skipped');
  process.exit(1);
}

const reports = join(root, 'reports');
mkdirSync(reports, { recursive: true });
const tapFile = join(reports, 'node-test.tap');
rmSync(tapFile, { force: true });

const concurrency = process.env.TEST_CONCURRENCY || '2';
const timeout = process.env.TEST_TIMEOUT_MS || '600000';
const nodeArgs = [
  '--import',
  'tsx',
  '--test',
  `--test-concurrency=${concurrency}`,
  `--test-timeout=${timeout}`,
  // no --test-force-exit: on Node 20 it exits before the TAP file is flushed
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  '--test-reporter=tap',
  `--test-reporter-destination=${relative(root, tapFile)}`,
  ...files.map((f) => relative(root, f)),
];

console.log(`run-tests: ${files.length} file(s), concurrency ${concurrency}`);
// own process group, so a watchdog/signal reaches the test files and whatever they started
const child = spawn(process.execPath, nodeArgs, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
const killGroup = (sig) => {
  try {
    process.kill(-child.pid, sig);
  } catch {
    /* already gone */
  }
};
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => killGroup(sig));
const totalMs = Number(process.env.TEST_TOTAL_TIMEOUT_MS || 900000);
let timedOut = false;
const watchdog = setTimeout(() => {
  timedOut = true;
  console.error(`run-tests: still running after ${totalMs} ms; killing the test processes`);
  killGroup('SIGTERM');
  setTimeout(() => killGroup('SIGKILL'), 10000).unref();
}, totalMs);
watchdog.unref();

const rc = await new Promise((res) => {
  child.on('error', (e) => {
    console.error(`run-tests: cannot start node: ${e.message}`);
    res(127);
  });
  child.on('close', (code, signal) => res(code ?? (signal ? 128 : 1)));
});
clearTimeout(watchdog);

// TAP totals: the last "# pass N" etc. lines (top level, no indentation)
const totals = { tests: 0, pass: 0, fail: 0, cancelled: 0, skipped: 0, todo: 0 };
let sawTotals = false;
if (existsSync(tapFile)) {
  for (const line of readFileSync(tapFile, 'utf8').split('\n')) {
    const m = /^# (tests|pass|fail|cancelled|skipped|todo) (\d+)\s*$/.exec(line);
    if (m) {
      totals[m[1]] = Number(m[2]);
      sawTotals = true;
    }
  }
}
const passed = totals.pass;
let failed = totals.fail + totals.cancelled;
const skipped = totals.skipped + totals.todo;
if ((!sawTotals || timedOut) && failed === 0) failed = 1; // node died before reporting / watchdog
console.log('');
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || totals.tests === 0 || rc !== 0 ? rc || 1 : 0);
