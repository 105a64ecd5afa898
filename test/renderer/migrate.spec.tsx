/**
 * "Migrate to cosign" over a fake main process: opened from a repository's header (More actions)
 * or for the Audit view's selection, it shows main's plan (one row per tag and signer with state
 * and reason), the keys held elsewhere and who must run it, then Migrate: progress as main streams
 * repositories, a passphrase prompt over the dialog, Cancel naming the run; the result with core's
 * summary, the cosign verify commands to copy and Export policies into a folder chosen in main's
 * dialog. After a run the Signed tags table's registry check runs again and shows a cosign badge.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../renderer/app.tsx';
import { createAppStore } from '../../renderer/store/index.ts';
import { ApiError } from '../../renderer/api.ts';
import type {
  AuditReport,
  AuditRequest,
  MigrateExportRequest,
  MigrateReportDTO,
  MigrateRepositoryDTO,
  MigrateRequest,
  MigrateRowDTO,
  RepositoryAudit,
} from '../../electron/ipc/contract.ts';
import { fakeApi, fakeHandle, hex, makeView, type FakeHandlers } from './fixtures.tsx';

afterEach(cleanup);

const REGISTRY = 'registry.example.com:5000';
const APP = `${REGISTRY}/team/app`;
const WEB = `${REGISTRY}/team/web`;
const ALICE = hex('1');
const BOB = hex('2');
const FLAGS = '--insecure-ignore-tlog=true';

const row = (over: Partial<MigrateRowDTO>): MigrateRowDTO => ({
  tag: 'v1',
  signedDigest: hex('c'),
  registryDigest: hex('c'),
  signers: ['alice'],
  keyIds: [ALICE],
  role: 'targets/alice',
  state: 'planned',
  reason: '',
  keyId: ALICE,
  ...over,
});

function repository(state: 'planned' | 'migrated'): MigrateRepositoryDTO {
  return {
    name: APP,
    server: 'https://notary.example.com',
    problems: [],
    rows: [
      row({ state }),
      row({
        tag: 'v2',
        signedDigest: hex('b'),
        registryDigest: hex('e'),
        state,
        reason: 'the tag now serves sha256:eee…',
      }),
      row({
        tag: 'v2',
        signedDigest: hex('b'),
        registryDigest: hex('e'),
        signers: ['bob'],
        keyIds: [BOB],
        role: 'targets/bob',
        state: 'needs-key',
        reason: "bob's key (222222222222) is not on this computer: its holder runs the same command",
        keyId: undefined,
      }),
      row({
        tag: 'v9',
        signedDigest: null,
        signers: [],
        keyIds: [],
        role: undefined,
        state: 'unsigned',
        keyId: undefined,
      }),
    ].map(({ keyId, ...r }) => (keyId ? { ...r, keyId } : r)),
  };
}

function report(operationId: string, dryRun: boolean, over: Partial<MigrateReportDTO> = {}): MigrateReportDTO {
  return {
    operationId,
    dryRun,
    cancelled: false,
    repositories: [repository(dryRun ? 'planned' : 'migrated')],
    failedTargets: [],
    summary: dryRun
      ? '2 to migrate, 1 need a key held elsewhere, 1 unsigned tags (nothing to carry over)'
      : '2 migrated, 1 need a key held elsewhere, 1 unsigned tags (nothing to carry over)',
    exitCode: 1,
    verify: ['v1', 'v2'].map((tag) => ({
      repository: APP,
      tag,
      digest: `sha256:${tag === 'v1' ? hex('c') : hex('b')}`,
      signer: 'alice',
      folder: 'registry.example.com_5000/team/app',
      keyFile: 'alice.pub',
      command: `cosign verify --key alice.pub ${FLAGS} ${APP}@sha256:${tag === 'v1' ? hex('c') : hex('b')}`,
    })),
    ...over,
  };
}

function auditOf(cosign: boolean): AuditReport {
  const repo: RepositoryAudit = {
    name: APP,
    registry: REGISTRY,
    server: 'https://notary.example.com',
    signed: true,
    trustData: 'verified',
    registryChecked: true,
    tags: [
      {
        tag: 'v1',
        signedDigest: hex('c'),
        registryDigest: hex('c'),
        state: 'ok',
        signers: ['alice'],
        cosign: cosign ? [ALICE] : [],
      },
      {
        tag: 'v2',
        signedDigest: hex('b'),
        registryDigest: hex('e'),
        state: 'moved',
        signers: ['alice', 'bob'],
        cosign: [],
      },
      {
        tag: 'v10',
        signedDigest: hex('a'),
        registryDigest: hex('a'),
        state: 'ok',
        signers: ['Repo Admin'],
        cosign: [],
      },
    ],
    roles: [],
    problems: [],
  };
  return {
    repositories: [repo],
    failedTargets: [],
    summary: { repositories: 1, signed: 1, unsigned: 0, problems: 0, expiring: 0, expired: 0 },
    offline: false,
    at: new Date().toISOString(),
    warnDays: 30,
    cancelled: false,
  };
}

/** A channel that waits for the test to answer it. */
function pending<Req, Res>() {
  const requests: Req[] = [];
  let answer: (r: Res) => void = () => undefined;
  return {
    requests,
    handler: (req: Req) => {
      requests.push(req);
      return new Promise<Res>((resolve) => (answer = resolve));
    },
    answer: (r: Res) => answer(r),
  };
}

