/**
 * Bench suite `history`: `signet history --json` of a repository with BENCH_HISTORY_VERSIONS
 * published versions (default 200: notary init, the snapshot key to the server, then one
 * `notary addhash -p` per tag, all with the real notary CLI), against the local notary-server.
 *   cold: nothing kept and no trust cache (every version fetched and verified);
 *   warm: every version kept locally (only what is new is asked for).
 * Targets (issue 12): cold < 3 s, warm < 300 ms. The output is checked on every run.
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { Stack } from '../helpers/stack.js';
import { makeIdentity, ok } from '../helpers/identity.js';
import { clearTufCache, signetSpec } from './inspect-suite.js';
import { fmtMs, fmtStats, formatTable, measure, type CommandResult, type Stats } from './lib.js';
import type { BenchSuite } from './run.js';

const TARGET_COLD_MS = 3000;
const TARGET_WARM_MS = 300;

async function buildRepository(
  stack: Stack,
  publishes: number,
  log: (m: string) => void,
): Promise<{ gun: string; tags: number }> {
  const gun = `${stack.registryHost}/bench/history-${publishes}`;
  const admin = makeIdentity(stack, `history-admin-${process.pid}`);
  const t0 = Date.now();
  ok(await admin.notary(['init', gun, '-p']), 'notary init');
  ok(await admin.notary(['key', 'rotate', gun, 'snapshot', '-r']), 'notary key rotate snapshot -r');
  const tags = publishes - 2;
  for (let i = 1; i <= tags; i++) {
    const hex = createHash('sha256').update(`${gun}:${i}`).digest('hex');
    ok(
      await admin.notary(['addhash', gun, `tag${String(i).padStart(4, '0')}`, String(500 + i), '--sha256', hex, '-p']),
      `addhash ${i}`,
    );
    if (i % 50 === 0) log(`  ${i + 2}/${publishes} publishes (${fmtMs(Date.now() - t0)})`);
  }
  log(`built ${gun}: ${publishes} publishes in ${fmtMs(Date.now() - t0)}`);
  return { gun, tags };
}

export function historySuite(publishes: number): BenchSuite {
  return {
    name: 'history',
    description: `signet history --json of a repository with ${publishes} published versions, cold (nothing kept) and warm (kept locally)`,
    needsStack: true,
    async run(ctx) {
      const { stack, runs, log } = ctx;
      const { gun, tags } = await buildRepository(stack, publishes, log);
      const reader = makeIdentity(stack, `history-reader-${process.pid}`);
      const spec = signetSpec(reader, ['history', '--json', gun]);
      const check = (r: CommandResult) => {
        if (r.code !== 0) throw new Error(`signet history failed (rc=${r.code}): ${r.stderr}`);
        const events = JSON.parse(r.stdout) as Array<{ Change: string }>;
        const added = events.filter((e) => e.Change === 'tag-added').length;
        if (added !== tags || events.some((e) => e.Change === 'unverified')) {
          throw new Error(`signet history listed ${added} tag-added events (want ${tags}): ${r.stdout.slice(0, 500)}`);
        }
      };
      const forget = () => {
        rmSync(reader.env.SIGNET_DATA_DIR!, { recursive: true, force: true });
        clearTufCache(reader);
      };
      const cold: Stats = await measure(spec, { runs, before: forget, check, label: 'history cold' });
      const warm: Stats = await measure(spec, { runs, check, label: 'history warm' });
      const misses: string[] = [];
      if (cold.median > TARGET_COLD_MS) misses.push(`history cold ${fmtMs(cold.median)} > ${fmtMs(TARGET_COLD_MS)}`);
      if (warm.median > TARGET_WARM_MS) misses.push(`history warm ${fmtMs(warm.median)} > ${fmtMs(TARGET_WARM_MS)}`);
      const table = formatTable(
        ['signet history --json', 'median', 'min–max', 'target'],
        [
          ['cold (nothing kept, no cache)', fmtMs(cold.median), fmtStats(cold), `< ${fmtMs(TARGET_COLD_MS)}`],
          ['warm (kept locally)', fmtMs(warm.median), fmtStats(warm), `< ${fmtMs(TARGET_WARM_MS)}`],
        ],
      );
      return {
        tables: [`history of ${gun} (${publishes} publishes, ${tags} tags)\n${table}`],
        result: { gun, publishes, cold, warm, targets: { coldMs: TARGET_COLD_MS, warmMs: TARGET_WARM_MS } },
        misses,
      };
    },
  };
}
