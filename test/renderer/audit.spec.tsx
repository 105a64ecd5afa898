/**
 * The Audit view, "Add registry" and the Signed tags table's Registry column over a fake main
 * process: results arrive as events while the audit runs, the finished report replaces them;
 * summary per registry, problems with what to do, the expiry timeline with today marked; Cancel
 * and Export name the run's operation ID; a registry without a catalog says what to do instead.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../renderer/app.tsx';
import { createAppStore } from '../../renderer/store/index.ts';
import { ApiError } from '../../renderer/api.ts';
import type { AuditReport, AuditRequest, RepositoryAudit } from '../../electron/ipc/contract.ts';
import { fakeApi, fakeHandle, hex, makeView, type FakeHandlers } from './fixtures.tsx';

afterEach(cleanup);

const REGISTRY = 'registry.example.com:5000';
const APP = `${REGISTRY}/team/app`;
const WEB = `${REGISTRY}/team/web`;
const DAY = 86_400_000;
const iso = (days: number): string => new Date(Date.now() + days * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');

function repo(name: string, over: Partial<RepositoryAudit> = {}): RepositoryAudit {
  return {
    name,
    registry: REGISTRY,
    server: 'https://notary.example.com',
    signed: true,
    trustData: 'verified',
    registryChecked: true,
    tags: [{ tag: 'v1', signedDigest: hex('a'), registryDigest: hex('a'), state: 'ok', signers: ['Repo Admin'] }],
    roles: [
      { role: 'root', expires: iso(3650), state: 'ok', days: 3649, serverRenewed: false },
      { role: 'targets', expires: iso(20), state: 'expiring', days: 19, serverRenewed: false },
      { role: 'timestamp', expires: iso(5), state: 'ok', days: 4, serverRenewed: true },
    ],
    problems: [],
    ...over,
  };
}

const app = repo(APP, {
  tags: [
    { tag: 'v1', signedDigest: hex('a'), registryDigest: hex('a'), state: 'ok', signers: ['Repo Admin'] },
    { tag: 'v2', signedDigest: hex('b'), registryDigest: hex('c'), state: 'moved', signers: ['alice'] },
    { tag: 'v10', signedDigest: hex('d'), registryDigest: null, state: 'missing', signers: ['Repo Admin'] },
    { tag: 'v9', signedDigest: null, registryDigest: null, state: 'unsigned', signers: [] },
  ],
  roles: [
    { role: 'root', expires: iso(3650), state: 'ok', days: 3649, serverRenewed: false },
    { role: 'targets', expires: iso(20), state: 'expiring', days: 19, serverRenewed: false },
    { role: 'targets/old', expires: iso(-3), state: 'expired', days: -3, serverRenewed: false },
    { role: 'timestamp', expires: iso(5), state: 'ok', days: 4, serverRenewed: true },
  ],
  problems: [
    {
      kind: 'moved',
      subject: 'v2',
      message: 'v2: the registry serves sha256:c… but sha256:b… was signed',
      fix: 'push the signed image again',
    },
    { kind: 'expiring', subject: 'targets', message: 'targets expires soon', fix: 're-sign the role before then' },
  ],
});
const web = repo(WEB, {
  signed: false,
  trustData: 'none',
  roles: [],
  tags: [{ tag: 'latest', signedDigest: null, registryDigest: null, state: 'unsigned', signers: [] }],
  problems: [
    { kind: 'unsigned', message: 'no trust data: none of its 1 tag is signed (latest)', fix: 'sign the tags' },
  ],
});

function report(repositories: RepositoryAudit[], over: Partial<AuditReport> = {}): AuditReport {
  const problems = repositories.reduce((n, r) => n + r.problems.length, 0);
  return {
    repositories,
    failedTargets: [],
    summary: {
      repositories: repositories.length,
      signed: repositories.filter((r) => r.signed).length,
      unsigned: repositories.filter((r) => !r.signed).length,
      problems,
      expiring: repositories.flatMap((r) => r.roles).filter((r) => r.state === 'expiring').length,
      expired: repositories.flatMap((r) => r.roles).filter((r) => r.state === 'expired').length,
    },
    offline: false,
    at: new Date().toISOString(),
    warnDays: 30,
    cancelled: false,
    ...over,
  };
}

/** `audit:run` that waits for `finish()`; the test emits events meanwhile. */
function pendingAudit() {
  const requests: AuditRequest[] = [];
  let finish: (r: AuditReport) => void = () => undefined;
  const handlers: FakeHandlers = {
    'audit:run': (req) => {
      requests.push(req);
      return new Promise<AuditReport>((resolve) => (finish = resolve));
    },
  };
  return { requests, handlers, finish: (r: AuditReport) => finish(r) };
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

const openAudit = async (): Promise<HTMLElement> => {
  fireEvent.click(within(screen.getByRole('navigation', { name: 'Sections' })).getByRole('button', { name: 'Audit' }));
  return screen.findByRole('region', { name: 'What to audit' });
};

describe('Audit view', () => {
  test('results stream in while the audit runs; then the summary per registry, problems and the timeline', async () => {
    const run = pendingAudit();
    const { api } = setup(run.handlers);
    const panel = await openAudit();
    await within(panel).findByRole('checkbox', { name: APP });
    fireEvent.click(within(panel).getByRole('checkbox', { name: REGISTRY }));
    fireEvent.click(within(panel).getByRole('checkbox', { name: WEB }));
    fireEvent.change(within(panel).getByLabelText('Repositories at once'), { target: { value: '3' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Audit 2 selected' }));
    await waitFor(() => expect(run.requests).toHaveLength(1));
    const { operationId, ...rest } = run.requests[0]!;
    expect(operationId).toMatch(/^[0-9a-f]{32}$/);
    expect(rest).toEqual({ targets: [REGISTRY, WEB], warnDays: 30, concurrency: 3 });

    act(() => {
      api.emitEvent('audit:progress', { operationId, phase: 'auditing', total: 2, done: 0, running: [APP, WEB] });
      api.emitEvent('audit:repository', { operationId, repository: web });
      api.emitEvent('audit:progress', { operationId, phase: 'auditing', total: 2, done: 1, running: [APP] });
      // another run's result is not this run's
      api.emitEvent('audit:repository', { operationId: 'f'.repeat(32), repository: repo(`${REGISTRY}/other`) });
    });
    expect(screen.getByText('Audited 1 of 2 repositories…')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Audit progress' }).getAttribute('value')).toBe('1');
    expect(screen.getByText(`Now: ${APP}`)).toBeTruthy();
    expect(document.querySelectorAll('.audit-repo-name')).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Export report…' })).toHaveProperty('disabled', true);

    act(() => run.finish(report([app, web])));
    await screen.findByText('2 repositories, 1 signed, 3 problems.');
    expect([...document.querySelectorAll('.audit-repo-name')].map((e) => e.textContent)).toEqual([APP, WEB]);

    const summary = screen.getByRole('table', { name: 'Summary per registry' });
    expect(
      within(summary)
        .getAllByRole('row')
        .map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent)),
    ).toEqual([
      ['Registry', 'Repositories', 'Signed', 'Unsigned', 'Problems', 'Expiring', 'Expired'],
      [REGISTRY, '2', '1', '1', '3', '1', '1'],
    ]);

    const problems = screen.getByRole('list', { name: `Problems of ${APP}` });
    expect(
      within(problems)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'v2: the registry serves sha256:c… but sha256:b… was signedWhat to do: push the signed image again',
      'targets expires soonWhat to do: re-sign the role before then',
    ]);
    const tags = screen.getByRole('table', { name: `Tags of ${APP}` });
    expect(
      within(tags)
        .getAllByRole('row')
        .slice(1)
        .map((r) => [r.querySelectorAll('td')[0]!.textContent, r.querySelectorAll('td')[1]!.textContent]),
    ).toEqual([
      ['v1', 'matches'],
      ['v2', 'moved'],
      ['v10', 'missing'],
      ['v9', 'unsigned'],
    ]);

    // soonest first: the expired delegation, today, targets in 20 days, root in 10 years (timestamps left out)
    const timeline = screen.getByRole('list', { name: 'Expiry timeline' });
    const items = within(timeline)
      .getAllByRole('listitem')
      .map((li) =>
        li.getAttribute('aria-current') === 'date' ? 'today' : li.querySelector('.timeline-what')!.textContent,
      );
    expect(items).toEqual([`${APP} targets/old`, 'today', `${APP} targets`, `${APP} root`]);
  });

  test('Cancel names the run; the cancelled report keeps what finished; Export writes to the file main’s dialog chose', async () => {
    const run = pendingAudit();
    const exports: unknown[] = [];
    const cancels: unknown[] = [];
    const { api } = setup({
      ...run.handlers,
      'audit:cancel': async (req) => {
        cancels.push(req);
        run.finish(report([web], { cancelled: true }));
        return { cancelled: true };
      },
      'audit:export': async (req) => {
        exports.push(req);
        return { name: 'report.csv', bytes: 1234 };
      },
    });
    const panel = await openAudit();
    fireEvent.click(await within(panel).findByRole('checkbox', { name: APP }));
    fireEvent.click(within(panel).getByRole('button', { name: 'Audit 1 selected' }));
    await waitFor(() => expect(run.requests).toHaveLength(1));
    fireEvent.click(within(panel).getByRole('button', { name: 'Cancel' }));
    await screen.findByText('Cancelled: 1 repository was audited before.');
    expect(cancels).toEqual([{ operationId: run.requests[0]!.operationId }]);

    fireEvent.click(screen.getByRole('button', { name: 'Export report…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Export report' });
    // no path box: the file is chosen in main's dialog
    expect(within(dialog).queryByRole('textbox')).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Export' }));
    expect((await within(dialog).findByRole('alert')).textContent).toMatch(/no file chosen yet/);
    expect(exports).toEqual([]);

    // a JSON file chosen, then the format changed: the choice is dropped (it was for another format)
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save as…' }));
    await within(dialog).findByText(/^signet-audit-\d{4}-\d{2}-\d{2}\.json$/);
    fireEvent.click(within(dialog).getByRole('radio', { name: /^CSV/ }));
    expect(within(dialog).getByText('No file chosen')).toBeTruthy();
    api.chooseNext(['report.csv']);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save as…' }));
    await within(dialog).findByText('report.csv');
    expect(api.calls.filter((c) => c.startsWith('chooseSave'))).toEqual([
      expect.stringMatching(/^chooseSave audit-report signet-audit-\d{4}-\d{2}-\d{2}\.json$/),
      expect.stringMatching(/^chooseSave audit-csv signet-audit-\d{4}-\d{2}-\d{2}\.csv$/),
    ]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Export' }));
    await within(dialog).findByText('Saved 1,234 bytes to report.csv');
    expect(exports).toEqual([{ operationId: run.requests[0]!.operationId, format: 'csv', file: fakeHandle(2) }]);
  });
});

describe('Audit offline', () => {
  const unchecked = repo(APP, {
    trustData: 'cached',
    registryChecked: false,
    tags: [{ tag: 'v1', signedDigest: hex('a'), registryDigest: null, state: 'unchecked', signers: ['Repo Admin'] }],
  });

  test('the Offline switch: the cache only, tags "unchecked" as the CLI says them; the Registry column keeps its check', async () => {
    const run = pendingAudit();
    const { api, store } = setup(run.handlers);
    store.setState({ registryChecks: { [APP]: { status: 'ready', result: repo(APP), checkedAt: 1 } } });
    const panel = await openAudit();
    fireEvent.click(await within(panel).findByRole('checkbox', { name: APP }));
    const offline = within(panel).getByRole('switch', { name: 'Offline' });
    expect(offline.getAttribute('aria-describedby')).toBeTruthy();
    fireEvent.click(offline);
    fireEvent.click(within(panel).getByRole('button', { name: 'Audit 1 selected' }));
    await waitFor(() => expect(run.requests).toHaveLength(1));
    const { operationId, ...rest } = run.requests[0]!;
    expect(rest).toEqual({ targets: [APP], warnDays: 30, concurrency: 8, offline: true });
    act(() => api.emitEvent('audit:repository', { operationId, repository: unchecked }));
    act(() => run.finish(report([unchecked], { offline: true })));
    await screen.findByText('1 repository, 1 signed, 0 problems.');
    expect(
      screen.getByText(/^Offline: the trust data came from the cache only; no trust server or registry/),
    ).toBeTruthy();
    const summary = document.querySelector<HTMLElement>('.audit-repo summary')!;
    expect(summary.textContent).toContain('1 unchecked');
    fireEvent.click(summary);
    const tags = await screen.findByRole('table', { name: `Tags of ${APP}` });
    expect(within(tags).getAllByRole('row')[1]!.querySelectorAll('td')[1]!.textContent).toBe('unchecked');
    // nothing was asked of the registry: the Registry column still shows the last real check
    expect(store.getState().registryChecks[APP]?.result?.tags[0]?.state).toBe('ok');
  });

  test('an opened trust archive is a target: its ID goes to main, never a file; a migration leaves it out', async () => {
    const run = pendingAudit();
    const { store } = setup(run.handlers);
    const id = 'c'.repeat(32);
    const info = { name: 'app.trust.tar.gz', gun: APP, server: 'https://notary.example.com', created: iso(-1) };
    act(() =>
      store.setState({
        archives: { [id]: { id, archive: info, view: makeView({ gun: APP, name: APP }), history: {} as never } },
      }),
    );
    const panel = await openAudit();
    const archives = within(panel).getByRole('group', { name: 'Trust archives (opened in this session)' });
    fireEvent.click(within(archives).getByRole('checkbox', { name: /^app\.trust\.tar\.gz/ }));
    fireEvent.click(within(panel).getByRole('switch', { name: 'Offline' }));
    expect(within(panel).getByRole('button', { name: 'Migrate to cosign…' })).toHaveProperty('disabled', true);
    fireEvent.click(within(panel).getByRole('button', { name: 'Audit 1 selected' }));
    await waitFor(() => expect(run.requests).toHaveLength(1));
    const { operationId: _id, ...rest } = run.requests[0]!;
    expect(rest).toEqual({ targets: [], archives: [id], warnDays: 30, concurrency: 8, offline: true });
    act(() => run.finish(report([unchecked], { offline: true })));
    await screen.findByText(/^Offline: the trust data came from the cache and the archives only/);
    // closed meanwhile: no longer offered, nor counted
    act(() => store.getState().closeArchive(id));
    expect(within(panel).queryByRole('group', { name: /Trust archives/ })).toBeNull();
    expect(within(panel).getByRole('button', { name: 'Audit' })).toHaveProperty('disabled', true);
  });
});

describe('Add registry', () => {
  test('a registry without a catalog: the message and what to do; nothing is listed', async () => {
    setup({
      'repositories:addRegistry': async () => {
        throw new ApiError({
          code: 'HTTP_NOT_FOUND',
          message: 'registry other.example.com does not list its repositories (the catalog answered 404)',
          hint: 'add its repositories by name instead (type other.example.com/team/app in the Repository box)',
        });
      },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add registry…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add registry' });
    fireEvent.change(within(dialog).getByLabelText('Registry (host or host:port)'), {
      target: { value: 'other.example.com' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add registry' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toBe(
      'The registry was not added: registry other.example.com does not list its repositories (the catalog answered 404)' +
        'What to do: add its repositories by name instead (type other.example.com/team/app in the Repository box)',
    );
  });

  test('its catalog’s repositories appear in the sidebar under the registry', async () => {
    setup({
      'repositories:addRegistry': async (registry) => ({
        registry,
        repositories: [`${registry}/a/one`, `${registry}/b/two`],
      }),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add registry…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add registry' });
    fireEvent.change(within(dialog).getByLabelText('Registry (host or host:port)'), {
      target: { value: 'r.example.com' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add registry' }));
    await within(dialog).findByText('Added r.example.com: 2 repositories in its catalog.');
    const nav = screen.getByRole('navigation', { name: 'Repositories' });
    const group = within(nav).getByRole('region', { name: /^r\.example\.com/ });
    expect(
      within(group)
        .getAllByRole('button')
        .map((b) => b.querySelector('.repo-name')!.textContent),
    ).toEqual(['a/one', 'b/two']);
    expect(group.textContent).toMatch(/whole registry \(catalog\)/);
  });
});

describe('Signed tags: Registry column', () => {
  test('the audit of that one repository: matches / moved / missing, and its unsigned tags beside the table', async () => {
    const requests: AuditRequest[] = [];
    const { store } = setup({
      'audit:run': async (req) => {
        requests.push(req);
        return report([
          repo(APP, {
            tags: [
              { tag: 'v1', signedDigest: hex('c'), registryDigest: hex('c'), state: 'ok', signers: ['alice'] },
              {
                tag: 'v2',
                signedDigest: hex('b'),
                registryDigest: hex('e'),
                state: 'moved',
                signers: ['alice', 'bob'],
              },
              { tag: 'v10', signedDigest: hex('a'), registryDigest: null, state: 'missing', signers: ['Repo Admin'] },
              { tag: 'v9', signedDigest: null, registryDigest: null, state: 'unsigned', signers: [] },
            ],
          }),
        ]);
      },
    });
    act(() => store.getState().select(APP));
    const table = await screen.findByRole('table', { name: 'Signed tags' });
    const registryCells = (): string[] =>
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map((r) => `${r.querySelectorAll('td')[0]!.textContent} ${r.querySelectorAll('td')[6]!.textContent}`);
    expect(within(table).getAllByRole('columnheader')[6]!.textContent).toBe('Registry');
    // 3 signed tags (up to 500): checked as soon as the table is shown, without being asked
    await screen.findByText(/: 1 match, 1 moved, 1 missing, 1 unsigned\.$/);
    expect(requests.map((r) => r.targets)).toEqual([[APP]]);
    expect(registryCells()).toEqual(['v1 matches', 'v2 moved', 'v10 missing']);
    fireEvent.click(screen.getByRole('button', { name: 'Check again' }));
    await waitFor(() => expect(requests).toHaveLength(2));
    const unsigned = screen.getByRole('list', { name: `Unsigned tags of ${APP}` });
    expect(within(unsigned).getByRole('button', { name: 'Sign v9' })).toBeTruthy();
    fireEvent.click(within(unsigned).getByRole('button', { name: 'Sign v9' }));
    expect(store.getState().dialog).toEqual({ kind: 'sign-tag', reference: APP, tag: 'v9' });
  });

  test('checked by itself up to 500 signed tags, again after a publish; above 500 only on request', async () => {
    const requests: AuditRequest[] = [];
    const rows = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        tag: `t${i}`,
        digest: hex(String(i % 10)),
        size: 1,
        signers: [],
        roles: ['targets'],
        pulled: true,
      }));
    const BIG = `${REGISTRY}/team/big`;
    const views = {
      [APP]: makeView({ gun: APP, name: APP, signedTags: rows(500) }),
      [BIG]: makeView({ gun: BIG, name: BIG, signedTags: rows(501) }),
    };
    const api = fakeApi(
      {
        watched: [
          { reference: APP, gun: APP, registry: REGISTRY },
          { reference: BIG, gun: BIG, registry: REGISTRY },
        ],
        views,
      },
      { 'audit:run': async (req) => (requests.push(req), report([repo(req.targets[0]!)])) },
    );
    const store = createAppStore(api, { progressLingerMs: 10 });
    render(<App store={store} api={api} />);
    await act(() => store.getState().loadView(APP));
    act(() => store.getState().select(APP));
    await screen.findByText(/^Checked \d\d:\d\d UTC: 1 match/);
    expect(requests.map((r) => r.targets)).toEqual([[APP]]);
    // shown again (another tab, back): not checked again; a Refresh that finds nothing new: neither
    fireEvent.click(screen.getByRole('tab', { name: 'Trust graph' }));
    fireEvent.click(screen.getByRole('tab', { name: 'Trust data' }));
    await act(() => store.getState().loadView(APP, { force: true }));
    expect(requests).toHaveLength(1);
    // a publish (new role versions): checked again
    views[APP] = makeView({
      gun: APP,
      name: APP,
      signedTags: rows(500),
      roles: makeView().roles.map((r) => ({ ...r, version: r.version + 1 })),
    });
    await act(() => store.getState().loadView(APP, { force: true }));
    await waitFor(() => expect(requests).toHaveLength(2));

    await act(() => store.getState().loadView(BIG));
    act(() => store.getState().select(BIG));
    await screen.findByText(/^Not checked yet: with more than 500 signed tags, checked on request/);
    expect(requests).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: 'Check against the registry' }));
    await waitFor(() => expect(requests.map((r) => r.targets)).toEqual([[APP], [APP], [BIG]]));
  });
});
