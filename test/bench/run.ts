/**
 * `npm run bench`: Signet's benchmarks. Performance is measured here, never by timed tests.
 *
 * Every suite is a `BenchSuite` in SUITES below; a later benchmark adds its own module under
 * test/bench/ and one entry to SUITES. Suites that need the notary/registry stack get ONE
 * shared stack (started once, stopped in finally). Each suite returns its printable tables and
 * a JSON-able result; the results go to reports/bench.json.
 *
 * env:
 *   BENCH_TAGS    tags per repository of the inspect suite (default 5000)
 *   BENCH_RUNS    timed runs per command, after 1 warm-up (default 7)
 *   BENCH_ONLY    comma-separated suite names to run (default: all)
 *   BENCH_STRICT  1: exit non-zero when a performance target is missed (default: report only)
 *
 * Exit status: non-zero when a suite fails (e.g. signet's output differs from docker's), or with
 * BENCH_STRICT=1 when a target is missed.
 */
import { uiBenchSuite } from './ui-bench.js';
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { cpus, totalmem, release } from 'node:os';
import { join, relative } from 'node:path';
import { startStack, type Stack } from '../helpers/stack.js';
import { manyTagsRepo, viewer, type ManyTagsScenario } from '../helpers/scenarios.js';
import type { Identity } from '../helpers/identity.js';
import {
  ROOT,
  describe,
  ensureBuilt,
  envInt,
  fmtMs,
  fmtRatio,
  fmtStats,
  formatTable,
  launcherTarget,
  measure,
  runCommand,
  stats,
  writeReport,
  type CommandResult,
  type CommandSpec,
  type Stats,
} from './lib.js';

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

/* ---------------------------------------------------------------- shared: spec per tool */

const SIGNET_BIN = join(ROOT, 'cli', 'bin', 'signet.js');

/** the identity's environment without NODE_OPTIONS (a plain `node` process, as a user runs it) */
function envOf(id: Identity): Record<string, string> {
  const env = { ...id.env };
  delete env.NODE_OPTIONS;
  return env;
}

function signetSpec(id: Identity, args: string[]): CommandSpec {
  return { cmd: process.execPath, args: [SIGNET_BIN, ...args], env: envOf(id) };
}

function dockerSpec(id: Identity, args: string[]): CommandSpec {
  return { cmd: 'docker', args, env: envOf(id) };
}

function notarySpec(stack: Stack, id: Identity, args: string[]): CommandSpec {
  const url = id.server;
  const tls = url.startsWith('https://') ? ['--tlscacert', stack.caFile] : [];
  return { cmd: 'notary', args: ['-s', url, ...tls, '-d', id.trustDir, ...args], env: envOf(id) };
}

/** `$DOCKER_CONFIG/trust/tuf`: the metadata cache of docker, notary and signet */
function clearTufCache(id: Identity): void {
  rmSync(join(id.trustDir, 'tuf'), { recursive: true, force: true });
}

function fail(what: string, r: CommandResult, spec: CommandSpec): never {
  throw new Error(`${what}: ${describe(spec)} (rc=${r.code})\nstdout: ${r.stdout.slice(0, 2000)}\nstderr: ${r.stderr.slice(0, 4000)}`);
}

/* ---------------------------------------------------------------- suite: inspect of many tags */

type Tool = 'signet' | 'docker' | 'notary';
type Layout = 'targets' | 'releases';

interface ToolResult {
  command: string;
  cold: Stats;
  warm: Stats;
}

interface LayoutResult {
  gun: string;
  tags: number;
  build: { totalMs: number; setupMs: number; stageMs: number; publishMs: number };
  stdoutBytes: number;
  tools: Record<Tool, ToolResult>;
  ratios: { coldDockerOverSignet: number; warmDockerOverSignet: number; coldNotaryOverSignet: number; warmNotaryOverSignet: number };
  targets: { cold: { want: number; got: number; pass: boolean }; warm: { want: number; got: number; pass: boolean } };
}

