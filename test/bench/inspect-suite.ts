/**
 * Bench suite `inspect-N-tags` (moved out of run.ts unchanged), plus the helpers every process
 * benchmark shares: a CommandSpec per tool for an identity (signet from cli/bin/signet.js, docker,
 * notary with the identity's server/CA/trust dir), clearing the metadata cache, and interleaved
 * measurement (each round runs every command once, in turn).
 *
 * The inspect suite: a BENCH_TAGS-tag repository in two layouts (targets; targets/releases + one
 * signer), built with the real notary CLI; signet inspect vs docker trust inspect vs notary list,
 * cold and warm cache; signet's stdout must equal docker's byte for byte.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Stack } from '../helpers/stack.js';
import { manyTagsRepo, viewer, type ManyTagsScenario } from '../helpers/scenarios.js';
import type { Identity } from '../helpers/identity.js';
import {
  ROOT,
  describe,
  fmtMs,
  fmtRatio,
  fmtStats,
  formatTable,
  runCommand,
  stats,
  type CommandResult,
  type CommandSpec,
  type Stats,
} from './lib.js';
import type { BenchSuite } from './run.js';

/* ---------------------------------------------------------------- shared: spec per tool */

export const SIGNET_BIN = join(ROOT, 'cli', 'bin', 'signet.js');

/** the identity's environment without NODE_OPTIONS (a plain `node` process, as a user runs it) */
export function envOf(id: Identity): Record<string, string> {
  const env = { ...id.env };
  delete env.NODE_OPTIONS;
  return env;
}

export function signetSpec(id: Identity, args: string[]): CommandSpec {
  return { cmd: process.execPath, args: [SIGNET_BIN, ...args], env: envOf(id) };
}

export function dockerSpec(id: Identity, args: string[]): CommandSpec {
  return { cmd: 'docker', args, env: envOf(id) };
}

export function notarySpec(stack: Stack, id: Identity, args: string[]): CommandSpec {
  const url = id.server;
  const tls = url.startsWith('https://') ? ['--tlscacert', stack.caFile] : [];
  return { cmd: 'notary', args: ['-s', url, ...tls, '-d', id.trustDir, ...args], env: envOf(id) };
}

/** `$DOCKER_CONFIG/trust/tuf`: the metadata cache of docker, notary and signet */
export function clearTufCache(id: Identity): void {
  rmSync(join(id.trustDir, 'tuf'), { recursive: true, force: true });
}

export function fail(what: string, r: CommandResult, spec: CommandSpec): never {
  throw new Error(
    `${what}: ${describe(spec)} (rc=${r.code})\nstdout: ${r.stdout.slice(0, 2000)}\nstderr: ${r.stderr.slice(0, 4000)}`,
  );
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
  ratios: {
    coldDockerOverSignet: number;
    warmDockerOverSignet: number;
    coldNotaryOverSignet: number;
    warmNotaryOverSignet: number;
  };
  targets: { cold: { want: number; got: number; pass: boolean }; warm: { want: number; got: number; pass: boolean } };
}

const TARGET_COLD = 3;
const TARGET_WARM = 10;
/** issue 9 item 7 ("faster CLI start"): the releases + signer layout, cold cache */
const TARGET_RELEASES_COLD = 2.5;

