/**
 * The renderer's vitest specs (jsdom), counted by `npm test`: runs `vitest run --reporter=json`
 * in a child process and reports ONE node:test subtest per vitest test, named after it, so a
 * failing spec shows up by name in the node:test summary.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'reports', 'vitest.json');

interface VitestJson {
  numTotalTests: number;
  testResults: Array<{
    name: string;
    status: string;
    message?: string;
    assertionResults: Array<{
      fullName: string;
      status: 'passed' | 'failed' | 'pending' | 'skipped' | 'todo';
      failureMessages: string[];
    }>;
  }>;
}

mkdirSync(dirname(OUT), { recursive: true });
rmSync(OUT, { force: true });
const run = spawnSync(
  process.execPath,
  [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=json', `--outputFile=${OUT}`],
  {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', FORCE_COLOR: '0' },
    timeout: 300_000,
  },
);
const report: VitestJson | undefined = existsSync(OUT)
  ? (JSON.parse(readFileSync(OUT, 'utf8')) as VitestJson)
  : undefined;

test('vitest ran and wrote reports/vitest.json', () => {
  assert.ok(
    report,
    `vitest produced no report (exit ${run.status}):\n${run.stdout?.slice(-4000)}\n${run.stderr?.slice(-4000)}`,
  );
  assert.ok(report.numTotalTests > 0, 'vitest found no tests');
  const broken = report.testResults.filter((f) => f.assertionResults.length === 0 && f.status !== 'passed');
  assert.deepEqual(
    broken.map((f) => `${relative(ROOT, f.name)}: ${f.message ?? f.status}`),
    [],
    'spec files that failed to load',
  );
});

for (const file of report?.testResults ?? []) {
  for (const t of file.assertionResults) {
    const name = `${relative(ROOT, file.name)} > ${t.fullName}`;
    if (t.status === 'pending' || t.status === 'skipped' || t.status === 'todo') test(name, { skip: t.status });
    else test(name, () => assert.equal(t.status, 'passed', t.failureMessages.join('\n')));
  }
}
