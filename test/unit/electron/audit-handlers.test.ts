/**
 * The audit channels through the real guards, handlers and core audit (composeMain), with nothing
 * listening where the registry and trust server should be: the audit still ends with a report (the
 * failures are the repository's problems), its events name the run, an export writes core's
 * formatters' bytes to the file chosen in main's (stand-in) save dialog and never replaces a file
 * the dialog did not confirm replacing; a registry target that cannot be listed is
 * a failed target saying what to do in the app; the guards refuse what they must.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatCalendar } from '../../../core/audit/ics.js';
import { formatAuditCsv, formatAuditJson } from '../../../core/audit/report.js';
import { HarnessChooser } from '../../../electron/harness/chooser.js';
import type { AuditReport, ChosenFileDTO, EventChannel, EventChannels } from '../../../electron/ipc/contract.js';
import { composeMain } from '../../../electron/main/compose.js';

/** A port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

test('audit:run → events and a report; audit:export writes it; audit:cancel; bad requests refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'signet-audit-handlers-'));
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
    const run = await dispatch('audit:run', [{ operationId, targets: [gun, `127.0.0.1:${port}`] }]);
    assert.equal(run.ok, true, JSON.stringify(run));
    const report = (run as { value: AuditReport }).value;
    assert.deepEqual(
      report.repositories.map((r) => [r.name, r.trustData, r.registryChecked]),
      [[gun, 'failed', false]],
    );
    assert.deepEqual(
      report.repositories[0]!.problems.map((p) => p.kind),
      ['trust-unreachable'],
    );
    // the registry target: its catalog could not be read; what to do names the app's Repository box
    assert.equal(report.failedTargets.length, 1);
    assert.equal(report.failedTargets[0]!.target, `127.0.0.1:${port}`);

    const mine = events.filter((e) => (e.payload as { operationId?: string }).operationId === operationId);
    assert.deepEqual(
      mine
        .filter((e) => e.event === 'audit:repository')
        .map((e) => (e.payload as EventChannels['audit:repository']).repository.name),
      [gun],
    );
    const phases = mine
      .filter((e) => e.event === 'audit:progress')
      .map((e) => (e.payload as EventChannels['audit:progress']).phase);
    assert.equal(phases[0], 'listing');
    assert.equal(phases.at(-1), 'done');

    // the same operation ID again is refused
    const again = await dispatch('audit:run', [{ operationId, targets: [gun] }]);
    assert.equal(!again.ok && again.error.code, 'BAD_INPUT');

    // exports: core's formatters over the kept report
    const want = {
      json: formatAuditJson(report),
      csv: formatAuditCsv(report),
      ics: formatCalendar(report.repositories, { warnDays: report.warnDays, now: new Date(report.at) }),
    };
    const PURPOSE = { json: 'audit-report', csv: 'audit-csv', ics: 'calendar' } as const;
    /** The file main's save dialog returns (`replace`: the dialog confirmed replacing it). */
    const chosen = async (format: keyof typeof PURPOSE, path: string, replace = false) => {
      chooser.chooseNext({ paths: [path], ...(replace ? { replace } : {}) });
      return dispatch('files:chooseSave', [{ purpose: PURPOSE[format] }]);
    };
    const handle = async (format: keyof typeof PURPOSE, path: string, replace = false): Promise<string> => {
      const r = await chosen(format, path, replace);
      assert.ok(r.ok && r.value, JSON.stringify(r));
      return (r.value as ChosenFileDTO).handle;
    };
    for (const format of ['json', 'csv', 'ics'] as const) {
      const path = join(dir, `report.${format}`);
      const r = await dispatch('audit:export', [{ operationId, format, file: await handle(format, path) }]);
      assert.deepEqual(r, { ok: true, value: { name: `report.${format}`, bytes: Buffer.byteLength(want[format]) } });
      assert.equal(readFileSync(path, 'utf8'), want[format]);
    }
    // a file chosen for the calendar is not a JSON report
    const mixed = await dispatch('audit:export', [
      { operationId, format: 'json', file: await handle('ics', join(dir, 'mixed.ics')) },
    ]);
    assert.match(!mixed.ok ? mixed.error.message : '', /chosen for another use \(save calendar\)/);
    // a file that is there: refused unless the dialog confirmed replacing it
    const taken = join(dir, 'taken.json');
    writeFileSync(taken, 'keep\n');
    const refused = await chosen('json', taken);
    assert.equal(!refused.ok && refused.error.code, 'BAD_INPUT');
    assert.match(
      !refused.ok ? refused.error.message : '',
      /taken\.json is there already and replacing it was not confirmed/,
    );
    assert.equal(readFileSync(taken, 'utf8'), 'keep\n');
    const replacing = await chosen('json', taken, true);
    assert.equal(replacing.ok && (replacing.value as ChosenFileDTO).replaces, true);
    const file = (replacing.ok && (replacing.value as ChosenFileDTO).handle) || '';
    assert.equal((await dispatch('audit:export', [{ operationId, format: 'json', file }])).ok, true);
    assert.equal(readFileSync(taken, 'utf8'), want.json);
    const spent = await dispatch('audit:export', [{ operationId, format: 'json', file }]);
    assert.match(!spent.ok ? spent.error.message : '', /no longer available/);
    const other = await handle('json', join(dir, 'other.json'));
    const unknown = await dispatch('audit:export', [{ operationId: 'b2'.repeat(16), format: 'json', file: other }]);
    assert.equal(!unknown.ok && unknown.error.code, 'BAD_INPUT');

    // nothing runs under that ID any more
    assert.deepEqual(await dispatch('audit:cancel', [{ operationId }]), { ok: true, value: { cancelled: false } });

    // guards: paths (the old request), unknown formats, bad IDs, no targets, out-of-range numbers
    for (const args of [
      [{ operationId, format: 'json', path: join(dir, 'report.json') }],
      [{ operationId, format: 'json', file: join(dir, 'report.json') }],
      [{ operationId, format: 'json', file: other, replace: true }],
      [{ operationId, format: 'pdf', file: other }],
      [{ operationId: 'x', format: 'json', file: other }],
    ]) {
      const r = await dispatch('audit:export', args);
      assert.equal(!r.ok && r.error.code, 'IPC_BAD_ARGUMENTS', JSON.stringify(args));
    }
    for (const req of [
      { operationId, targets: [] },
      { operationId, targets: ['a b'] },
      { operationId, targets: [gun], warnDays: -1 },
      { operationId, targets: [gun], concurrency: 0 },
      { operationId, targets: [gun], concurrency: 1.5 },
      { operationId, targets: [gun], offline: 'yes' },
      { operationId, targets: [], archives: [] },
      { operationId, targets: [], archives: ['not-an-id'] },
      { operationId, archives: ['0'.repeat(32)] },
    ]) {
      const r = await dispatch('audit:run', [req]);
      assert.equal(!r.ok && r.error.code, 'IPC_BAD_ARGUMENTS', JSON.stringify(req));
    }
    const malformed = await dispatch('audit:run', [{ operationId: 'c3'.repeat(16), targets: ['nodots'] }]);
    assert.equal(!malformed.ok && malformed.error.code, 'BAD_REFERENCE');

    // offline (signet audit --offline): the trust server and registry are not asked; nothing cached, no trust data
    const offline = await dispatch('audit:run', [{ operationId: 'd4'.repeat(16), targets: [gun], offline: true }]);
    assert.ok(offline.ok, JSON.stringify(offline));
    const r = (offline as { value: AuditReport }).value;
    assert.equal(r.offline, true);
    assert.deepEqual(
      r.repositories.map((x) => [x.name, x.trustData, x.registryChecked, x.problems.map((p) => p.kind)]),
      [[gun, 'none', false, []]],
    );
    // an archive the renderer names must be open in this session
    const closed = await dispatch('audit:run', [
      { operationId: 'e5'.repeat(16), targets: [], archives: ['0'.repeat(32)] },
    ]);
    assert.equal(!closed.ok && closed.error.code, 'BAD_INPUT');
    assert.match(!closed.ok ? closed.error.message : '', /no longer open/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('repositories:addRegistry refuses a repository and an unreachable registry, and keeps neither', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'signet-registries-'));
  try {
    const port = await closedPort();
    const { dispatch, settings } = composeMain({
      env: { DOCKER_CONFIG: join(dir, 'docker') },
      userDataDir: join(dir, 'user'),
      shell: 'harness',
      appVersion: 'test',
      log: () => undefined,
      emit: () => undefined,
    });
    const down = await dispatch('repositories:addRegistry', [`127.0.0.1:${port}`]);
    assert.equal(!down.ok && down.error.code, 'HTTP_UNREACHABLE', JSON.stringify(down));
    const notRegistry = await dispatch('repositories:addRegistry', ['127.0.0.1:5000/team/app']);
    assert.equal(!notRegistry.ok && notRegistry.error.code, 'IPC_BAD_ARGUMENTS', 'a slash is refused by the guard');
    assert.deepEqual((await settings.settings()).watchedRegistries, []);
    assert.deepEqual(await dispatch('repositories:registries', []), { ok: true, value: [] });
    const remove = await dispatch('repositories:removeRegistry', ['r.example.com']);
    assert.equal(!remove.ok && remove.error.code, 'BAD_INPUT');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
