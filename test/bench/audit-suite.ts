/**
 * Bench suite `audit`: a registry with BENCH_AUDIT_REPOS repositories (default 100) × 20 signed
 * tags, each built with the real notary CLI (manyTagsRepo, images pushed to the registry; every
 * fourth repository in the targets/releases + signer layout). Measured, interleaved, cold cache
 * (metadata cache deleted before every run), 1 warm-up + BENCH_RUNS runs:
 *   signet audit --json REGISTRY             catalog + trust data + tag list + one HEAD per signed tag
 *   docker trust inspect GUN1 … GUN100       trust data only, nothing checked in the registry
 *   node test/bench/registry-floor.mjs       a bare client doing only the registry requests (the floor)
 * plus the app's audit in process (core runAudit, own child process, no CLI start-up) and the peak
 * RSS of both signet processes. Checked first: every repository audited, every tag `ok`, signed
 * tags and signers equal to docker's. Target (issue 11): docker / signet ≥ 2×, peak RSS < 300 MB.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { manyTagsRepo, pool, viewer, type ManyTagsScenario } from '../helpers/scenarios.js';
import { clearTufCache, dockerSpec, envOf, fail, measureInterleaved, signetSpec } from './inspect-suite.js';
import { ROOT, envInt, fmtMs, fmtRatio, fmtStats, formatTable, runCommand, stats, type CommandResult } from './lib.js';
import type { BenchSuite } from './run.js';

const TARGET = 2;
const RSS_LIMIT_MB = 300;
const TAGS = 20;

interface AuditJson {
  Name: string;
  Tags: { Tag: string; SignedDigest: string; State: string; Signers: string[] }[];
}
interface DockerJson {
  Name: string;
  SignedTags: { SignedTag: string; Digest: string; Signers: string[] }[];
}

/** Writes the preload that reports a process's peak RSS on exit (stderr, last line). */
function rssPreload(): string {
  const file = join(tmpdir(), `signet-bench-maxrss-${process.pid}.cjs`);
  writeFileSync(
    file,
    "process.on('exit', () => require('node:fs').writeSync(2, `\\nMAXRSS_KB ${process.resourceUsage().maxRSS}\\n`));\n",
  );
  return file;
}

const maxRssKb = (r: CommandResult): number => Number(/MAXRSS_KB (\d+)\s*$/.exec(r.stderr)?.[1] ?? NaN);

