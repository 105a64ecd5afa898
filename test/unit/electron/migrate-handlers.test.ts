/**
 * The migrate channels through the real guards, handlers and core migration (composeMain), with
 * nothing listening where the registry and trust server should be: a plan still ends with a report
 * (the repository's failure is its problem, `signet migrate`'s exit status 1), its progress events
 * name the run (listing, then each repository, then done); an operation ID is used once; Export
 * policies takes only a folder chosen for policies and, with no signature in cosign, writes nothing
 * and says so; a report main no longer keeps is refused unless the targets are given to plan again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HarnessChooser } from '../../../electron/harness/chooser.js';
import type {
  ChosenFileDTO,
  EventChannel,
  EventChannels,
  MigrateReportDTO,
  OpenPurpose,
} from '../../../electron/ipc/contract.js';
import { composeMain } from '../../../electron/main/compose.js';

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

test('migrate:plan → progress events and a report; exportPolicies refuses what it must; IDs once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'signet-migrate-handlers-'));
  try {
    const port = await closedPort();
    const events: Array<{ event: EventChannel; payload: EventChannels[EventChannel] }> = [];
    const chooser = new HarnessChooser();
    const { dispatch } = composeMain({
      dialogs: chooser,
      env: { DOCKER_CONFIG: join(dir, 'docker'), DOCKER_CONTENT_TRUST_SERVER: `https://127.0.0.1:${port}` },
      userDataDir: join(dir, 'user'),
      shell: 'harness',
      appVersion: 'test',
      log: () => undefined,
      emit: (event, payload) => events.push({ event, payload }),
    });
    const operationId = 'a1'.repeat(16);
    const gun = `127.0.0.1:${port}/team/app`;
    const plan = await dispatch('migrate:plan', [{ operationId, targets: [gun] }]);
    assert.equal(plan.ok, true, JSON.stringify(plan));
    const report = (plan as { value: MigrateReportDTO }).value;
    assert.equal(report.operationId, operationId);
    assert.equal(report.dryRun, true);
    assert.deepEqual(
      report.repositories.map((r) => [r.name, r.rows.length, r.problems.length]),
      [[gun, 0, 1]],
    );
    assert.match(report.repositories[0]!.problems[0]!, new RegExp(`127\\.0\\.0\\.1:${port}`));
    assert.equal(report.exitCode, 1, 'a repository that failed is left, as signet migrate exits 1');
    assert.deepEqual(report.verify, []);

    const progress = events
      .filter((e) => e.event === 'migrate:progress')
      .map((e) => e.payload as EventChannels['migrate:progress']);
    assert.ok(progress.every((p) => p.operationId === operationId));
    assert.deepEqual(
      progress.map((p) => [p.phase, p.done, p.total, p.repository?.name]),
      [
        ['listing', 0, 0, undefined],
        ['migrating', 0, 1, undefined],
        ['migrating', 1, 1, gun],
        ['done', 1, 1, undefined],
      ],
    );

    const again = await dispatch('migrate:run', [{ operationId, targets: [gun] }]);
    assert.equal(!again.ok && again.error.code, 'BAD_INPUT');
    assert.match(!again.ok ? again.error.message : '', /was started before/);
    assert.deepEqual(await dispatch('migrate:cancel', [{ operationId }]), { ok: true, value: { cancelled: false } });

    const folder = async (purpose: OpenPurpose, path: string): Promise<string> => {
      mkdirSync(path, { recursive: true });
      chooser.chooseNext({ paths: [path] });
      const r = await dispatch('files:chooseOpen', [{ purpose }]);
      assert.ok(r.ok && (r.value as ChosenFileDTO[]).length === 1, JSON.stringify(r));
      return (r.value as ChosenFileDTO[])[0]!.handle;
    };
    const out = join(dir, 'policies');
    const handle = await folder('policy-dir', out);
    const shown = chooser.shown.at(-1)!;
    assert.ok(shown.kind === 'open' && shown.directory && shown.createDirectory, JSON.stringify(shown));
    // nothing is in cosign (the repository could not be read): nothing written, and it says why
    const none = await dispatch('migrate:exportPolicies', [{ operationId, folder: handle }]);
    assert.equal(!none.ok && none.error.code, 'BAD_INPUT');
    assert.match(!none.ok ? none.error.message : '', /no signature is in cosign/);
    assert.deepEqual(readdirSync(out), []);
    // a report main does not keep: refused, unless the targets come to plan it again
    const unknown = await dispatch('migrate:exportPolicies', [{ operationId: 'b2'.repeat(16), folder: handle }]);
    assert.match(!unknown.ok ? unknown.error.message : '', /no finished plan or migration/);
    const replanned = await dispatch('migrate:exportPolicies', [
      { operationId: 'b2'.repeat(16), folder: handle, targets: [gun] },
    ]);
    assert.match(!replanned.ok ? replanned.error.message : '', /no signature is in cosign/);
    // a folder chosen for another use (a trust dir to import keys from) is not a policy folder
    const trustDir = await folder('trust-dir', join(dir, 'trust'));
    const mixed = await dispatch('migrate:exportPolicies', [
      { operationId: 'c3'.repeat(16), folder: trustDir, targets: [gun] },
    ]);
    assert.match(!mixed.ok ? mixed.error.message : '', /was chosen for another use \(open trust-dir\)/);

    const malformed = await dispatch('migrate:plan', [{ operationId: 'd4'.repeat(16), targets: ['nodots'] }]);
    assert.equal(!malformed.ok && malformed.error.code, 'BAD_REFERENCE');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