function setup(more: FakeHandlers = {}) {
  const api = fakeApi(
    {
      watched: [
        { reference: APP, gun: APP, registry: REGISTRY },
        { reference: WEB, gun: WEB, registry: REGISTRY },
      ],
      views: { [APP]: makeView({ gun: APP, name: APP }) },
    },
    more,
  );
  const store = createAppStore(api, { progressLingerMs: 10 });
  render(<App store={store} api={api} />);
  return { api, store };
}

/** The rendered rows of a table: each cell's text (the copy buttons' names left out). */
function cells(table: HTMLElement): string[][] {
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) =>
      [...r.querySelectorAll('td')].map((td) => {
        const c = td.cloneNode(true) as HTMLElement;
        c.querySelectorAll('.sr-only, button').forEach((e) => e.remove());
        return c.textContent!.trim();
      }),
    );
}

describe('Migrate to cosign from a repository’s header', () => {
  test('plan, keys held elsewhere, Migrate with progress and a passphrase, result, verify commands, Export policies', async () => {
    const plan = pending<MigrateRequest, MigrateReportDTO>();
    const run = pending<MigrateRequest, MigrateReportDTO>();
    const exports: MigrateExportRequest[] = [];
    const audits: AuditRequest[] = [];
    let migrated = false;
    const { api, store } = setup({
      'migrate:plan': plan.handler,
      'migrate:run': run.handler,
      'migrate:exportPolicies': async (req) => {
        exports.push(req);
        return { name: 'policies', files: ['README.md', 'registry.example.com_5000/team/app/verify.sh'] };
      },
      'audit:run': async (req) => (audits.push(req), auditOf(migrated)),
      'passphrase:answer': async () => ({ accepted: true as const }),
    });
    act(() => store.getState().select(APP));
    await screen.findByRole('table', { name: 'Signed tags' });
    // the registry check ran before (by itself: a small repository): after the migration it runs again
    await screen.findByText(/: 2 match, 1 moved/);
    const actions = screen.getByRole('group', { name: 'Repository actions' });
    fireEvent.click(within(actions).getByRole('button', { name: 'More actions' }));
    fireEvent.click(within(actions).getByRole('menuitem', { name: 'Migrate to cosign' }));
    expect(store.getState().dialog).toEqual({ kind: 'migrate', targets: [APP], reference: APP });

    const dialog = await screen.findByRole('dialog', { name: `Migrate to cosign — ${APP}` });
    expect(within(dialog).getByRole('status').textContent).toBe('Reading the trust data and the registry…');
    expect(plan.requests).toEqual([{ operationId: expect.stringMatching(/^[0-9a-f]{32}$/), targets: [APP] }]);
    const planId = plan.requests[0]!.operationId;
    // Escape does not close a dialog whose plan is being made
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.getByRole('dialog', { name: `Migrate to cosign — ${APP}` })).toBe(dialog);
    await act(async () => plan.answer(report(planId, true)));

    const table = await within(dialog).findByRole('table', { name: `Plan for ${APP}` });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent!.replace(/[▲▼]/g, '').trim()),
    ).toEqual(['Tag', 'Signed digest', 'Signer', 'Role', 'Key', 'State', 'Reason']);
    expect(cells(table)).toEqual([
      ['v1', hex('c').slice(0, 12), 'alice', 'targets/alice', ALICE.slice(0, 12), 'to migrate', ''],
      [
        'v2',
        hex('b').slice(0, 12),
        'alice',
        'targets/alice',
        ALICE.slice(0, 12),
        'to migrate',
        'the tag now serves sha256:eee…',
      ],
      [
        'v2',
        hex('b').slice(0, 12),
        'bob',
        'targets/bob',
        BOB.slice(0, 12),
        'key held elsewhere',
        "bob's key (222222222222) is not on this computer: its holder runs the same command",
      ],
      ['v9', 'none', '–', '–', 'none', 'unsigned', ''],
    ]);
    expect(dialog.textContent).toContain(
      'Plan (nothing written yet): 2 to migrate, 1 need a key held elsewhere, 1 unsigned tags (nothing to carry over).',
    );
    expect(dialog.textContent).toContain('Some signatures cannot be carried over from this computer');
    const missing = within(dialog).getByRole('list', { name: 'Keys held elsewhere' });
    expect(
      within(missing)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([expect.stringMatching(new RegExp(`^bob .*${BOB}.*signs v2 in ${APP.replace(/\./g, '\\.')}$`))]);
    expect(dialog.textContent).toMatch(/Each holder runs the same migration on their own computer/);

    // Migrate: progress per repository, a passphrase asked by main over the dialog, then the result
    fireEvent.click(within(dialog).getByRole('button', { name: 'Migrate 2 signatures' }));
    expect(run.requests).toEqual([{ operationId: expect.stringMatching(/^[0-9a-f]{32}$/), targets: [APP] }]);
    const runId = run.requests[0]!.operationId;
    expect(runId).not.toBe(planId);
    act(() => api.emitEvent('migrate:progress', { operationId: runId, phase: 'migrating', total: 1, done: 0 }));
    expect(within(dialog).getByRole('status').textContent).toBe('Migrated 0 of 1 repository…');
    expect(within(dialog).getByRole('progressbar', { name: 'Migration progress' })).toBeTruthy();
    // the dialog stays while the run goes on (Cancel migration stops it)
    expect((within(dialog).getByRole('button', { name: 'Close' }) as HTMLButtonElement).disabled).toBe(true);
    // another operation's events are not this one's
    act(() => api.emitEvent('migrate:progress', { operationId: planId, phase: 'migrating', total: 9, done: 7 }));
    expect(within(dialog).getByRole('status').textContent).toBe('Migrated 0 of 1 repository…');

    act(() =>
      api.emitEvent('passphrase:request', {
        requestId: 'req-000000001',
        keyId: ALICE,
        role: 'alice',
        isNew: false,
        attempt: 1,
        minLength: 1,
        canRemember: false,
        timeoutMs: 300_000,
      }),
    );
    const prompt = await screen.findByRole('alertdialog', { name: 'Passphrase for alice key 1111111' });
    fireEvent.change(within(prompt).getByLabelText('Passphrase'), { target: { value: 'alice-pass' } });
    fireEvent.click(within(prompt).getByRole('button', { name: 'Unlock' }));
    act(() => api.emitEvent('passphrase:closed', { requestId: 'req-000000001', reason: 'answered' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());

    act(() =>
      api.emitEvent('migrate:progress', {
        operationId: runId,
        phase: 'migrating',
        total: 1,
        done: 1,
        repository: repository('migrated'),
      }),
    );
    expect(within(dialog).getByRole('table', { name: `Result for ${APP}` })).toBeTruthy();
    migrated = true;
    await act(async () => run.answer(report(runId, false)));
    await within(dialog).findByText(
      'Result: 2 migrated, 1 need a key held elsewhere, 1 unsigned tags (nothing to carry over).',
    );
    expect(dialog.textContent).toContain('Some signatures are not in cosign yet');
    expect(
      cells(within(dialog).getByRole('table', { name: `Result for ${APP}` })).map((r) => [r[0], r[2], r[5]]),
    ).toEqual([
      ['v1', 'alice', 'migrated'],
      ['v2', 'alice', 'migrated'],
      ['v2', 'bob', 'key held elsewhere'],
      ['v9', '–', 'unsigned'],
    ]);

    // the cosign verify commands, each to copy
    const commands = within(dialog).getByRole('list', { name: `cosign verify commands for ${APP}` });
    expect([...commands.querySelectorAll('code')].map((c) => c.textContent)).toEqual([
      `cosign verify --key alice.pub ${FLAGS} ${APP}@sha256:${hex('c')}`,
      `cosign verify --key alice.pub ${FLAGS} ${APP}@sha256:${hex('b')}`,
    ]);
    expect(dialog.textContent).toContain('In registry.example.com_5000/team/app/');
    const writes: string[] = [];
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText: async (t: string) => void writes.push(t) },
      configurable: true,
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Copy the command for v1 signed by alice' }));
    await waitFor(() => expect(writes).toEqual([`cosign verify --key alice.pub ${FLAGS} ${APP}@sha256:${hex('c')}`]));

    // Export policies: a folder from main's dialog, then main writes the run's policies into it
    const exportButton = within(dialog).getByRole('button', { name: 'Export policies' }) as HTMLButtonElement;
    expect(exportButton.disabled).toBe(true);
    api.chooseNext(['policies']);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Choose folder…' }));
    await within(dialog).findByText('policies');
    expect(api.calls).toContain('chooseOpen policy-dir');
    fireEvent.click(exportButton);
    await within(dialog).findByText('Wrote 2 files to policies');
    expect(exports).toEqual([{ operationId: runId, folder: fakeHandle(1), targets: [APP] }]);

    // the registry check ran again: v1 now shows its cosign badge with alice's key
    await waitFor(() => expect(audits.map((a) => a.targets)).toEqual([[APP], [APP]]));
    fireEvent.click(within(dialog.querySelector<HTMLElement>('.dlg-actions')!).getByRole('button', { name: 'Close' }));
    const signed = await screen.findByRole('table', { name: 'Signed tags' });
    await waitFor(() => expect(signed.querySelectorAll('.cosign-badge').length).toBe(1));
    const badge = signed.querySelector('.cosign-badge')!;
    expect(badge.closest('td')!.querySelector('.tag-name')!.textContent).toBe('v1');
    expect(badge.closest('td')).toBe(badge.closest('tr')!.querySelector('td'));
    expect(badge.getAttribute('data-keys')).toBe(ALICE);
    expect(badge.textContent).toBe(`cosign (cosign signature verifies with key ${ALICE.slice(0, 12)})`);
  });

  test('Cancel names the run; the cancelled report says what was left as it was', async () => {
    const run = pending<MigrateRequest, MigrateReportDTO>();
    const cancels: string[] = [];
    const { store } = setup({
      'migrate:plan': async (req) => report(req.operationId, true),
      'migrate:run': run.handler,
      'migrate:cancel': async (req) => (cancels.push(req.operationId), { cancelled: true }),
    });
    act(() => store.getState().openDialog({ kind: 'migrate', targets: [APP], reference: APP }));
    const dialog = await screen.findByRole('dialog', { name: `Migrate to cosign — ${APP}` });
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Migrate 2 signatures' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel migration' }));
    await waitFor(() => expect(cancels).toEqual([run.requests[0]!.operationId]));
    expect(within(dialog).getByRole('status').textContent).toBe(
      'Cancelling: the repositories in progress finish first…',
    );
    await act(async () => run.answer(report(run.requests[0]!.operationId, false, { cancelled: true })));
    await within(dialog).findByText('Cancelled: the repositories not reached were left as they were.');
  });

  test('a plan that cannot be made says why; Try again plans again; nothing to migrate disables Migrate', async () => {
    let calls = 0;
    const { store } = setup({
      'migrate:plan': async (req) => {
        calls += 1;
        if (calls === 1)
          throw new ApiError({
            code: 'HTTP_UNREACHABLE',
            message: 'cannot reach the trust server https://notary.example.com',
            hint: 'check the trust server in Settings',
          });
        const r = report(req.operationId, true, { exitCode: 0, summary: '1 already there', verify: [] });
        r.repositories[0]!.rows = [
          row({ state: 'already', reason: "a cosign signature by alice's key is there already" }),
        ];
        return r;
      },
    });
    act(() => store.getState().openDialog({ kind: 'migrate', targets: [APP] }));
    const dialog = await screen.findByRole('dialog', { name: `Migrate to cosign — ${APP}` });
    await within(dialog).findByText('The plan could not be made.');
    expect(dialog.textContent).toContain('cannot reach the trust server https://notary.example.com');
    expect(dialog.textContent).toContain('check the trust server in Settings');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Try again' }));
    const migrate = (await within(dialog).findByRole('button', { name: 'Nothing to migrate' })) as HTMLButtonElement;
    expect(migrate.disabled).toBe(true);
    expect(dialog.textContent).toContain('Every signature DCT holds here is in cosign already.');
    expect(within(dialog).queryByRole('list', { name: 'Keys held elsewhere' })).toBeNull();
  });
});