const TARGET_COLD = 3;
const TARGET_WARM = 10;

function inspectManyTagsSuite(nTags: number): BenchSuite {
  return {
    name: `inspect-${nTags}-tags`,
    description: `inspect of a ${nTags}-tag repository, layouts targets and targets/releases + one signer; signet vs docker trust inspect vs notary list, cold and warm cache`,
    needsStack: true,
    async run(ctx) {
      const { stack, runs, log } = ctx;
      const layouts: Layout[] = ['targets', 'releases'];

      // build both repositories (real notary CLI), sequentially so each build time is its own
      const scenarios = {} as Record<Layout, { sc: ManyTagsScenario; totalMs: number }>;
      const tBuild = process.hrtime.bigint();
      for (const layout of layouts) {
        const t0 = process.hrtime.bigint();
        const sc = await manyTagsRepo(stack, `bench/${layout}-${nTags}`, nTags, layout);
        const totalMs = Number(process.hrtime.bigint() - t0) / 1e6;
        scenarios[layout] = { sc, totalMs };
        log(
          `built ${sc.gun} (${nTags} tags, ${layout}) in ${fmtMs(totalMs)}: ` +
            `setup ${fmtMs(sc.timings.setupMs)}, stage ${fmtMs(sc.timings.stageMs)}, publish ${fmtMs(sc.timings.publishMs)}`,
        );
      }
      const buildAllMs = Number(process.hrtime.bigint() - tBuild) / 1e6;
      log(`built both repositories in ${fmtMs(buildAllMs)}`);

      const results = {} as Record<Layout, LayoutResult>;
      const misses: string[] = [];
      for (const layout of layouts) {
        const { sc, totalMs } = scenarios[layout];
        const gun = sc.gun;
        // one key-less identity per tool: caches never mix
        const ids: Record<Tool, Identity> = { signet: viewer(stack), docker: viewer(stack), notary: viewer(stack) };
        const specs: Record<Tool, CommandSpec> = {
          signet: signetSpec(ids.signet, ['inspect', gun]),
          docker: dockerSpec(ids.docker, ['trust', 'inspect', gun]),
          notary: notarySpec(stack, ids.notary, ['list', gun]),
        };

        // correctness first: signet's stdout must equal docker's, byte for byte
        log(`[${layout}] verifying signet inspect == docker trust inspect (cold cache)`);
        clearTufCache(ids.docker);
        const ref = await runCommand(specs.docker);
        if (ref.code !== 0) fail('docker trust inspect failed', ref, specs.docker);
        clearTufCache(ids.signet);
        const first = await runCommand(specs.signet);
        if (first.code !== 0) fail('signet inspect failed', first, specs.signet);
        if (first.stdout !== ref.stdout) {
          throw new Error(
            `signet inspect output differs from docker trust inspect for ${gun} ` +
              `(${first.stdout.length} vs ${ref.stdout.length} chars); a fast wrong answer is worthless\n` +
              `first difference at char ${firstDiff(first.stdout, ref.stdout)}:\n` +
              `  signet: ${JSON.stringify(first.stdout.slice(Math.max(0, firstDiff(first.stdout, ref.stdout) - 80), firstDiff(first.stdout, ref.stdout) + 80))}\n` +
              `  docker: ${JSON.stringify(ref.stdout.slice(Math.max(0, firstDiff(first.stdout, ref.stdout) - 80), firstDiff(first.stdout, ref.stdout) + 80))}\n` +
              `signet stderr: ${first.stderr.slice(0, 2000)}`,
          );
        }
        const parsed = JSON.parse(ref.stdout) as { SignedTags: unknown[] }[];
        if (parsed.length !== 1 || parsed[0]!.SignedTags.length !== nTags) {
          throw new Error(`docker trust inspect ${gun} shows ${parsed[0]?.SignedTags.length} signed tags, expected ${nTags}`);
        }
        if (first.stderr !== '') log(`[${layout}] note: signet wrote to stderr: ${first.stderr.trim().slice(0, 500)}`);

        // every timed run is checked too
        const checks: Record<Tool, (r: CommandResult) => void> = {
          signet: (r) => {
            if (r.code !== 0) fail('signet inspect failed', r, specs.signet);
            if (r.stdout !== ref.stdout) fail('signet inspect output changed between runs', r, specs.signet);
            if (/CACHED/.test(r.stderr)) fail('signet inspect fell back to cached data (offline path)', r, specs.signet);
          },
          docker: (r) => {
            if (r.code !== 0) fail('docker trust inspect failed', r, specs.docker);
            if (r.stdout !== ref.stdout) fail('docker trust inspect output changed between runs', r, specs.docker);
          },
          notary: (r) => {
            if (r.code !== 0) fail('notary list failed', r, specs.notary);
            const rows = r.stdout.split('\n').filter((l) => /^\S+\s+[0-9a-f]{64}\s+\d+\s+\S+\s*$/.test(l)).length;
            if (rows !== nTags) fail(`notary list shows ${rows} targets, expected ${nTags}`, r, specs.notary);
          },
        };

        const tools: Tool[] = ['signet', 'docker', 'notary'];
        const measured = {} as Record<Tool, { cold: Stats; warm: Stats }>;
        for (const mode of ['cold', 'warm'] as const) {
          log(`[${layout}] ${mode} cache: 1 warm-up + ${runs} runs each, tools interleaved`);
          const m = await measureInterleaved(
            tools.map((t) => ({
              name: t,
              spec: specs[t],
              check: checks[t],
              before: mode === 'cold' ? () => clearTufCache(ids[t]) : undefined,
            })),
            runs,
            (m2) => log(`  [${layout}/${mode}] ${m2}`),
          );
          for (const t of tools) (measured[t] ??= {} as { cold: Stats; warm: Stats })[mode] = m[t]!;
        }

        const ratio = (t: Tool, mode: 'cold' | 'warm'): number => measured[t][mode].median / measured.signet[mode].median;
        const r: LayoutResult = {
          gun,
          tags: nTags,
          build: { totalMs, ...sc.timings },
          stdoutBytes: Buffer.byteLength(ref.stdout),
          tools: Object.fromEntries(tools.map((t) => [t, { command: describe(specs[t]), ...measured[t] }])) as Record<Tool, ToolResult>,
          ratios: {
            coldDockerOverSignet: ratio('docker', 'cold'),
            warmDockerOverSignet: ratio('docker', 'warm'),
            coldNotaryOverSignet: ratio('notary', 'cold'),
            warmNotaryOverSignet: ratio('notary', 'warm'),
          },
          targets: {
            cold: { want: TARGET_COLD, got: ratio('docker', 'cold'), pass: ratio('docker', 'cold') >= TARGET_COLD },
            warm: { want: TARGET_WARM, got: ratio('docker', 'warm'), pass: ratio('docker', 'warm') >= TARGET_WARM },
          },
        };
        if (!r.targets.cold.pass) misses.push(`${layout}: cold docker/signet ${fmtRatio(r.targets.cold.got)} < ${TARGET_COLD}×`);
        if (!r.targets.warm.pass) misses.push(`${layout}: warm docker/signet ${fmtRatio(r.targets.warm.got)} < ${TARGET_WARM}×`);
        results[layout] = r;
      }

      // reference points for reading the numbers: the floor of any node CLI
      log('reference: node -e 0, signet --help (node + loading the CLI modules)');
      const refIds = viewer(stack);
      const nodeBare = await measure({ cmd: process.execPath, args: ['-e', '0'], env: envOf(refIds) }, { runs, progress: false });
      const signetHelp = await measure(signetSpec(refIds, ['--help']), { runs, progress: false });
      const dockerVersion = await measure(dockerSpec(refIds, ['--version']), { runs, progress: false });
      const notaryVersion = await measure({ cmd: 'notary', args: ['version'], env: envOf(refIds) }, { runs, progress: false });

      const rows: string[][] = [];
      for (const layout of layouts) {
        const r = results[layout];
        for (const t of ['signet', 'docker', 'notary'] as Tool[]) {
          rows.push([
            layout === 'targets' ? 'targets' : 'targets/releases+alice',
            t === 'signet' ? 'signet inspect' : t === 'docker' ? 'docker trust inspect' : 'notary list',
            fmtStats(r.tools[t].cold),
            fmtStats(r.tools[t].warm),
            t === 'signet' ? '1.00×' : fmtRatio(r.tools[t].cold.median / r.tools.signet.cold.median),
            t === 'signet' ? '1.00×' : fmtRatio(r.tools[t].warm.median / r.tools.signet.warm.median),
          ]);
        }
      }
      const main = formatTable(['layout', 'tool', 'cold median (min–max)', 'warm median (min–max)', 'cold tool/signet', 'warm tool/signet'], rows);
      const targetRows = layouts.flatMap((layout) => {
        const r = results[layout];
        return [
          [layout, 'cold', `≥ ${TARGET_COLD}×`, fmtRatio(r.targets.cold.got), r.targets.cold.pass ? 'PASS' : 'MISS'],
          [layout, 'warm', `≥ ${TARGET_WARM}×`, fmtRatio(r.targets.warm.got), r.targets.warm.pass ? 'PASS' : 'MISS'],
        ];
      });
      const targets = formatTable(['layout', 'cache', 'target docker/signet', 'measured', 'result'], targetRows);
      const buildTable = formatTable(
        ['repository', 'tags', 'build total', 'init+delegations', 'stage changes', 'notary publish'],
        layouts.map((l) => {
          const b = results[l].build;
          return [results[l].gun, String(nTags), fmtMs(b.totalMs), fmtMs(b.setupMs), fmtMs(b.stageMs), fmtMs(b.publishMs)];
        }),
      );
      const refTable = formatTable(
        ['reference', 'median (min–max)'],
        [
          ['node -e 0 (floor of any node CLI)', fmtStats(nodeBare)],
          ['node cli/bin/signet.js --help (node + CLI modules)', fmtStats(signetHelp)],
          ['docker --version', fmtStats(dockerVersion)],
          ['notary version', fmtStats(notaryVersion)],
        ],
      );
      // the best docker/signet ratio any node process could reach: signet taking no time beyond `node -e 0`
      const ceiling = layouts.map((l) => [
        l,
        fmtRatio(results[l].tools.docker.cold.median / nodeBare.median),
        fmtRatio(results[l].tools.docker.warm.median / nodeBare.median),
        fmtRatio(results[l].tools.docker.cold.median / signetHelp.median),
        fmtRatio(results[l].tools.docker.warm.median / signetHelp.median),
      ]);
      const ceilingTable = formatTable(
        ['layout', 'cold docker/(node -e 0)', 'warm docker/(node -e 0)', 'cold docker/(signet --help)', 'warm docker/(signet --help)'],
        ceiling,
      );
      // Start-up-adjusted ratio: each tool's own process start-up taken out, i.e. the work above the
      // floor: (docker − `docker --version`) / (signet − `node -e 0`).
      const adjusted = (l: Layout, mode: 'cold' | 'warm'): { docker: number; signet: number; ratio: number } => {
        const docker = results[l].tools.docker[mode].median - dockerVersion.median;
        const signet = results[l].tools.signet[mode].median - nodeBare.median;
        return { docker, signet, ratio: docker / signet };
      };
      const adjustedResult = Object.fromEntries(layouts.map((l) => [l, { cold: adjusted(l, 'cold'), warm: adjusted(l, 'warm') }]));
      const adjustedTable = formatTable(
        ['layout', 'cache', 'docker − docker --version', 'signet − node -e 0', 'adjusted docker/signet'],
        layouts.flatMap((l) =>
          (['cold', 'warm'] as const).map((mode) => {
            const a = adjusted(l, mode);
            return [l, mode, fmtMs(a.docker), fmtMs(a.signet), fmtRatio(a.ratio)];
          }),
        ),
      );
      return {
        tables: [
          `Repositories (built with the real notary CLI, ${fmtMs(buildAllMs)} in all):\n${buildTable}`,
          `inspect of ${nTags} tags, ${runs} runs after 1 warm-up, each a separate process, tools interleaved:\n${main}`,
          `Targets:\n${targets}`,
          `Reference:\n${refTable}`,
          `Ceiling (best ratio reachable if signet inspect cost no more than node startup / loading its modules):\n${ceilingTable}`,
          `Start-up-adjusted (work above each tool's own start-up: (docker − docker --version) / (signet − node -e 0)):\n${adjustedTable}`,
        ],
        result: {
          generatedAt: new Date().toISOString(),
          tags: nTags,
          runs,
          warmup: 1,
          buildAllMs,
          layouts: results,
          reference: { nodeBare, signetHelp, dockerVersion, notaryVersion },
          startupAdjusted: adjustedResult,
          targets: { coldDockerOverSignet: TARGET_COLD, warmDockerOverSignet: TARGET_WARM },
          misses,
        },
        misses,
      };
    },
  };
}