export function auditSuite(): BenchSuite {
  return {
    name: 'audit',
    description: `signet audit --json REGISTRY (100 repositories × ${TAGS} signed tags, registry checks on) vs docker trust inspect of the same repositories in one command; the in-process audit; peak RSS`,
    needsStack: true,
    async run(ctx) {
      const { stack, runs, log } = ctx;
      const n = envInt('BENCH_AUDIT_REPOS', 100);
      const t0 = Date.now();
      const built: ManyTagsScenario[] = [];
      await pool(
        Array.from({ length: n }, (_, i) => i),
        4,
        async (i) => {
          const layout = i % 4 === 3 ? 'releases' : 'targets';
          const name = `audit-bench/repo${String(i).padStart(3, '0')}`;
          built[i] = await manyTagsRepo(stack, name, TAGS, layout, { digests: 'registry' });
          if ((i + 1) % 10 === 0) log(`  built ${i + 1}/${n} repositories (${fmtMs(Date.now() - t0)})`);
        },
      );
      const buildMs = Date.now() - t0;
      log(`built ${n} repositories × ${TAGS} tags in ${fmtMs(buildMs)}`);
      const guns = built.map((s) => s.gun);
      const catalog = (await (await fetch(`${stack.registryUrl}/v2/_catalog?n=1000`)).json()) as {
        repositories: string[];
      };
      const extra = catalog.repositories.filter((r) => !guns.includes(`${stack.registryHost}/${r}`));
      if (extra.length > 0)
        log(`note: the registry also holds ${extra.length} other repositories, which signet audits too`);

      const ids = { signet: viewer(stack), docker: viewer(stack), inproc: viewer(stack) };
      const preload = rssPreload();
      const signet = signetSpec(ids.signet, ['audit', '--json', stack.registryHost]);
      signet.args = ['--require', preload, ...signet.args];
      const docker = dockerSpec(ids.docker, ['trust', 'inspect', ...guns]);

      // correctness first: every repository, every tag ok, and the same signed tags and signers as docker
      clearTufCache(ids.docker);
      const ref = await runCommand(docker);
      if (ref.code !== 0) fail('docker trust inspect failed', ref, docker);
      const dockerRepos = new Map((JSON.parse(ref.stdout) as DockerJson[]).map((d) => [d.Name, d]));
      const check = (r: CommandResult): void => {
        if (r.code !== 0) fail('signet audit did not exit 0', r, signet);
        const audited = JSON.parse(r.stdout) as AuditJson[];
        const ours = audited.filter((a) => guns.includes(a.Name));
        if (ours.length !== n) fail(`signet audit listed ${ours.length} of the ${n} repositories`, r, signet);
        for (const a of ours) {
          const d = dockerRepos.get(a.Name);
          const mine = a.Tags.map((t) => ({ SignedTag: t.Tag, Digest: t.SignedDigest, Signers: t.Signers }));
          if (!d || JSON.stringify(mine) !== JSON.stringify(d.SignedTags) || a.Tags.some((t) => t.State !== 'ok'))
            fail(`signet audit of ${a.Name} differs from docker trust inspect or is not all ok`, r, signet);
          if (a.Tags.length !== TAGS) fail(`${a.Name} has ${a.Tags.length} tags`, r, signet);
        }
      };
      clearTufCache(ids.signet);
      check(await runCommand(signet));

      // the floor of any registry check on this machine: a bare client doing only the registry requests
      const floor = {
        cmd: process.execPath,
        args: [join(ROOT, 'test', 'bench', 'registry-floor.mjs'), stack.registryHost],
        env: envOf(ids.signet),
      };
      log(`cold cache: 1 warm-up + ${runs} runs each, interleaved (signet, docker, bare registry client)`);
      const rss: number[] = [];
      const m = await measureInterleaved(
        [
          {
            name: 'signet',
            spec: signet,
            check: (r) => (check(r), rss.push(maxRssKb(r))),
            before: () => clearTufCache(ids.signet),
          },
          {
            name: 'docker',
            spec: docker,
            check: (r) => {
              if (r.code !== 0 || r.stdout !== ref.stdout) fail('docker trust inspect failed or changed', r, docker);
            },
            before: () => clearTufCache(ids.docker),
          },
          {
            name: 'floor',
            spec: floor,
            check: (r) => {
              if (r.code !== 0 || Number(r.stdout) < n * TAGS) fail('the bare registry client failed', r, floor);
            },
          },
        ],
        runs,
        (line) => log(`  ${line}`),
      );

      log(`in process (core runAudit, as the app runs it): 1 warm-up + ${runs} runs`);
      const child = await runCommand({
        cmd: process.execPath,
        args: ['--import', 'tsx', join(ROOT, 'test', 'bench', 'audit-inproc.ts'), stack.registryHost, String(runs)],
        env: envOf(ids.inproc),
      });
      if (child.code !== 0) throw new Error(`in-process audit failed: ${child.stderr.slice(0, 3000)}`);
      const inproc = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as {
        runs: number[];
        repositories: number;
        tags: number;
        problems: number;
        maxRssKb: number;
      };
      if (inproc.repositories < n || inproc.problems !== 0)
        throw new Error(`in-process audit: ${inproc.repositories} repositories, ${inproc.problems} problems`);
      rmSync(preload, { force: true });

      const sig = m['signet']!;
      const doc = m['docker']!;
      const inStats = stats(inproc.runs);
      const floorStats = m['floor']!;
      const ratio = doc.median / sig.median;
      const peakMb = Math.max(...rss) / 1024;
      const inprocMb = inproc.maxRssKb / 1024;
      const pass = ratio >= TARGET && peakMb < RSS_LIMIT_MB && inprocMb < RSS_LIMIT_MB;
      const result = {
        repositories: n,
        tagsPerRepository: TAGS,
        buildMs,
        signet: { command: `signet audit --json ${stack.registryHost}`, ...sig, peakRssMb: peakMb },
        docker: { command: `docker trust inspect <${n} repositories>`, ...doc },
        inProcess: { ...inStats, peakRssMb: inprocMb },
        registryFloor: { command: 'node test/bench/registry-floor.mjs REGISTRY', ...floorStats },
        ratios: { dockerOverSignet: ratio, dockerOverInProcess: doc.median / inStats.median },
        target: { want: TARGET, got: ratio, rssLimitMb: RSS_LIMIT_MB, pass },
      };
      const table = formatTable(
        ['command (cold cache)', 'median (min–max)', 'docker/this', 'peak RSS'],
        [
          [
            `signet audit --json REGISTRY (${n} repos, registry checked)`,
            fmtStats(sig),
            fmtRatio(ratio),
            `${peakMb.toFixed(0)} MB`,
          ],
          [`docker trust inspect ${n} repos (registry not checked)`, fmtStats(doc), '1.00×', '-'],
          [
            'core runAudit in process (the app), same registry',
            fmtStats(inStats),
            fmtRatio(doc.median / inStats.median),
            `${inprocMb.toFixed(0)} MB`,
          ],
          [
            `bare node:http client: catalog, tag lists and ${n * TAGS} HEADs only (the floor)`,
            fmtStats(floorStats),
            fmtRatio(doc.median / floorStats.median),
            '-',
          ],
        ],
      );
      const misses: string[] = [];
      if (ratio < TARGET) misses.push(`docker/signet audit ${fmtRatio(ratio)} < ${TARGET}×`);
      if (peakMb >= RSS_LIMIT_MB || inprocMb >= RSS_LIMIT_MB)
        misses.push(`peak RSS ${peakMb.toFixed(0)}/${inprocMb.toFixed(0)} MB ≥ ${RSS_LIMIT_MB} MB`);
      return {
        tables: [
          `Audit of a registry with ${n} repositories × ${TAGS} signed tags (built in ${fmtMs(buildMs)}), ${runs} runs after 1 warm-up, interleaved, metadata cache deleted before every run.\n${table}`,
          `Target: docker trust inspect / signet audit ≥ ${TARGET}× and peak RSS < ${RSS_LIMIT_MB} MB: ${pass ? 'PASS' : 'MISS'} (${fmtRatio(ratio)}, ${peakMb.toFixed(0)} MB)\n` +
            `signet audit / the bare registry requests alone: ${fmtRatio(sig.median / floorStats.median)} (the registry checks cannot take less than the floor)\n`,
        ],
        result,
        misses,
      };
    },
  };
}
