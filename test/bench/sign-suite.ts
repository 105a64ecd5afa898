/**
 * Bench suite `sign-publish`: signing and publishing ONE tag, signet vs notary, on the shared stack.
 *
 * Three equivalent repositories, each made by adminSignedRepo (notary init -p, server-managed
 * snapshot, one tag signed by the admin in `targets`), each with its own admin identity holding the
 * root and targets keys; passphrases come from the identity's environment (no prompt).
 * BENCH_SIGN_RUNS rounds (default 7) after 1 warm-up; each round pushes a fresh tag to the registry
 * for every repository (not timed), then times, as separate processes, in an order that rotates
 * every round so that load from elsewhere hits every tool alike:
 *   (a) signet      `node cli/bin/signet.js sign GUN:TAG`: signet resolves digest and size from
 *                   the registry itself (one HEAD), then signs and publishes
 *   (b) notary      `notary addhash GUN TAG SIZE --sha256 HEX` + `notary publish GUN`, the sum of
 *                   both processes: notary is GIVEN digest and size (no registry access)
 *   (c) notary -p   `notary addhash ... -p`, one process (reference only)
 * After every round, `docker trust inspect GUN:TAG` (a key-less viewer) must show the tag signed by
 * "Repo Admin" with the pushed digest in every repository; a mismatch aborts the suite.
 *
 * Target (issue): notary (addhash + publish) / signet ≥ 2×, passphrase entry excluded.
 */
import type { Identity } from '../helpers/identity.js';
import { pushImage, type PushResult } from '../helpers/registry-push.js';
import { adminSignedRepo, dockerTrustInspect, viewer, type Scenario } from '../helpers/scenarios.js';
import {
  describe,
  fmtMs,
  fmtRatio,
  fmtStats,
  formatTable,
  measure,
  runCommand,
  stats,
  type CommandResult,
  type CommandSpec,
  type Stats,
} from './lib.js';
import { envOf, fail, notarySpec, signetSpec } from './inspect-suite.js';
import type { BenchSuite } from './run.js';

const TARGET = 2;

type Tool = 'signet' | 'notary' | 'notaryP';

const TOOL_LABEL: Record<Tool, string> = {
  signet: 'signet sign GUN:TAG',
  notary: 'notary addhash GUN TAG SIZE --sha256 HEX + notary publish GUN',
  notaryP: 'notary addhash GUN TAG SIZE --sha256 HEX -p',
};

export interface SignPublishResult {
  rounds: number;
  warmup: number;
  repositories: Record<Tool, string>;
  commands: Record<Tool, string[]>;
  signet: Stats;
  notary: { total: Stats; addhash: Stats; publish: Stats };
  notaryP: Stats;
  reference: { nodeBare: Stats; signetHelp: Stats; notaryVersion: Stats };
  ratios: { notaryOverSignet: number; notaryPOverSignet: number };
  startupAdjusted: {
    signet: number;
    notary: number;
    notaryP: number;
    notaryOverSignet: number;
    notaryPOverSignet: number;
  };
  target: { want: number; got: number; pass: boolean };
  note: string;
}

function expectOk(what: string, spec: CommandSpec, r: CommandResult, stdoutMatch?: RegExp): void {
  if (r.code !== 0) fail(`${what} failed`, r, spec);
  if (stdoutMatch && !stdoutMatch.test(r.stdout)) fail(`${what}: unexpected output`, r, spec);
}

