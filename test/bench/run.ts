/**
 * `npm run bench`: Signet's benchmarks. Performance is measured here, never by timed tests.
 *
 * Every suite is a `BenchSuite` in `suites()` below, each in its own module under test/bench/
 * (inspect-suite.ts, ui-bench.ts, app-refresh-suite.ts, audit-suite.ts, sign-suite.ts, crypto-suite.ts,
 * history-suite.ts, token-suite.ts); a later benchmark adds its
 * module and one entry to `suites()`. Suites that need the notary/registry stack get ONE
 * shared stack (started once, stopped in finally). Each suite returns its printable tables and
 * a JSON-able result; the results go to reports/bench.json.
 *
 * env:
 *   BENCH_TAGS    tags per repository of the inspect suite (default 5000)
 *   BENCH_RUNS    timed runs per command, after 1 warm-up (default 7)
 *   BENCH_SIGN_RUNS  timed rounds of the sign-publish suite, after 1 warm-up (default 7)
 *   BENCH_ONLY    comma-separated suite names to run (default: all): inspect-5000-tags,
 *                 ui-10000-tags, app-refresh-5000-tags, audit, migrate, sign-publish, crypto, history,
 *                 token-sign
 *   BENCH_APP_TAGS  signed tags of the app-refresh suite's repository (default 5000)
 *   BENCH_AUDIT_REPOS  repositories (× 20 signed tags) of the audit suite (default 100)
 *   BENCH_HISTORY_VERSIONS  published versions of the history suite's repository (default 200)
 *   BENCH_STRICT  1: exit non-zero when a performance target is missed (default: report only)
 *
 * Exit status: non-zero when a suite fails (e.g. signet's output differs from docker's), or with
 * BENCH_STRICT=1 when a target is missed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, totalmem, release } from 'node:os';
import { join, relative } from 'node:path';
import { startStack, type Stack } from '../helpers/stack.js';
import { appRefreshSuite } from './app-refresh-suite.js';
import { auditSuite } from './audit-suite.js';
import { migrateSuite } from './migrate-suite.js';
import { cryptoSuite } from './crypto-suite.js';
import { historySuite } from './history-suite.js';
import { inspectManyTagsSuite } from './inspect-suite.js';
import { ROOT, ensureBuilt, envInt, fmtMs, launcherTarget, writeReport } from './lib.js';
import { signPublishSuite } from './sign-suite.js';
import { uiBenchSuite } from './ui-bench.js';
import { tokenSignSuite } from './token-suite.js';

/* ---------------------------------------------------------------- suite contract */

export interface BenchContext {
  /** the shared stack; only for suites with needsStack */
  stack: Stack;
  runs: number;
  log(message: string): void;
}

export interface SuiteOutcome {
  /** printed in order after the suite ran */
  tables: string[];
  /** JSON-able result for reports/bench.json */
  result: unknown;
  /** targets missed, human readable (empty: all met) */
  misses: string[];
}

export interface BenchSuite {
  name: string;
  description: string;
  needsStack: boolean;
  run(ctx: BenchContext): Promise<SuiteOutcome>;
}

/* ---------------------------------------------------------------- runner */

function suites(): BenchSuite[] {
  return [
    inspectManyTagsSuite(envInt('BENCH_TAGS', 5000)),
    uiBenchSuite(envInt('BENCH_UI_TAGS', 10000)),
    appRefreshSuite(envInt('BENCH_APP_TAGS', 5000)),
    // before sign-publish, which pushes its own repositories to the shared registry
    auditSuite(),
    // after audit (which audits the whole registry) and before sign-publish
    migrateSuite(),
    signPublishSuite(envInt('BENCH_SIGN_RUNS', 7)),
    cryptoSuite(),
    historySuite(envInt('BENCH_HISTORY_VERSIONS', 200)),
    tokenSignSuite(),
  ];
}

function environment(): Record<string, unknown> {
  const git = (args: string[]): string | undefined => {
    try {
      return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return undefined;
    }
  };
  const version = (cmd: string, args: string[]): string | undefined => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
        .trim()
        .split('\n')[0];
    } catch {
      return undefined;
    }
  };
  return {
    node: process.version,
    platform: `${process.platform} ${release()}`,
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    commit: git(['rev-parse', 'HEAD']),
    dirty: (git(['status', '--porcelain']) ?? '') !== '',
    docker: version('docker', ['--version']),
    notary: version('notary', ['version']),
  };
}

async function mainBench(): Promise<number> {
  const log = (m: string): void => void process.stderr.write(`${m}\n`);
  const runs = envInt('BENCH_RUNS', 7);
  const only = (process.env.BENCH_ONLY ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const all = suites();
  const selected = only.length ? all.filter((s) => only.includes(s.name)) : all;
  if (selected.length === 0) {
    log(`BENCH_ONLY matches no suite; suites: ${all.map((s) => s.name).join(', ')}`);
    return 2;
  }

  // the CLI must run from dist/, or signet.js falls back to tsx and we would time the compiler
  const build = await ensureBuilt(log);
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/cli/main.js missing after the build');

  let stack: Stack | undefined;
  const results: Record<string, unknown> = {};
  const misses: string[] = [];
  let failed = false;
  try {
    if (selected.some((s) => s.needsStack)) {
      const t0 = process.hrtime.bigint();
      stack = await startStack();
      log(
        `stack up in ${fmtMs(Number(process.hrtime.bigint() - t0) / 1e6)}: notary ${stack.notaryHttpsUrl}, registry ${stack.registryHost}`,
      );
    }
    for (const suite of selected) {
      log(`\n== ${suite.name}: ${suite.description}`);
      try {
        const outcome = await suite.run({ stack: stack as Stack, runs, log });
        process.stdout.write(`\n== ${suite.name}\n\n${outcome.tables.join('\n')}\n`);
        results[suite.name] = outcome.result;
        misses.push(...outcome.misses.map((m) => `${suite.name}: ${m}`));
      } catch (e) {
        failed = true;
        results[suite.name] = { error: e instanceof Error ? e.message : String(e) };
        process.stderr.write(
          `\nBENCH ERROR in ${suite.name}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
        );
      }
    }
  } finally {
    if (stack) await stack.stop();
  }
  const after = await launcherTarget();
  if (after !== build.runs) {
    process.stdout.write(
      `\nWARNING: a source file changed during the benchmark: cli/bin/signet.js now runs ${after}, not ${build.runs}; ` +
        'signet timings after the change include that slower start-up. Re-run on a quiet tree.\n',
    );
  }
  const file = writeReport(results, { ...environment(), runs, cliRunsFrom: build.runs, cliRunsFromAtEnd: after });
  process.stdout.write(`\nresults written to ${relative(process.cwd(), file)}\n`);
  if (misses.length) process.stdout.write(`targets missed:\n${misses.map((m) => `  - ${m}`).join('\n')}\n`);
  if (failed) return 1;
  return misses.length && process.env.BENCH_STRICT === '1' ? 1 : 0;
}

process.exitCode = await mainBench();
