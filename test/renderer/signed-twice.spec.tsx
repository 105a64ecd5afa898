/**
 * A tag signed with two digests (the admin in targets, carol in targets/releases, as DCT allows),
 * over a fake main process: (tag, digest) is the identity of a row everywhere. The Signed tags
 * table has both rows and says which one docker pull gets, the graph draws a node per digest, the
 * Sign dialog lists the tag once saying both, the Registry column and its summary count the same
 * rows, and the Audit view's table lists both. The real servers are in
 * test/e2e/renderer-signed-twice.test.ts.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { App } from '../../renderer/app.tsx';
import { createAppStore } from '../../renderer/store/index.ts';
import { buildTrustGraph } from '../../renderer/features/trust-graph/graph-model.ts';
import type { AuditReport, RegistryTagsDTO, RepositoryAudit, TrustView } from '../../electron/ipc/contract.ts';
import { fakeApi, hex, makeView, roleStatus, type FakeHandlers } from './fixtures.tsx';

afterEach(cleanup);

const REGISTRY = 'registry.example.com:5000';
const REF = `${REGISTRY}/team/twice`;
const A = hex('a'); // the admin's t4, in targets: shadowed
const B = hex('b'); // carol's t4, in targets/releases and targets/carol: what docker pull gets
const T1 = hex('1');

function twiceView(): TrustView {
  const base = makeView({ gun: REF, name: REF });
  return {
    ...base,
    signedTags: [
      { tag: 't1', digest: T1, size: 10, signers: [], roles: ['targets'], pulled: true },
      { tag: 't4', digest: A, size: 11, signers: [], roles: ['targets'], pulled: false },
      {
        tag: 't4',
        digest: B,
        size: 12,
        signers: ['carol'],
        roles: ['targets/releases', 'targets/carol'],
        pulled: true,
      },
    ],
    signers: [{ ...base.signers[0]!, name: 'carol', role: 'targets/carol', keyIds: [hex('3')], localKeyIds: [] }],
    roles: [
      ...base.roles.filter((r) => !r.role.startsWith('targets/')),
      roleStatus('targets/carol', '2030-01-01T00:00:00Z', [hex('3')], { by: 'others' }),
      roleStatus('targets/releases', '2030-01-01T00:00:00Z', [hex('3')], { by: 'others' }),
    ],
  };
}

const audited = (): RepositoryAudit => ({
  name: REF,
  registry: REGISTRY,
  server: 'https://notary.example.com',
  signed: true,
  trustData: 'verified',
  registryChecked: true,
  tags: [
    { tag: 't1', signedDigest: T1, registryDigest: T1, state: 'ok', signers: ['Repo Admin'] },
    { tag: 't4', signedDigest: A, registryDigest: B, state: 'shadowed', signers: ['Repo Admin'], shadowedBy: B },
    { tag: 't4', signedDigest: B, registryDigest: B, state: 'ok', signers: ['carol'] },
  ],
  roles: [],
  problems: [],
});

const report = (): AuditReport => ({
  repositories: [audited()],
  failedTargets: [],
  summary: { repositories: 1, signed: 1, unsigned: 0, problems: 0, expiring: 0, expired: 0 },
  offline: false,
  at: new Date().toISOString(),
  warnDays: 30,
  cancelled: false,
});

async function setup(more: FakeHandlers = {}) {
  const api = fakeApi(
    { watched: [{ reference: REF, gun: REF, registry: REGISTRY }], views: { [REF]: twiceView() } },
    { 'audit:run': async () => report(), ...more },
  );
  const store = createAppStore(api, { progressLingerMs: 10 });
  render(<App store={store} api={api} />);
  await act(async () => {
    store.getState().select(REF);
    await store.getState().loadView(REF);
  });
  return { api, store };
}

/** The Signed tags table's body rows: each cell's text, the screen-reader-only words included. */
function tableRows(): Record<string, string>[] {
  const table = screen.getByRole('table', { name: 'Signed tags' });
  const headers = within(table)
    .getAllByRole('columnheader')
    .map((h) => h.textContent!.replace(/[▲▼]/g, ''));
  return [...table.querySelectorAll('tbody tr[data-index]')].map((tr) =>
    Object.fromEntries([...(tr as HTMLTableRowElement).cells].map((c, i) => [headers[i]!, c.textContent!.trim()])),
  );
}