export function signPublishSuite(rounds = 7): BenchSuite {
  return {
    name: 'sign-publish',
    description:
      'sign and publish one tag: signet sign (resolves the digest itself) vs notary addhash + notary publish (digest given) vs notary addhash -p; admin-signed repositories, targets key held',
    needsStack: true,
    async run(ctx) {
      const { stack, log } = ctx;
      const tools: Tool[] = ['signet', 'notary', 'notaryP'];

      // three equivalent repositories, built with the real notary CLI
      const t0 = process.hrtime.bigint();
      const built = await Promise.all(
        tools.map((t) => adminSignedRepo(stack, `bench/sign-${t === 'notaryP' ? 'notary-p' : t}`, ['base'])),
      );
      const sc = Object.fromEntries(tools.map((t, i) => [t, built[i]!])) as Record<Tool, Scenario>;
      log(`built ${tools.map((t) => sc[t].gun).join(', ')} in ${fmtMs(Number(process.hrtime.bigint() - t0) / 1e6)}`);
      const admin = Object.fromEntries(tools.map((t) => [t, sc[t].identities.admin!])) as Record<Tool, Identity>;
      const inspector = viewer(stack);

      const times = {
        signet: [] as number[],
        notary: [] as number[],
        addhash: [] as number[],
        publish: [] as number[],
        notaryP: [] as number[],
      };
      const commands = {} as Record<Tool, string[]>;
      for (let round = 0; round <= rounds; round++) {
        const tag = `r${round}`;
        // not timed: the image for this round's tag, in every repository
        const pushedList = await Promise.all(tools.map((t) => pushImage(stack.registryHost, sc[t].repo, tag)));
        const pushed = Object.fromEntries(tools.map((t, i) => [t, pushedList[i]!])) as Record<Tool, PushResult>;

        const addhash = (t: Tool, publish: boolean): CommandSpec =>
          notarySpec(stack, admin[t], [
            'addhash',
            sc[t].gun,
            tag,
            String(pushed[t].size),
            '--sha256',
            pushed[t].hex,
            ...(publish ? ['-p'] : []),
          ]);
        const specs = {
          signet: [signetSpec(admin.signet, ['sign', `${sc.signet.gun}:${tag}`])],
          notary: [addhash('notary', false), notarySpec(stack, admin.notary, ['publish', sc.notary.gun])],
          notaryP: [addhash('notaryP', true)],
        } satisfies Record<Tool, CommandSpec[]>;
        if (round === 0) for (const t of tools) commands[t] = specs[t].map(describe);

        const runTool = async (t: Tool): Promise<number[]> => {
          const ms: number[] = [];
          for (const spec of specs[t]) {
            const r = await runCommand(spec);
            if (t === 'signet')
              expectOk('signet sign', spec, r, new RegExp(`Successfully signed ${sc.signet.gun}:${tag}\\n`));
            else expectOk(spec.args.includes('publish') ? 'notary publish' : 'notary addhash', spec, r);
            ms.push(r.ms);
          }
          return ms;
        };
        // order rotates per round: signet first, second, third in turn
        const order = tools.map((_, i) => tools[(i + round) % tools.length]!);
        const got = {} as Record<Tool, number[]>;
        for (const t of order) got[t] = await runTool(t);

        // correctness: docker sees the tag, signed by the admin, with the pushed digest, everywhere
        for (const t of tools) {
          const { result, json } = await dockerTrustInspect(inspector, [`${sc[t].gun}:${tag}`]);
          const row = json[0]?.SignedTags.find((s) => s.SignedTag === tag);
          if (result.code !== 0 || !row || row.Digest !== pushed[t].hex || row.Signers.join(',') !== 'Repo Admin') {
            throw new Error(
              `after round ${round}, docker trust inspect ${sc[t].gun}:${tag} does not show the tag signed by Repo Admin with digest ${pushed[t].hex} ` +
                `(${TOOL_LABEL[t]}):\nrc=${result.code}\nstdout: ${result.stdout.slice(0, 2000)}\nstderr: ${result.stderr.slice(0, 2000)}`,
            );
          }
        }

        const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
        if (round > 0) {
          times.signet.push(sum(got.signet));
          times.notary.push(sum(got.notary));
          times.addhash.push(got.notary[0]!);
          times.publish.push(got.notary[1]!);
          times.notaryP.push(sum(got.notaryP));
        }
        log(
          `  [sign-publish] ${round === 0 ? 'warm-up' : `run ${round}/${rounds}`} (${tag}, order ${order.join(' → ')}): ` +
            `signet ${fmtMs(sum(got.signet))}, notary addhash ${fmtMs(got.notary[0]!)} + publish ${fmtMs(got.notary[1]!)} = ${fmtMs(sum(got.notary))}, ` +
            `notary addhash -p ${fmtMs(sum(got.notaryP))}; docker trust inspect OK`,
        );
      }

      // reference points: each tool's own process start-up
      log('reference: node -e 0, signet --help, notary version');
      const refRuns = Math.max(ctx.runs, rounds);
      const nodeBare = await measure(
        { cmd: process.execPath, args: ['-e', '0'], env: envOf(inspector) },
        { runs: refRuns, progress: false },
      );
      const signetHelp = await measure(signetSpec(inspector, ['--help']), { runs: refRuns, progress: false });
      const notaryVersion = await measure(
        { cmd: 'notary', args: ['version'], env: envOf(inspector) },
        { runs: refRuns, progress: false },
      );

      const signet = stats(times.signet);
      const notary = { total: stats(times.notary), addhash: stats(times.addhash), publish: stats(times.publish) };
      const notaryP = stats(times.notaryP);
      const ratio = notary.total.median / signet.median;
      const ratioP = notaryP.median / signet.median;
      // start-up-adjusted: the work above each process's start-up; notary (b) starts two processes
      const adjSignet = signet.median - nodeBare.median;
      const adjNotary = notary.total.median - 2 * notaryVersion.median;
      const adjNotaryP = notaryP.median - notaryVersion.median;
      const pass = ratio >= TARGET;
      const note =
        'notary is given the digest and size (addhash GUN TAG SIZE --sha256 HEX, no registry access); signet resolves them from the registry itself (one HEAD of the manifest)';

      const result: SignPublishResult = {
        rounds,
        warmup: 1,
        repositories: Object.fromEntries(tools.map((t) => [t, sc[t].gun])) as Record<Tool, string>,
        commands,
        signet,
        notary,
        notaryP,
        reference: { nodeBare, signetHelp, notaryVersion },
        ratios: { notaryOverSignet: ratio, notaryPOverSignet: ratioP },
        startupAdjusted: {
          signet: adjSignet,
          notary: adjNotary,
          notaryP: adjNotaryP,
          notaryOverSignet: adjNotary / adjSignet,
          notaryPOverSignet: adjNotaryP / adjSignet,
        },
        target: { want: TARGET, got: ratio, pass },
        note,
      };
      const misses = pass ? [] : [`notary (addhash + publish)/signet sign ${fmtRatio(ratio)} < ${TARGET}×`];

      const main = formatTable(
        ['command (processes)', 'median (min–max)', 'tool/signet'],
        [
          ['(a) signet sign GUN:TAG (1; resolves the digest from the registry)', fmtStats(signet), '1.00×'],
          ['(b) notary addhash + notary publish (2; digest/size given), sum', fmtStats(notary.total), fmtRatio(ratio)],
          ['      of which notary addhash (stage the change)', fmtStats(notary.addhash), '-'],
          ['      of which notary publish (sign + upload)', fmtStats(notary.publish), '-'],
          ['(c) notary addhash -p (1; digest/size given), reference', fmtStats(notaryP), fmtRatio(ratioP)],
        ],
      );
      const targets = formatTable(
        ['comparison', 'target', 'measured', 'start-up-adjusted', 'result'],
        [
          [
            'notary (addhash + publish) / signet sign',
            `≥ ${TARGET}×`,
            fmtRatio(ratio),
            fmtRatio(adjNotary / adjSignet),
            pass ? 'PASS' : 'MISS',
          ],
          ['notary addhash -p / signet sign (reference)', '—', fmtRatio(ratioP), fmtRatio(adjNotaryP / adjSignet), ''],
        ],
      );
      const refTable = formatTable(
        ['reference', 'median (min–max)'],
        [
          ['node -e 0 (floor of any node CLI)', fmtStats(nodeBare)],
          ['node cli/bin/signet.js --help (node + CLI modules)', fmtStats(signetHelp)],
          ['notary version (floor of one notary process)', fmtStats(notaryVersion)],
        ],
      );
      const adjustedTable = formatTable(
        ['tool', 'median', 'minus start-up', 'work above start-up'],
        [
          ['signet sign', fmtMs(signet.median), `node -e 0 ${fmtMs(nodeBare.median)}`, fmtMs(adjSignet)],
          [
            'notary addhash + publish',
            fmtMs(notary.total.median),
            `2 × notary version ${fmtMs(2 * notaryVersion.median)}`,
            fmtMs(adjNotary),
          ],
          [
            'notary addhash -p',
            fmtMs(notaryP.median),
            `notary version ${fmtMs(notaryVersion.median)}`,
            fmtMs(adjNotaryP),
          ],
        ],
      );
      return {
        tables: [
          `Sign and publish one tag, ${rounds} rounds after 1 warm-up, a fresh tag per round, each command a separate process, order rotating, every round checked with docker trust inspect.\n` +
            `Note: ${note}.\n${main}`,
          `Target:\n${targets}`,
          `Reference:\n${refTable}`,
          `Start-up-adjusted (work above each tool's own process start-up; notary (b) starts two processes):\n${adjustedTable}`,
        ],
        result,
        misses,
      };
    },
  };
}
