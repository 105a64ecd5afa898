/**
 * UI benchmark: a 10,000-tag repository (built with the real notary CLI on the shared stack) in
 * the renderer, in headless Chromium through the browser harness (real handlers).
 *
 *  - first rows: from the trust view's arrival in the store (performance mark `signet:view-data`)
 *    to the first rows painted (`signet:rows-painted`, set after the next paint), per refresh
 *  - scrolling: long tasks (PerformanceObserver 'longtask', Chromium) while the table is scrolled
 *    top to bottom with the mouse wheel and then jumped with End/Home
 *
 * Targets: first rows < 200 ms; no long task over 50 ms while scrolling.
 * Register: in test/bench/run.ts `suites()`, add `uiBenchSuite(envInt('BENCH_UI_TAGS', 10000))`
 * (import { uiBenchSuite } from './ui-bench.js'). Standalone: `node --import tsx test/bench/ui-bench.ts`.
 */
import type { BenchContext, BenchSuite, SuiteOutcome } from './run.js';
import { fmtMs, formatTable, stats, type Stats } from './lib.js';
import { manyTagsRepo, viewer } from '../helpers/scenarios.js';
import { screenshot, startSession, waitForExpression } from '../e2e/lib/browser.js';

const TARGET_FIRST_ROWS_MS = 200;
const TARGET_LONG_TASK_MS = 50;

export interface UiBenchResult {
  tags: number;
  gun: string;
  firstRows: Stats;
  /** Enter pressed → first rows painted, including the trust read (informative). */
  openToRows: number;
  scroll: { wheelSteps: number; durationMs: number; longTasks: number[]; maxLongTaskMs: number };
  renderLongTasks: number[];
  domRowsWhileScrolling: number;
}

