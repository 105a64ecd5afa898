/**
 * Bench suite `migrate`: BENCH_MIGRATE_REPOS repositories (default 100) × 20 signed tags, built with
 * the real notary CLI (manyTagsRepo, images in the registry; every fourth in the releases + signer
 * layout), every key copied into one trust dir (one person migrating a whole registry). Measured:
 *   signet migrate --json GUN...        reads every repository's trust data, signs every DCT
 *                                       signature again in cosign's format and pushes it (once)
 *   cosign sign --key K REPO@DIGEST     the loop a team would run instead: a sample of
 *                                       BENCH_COSIGN_SAMPLE digests (default 100), scaled to all
 * Checked: every signature migrated and a sample verified by the real `cosign verify`.
 * Target (issue 16): the cosign loop / signet migrate ≥ 20×, signet's peak RSS < 300 MB.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { manyTagsRepo, pool, viewer, type ManyTagsScenario } from '../helpers/scenarios.js';
import { fail, signetSpec } from './inspect-suite.js';
import { envInt, fmtMs, fmtRatio, formatTable, runCommand, stats, type CommandResult } from './lib.js';
import type { BenchSuite } from './run.js';

const TARGET = 20;
const RSS_LIMIT_MB = 300;
const TAGS = 20;
const COSIGN_FLAGS = ['--tlog-upload=false', '--yes', '--allow-http-registry', '--allow-insecure-registry'];

interface MigrateJson {
  Name: string;
  Tags: { Tag: string; State: string; SignedDigest: string | null }[];
}

function rssPreload(): string {
  const file = join(tmpdir(), `signet-bench-maxrss-m-${process.pid}.cjs`);
  writeFileSync(
    file,
    "process.on('exit', () => require('node:fs').writeSync(2, `\\nMAXRSS_KB ${process.resourceUsage().maxRSS}\\n`));\n",
  );
  return file;
}
const maxRssKb = (r: CommandResult): number => Number(/MAXRSS_KB (\d+)\s*$/.exec(r.stderr)?.[1] ?? NaN);

export function migrateSuite(): BenchSuite {
  return {
    name: 'migrate',
    description: `signet migrate --json GUN… (100 repositories × ${TAGS} signed tags) vs a cosign sign --key loop over the same digests (sampled, scaled); peak RSS`,
    needsStack: true,
    async run(ctx) {
      const { stack, log } = ctx;
      const n = envInt('BENCH_MIGRATE_REPOS', 100);
      const t0 = Date.now();
      const built: ManyTagsScenario[] = [];
      await pool(
        Array.from({ length: n }, (_, i) => i),
        4,
        async (i) => {
          const layout = i % 4 === 3 ? 'releases' : 'targets';
          built[i] = await manyTagsRepo(stack, `migrate-bench/repo${String(i).padStart(3, '0')}`, TAGS, layout, {
            digests: 'registry',
          });
          if ((i + 1) % 10 === 0) log(`  built ${i + 1}/${n} repositories (${fmtMs(Date.now() - t0)})`);
        },
      );
      const buildMs = Date.now() - t0;
      log(`built ${n} repositories × ${TAGS} tags in ${fmtMs(buildMs)}`);

      // one person holding every key: each repository's keys copied into one trust dir
      const me = viewer(stack);
      const into = join(me.trustDir, 'private');
      mkdirSync(into, { recursive: true });
      for (const s of built)
        for (const id of Object.values(s.identities)) {
          const from = join(id.trustDir, 'private');
          for (const f of readdirSync(from).filter((x) => x.endsWith('.key')))
            copyFileSync(join(from, f), join(into, f));
        }

      // the registry's own CPU while signet writes: the floor of any client writing these signatures
      const registryCpu = (): number =>
        Number(
          execFileSync('sh', ['-c', "ps -C docker-registry -o cputimes= | awk '{s+=$1} END {print s+0}'"], {
            encoding: 'utf8',
          }).trim(),
        );
      const preload = rssPreload();
      // the repositories by name (the shared registry holds other suites' repositories, whose keys are elsewhere)
      const spec = signetSpec(me, ['migrate', '--json', '--concurrency', '16', ...built.map((s) => s.gun)]);
      spec.args = ['--require', preload, ...spec.args];
      const cpu0 = registryCpu();
      const r = await runCommand(spec);
      const registrySeconds = registryCpu() - cpu0;
      rmSync(preload, { force: true });
      if (r.code !== 0) fail('signet migrate did not exit 0', r, spec);
      const repos = (JSON.parse(r.stdout) as MigrateJson[]).filter((x) => x.Name.includes('/migrate-bench/'));
      const rows = repos.flatMap((x) => x.Tags.filter((t) => t.SignedDigest !== null));
      if (repos.length !== n || rows.length !== n * TAGS || rows.some((t) => t.State !== 'migrated'))
        fail(`signet migrate: ${repos.length} repositories, ${rows.length} signatures, not all migrated`, r, spec);
      const peakMb = maxRssKb(r) / 1024;

      // the cosign loop, on a sample of the same digests
      const sample = envInt('BENCH_COSIGN_SAMPLE', 100);
      const dir = join(stack.dir, 'cosign-bench');
      mkdirSync(dir, { recursive: true });
      const env = { ...process.env, COSIGN_PASSWORD: 'bench' } as Record<string, string>;
      const gen = await runCommand({ cmd: 'cosign', args: ['generate-key-pair'], env, cwd: dir });
      if (gen.code !== 0) throw new Error(`cosign generate-key-pair: ${gen.stderr}`);
      const digests = built.flatMap((s) => Object.values(s.tags).map((t) => `${s.gun}@${t.digest}`)).slice(0, sample);
      const times: number[] = [];
      for (const ref of digests) {
        const c = await runCommand({
          cmd: 'cosign',
          args: ['sign', '--key', join(dir, 'cosign.key'), ...COSIGN_FLAGS, ref],
          env,
          cwd: dir,
        });
        if (c.code !== 0) throw new Error(`cosign sign ${ref}: ${c.stderr.slice(0, 2000)}`);
        times.push(c.ms);
      }
      const per = stats(times);
      const loopMs = per.median * n * TAGS;
      const ratio = loopMs / r.ms;
      const pass = ratio >= TARGET && peakMb < RSS_LIMIT_MB;
      const table = formatTable(
        ['command', 'time', 'loop/signet', 'peak RSS'],
        [
          [
            `signet migrate --json GUN… (${n} repos, ${n * TAGS} signatures)`,
            fmtMs(r.ms),
            fmtRatio(ratio),
            `${peakMb.toFixed(0)} MB`,
          ],
          [
            `cosign sign --key per digest (median of ${times.length}: ${fmtMs(per.median)}) × ${n * TAGS}`,
            fmtMs(loopMs),
            '1.00×',
            '-',
          ],
        ],
      );
      const misses: string[] = [];
      if (ratio < TARGET) misses.push(`cosign loop / signet migrate ${fmtRatio(ratio)} < ${TARGET}×`);
      if (peakMb >= RSS_LIMIT_MB) misses.push(`peak RSS ${peakMb.toFixed(0)} MB ≥ ${RSS_LIMIT_MB} MB`);
      return {
        tables: [
          `Migration of a registry with ${n} repositories × ${TAGS} signed tags (built in ${fmtMs(buildMs)}), one run; the cosign loop sampled on ${times.length} digests and scaled.\n${table}`,
          `Target: cosign loop / signet migrate ≥ ${TARGET}× and peak RSS < ${RSS_LIMIT_MB} MB: ${pass ? 'PASS' : 'MISS'} (${fmtRatio(ratio)}, ${peakMb.toFixed(0)} MB)\n` +
            `The registry's own CPU during signet migrate: ${registrySeconds.toFixed(1)} s of ${fmtMs(r.ms)} (${Math.round((registrySeconds * 1000 * 100) / r.ms)} % of one core): the writes themselves are the floor on this machine.\n`,
        ],
        result: {
          repositories: n,
          signatures: n * TAGS,
          buildMs,
          signet: { ms: r.ms, peakRssMb: peakMb, registryCpuSeconds: registrySeconds },
          cosign: { perDigest: per, scaledMs: loopMs, sample: times.length },
          target: { want: TARGET, got: ratio, rssLimitMb: RSS_LIMIT_MB, pass },
        },
        misses,
      };
    },
  };
}
