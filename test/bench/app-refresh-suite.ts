/**
 * Bench suite `app-refresh-N-tags` (issue 17 item 7): the app's refresh of an N-tag repository in
 * the targets/releases + signer layout (built with the real notary CLI, as the inspect suite's).
 *
 *  - in process, through the main process's handler: `trust:view` dispatched as the window asks
 *    for it (guards, handler, core, DTO), in this process (composeMain, as the browser harness
 *    runs it), warm cache and right after a new publish (one more tag, published by the signer
 *    with the real notary CLI, untimed), interleaved with `docker trust inspect` of the same
 *    repository (a process, its own warm cache) after the same publish;
 *  - in Chromium through the harness: from clicking Refresh to the table painted with the new
 *    data (performance marks `signet:rows-painted`), warm and after a new publish.
 *
 * Checked first and on every run: the view's signed tags (tag, digest, signers) are docker's.
 * Target: docker trust inspect / trust:view ≥ 10×, warm and after a publish.
 * Standalone: `node --import tsx test/bench/app-refresh-suite.ts` (BENCH_APP_TAGS, BENCH_RUNS).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrustView } from '../../electron/ipc/contract.js';
import { composeMain } from '../../electron/main/compose.js';
import { ok, type Identity } from '../helpers/identity.js';
import { addhashArgs, manyTagsRepo, viewer } from '../helpers/scenarios.js';
import { startSession, waitForExpression } from '../e2e/lib/browser.js';
import { dockerSpec, envOf, fail } from './inspect-suite.js';
import { fmtMs, fmtRatio, fmtStats, formatTable, runCommand, stats, type Stats } from './lib.js';
import type { BenchContext, BenchSuite, SuiteOutcome } from './run.js';

const TARGET = 10;

interface DockerJson {
  SignedTags: Array<{ SignedTag: string; Digest: string; Signers: string[] }>;
}

/** What both show of each signed tag, in one order: tag, digest, signers. */
const rowsOfDocker = (json: string): string[] =>
  (JSON.parse(json) as DockerJson[])[0]!.SignedTags.map((t) => `${t.SignedTag} ${t.Digest} ${t.Signers.join(',')}`);
const rowsOfView = (v: TrustView): string[] =>
  [...v.signedTags]
    .sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0))
    .map((t) => `${t.tag} ${t.digest} ${(t.signers.length ? t.signers : ['Repo Admin']).join(',')}`);

