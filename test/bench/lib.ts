/**
 * Benchmark helpers shared by every suite of `npm run bench` (test/bench/run.ts).
 *
 *  - runCommand():   spawn one OS process, wall clock with process.hrtime, capture its output
 *  - measure():      warm-up + N timed runs of a command, with a per-run `before` hook
 *                    (e.g. delete a cache) that is NOT timed, and a per-run output check
 *  - stats()/median(): summary of a list of durations
 *  - ensureBuilt():  `tsc -b` when dist/ is missing or older than the sources
 *  - printTable():   aligned text table
 *  - writeReport():  merge a suite's results into reports/bench.json
 *
 * Performance is measured here, never in timed tests.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** repository root */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/* ---------------------------------------------------------------- processes */

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
  /** wall clock from spawn() to 'close' (all stdio drained), in milliseconds */
  ms: number;
}

export interface CommandSpec {
  cmd: string;
  args: string[];
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** SIGKILL after this many ms (code 124); default 600000 */
  timeoutMs?: number;
}

/** Spawns one process (stdin closed) and times it with process.hrtime; never throws on a non-zero exit. */
export function runCommand(spec: CommandSpec): Promise<CommandResult> {
  return new Promise((resolvePromise) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const t0 = process.hrtime.bigint();
    const child = spawn(spec.cmd, spec.args, {
      env: (spec.env ?? process.env) as NodeJS.ProcessEnv,
      cwd: spec.cwd ?? ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, spec.timeoutMs ?? 600_000);
    let spawnError: Error | undefined;
    child.on('error', (e) => {
      spawnError = e;
    });
    child.on('close', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      clearTimeout(timer);
      resolvePromise({
        code: timedOut ? 124 : (code ?? (signal ? 128 : 127)),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8') + (spawnError ? `\nspawn error: ${spawnError.message}` : ''),
        ms,
      });
    });
  });
}

/** a short description of a command for error messages */
export function describe(spec: CommandSpec): string {
  return [spec.cmd, ...spec.args].join(' ');
}

/* ---------------------------------------------------------------- statistics */

export interface Stats {
  /** every timed run, in order, ms */
  runs: number[];
  median: number;
  min: number;
  max: number;
  mean: number;
}

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function stats(runs: number[]): Stats {
  return {
    runs,
    median: median(runs),
    min: runs.length ? Math.min(...runs) : NaN,
    max: runs.length ? Math.max(...runs) : NaN,
    mean: runs.length ? runs.reduce((a, b) => a + b, 0) / runs.length : NaN,
  };
}

export interface MeasureOptions {
  /** timed runs (default 7) */
  runs?: number;
  /** untimed runs first (default 1) */
  warmup?: number;
  /** called before every run (warm-up included), not timed: e.g. delete a cache */
  before?: () => void | Promise<void>;
  /**
   * called after every run (warm-up included) with its result; throw to abort the benchmark
   * (default: the exit code must be 0)
   */
  check?: (r: CommandResult) => void;
  /** progress line per run on stderr (default true) */
  progress?: boolean;
  label?: string;
}

/** the default check: exit code 0 */
export function expectSuccess(spec: CommandSpec): (r: CommandResult) => void {
  return (r) => {
    if (r.code !== 0) {
      throw new Error(
        `${describe(spec)} failed (rc=${r.code})\nstdout: ${r.stdout.slice(0, 2000)}\nstderr: ${r.stderr.slice(0, 4000)}`,
      );
    }
  };
}

/** warm-up + N timed runs of one command, each a separate OS process */
export async function measure(spec: CommandSpec, opts: MeasureOptions = {}): Promise<Stats> {
  const runs = opts.runs ?? 7;
  const warmup = opts.warmup ?? 1;
  const check = opts.check ?? expectSuccess(spec);
  const label = opts.label ?? describe(spec);
  const times: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    await opts.before?.();
    const r = await runCommand(spec);
    check(r);
    if (i >= warmup) times.push(r.ms);
    if (opts.progress ?? true) {
      process.stderr.write(`  ${label}: ${i < warmup ? 'warm-up' : `run ${i - warmup + 1}/${runs}`} ${fmtMs(r.ms)}\n`);
    }
  }
  return stats(times);
}

/* ---------------------------------------------------------------- formatting */

