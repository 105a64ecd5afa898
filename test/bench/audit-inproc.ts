/**
 * Child process of the audit bench: the app's audit (core's auditFor over the Node adapters, in process,
 * as the desktop main process runs it) of one registry, `runs` times after one warm-up, each with a
 * cold metadata cache (a fresh copy of an empty DOCKER_CONFIG). Prints one JSON line:
 * { runs: ms[], repositories, tags, problems, maxRssKb }.
 * argv: REGISTRY RUNS; env: the viewer identity's (DOCKER_CONFIG, DOCKER_CONTENT_TRUST_SERVER).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseAuditTarget } from '../../core/audit/targets.js';
import { nodeReadContext } from '../../core/node/read-context.js';
import { auditFor } from '../../core/operations/audit.js';
import { systemClock } from '../../core/node/clock.js';

const [registry, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 5);
const times: number[] = [];
let last = { repositories: 0, tags: 0, problems: 0 };
for (let i = 0; i <= runs; i++) {
  rmSync(join(process.env.DOCKER_CONFIG!, 'trust', 'tuf'), { recursive: true, force: true });
  const services = nodeReadContext({ env: process.env, now: systemClock });
  const t0 = process.hrtime.bigint();
  const report = await auditFor(services, [parseAuditTarget(registry!)]);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  services.close();
  if (i > 0) times.push(ms);
  last = {
    repositories: report.repositories.length,
    tags: report.repositories.reduce((n, r) => n + r.tags.length, 0),
    problems: report.summary.problems,
  };
}
process.stdout.write(`${JSON.stringify({ runs: times, ...last, maxRssKb: process.resourceUsage().maxRSS })}\n`);