export function appRefreshSuite(nTags = 5000): BenchSuite {
  return {
    name: `app-refresh-${nTags}-tags`,
    description: `the app's refresh of a ${nTags}-tag targets/releases + signer repository: trust:view in process (warm, after a publish) vs docker trust inspect; Refresh → table in Chromium`,
    needsStack: true,
    async run(ctx: BenchContext): Promise<SuiteOutcome> {
      const { stack, log } = ctx;
      const runs = Math.max(3, ctx.runs);
      const t0 = Date.now();
      const sc = await manyTagsRepo(stack, `bench/app-refresh-${nTags}`, nTags, 'releases');
      const gun = sc.gun;
      log(`built ${gun} (${nTags} tags, targets/releases + alice) in ${fmtMs(Date.now() - t0)}`);
      const alice = sc.identities['alice']!;
      let published = 0;
      /** One more tag, released by alice with the real notary CLI (untimed). */
      const publish = async (): Promise<string> => {
        const tag = `new${String(++published).padStart(4, '0')}`;
        const hex = createHash('sha256').update(`${gun}:${tag}`).digest('hex');
        const roles = ['targets/releases', 'targets/alice'];
        ok(await alice.notary(addhashArgs(gun, tag, { hex, size: 1000 + published }, roles, true)), `publish ${tag}`);
        return tag;
      };

      const app: Identity = viewer(stack);
      const dockerId: Identity = viewer(stack);
      const docker = dockerSpec(dockerId, ['trust', 'inspect', gun]);
      const userData = mkdtempSync(join(tmpdir(), 'signet-bench-app-'));
      const { dispatch } = composeMain({
        env: envOf(app),
        userDataDir: userData,
        emit: () => undefined,
        shell: 'harness',
        appVersion: 'bench',
        log: () => undefined,
      });
      const view = async (): Promise<{ v: TrustView; ms: number }> => {
        const s = process.hrtime.bigint();
        const r = await dispatch('trust:view', [gun]);
        const ms = Number(process.hrtime.bigint() - s) / 1e6;
        if (!r.ok) throw new Error(`trust:view ${gun}: ${r.error.code} ${r.error.message}`);
        return { v: r.value as TrustView, ms };
      };
      const inspect = async (): Promise<{ rows: string[]; ms: number }> => {
        const r = await runCommand(docker);
        if (r.code !== 0) fail('docker trust inspect failed', r, docker);
        return { rows: rowsOfDocker(r.stdout), ms: r.ms };
      };
      /** The app's rows must be docker's, and hold the tag published last. */
      const same = (v: TrustView, d: string[], want: number, what: string): void => {
        const mine = rowsOfView(v);
        if (mine.length !== want || JSON.stringify(mine) !== JSON.stringify(d))
          throw new Error(
            `${what}: trust:view shows ${mine.length} tags, docker ${d.length} (want ${want}), or they differ`,
          );
        if (v.source !== 'remote') throw new Error(`${what}: trust:view fell back to cached data`);
      };

      try {
        // correctness, cold: both caches empty
        same((await view()).v, (await inspect()).rows, nTags, 'cold');
        log(`trust:view == docker trust inspect (${nTags} signed tags)`);

        const measured = {
          warm: { app: [] as number[], docker: [] as number[] },
          fresh: { app: [] as number[], docker: [] as number[] },
        };
        for (let i = 0; i <= runs; i++) {
          const a = await view();
          const d = await inspect();
          same(a.v, d.rows, nTags + published, 'warm');
          if (i > 0) {
            measured.warm.app.push(a.ms);
            measured.warm.docker.push(d.ms);
          }
          log(`  warm ${i === 0 ? 'warm-up' : `${i}/${runs}`}: trust:view ${fmtMs(a.ms)}, docker ${fmtMs(d.ms)}`);
        }
        for (let i = 0; i <= runs; i++) {
          await publish();
          const a = await view();
          const d = await inspect();
          same(a.v, d.rows, nTags + published, 'after a publish');
          if (i > 0) {
            measured.fresh.app.push(a.ms);
            measured.fresh.docker.push(d.ms);
          }
          log(
            `  after a publish ${i === 0 ? 'warm-up' : `${i}/${runs}`}: trust:view ${fmtMs(a.ms)}, docker ${fmtMs(d.ms)}`,
          );
        }

        const ui = await refreshInChromium(app, gun, runs, publish, () => nTags + published, log);

        const s = {
          warm: { app: stats(measured.warm.app), docker: stats(measured.warm.docker) },
          fresh: { app: stats(measured.fresh.app), docker: stats(measured.fresh.docker) },
        };
        const ratio = (m: 'warm' | 'fresh'): number => s[m].docker.median / s[m].app.median;
        const misses: string[] = [];
        for (const m of ['warm', 'fresh'] as const)
          if (ratio(m) < TARGET)
            misses.push(
              `${m === 'warm' ? 'warm' : 'after a publish'}: docker/trust:view ${fmtRatio(ratio(m))} < ${TARGET}×`,
            );
        const row = (what: string, m: 'warm' | 'fresh'): string[] => [
          what,
          fmtStats(s[m].app),
          fmtStats(s[m].docker),
          fmtRatio(ratio(m)),
          `≥ ${TARGET}×`,
          ratio(m) >= TARGET ? 'PASS' : 'MISS',
        ];
        const table = formatTable(
          [
            'refresh of the repository',
            'app (median, min–max)',
            'docker trust inspect',
            'docker/app',
            'target',
            'result',
          ],
          [
            row('trust:view in process, warm cache', 'warm'),
            row('trust:view in process, after a new publish', 'fresh'),
            ['Chromium: click Refresh → table painted, nothing new', fmtStats(ui.warm), '-', '-', '-', ''],
            ['Chromium: click Refresh → table painted with the new tag', fmtStats(ui.fresh), '-', '-', '-', ''],
          ],
        );
        return {
          tables: [
            `App refresh of ${gun}: ${nTags} signed tags (+1 per publish), targets/releases + alice; ${runs} runs after 1 warm-up, app and docker interleaved (Chromium ${ui.version}):\n${table}`,
          ],
          result: { gun, tags: nTags, runs, inProcess: s, chromium: ui, targets: { dockerOverApp: TARGET }, misses },
          misses,
        };
      } finally {
        rmSync(userData, { recursive: true, force: true });
      }
    },
  };
}