describe('Migrate to cosign from the Audit view', () => {
  test('the registries and repositories chosen there are the targets', async () => {
    const requests: MigrateRequest[] = [];
    const { store } = setup({
      'migrate:plan': async (req) => (requests.push(req), report(req.operationId, true)),
    });
    fireEvent.click(
      within(screen.getByRole('navigation', { name: 'Sections' })).getByRole('button', { name: 'Audit' }),
    );
    const panel = await screen.findByRole('region', { name: 'What to audit' });
    const migrate = within(panel).getByRole('button', { name: 'Migrate to cosign…' }) as HTMLButtonElement;
    expect(migrate.disabled).toBe(true);
    fireEvent.click(within(panel).getByRole('checkbox', { name: WEB }));
    fireEvent.click(within(panel).getByRole('checkbox', { name: /^registry\.example\.com:5000( |$)/ }));
    fireEvent.click(within(panel).getByRole('button', { name: 'Migrate 2 selected to cosign…' }));
    expect(store.getState().dialog).toEqual({ kind: 'migrate', targets: [WEB, REGISTRY] });
    await screen.findByRole('dialog', { name: 'Migrate to cosign — 2 selected' });
    await waitFor(() => expect(requests.map((r) => r.targets)).toEqual([[WEB, REGISTRY]]));
  });
});