describe('a tag signed with two digests', () => {
  test('Signed tags: a row per (tag, digest); docker pull gets carol’s, the admin’s is shadowed', async () => {
    await setup();
    await screen.findByRole('table', { name: 'Signed tags' });
    const rows = tableRows();
    expect(rows.map((r) => [r['Signed tag'], r['Signers']])).toEqual([
      ['t1', 'Repo Admin'],
      ['t4 shadowed: docker pull gets ' + B.slice(0, 12), 'Repo Admin'],
      ['t4 pulled (docker pull gets this)', 'carol'],
    ]);
    expect(rows.map((r) => r['Digest']!.slice(0, 12))).toEqual([T1, A, B].map((d) => d.slice(0, 12)));
    expect(screen.getByText('3 signed digests')).toBeTruthy();
    // the tooltip says why
    const shadowed = document.querySelector('.pull-mark[data-pulled="false"]')!;
    expect(shadowed.getAttribute('title')).toMatch(/never used: docker pull .* gets b{64} \(.*targets\/releases first/);
    // the filter finds them by the mark
    fireEvent.change(screen.getByRole('searchbox', { name: 'Filter signed tags' }), { target: { value: 'shadowed' } });
    expect(tableRows().map((r) => r['Digest']!.slice(0, 12))).toEqual([A.slice(0, 12)]);
  });

  test('a repository whose tags are each signed once has no pull marks, and counts tags', async () => {
    const api = fakeApi({ watched: [{ reference: REF, gun: REF, registry: REGISTRY }], views: { [REF]: makeView() } });
    const store = createAppStore(api, { progressLingerMs: 10 });
    render(<App store={store} api={api} />);
    await act(async () => {
      store.getState().select(REF);
      await store.getState().loadView(REF);
    });
    await screen.findByRole('table', { name: 'Signed tags' });
    expect(document.querySelectorAll('.pull-mark')).toHaveLength(0);
    expect(screen.getByText('3 tags')).toBeTruthy();
  });

  test('Registry column: each row its own state; the summary counts the rows the table shows', async () => {
    await setup();
    await screen.findByRole('table', { name: 'Signed tags' });
    // three signed rows: checked by itself (up to 500)
    const summary = await screen.findByText(/^Checked \d\d:\d\d UTC: /);
    expect(summary.textContent).toMatch(/: 2 match, 0 moved, 0 missing, 1 shadowed, 0 unsigned\.$/);
    const rows = tableRows();
    expect(rows.map((r) => [r['Digest']!.slice(0, 12), r['Registry']])).toEqual([
      [T1.slice(0, 12), 'matches'],
      [A.slice(0, 12), `shadowed: docker pull gets ${B.slice(0, 12)}`],
      [B.slice(0, 12), 'matches'],
    ]);
    const counted = [...summary.textContent!.matchAll(/(\d+) (match|moved|missing|shadowed)/g)].reduce(
      (n, m) => n + Number(m[1]),
      0,
    );
    expect(counted).toBe(rows.length);
    const list = screen.getByRole('list', { name: `Shadowed signatures of ${REF}` });
    expect(list.textContent).toBe(
      `t4 ${A.slice(0, 12)} signed by Repo Admin: shadowed, docker pull gets ${B.slice(0, 12)}`,
    );
  });

  test('trust graph: a node per digest, each named with it and what docker pull gets; choosing one shows its row', async () => {
    const graph = buildTrustGraph(twiceView());
    const tags = graph.nodes.filter((n) => n.kind === 'tag');
    expect(tags.map((n) => n.name)).toEqual([
      `t1, ${T1.slice(0, 12)}: signed tag, signed by Repo Admin`,
      `t4, ${A.slice(0, 12)}, shadowed: signed tag, signed by Repo Admin; shadowed: docker pull gets ${B.slice(0, 12)}`,
      `t4, ${B.slice(0, 12)}, pulled: signed tag, signed by carol; docker pull gets this`,
    ]);
    expect(new Set(tags.map((n) => n.id)).size).toBe(3);
    // the admin's t4 is reached from the repository key only, carol's from carol's (releases) key only
    const into = (id: string) => graph.edges.filter((e) => e.to === id).map((e) => e.from);
    expect(into(tags[1]!.id)).toEqual([`key:${hex('t')}`]);
    expect(into(tags[2]!.id)).toEqual([`key:${hex('3')}`]);

    await setup();
    fireEvent.click(screen.getByRole('tab', { name: 'Trust graph' }));
    const drawn = await screen.findByRole('group', { name: `Trust graph of ${REF}` });
    const nodes = within(drawn).getAllByRole('button', { name: /^t4, / });
    expect(nodes.map((n) => n.getAttribute('aria-label')!.slice(0, 16))).toEqual([
      `t4, ${A.slice(0, 12)}`,
      `t4, ${B.slice(0, 12)}`,
    ]);
    expect(nodes.map((n) => n.querySelector('.tg-detail')!.textContent)).toEqual([
      `${A.slice(0, 12)}, shadowed`,
      `${B.slice(0, 12)}, pulled`,
    ]);
    expect(nodes[0]!.classList.contains('tg-shadowed')).toBe(true);
    fireEvent.click(nodes[0]!);
    await screen.findByText(/Showing what signed tag t4 \(aaaaaaaaaaaa\) covers/);
    expect(tableRows().map((r) => r['Digest']!.slice(0, 12))).toEqual([A.slice(0, 12)]);
  });

  test('Sign dialog: the tag once, saying both digests and which one docker pull gets', async () => {
    let answer: (t: RegistryTagsDTO) => void = () => undefined;
    const { store } = await setup({
      'registry:tags': () => new Promise<RegistryTagsDTO>((r) => (answer = r)),
    });
    act(() => store.getState().openDialog({ kind: 'sign-tag', reference: REF }));
    const dlg = await screen.findByRole('dialog', { name: `Sign tag — ${REF}` });
    const options = () =>
      within(within(dlg).getByRole('listbox', { name: 'Tags in the registry' }))
        .getAllByRole('option')
        .map((o) => o.textContent);
    const t4 = `t4 — signed by carol (docker pull gets ${B.slice(0, 12)}); also ${A.slice(0, 12)} by Repo Admin, shadowed`;
    // before the registry answers, nothing is said about what it lacks
    expect(options()).toEqual(['t1 — signed by Repo Admin', t4]);
    await act(async () => answer({ gun: REF, found: true, tags: ['t4', 't9'] }));
    expect(options()).toEqual([t4, 't9 — not signed', 't1 — signed by Repo Admin, no longer in the registry']);
  });

  test('the Audit view lists both rows of the tag', async () => {
    const { store } = await setup();
    act(() => store.getState().setAuditSelection([REF]));
    await act(async () => store.getState().startAudit());
    fireEvent.click(
      within(screen.getByRole('navigation', { name: 'Sections' })).getByRole('button', { name: 'Audit' }),
    );
    fireEvent.click(await screen.findByText(REF, { selector: '.audit-repo-name' }));
    const table = await screen.findByRole('table', { name: `Tags of ${REF}` });
    const rows = [...table.querySelectorAll('tbody tr[data-index]')].map((tr) =>
      [...(tr as HTMLTableRowElement).cells]
        .slice(0, 3)
        .map((c, i) => c.textContent!.slice(0, i === 2 ? 12 : undefined)),
    );
    expect(rows).toEqual([
      ['t1', 'matches', T1.slice(0, 12)],
      ['t4', `shadowed: docker pull gets ${B.slice(0, 12)}`, A.slice(0, 12)],
      ['t4', 'matches', B.slice(0, 12)],
    ]);
    expect(screen.getByText('1 shadowed')).toBeTruthy();
  });
});