export function uiBenchSuite(nTags = 10_000): BenchSuite {
  return {
    name: `ui-${nTags}-tags`,
    description: `renderer with a ${nTags}-tag repository in headless Chromium (harness, real notary): data arrival → first rows painted, long tasks while scrolling`,
    needsStack: true,
    async run(ctx: BenchContext): Promise<SuiteOutcome> {
      const { stack, log } = ctx;
      const runs = Math.max(3, Math.min(ctx.runs, 10));
      const t0 = Date.now();
      const sc = await manyTagsRepo(stack, `bench/ui-${nTags}`, nTags, 'releases');
      log(`built ${sc.gun} (${nTags} tags) in ${fmtMs(Date.now() - t0)}`);
      const session = await startSession({ env: viewer(stack).env, viewport: { width: 1400, height: 900 } });
      const page = session.page;
      try {
        // long tasks from here on, in a page-global list
        await page.evaluate(`(() => {
          window.__longTasks = [];
          new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration }); })
            .observe({ type: 'longtask', buffered: true });
        })()`);
        const box = page.getByRole('textbox', { name: 'Repository', exact: true });
        await box.fill(sc.gun);
        const tOpen = (await page.evaluate('performance.now()')) as number;
        await box.press('Enter');
        await waitForExpression(page, `performance.getEntriesByName('signet:rows-painted').length >= 1`, 120_000);
        const openToRows =
          ((await page.evaluate(`performance.getEntriesByName('signet:rows-painted')[0].startTime`)) as number) - tOpen;
        const rowCount = (await page.evaluate(
          `Number(document.querySelector('table[aria-rowcount]').getAttribute('aria-rowcount')) - 1`,
        )) as number;
        if (rowCount !== nTags) throw new Error(`the Signed tags table has ${rowCount} rows, expected ${nTags}`);
        await screenshot(page, `bench-ui-${nTags}`);

        // refreshes: each new view object → one data mark and one painted mark
        for (let i = 1; i <= runs; i++) {
          await page.getByRole('button', { name: 'Refresh', exact: true }).click();
          await waitForExpression(
            page,
            `performance.getEntriesByName('signet:rows-painted').length >= ${i + 1}`,
            60_000,
          );
        }
        const firstRowsRuns = (await page.evaluate(`(() => {
          const data = performance.getEntriesByName('signet:view-data');
          const painted = performance.getEntriesByName('signet:rows-painted');
          return painted.map((p) => { const d = data.filter((x) => x.startTime <= p.startTime).pop(); return d ? p.startTime - d.startTime : NaN; });
        })()`)) as number[];
        const renderLongTasks = ((await page.evaluate(`window.__longTasks.map((t) => t.duration)`)) as number[]).map(
          Math.round,
        );

        // scrolling: wheel through the whole table, then End / Home
        await page.evaluate(`window.__longTasks = []`);
        const scroller = page.locator('.table-scroller').first();
        const bbox = await scroller.boundingBox();
        if (!bbox) throw new Error('no table scroller');
        await page.mouse.move(bbox.x + bbox.width / 2, bbox.y + bbox.height / 2);
        const total = nTags * 36;
        const step = 1800;
        const steps = Math.ceil(total / step);
        const s0 = Date.now();
        for (let i = 0; i < steps; i++) {
          await page.mouse.wheel(0, step);
          if (i % 4 === 0) await page.evaluate('new Promise((r) => requestAnimationFrame(() => r(0)))');
        }
        await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(0))))');
        const domRowsWhileScrolling = (await page.evaluate(
          `document.querySelectorAll('.table-scroller tbody tr[data-index]').length`,
        )) as number;
        const lastIndex = (await page.evaluate(
          `Math.max(...[...document.querySelectorAll('.table-scroller tbody tr[data-index]')].map((r) => Number(r.dataset.index)))`,
        )) as number;
        await page.locator('.table-scroller tbody tr[data-index]').last().focus();
        await page.keyboard.press('Home');
        await page.keyboard.press('End');
        await page.keyboard.press('Home');
        await page.evaluate('new Promise((r) => setTimeout(r, 100))');
        const scrollMs = Date.now() - s0;
        const scrollLong = ((await page.evaluate(`window.__longTasks.map((t) => t.duration)`)) as number[]).map(
          Math.round,
        );
        if (lastIndex < nTags - 1)
          log(`note: after wheel scrolling the last rendered row is ${lastIndex}, not ${nTags - 1}`);

        const firstRows = stats(firstRowsRuns.filter((x) => Number.isFinite(x)));
        const result: UiBenchResult = {
          tags: nTags,
          gun: sc.gun,
          firstRows,
          openToRows,
          scroll: {
            wheelSteps: steps,
            durationMs: scrollMs,
            longTasks: scrollLong,
            maxLongTaskMs: Math.max(0, ...scrollLong),
          },
          renderLongTasks,
          domRowsWhileScrolling,
        };
        const misses: string[] = [];
        if (firstRows.median >= TARGET_FIRST_ROWS_MS)
          misses.push(`first rows median ${fmtMs(firstRows.median)} ≥ ${TARGET_FIRST_ROWS_MS} ms`);
        if (result.scroll.maxLongTaskMs > TARGET_LONG_TASK_MS)
          misses.push(`long task of ${result.scroll.maxLongTaskMs} ms while scrolling (> ${TARGET_LONG_TASK_MS} ms)`);
        const table = formatTable(
          ['measure', 'value', 'target', 'result'],
          [
            [
              'data arrival → first rows painted (median, min–max)',
              `${fmtMs(firstRows.median)} (${fmtMs(firstRows.min)}–${fmtMs(firstRows.max)}), ${firstRowsRuns.length} runs`,
              `< ${TARGET_FIRST_ROWS_MS} ms`,
              firstRows.median < TARGET_FIRST_ROWS_MS ? 'PASS' : 'MISS',
            ],
            ['Enter → first rows painted (incl. trust read, cold)', fmtMs(openToRows), '—', ''],
            [
              `long tasks while scrolling (${steps} wheel steps + End/Home)`,
              scrollLong.length ? `${scrollLong.length}, max ${result.scroll.maxLongTaskMs} ms` : 'none',
              `none > ${TARGET_LONG_TASK_MS} ms`,
              result.scroll.maxLongTaskMs <= TARGET_LONG_TASK_MS ? 'PASS' : 'MISS',
            ],
            [
              'long tasks during open + refreshes',
              renderLongTasks.length ? renderLongTasks.join(', ') + ' ms' : 'none',
              '—',
              '',
            ],
            ['table rows in the DOM while scrolling', String(domRowsWhileScrolling), '—', ''],
          ],
        );
        return {
          tables: [`UI, ${nTags} signed tags (Chromium ${await session.browser.version()}):\n${table}`],
          result,
          misses,
        };
      } finally {
        await session.close();
      }
    },
  };
}

/* standalone: node --import tsx test/bench/ui-bench.ts */
if (process.argv[1] && /ui-bench\.ts$/.test(process.argv[1])) {
  const { startStack } = await import('../helpers/stack.js');
  const stack = await startStack();
  try {
    const n = Number(process.env['BENCH_UI_TAGS'] ?? 10000);
    const out = await uiBenchSuite(n).run({
      stack,
      runs: Number(process.env['BENCH_RUNS'] ?? 5),
      log: (m) => process.stderr.write(`${m}\n`),
    });
    process.stdout.write(
      `${out.tables.join('\n')}\n${out.misses.length ? `targets missed:\n  - ${out.misses.join('\n  - ')}\n` : 'all targets met\n'}`,
    );
    process.exitCode = out.misses.length && process.env['BENCH_STRICT'] === '1' ? 1 : 0;
  } finally {
    await stack.stop();
  }
}