/** Refresh clicked in Chromium (harness, real handlers) → the Signed tags table painted with what the view brought. */
async function refreshInChromium(
  id: Identity,
  gun: string,
  runs: number,
  publish: () => Promise<string>,
  expected: () => number,
  log: (m: string) => void,
): Promise<{ warm: Stats; fresh: Stats; version: string }> {
  const session = await startSession({ env: id.env, viewport: { width: 1400, height: 900 } });
  const page = session.page;
  try {
    const box = page.getByRole('textbox', { name: 'Repository', exact: true });
    await box.fill(gun);
    await box.press('Enter');
    const painted = (n: number) =>
      waitForExpression(page, `performance.getEntriesByName('signet:rows-painted').length >= ${n}`, 120_000);
    await painted(1);
    // the click's time, taken in the page as it happens
    await page.evaluate(`document.addEventListener('click', (e) => {
      if (e.target.closest('button') && e.target.closest('button').textContent === 'Refresh') window.__clicked = performance.now();
    }, true)`);
    const refresh = page.getByRole('button', { name: 'Refresh', exact: true });
    const rowCount = () => page.getByRole('table', { name: 'Signed tags' }).getAttribute('aria-rowcount');
    // the first view that arrived after the click, and the first rows painted after it
    const after = `(() => {
      const c = window.__clicked;
      const d = performance.getEntriesByName('signet:view-data').find((e) => e.startTime > c);
      const p = d && performance.getEntriesByName('signet:rows-painted').find((e) => e.startTime > d.startTime);
      return p ? p.startTime - c : 0;
    })()`;
    const once = async (fresh: boolean): Promise<number> => {
      if (fresh) await publish();
      await page.evaluate('window.__clicked = Infinity');
      await refresh.click();
      await waitForExpression(page, after, 120_000);
      const rows = Number(await rowCount()) - 1;
      if (rows !== expected()) throw new Error(`after Refresh the table has ${rows} rows, expected ${expected()}`);
      return (await page.evaluate(after)) as number;
    };
    const measure = async (fresh: boolean): Promise<Stats> => {
      const times: number[] = [];
      for (let i = 0; i <= runs; i++) {
        const ms = await once(fresh);
        if (i > 0) times.push(ms);
        log(`  Chromium ${fresh ? 'after a publish' : 'warm'} ${i === 0 ? 'warm-up' : `${i}/${runs}`}: ${fmtMs(ms)}`);
      }
      return stats(times);
    };
    const warm = await measure(false);
    const fresh = await measure(true);
    return { warm, fresh, version: await session.browser.version() };
  } finally {
    await session.close();
  }
}

/* standalone: node --import tsx test/bench/app-refresh-suite.ts */
if (process.argv[1] && /app-refresh-suite\.ts$/.test(process.argv[1])) {
  const { startStack } = await import('../helpers/stack.js');
  const stack = await startStack();
  try {
    const out = await appRefreshSuite(Number(process.env['BENCH_APP_TAGS'] ?? 5000)).run({
      stack,
      runs: Number(process.env['BENCH_RUNS'] ?? 5),
      log: (m) => process.stderr.write(`${m}\n`),
    });
    process.stdout.write(
      `${out.tables.join('\n')}\n${out.misses.length ? `targets missed:\n  - ${out.misses.join('\n  - ')}\n` : 'all targets met\n'}`,
    );
  } finally {
    await stack.stop();
  }
}