export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms.toFixed(0)} ms`;
}

/** "median (min–max)" */
export function fmtStats(s: Stats | undefined): string {
  if (!s) return '-';
  return `${fmtMs(s.median)} (${fmtMs(s.min)}–${fmtMs(s.max)})`;
}

export function fmtRatio(r: number): string {
  return Number.isFinite(r) ? `${r.toFixed(2)}×` : '-';
}

/** Aligned text table; numbers-looking cells are right-aligned. */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = headers.map(
    (_, i) => rows.length > 0 && rows.every((r) => /^[-\d.,]+\s*(ms|s|×)?(\s*\(.*\))?$|^-$/.test(r[i] ?? '')),
  );
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

export function printTable(headers: string[], rows: string[][]): void {
  process.stdout.write(formatTable(headers, rows));
}

/* ---------------------------------------------------------------- build */

function newestMtime(dir: string, filter: (name: string) => boolean, skip: Set<string> = new Set()): number {
  let newest = 0;
  if (!existsSync(dir)) return 0;
  for (const ent of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, ent.name);
    if (ent.isDirectory()) {
      if (!skip.has(ent.name)) newest = Math.max(newest, newestMtime(p, filter, skip));
    } else if (ent.isFile() && filter(ent.name)) {
      newest = Math.max(newest, statSync(p).mtimeMs);
    }
  }
  return newest;
}

/**
 * Makes sure dist/ holds the build that cli/bin/signet.js runs (otherwise it would fall back to tsx
 * and the benchmark would time the TypeScript compiler): runs `tsc -b cli` (which builds core,
 * core/node and cli, not the tests) when dist/cli/main.js is missing or dist/ is older than any
 * source file of core/ or cli/, then `scripts/bundle.mjs` when dist/signet.cjs (the one-file bundle
 * the launcher prefers) is missing or older than the sources. Throws when a build step fails.
 * `runs` says which file the launcher will load.
 */
export async function ensureBuilt(log: (m: string) => void = (m) => process.stderr.write(`${m}\n`)): Promise<{
  built: boolean;
  ms: number;
  runs: string;
}> {
  const main = join(ROOT, 'dist', 'cli', 'main.js');
  const bundle = join(ROOT, 'dist', 'signet.cjs');
  const isSource = (n: string): boolean => (n.endsWith('.ts') && !n.endsWith('.d.ts')) || n === 'tsconfig.json';
  const src = Math.max(newestMtime(join(ROOT, 'core'), isSource), newestMtime(join(ROOT, 'cli'), isSource));
  let built = false;
  let ms = 0;
  const out = newestMtime(join(ROOT, 'dist'), (n) => n !== 'signet.cjs');
  if (!existsSync(main) || out < src) {
    log(existsSync(main) ? 'dist/ is older than the sources: npx tsc -b cli' : 'dist/ missing: npx tsc -b cli');
    const t0 = process.hrtime.bigint();
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '-b', 'cli'], { cwd: ROOT, encoding: 'utf8' });
    ms += Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0 || !existsSync(main)) {
      throw new Error(`tsc -b cli failed (rc=${r.status}):\n${r.stdout}\n${r.stderr}`);
    }
    built = true;
  }
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < src) {
    log('dist/signet.cjs missing or older than the sources: node scripts/bundle.mjs');
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs')], { cwd: ROOT, encoding: 'utf8' });
    ms += Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`scripts/bundle.mjs failed (rc=${r.status}):\n${r.stdout}\n${r.stderr}`);
    built = true;
  }
  if (built) log(`built in ${fmtMs(ms)}`);
  const runs = await launcherTarget();
  log(`cli/bin/signet.js runs ${runs}`);
  return { built, ms, runs };
}

/**
 * What cli/bin/signet.js loads right now (its stale-build rule): dist/signet.cjs while none of the
 * sources it lists is newer (cli/bin/run-bundle.js bundleFresh), else dist/cli/main.js while dist/
 * is newer than every .ts under core/ and cli/, else the sources via tsx.
 * A source edited during a benchmark (the tree is shared) silently moves later runs down this list.
 */
export async function launcherTarget(): Promise<'dist/signet.cjs' | 'dist/cli/main.js' | 'tsx'> {
  const launcher = (await import(pathToFileURL(join(ROOT, 'cli', 'bin', 'run-bundle.js')).href)) as {
    readBundle(file: string): { source: string; st: { mtimeMs: number } } | undefined;
    bundleFresh(root: string, bundle: { source: string; st: { mtimeMs: number } }): boolean;
  };
  const bundle = launcher.readBundle(join(ROOT, 'dist', 'signet.cjs'));
  if (bundle !== undefined && launcher.bundleFresh(ROOT, bundle)) return 'dist/signet.cjs';
  const isTs = (n: string): boolean => n.endsWith('.ts') && !n.endsWith('.d.ts');
  const src = Math.max(newestMtime(join(ROOT, 'core'), isTs), newestMtime(join(ROOT, 'cli'), isTs));
  if (existsSync(join(ROOT, 'dist', 'cli', 'main.js')) && newestMtime(join(ROOT, 'dist'), () => true) >= src)
    return 'dist/cli/main.js';
  return 'tsx';
}

/* ---------------------------------------------------------------- report */

export const REPORT_FILE = join(ROOT, 'reports', 'bench.json');

/**
 * Writes reports/bench.json: { generatedAt, environment, suites: { name: result } }.
 * Suites of an earlier run that did not run this time (BENCH_ONLY) are kept.
 */
export function writeReport(
  suites: Record<string, unknown>,
  environment: Record<string, unknown>,
  file = REPORT_FILE,
): string {
  mkdirSync(dirname(file), { recursive: true });
  let previous: Record<string, unknown> = {};
  try {
    const old = JSON.parse(readFileSync(file, 'utf8')) as { suites?: Record<string, unknown> };
    previous = old.suites ?? {};
  } catch {
    /* no earlier report */
  }
  const report = { generatedAt: new Date().toISOString(), environment, suites: { ...previous, ...suites } };
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  return file;
}

/** integer from the environment, with a default and a lower bound */
export function envInt(name: string, def: number, min = 1): number {
  const v = process.env[name];
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`${name} must be an integer >= ${min}, got ${JSON.stringify(v)}`);
  return n;
}