function firstDiff(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

interface InterleavedCommand {
  name: string;
  spec: CommandSpec;
  check: (r: CommandResult) => void;
  before?: (() => void | Promise<void>) | undefined;
}

/**
 * 1 warm-up + `runs` timed rounds; each round runs every command once, in turn, so that load
 * from elsewhere on the machine hits all tools alike. `before` is not timed.
 */
async function measureInterleaved(cmds: InterleavedCommand[], runs: number, log: (m: string) => void): Promise<Record<string, Stats>> {
  const times: Record<string, number[]> = Object.fromEntries(cmds.map((c) => [c.name, []]));
  for (let round = 0; round <= runs; round++) {
    const parts: string[] = [];
    for (const c of cmds) {
      await c.before?.();
      const r = await runCommand(c.spec);
      c.check(r);
      if (round > 0) times[c.name]!.push(r.ms);
      parts.push(`${c.name} ${fmtMs(r.ms)}`);
    }
    log(`${round === 0 ? 'warm-up' : `run ${round}/${runs}`}: ${parts.join(', ')}`);
  }
  return Object.fromEntries(cmds.map((c) => [c.name, stats(times[c.name]!)]));
}

/* ---------------------------------------------------------------- runner */

function suites(): BenchSuite[] {
  return [inspectManyTagsSuite(envInt('BENCH_TAGS', 5000)), uiBenchSuite(envInt('BENCH_UI_TAGS', 10000))];
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
      return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n')[0];
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
  const only = (process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const all = suites();
  const selected = only.length ? all.filter((s) => only.includes(s.name)) : all;
  if (selected.length === 0) {
    log(`BENCH_ONLY matches no suite; suites: ${all.map((s) => s.name).join(', ')}`);
    return 2;
  }

  // the CLI must run from dist/, or signet.js falls back to tsx and we would time the compiler
  const build = ensureBuilt(log);
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/cli/main.js missing after the build');

  let stack: Stack | undefined;
  const results: Record<string, unknown> = {};
  const misses: string[] = [];
  let failed = false;
  try {
    if (selected.some((s) => s.needsStack)) {
      const t0 = process.hrtime.bigint();
      stack = await startStack();
      log(`stack up in ${fmtMs(Number(process.hrtime.bigint() - t0) / 1e6)}: notary ${stack.notaryHttpsUrl}, registry ${stack.registryHost}`);
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
        process.stderr.write(`\nBENCH ERROR in ${suite.name}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      }
    }
  } finally {
    if (stack) await stack.stop();
  }
  const after = launcherTarget();
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
