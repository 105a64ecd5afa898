import { afterEach, describe, expect, test } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../renderer/app.tsx';
import { createAppStore } from '../../renderer/store/index.ts';
import { fakeApi, hex, makeView, manyTags, type FakeApiOptions } from './fixtures.tsx';

afterEach(cleanup);

const REF = 'registry.example.com:5000/team/app';

function setup(opts: FakeApiOptions = {}) {
  const api = fakeApi(opts);
  const store = createAppStore(api, { progressLingerMs: 10 });
  render(<App store={store} api={api} />);
  return { api, store };
}

async function addAndOpen(reference: string): Promise<void> {
  const box = screen.getByRole('textbox', { name: 'Repository' });
  fireEvent.change(box, { target: { value: reference } });
  fireEvent.submit(box.closest('form')!);
  await screen.findByRole('heading', { level: 1, name: reference });
}

function cells(tableName: string): string[][] {
  const table = screen.getByRole('table', { name: tableName });
  return within(table)
    .getAllByRole('row')
    .filter((r) => r.dataset['index'] !== undefined)
    .map((r) => [...(r as HTMLTableRowElement).cells].map((c) => c.textContent ?? ''));
}

describe('repository view', () => {
  test('the Repository box adds and opens a repository; the three docker tables are there', async () => {
    const { api } = setup({ views: { [REF]: makeView() } });
    await addAndOpen(REF);
    expect(api.calls).toContain(`add ${REF}`);
    await screen.findByRole('table', { name: 'Signed tags' });
    expect(screen.getByRole('table', { name: 'Signers' })).toBeTruthy();
    expect(screen.getByRole('table', { name: 'Administrative keys' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: `Signatures for ${REF}` })).toBeTruthy();
    // natural order, Repo Admin rule, sorted signers, "you" when one of the roles is ours
    const tags = cells('Signed tags');
    expect(tags.map((r) => r[0])).toEqual(['v1', 'v2', 'v10']);
    expect(tags.map((r) => r[2])).toEqual(['alice', 'alice, bob', 'Repo Admin']);
    expect(tags.map((r) => r[5])).toEqual(['you', 'you', 'you']);
    // the digest cell's accessible name is the full digest; the visible text is 12 characters
    expect(screen.getByRole('cell', { name: new RegExp(hex('a')) })).toBeTruthy();
    expect(screen.getAllByText('aaaaaaaaaaaa').length).toBeGreaterThan(0);
  });

  test('signers: keys, paths, threshold, expiry badges, your key', async () => {
    setup({ views: { [REF]: makeView() } });
    await addAndOpen(REF);
    await screen.findByRole('table', { name: 'Signers' });
    const rows = cells('Signers');
    expect(rows[0]![0]).toBe('alice');
    expect(rows[0]![2]).toBe('all paths');
    expect(rows[0]![3]).toBe('1 of 1');
    expect(rows[0]![4]).toMatch(/expires in 20 days/);
    expect(rows[0]![5]).toBe('yours');
    expect(rows[1]![4]).toMatch(/expired 1 day ago/);
    expect(rows[1]![5]).toBe('no');
  });

  test('administrative keys: holders, server-renewed timestamp, root certificate validity', async () => {
    setup({ views: { [REF]: makeView() } });
    await addAndOpen(REF);
    const rows = cells('Administrative keys');
    expect(rows.map((r) => r[0])).toEqual(['Repository key', 'Root key', 'Snapshot key', 'Timestamp key']);
    expect(rows.map((r) => r[3])).toEqual(['you (this computer)', 'not on this computer', 'the server', 'the server']);
    expect(rows[3]![4]).toMatch(/server-renewed/);
    expect(rows[1]![5]).toMatch(/–/);
  });

  test('no signed tags: docker’s "No signatures for X"', async () => {
    setup({ views: { [REF]: makeView({ signedTags: [] }) } });
    await addAndOpen(REF);
    expect(await screen.findByRole('heading', { name: `No signatures for ${REF}` })).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Signed tags' })).toBeNull();
  });

  test('an error: "No signatures or cannot access X", the cause and the hint', async () => {
    setup({
      views: {
        [REF]: {
          code: 'HTTP_TLS',
          message: 'x509: certificate signed by unknown authority',
          hint: 'add the CA for notary.example.com',
        },
      },
    });
    await addAndOpen(REF);
    expect(await screen.findByRole('heading', { name: `No signatures or cannot access ${REF}` })).toBeTruthy();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toMatch(/Secure connection failed/);
    expect(alert.textContent).toMatch(/What to do: add the CA for notary.example.com/);
  });

  test('cached data is labelled as such', async () => {
    setup({
      views: { [REF]: makeView({ source: 'cache', offlineReason: 'cannot reach https://notary.example.com' }) },
    });
    await addAndOpen(REF);
    expect(await screen.findByText('Showing cached data.')).toBeTruthy();
    expect(screen.getByText('cached data (offline)')).toBeTruthy();
  });

  test('action buttons open typed dialog requests; the host renders the dialog for each', async () => {
    const { store } = setup({ views: { [REF]: makeView() } });
    await addAndOpen(REF);
    await screen.findByRole('table', { name: 'Signed tags' });
    // "Sign tag" in the header and above the table
    const header = screen.getByRole('group', { name: 'Repository actions' });
    fireEvent.click(within(header).getByRole('button', { name: 'Sign tag' }));
    expect(store.getState().dialog).toEqual({ kind: 'sign-tag', reference: REF });
    const sign = await screen.findByRole('dialog', { name: `Sign tag — ${REF}` });
    fireEvent.click(within(sign).getByRole('button', { name: 'Cancel' }));
    expect(store.getState().dialog).toBeNull();
    expect(screen.getAllByRole('button', { name: 'Sign tag' })).toHaveLength(2);
    fireEvent.click(screen.getAllByRole('button', { name: 'Revoke' })[0]!);
    expect(store.getState().dialog).toEqual({ kind: 'revoke', reference: REF, tag: 'v1' });
    expect(await screen.findByRole('alertdialog', { name: `Revoke ${REF}:v1` })).toBeTruthy();
    act(() => store.getState().closeDialog());
    fireEvent.click(screen.getAllByRole('button', { name: 'Remove signer' })[1]!);
    expect(store.getState().dialog).toEqual({ kind: 'remove-signer', reference: REF, name: 'bob' });
    expect(await screen.findByRole('alertdialog', { name: `Remove signer bob — ${REF}` })).toBeTruthy();
    act(() => store.getState().closeDialog());
    fireEvent.click(screen.getByRole('button', { name: 'Add signer' }));
    expect(store.getState().dialog).toEqual({ kind: 'add-signer', reference: REF });
    expect(await screen.findByRole('dialog', { name: `Add signer — ${REF}` })).toBeTruthy();
  });

  test('metadata details: roles table; raw JSON only when the channel answers', async () => {
    const raw = {
      root: JSON.stringify({
        signed: { _type: 'Root', version: 1 },
        signatures: [{ keyid: hex('r'), method: 'ecdsa', sig: 'x' }],
      }),
    };
    setup({ views: { [REF]: makeView(), other: makeView({ name: 'other' }) }, raw: { [REF]: raw } });
    await addAndOpen(REF);
    fireEvent.click(screen.getByText('Metadata details'));
    const details = screen.getByText('Metadata details').closest('details')!;
    details.open = true;
    fireEvent(details, new Event('toggle'));
    expect(await screen.findByRole('table', { name: 'Roles' })).toBeTruthy();
    expect(await screen.findByText('root.json')).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Signatures of root' }).textContent).toContain(hex('r'));
  });

  test('10,000 tags: the first rows render, the rest are virtual', async () => {
    setup({ views: { [REF]: makeView({ signedTags: manyTags(10_000) }) } });
    await addAndOpen(REF);
    const table = await screen.findByRole('table', { name: 'Signed tags' });
    expect(table.getAttribute('aria-rowcount')).toBe('10001');
    expect(cells('Signed tags').length).toBeLessThan(60);
    expect(cells('Signed tags')[0]![0]).toBe('tag1');
  });
});