export function inspectManyTagsSuite(nTags: number): BenchSuite {
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
          throw new Error(
            `docker trust inspect ${gun} shows ${parsed[0]?.SignedTags.length} signed tags, expected ${nTags}`,
          );
        }
        if (first.stderr !== '') log(`[${layout}] note: signet wrote to stderr: ${first.stderr.trim().slice(0, 500)}`);

        // every timed run is checked too
        const checks: Record<Tool, (r: CommandResult) => void> = {
          signet: (r) => {
            if (r.code !== 0) fail('signet inspect failed', r, specs.signet);
            if (r.stdout !== ref.stdout) fail('signet inspect output changed between runs', r, specs.signet);
            if (/CACHED/.test(r.stderr))
              fail('signet inspect fell back to cached data (offline path)', r, specs.signet);
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

        const ratio = (t: Tool, mode: 'cold' | 'warm'): number =>
          measured[t][mode].median / measured.signet[mode].median;
        const r: LayoutResult = {
          gun,
          tags: nTags,
          build: { totalMs, ...sc.timings },
          stdoutBytes: Buffer.byteLength(ref.stdout),
          tools: Object.fromEntries(tools.map((t) => [t, { command: describe(specs[t]), ...measured[t] }])) as Record<
            Tool,
            ToolResult
          >,
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
        if (!r.targets.cold.pass)
          misses.push(`${layout}: cold docker/signet ${fmtRatio(r.targets.cold.got)} < ${TARGET_COLD}×`);
        if (!r.targets.warm.pass)
          misses.push(`${layout}: warm docker/signet ${fmtRatio(r.targets.warm.got)} < ${TARGET_WARM}×`);
        results[layout] = r;
      }

      // reference points for reading the numbers (interleaved): the floor of any node CLI, and what
      // `signet inspect` costs before it does any work (start-up share below)
      log('reference: node -e 0, signet --help, signet inspect --help, inspect with and without the compile cache');
      const refIds = viewer(stack);
      const exit0 = (spec: CommandSpec) => (r: CommandResult) => {
        if (r.code !== 0) fail('reference command failed', r, spec);
      };
      const refSpecs = {
        nodeBare: { cmd: process.execPath, args: ['-e', '0'], env: envOf(refIds) },
        signetHelp: signetSpec(refIds, ['--help']),
        inspectHelp: signetSpec(refIds, ['inspect', '--help']),
        // what the V8 code cache of the CLI bundle is worth: the releases layout, warm, with and without
        releasesWarm: signetSpec(refIds, ['inspect', results.releases.gun]),
        releasesWarmNoCache: {
          ...signetSpec(refIds, ['inspect', results.releases.gun]),
          env: { ...envOf(refIds), SIGNET_COMPILE_CACHE: 'off' },
        },
        dockerVersion: dockerSpec(refIds, ['--version']),
        notaryVersion: { cmd: 'notary', args: ['version'], env: envOf(refIds) },
      } satisfies Record<string, CommandSpec>;
      const refs = await measureInterleaved(
        Object.entries(refSpecs).map(([name, spec]) => ({ name, spec, check: exit0(spec) })),
        runs,
        (m) => log(`  [reference] ${m}`),
      );
      const { nodeBare, signetHelp, inspectHelp, releasesWarm, releasesWarmNoCache, dockerVersion, notaryVersion } =
        refs as Record<keyof typeof refSpecs, Stats>;

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
      const main = formatTable(
        ['layout', 'tool', 'cold median (min–max)', 'warm median (min–max)', 'cold tool/signet', 'warm tool/signet'],
        rows,
      );
      const targetRows = layouts.flatMap((layout) => {
        const r = results[layout];
        return [
          [layout, 'cold', `≥ ${TARGET_COLD}×`, fmtRatio(r.targets.cold.got), r.targets.cold.pass ? 'PASS' : 'MISS'],
          [layout, 'warm', `≥ ${TARGET_WARM}×`, fmtRatio(r.targets.warm.got), r.targets.warm.pass ? 'PASS' : 'MISS'],
        ];
      });
      const releasesCold = results.releases.ratios.coldDockerOverSignet;
      const issue9Pass = releasesCold >= TARGET_RELEASES_COLD;
      if (!issue9Pass)
        misses.push(`releases: cold docker/signet ${fmtRatio(releasesCold)} < ${TARGET_RELEASES_COLD}× (issue 9)`);
      targetRows.push([
        'releases',
        'cold',
        `≥ ${TARGET_RELEASES_COLD}× (issue 9)`,
        fmtRatio(releasesCold),
        issue9Pass ? 'PASS' : 'MISS',
      ]);
      const targets = formatTable(['layout', 'cache', 'target docker/signet', 'measured', 'result'], targetRows);
      const buildTable = formatTable(
        ['repository', 'tags', 'build total', 'init+delegations', 'stage changes', 'notary publish'],
        layouts.map((l) => {
          const b = results[l].build;
          return [
            results[l].gun,
            String(nTags),
            fmtMs(b.totalMs),
            fmtMs(b.setupMs),
            fmtMs(b.stageMs),
            fmtMs(b.publishMs),
          ];
        }),
      );
      const refTable = formatTable(
        ['reference', 'median (min–max)'],
        [
          ['node -e 0 (floor of any node CLI)', fmtStats(nodeBare)],
          ['node cli/bin/signet.js --help (node + CLI modules)', fmtStats(signetHelp)],
          ['node cli/bin/signet.js inspect --help (+ the inspect modules, no work)', fmtStats(inspectHelp)],
          ['signet inspect, releases layout, warm (compile cache on)', fmtStats(releasesWarm)],
          ['  the same, compile cache off (SIGNET_COMPILE_CACHE=off)', fmtStats(releasesWarmNoCache)],
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
        [
          'layout',
          'cold docker/(node -e 0)',
          'warm docker/(node -e 0)',
          'cold docker/(signet --help)',
          'warm docker/(signet --help)',
        ],
        ceiling,
      );
      // Start-up-adjusted ratio: each tool's own process start-up taken out, i.e. the work above the
      // floor: (docker − `docker --version`) / (signet − `node -e 0`).
      const adjusted = (l: Layout, mode: 'cold' | 'warm'): { docker: number; signet: number; ratio: number } => {
        const docker = results[l].tools.docker[mode].median - dockerVersion.median;
        const signet = results[l].tools.signet[mode].median - nodeBare.median;
        return { docker, signet, ratio: docker / signet };
      };
      const adjustedResult = Object.fromEntries(
        layouts.map((l) => [l, { cold: adjusted(l, 'cold'), warm: adjusted(l, 'warm') }]),
      );
      const adjustedTable = formatTable(
        ['layout', 'cache', 'docker − docker --version', 'signet − node -e 0', 'adjusted docker/signet'],
        layouts.flatMap((l) =>
          (['cold', 'warm'] as const).map((mode) => {
            const a = adjusted(l, mode);
            return [l, mode, fmtMs(a.docker), fmtMs(a.signet), fmtRatio(a.ratio)];
          }),
        ),
      );
      // Start-up share of signet inspect: node's own boot (node -e 0), loading and compiling the CLI
      // (inspect --help minus that: launcher, bundle, built-in modules of the inspect path), the work.
      const shareOf = (l: Layout, mode: 'cold' | 'warm') => {
        const total = results[l].tools.signet[mode].median;
        const boot = nodeBare.median;
        const loading = inspectHelp.median - nodeBare.median;
        return { total, boot, loading, work: total - inspectHelp.median };
      };
      const shareResult = Object.fromEntries(
        layouts.map((l) => [l, { cold: shareOf(l, 'cold'), warm: shareOf(l, 'warm') }]),
      );
      const pct = (x: number, total: number): string => `${Math.round((100 * x) / total)} %`;
      const shareTable = formatTable(
        ['layout', 'cache', 'signet inspect', 'node boot', 'loading/compile', 'work'],
        layouts.flatMap((l) =>
          (['cold', 'warm'] as const).map((mode) => {
            const s = shareOf(l, mode);
            return [
              l,
              mode,
              fmtMs(s.total),
              `${fmtMs(s.boot)} (${pct(s.boot, s.total)})`,
              `${fmtMs(s.loading)} (${pct(s.loading, s.total)})`,
              `${fmtMs(s.work)} (${pct(s.work, s.total)})`,
            ];
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
          `Start-up share of signet inspect (node boot = node -e 0; loading/compile = inspect --help − node -e 0; work = the rest):\n${shareTable}`,
        ],
        result: {
          generatedAt: new Date().toISOString(),
          tags: nTags,
          runs,
          warmup: 1,
          buildAllMs,
          layouts: results,
          reference: {
            nodeBare,
            signetHelp,
            inspectHelp,
            releasesWarm,
            releasesWarmNoCache,
            dockerVersion,
            notaryVersion,
          },
          startupAdjusted: adjustedResult,
          startupShare: shareResult,
          targets: {
            coldDockerOverSignet: TARGET_COLD,
            warmDockerOverSignet: TARGET_WARM,
            releasesColdDockerOverSignet: TARGET_RELEASES_COLD,
          },
          misses,
        },
        misses,
      };
    },
  };
}

export function firstDiff(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

export interface InterleavedCommand {
  name: string;
  spec: CommandSpec;
  check: (r: CommandResult) => void;
  before?: (() => void | Promise<void>) | undefined;
}

/**
 * 1 warm-up + `runs` timed rounds; each round runs every command once, in turn, so that load
 * from elsewhere on the machine hits all tools alike. `before` is not timed.
 */
export async function measureInterleaved(
  cmds: InterleavedCommand[],
  runs: number,
  log: (m: string) => void,
): Promise<Record<string, Stats>> {
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