describe('sidebar, progress, expiry overview and keys', () => {
  test('groups per registry with the trust server, status badges, and key GUNs discovered', async () => {
    setup({
      watched: [{ reference: REF, gun: REF, registry: 'registry.example.com:5000' }],
      views: { [REF]: makeView() },
      keys: [
        {
          id: hex('9'),
          role: 'targets',
          gun: 'docker.io/example/other',
          location: 'keychain',
          where: 'the OS keychain, under the service "Signet Docker Content Trust"',
          passphraseRemembered: false,
          backedUp: false,
        },
      ],
    });
    const nav = screen.getByRole('navigation', { name: 'Repositories' });
    await within(nav).findByRole('heading', { name: /registry\.example\.com:5000.*notary\.example\.com/ });
    await waitFor(() => expect(within(nav).getByRole('button', { name: /team\/app/ }).textContent).toMatch(/expired/));
    expect(within(nav).getByRole('button', { name: /example\/other/ }).textContent).toMatch(/unsigned/);
  });

  test('a refused reference shows core’s reason at once, and the box keeps the text', async () => {
    const { api } = setup();
    const box = screen.getByRole('textbox', { name: 'Repository' });
    fireEvent.change(box, { target: { value: 'team/App' } });
    fireEvent.submit(box.closest('form')!);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Not a valid image reference: invalid reference format: repository name (team/App) must be lowercase ' +
        '(Use an image reference such as example/app, example/app:v1 or registry.example.com:5000/team/app:v1.)',
    );
    expect((box as HTMLInputElement).value).toBe('team/App');
    expect(api.calls.filter((c) => c.startsWith('add'))).toEqual([]);
  });

  test('main’s refusal of a reference core accepts is shown too', async () => {
    setup({
      addError: { code: 'BAD_INPUT', message: 'the settings file is read-only', hint: 'check its permissions' },
    });
    const box = screen.getByRole('textbox', { name: 'Repository' });
    fireEvent.change(box, { target: { value: 'team/app' } });
    fireEvent.submit(box.closest('form')!);
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /the settings file is read-only \(check its permissions\)/,
    );
  });

  test('progress events are shown while a network step runs, then cleared', async () => {
    const { api } = setup();
    await waitFor(() => expect(screen.getByRole('status', { name: 'Network activity' })).toBeTruthy());
    act(() => api.emit({ operationId: 'op1', channel: 'trust:view', step: 'fetching', gun: 'x/y' }));
    expect(screen.getByRole('status', { name: 'Network activity' }).textContent).toMatch(
      /Trust data: fetching trust data — x\/y/,
    );
    expect(screen.getByRole('progressbar', { name: 'Fetching trust data for x/y' })).toBeTruthy();
    act(() => api.emit({ operationId: 'op1', channel: 'trust:view', step: 'done' }));
    await waitFor(() => expect(screen.getByRole('status', { name: 'Network activity' }).textContent).toBe('Idle'));
  });

  test('expiry overview lists every repository’s dates, soonest first', async () => {
    const other = 'docker.io/example/b';
    setup({
      watched: [
        { reference: REF, gun: REF, registry: 'registry.example.com:5000' },
        { reference: other, gun: other, registry: 'docker.io' },
      ],
      views: { [REF]: makeView(), [other]: makeView({ gun: other, name: other }) },
    });
    await waitFor(() => expect(screen.getAllByText('expired').length).toBeGreaterThan(1));
    fireEvent.click(
      within(screen.getByRole('navigation', { name: 'Sections' })).getByRole('button', { name: 'Expiry' }),
    );
    const rows = cells('Expiry overview');
    expect(rows.length).toBe(14);
    expect(rows[0]![1]).toBe('targets/bob');
    expect(rows[0]![3]).toBe('expired');
    const dates = rows.map((r) => r[2]!.slice(0, 16));
    expect(dates).toEqual([...dates].sort());
  });

  test('keys table: the role above the key ID, the repositories each key can sign for, where it is kept and since when', async () => {
    setup({
      watched: [{ reference: REF, gun: REF, registry: 'registry.example.com:5000' }],
      views: { [REF]: makeView() },
      keys: [
        {
          id: hex('1'),
          role: 'alice',
          location: 'trust-dir',
          where: 'the docker trust dir’s private/ folder',
          passphraseRemembered: false,
          backedUp: true,
        },
        {
          id: hex('t'),
          role: 'targets',
          gun: REF,
          location: 'keychain',
          where: 'the OS keychain, under the service "Signet Docker Content Trust"',
          passphraseRemembered: true,
          backedUp: false,
          created: '2026-11-27T14:03:09Z',
        },
      ],
    });
    await waitFor(() => expect(screen.getAllByText('expired').length).toBeGreaterThan(0));
    fireEvent.click(within(screen.getByRole('navigation', { name: 'Sections' })).getByRole('button', { name: 'Keys' }));
    const table = screen.getByRole('table', { name: 'Keys' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent?.replace(/[▲▼]/g, '')),
    ).toEqual(['Key', 'Can sign for', 'Stored', 'Backed up', 'Actions']);
    expect([...table.querySelectorAll('.key-role')].map((e) => e.textContent)).toEqual(['alice', 'targets']);
    expect([...table.querySelectorAll('[data-full]')].map((e) => e.getAttribute('data-full'))).toEqual([
      hex('1'),
      hex('t'),
    ]);
    const rows = cells('Keys');
    expect(rows.map((r) => [r[1], r[2], r[3]])).toEqual([
      [REF, 'trust dirsince —', 'yes'],
      [REF, 'keychainsince 2026-11-27', 'not yet'],
    ]);
    expect(screen.queryByText('unknown')).toBeNull();
    const date = within(table).getByText('since 2026-11-27');
    expect(date.getAttribute('dateTime')).toBe('2026-11-27T14:03:09Z');
    expect(date.getAttribute('title')).toBe('Created 2026-11-27 14:03 UTC');
    // the place in one word; in full in its tooltip (the trust dir's path comes from app:info, not the key)
    expect(within(table).getByText('trust dir').getAttribute('title')).toBe(
      'The docker trust dir’s private/ folder: /home/u/.docker/trust/private',
    );
    expect(within(table).getByText('keychain').getAttribute('title')).toBe(
      'The OS keychain, under the service "Signet Docker Content Trust"',
    );
    // the actions are icon buttons named in words; the remembered passphrase can be forgotten
    const short = hex('t').slice(0, 7);
    for (const name of [
      `Export key ${short}`,
      `Change passphrase of key ${short}`,
      `Forget the remembered passphrase of key ${short}`,
      `Delete key ${short}`,
    ])
      expect(within(table).getByRole('button', { name }).getAttribute('title')).toBe(name);
    expect(
      within(table).queryByRole('button', { name: `Forget the remembered passphrase of key ${hex('1').slice(0, 7)}` }),
    ).toBeNull();
  });
});
