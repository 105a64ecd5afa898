/**
 * The History tab, the diff, the trust graph and opened archives over a fake main process: what
 * the user sees of a history (events, who signed, kept locally, unverified with the reason), the
 * filters and the order, what a diff request carries, the graph's nodes, its keyboard moves and
 * the table filter of a chosen node, and an archive shown read-only. The real main process and
 * servers are in test/e2e/renderer-history.test.ts.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../renderer/app.tsx';
import { createAppStore } from '../../renderer/store/index.ts';
import { buildTrustGraph } from '../../renderer/features/trust-graph/graph-model.ts';
import { filterView, graphFilter } from '../../renderer/features/trust-graph/graph-filter.ts';
import { applyGroupAction, GROUP_ABOVE, groupTags, PAGE } from '../../renderer/features/trust-graph/graph-groups.ts';
import { layoutGraph, neighbour, wrap } from '../../renderer/features/trust-graph/graph-layout.ts';
import { filterEvents, groupByPublish, NO_FILTER } from '../../renderer/features/history/events.ts';
import type { DiffRequest, HistoryDTO, HistoryEvent, HistoryRequest } from '../../electron/ipc/contract.ts';
import { fakeApi, fakeHandle, hex, makeView, roleStatus } from './fixtures.tsx';

afterEach(cleanup);

const REF = 'registry.example.com:5000/team/app';
const T1 = hex('7');
const ALICE = hex('1');

const ev = (publish: number, e: Partial<HistoryEvent> & Pick<HistoryEvent, 'role' | 'change'>): HistoryEvent => ({
  time: `2026-12-0${publish}T10:00:00Z`,
  publish,
  version: publish,
  keyIds: [T1],
  source: 'remote',
  ...e,
});

function makeHistory(over: Partial<HistoryDTO> = {}): HistoryDTO {
  return {
    gun: REF,
    name: REF,
    source: 'https://notary.example.com',
    events: [
      ev(1, { role: 'root', change: 'initialized', keyIds: [hex('r')] }),
      ev(2, { role: 'targets', change: 'tag-added', tag: 'v1', digest: hex('a') }),
      ev(3, { role: 'targets', change: 'signer-added', signer: 'alice', keys: { before: [], after: [ALICE] } }),
      ev(4, {
        role: 'targets/alice',
        change: 'tag-added',
        tag: 'v2',
        digest: hex('b'),
        keyIds: [ALICE],
        source: 'kept',
      }),
      {
        ...ev(5, { role: 'targets', change: 'unverified', keyIds: [] }),
        problem: { code: 'TUF_BAD_SIGNATURE', message: 'targets: no valid signature' },
      },
    ],
    points: [1, 2, 3, 4, 5].map((p) => ({ publish: p, time: `2026-12-0${p}T10:00:00Z`, kept: p === 4 })),
    keys: { [hex('r')]: 'local', [T1]: 'server', [ALICE]: 'unknown' },
    versions: { total: 12, kept: 1, unverified: 1 },
    notes: ['publication times are approximate'],
    ...over,
  };
}

const ARCHIVE_ID = 'a'.repeat(32);

async function setup(history: HistoryDTO = makeHistory()) {
  const diffs: DiffRequest[] = [];
  const reads: HistoryRequest[] = [];
  const opened: string[] = [];
  const api = fakeApi(
    { views: { [REF]: makeView() } },
    {
      'history:read': async (req) => (reads.push(req), history),
      'history:diff': async (req) => {
        diffs.push(req);
        return {
          gun: REF,
          from: { publish: 1, time: null },
          to: { publish: 5, time: null },
          tags: [
            { role: 'targets', tag: 'v1', change: 'tag-added', digest: hex('a') },
            { role: 'targets', tag: 'v0', change: 'tag-removed', previousDigest: hex('c') },
          ],
          signers: [
            {
              parent: 'targets',
              role: 'targets/alice',
              signer: 'alice',
              change: 'signer-added',
              keys: { before: [], after: [ALICE] },
            },
          ],
          keys: [],
          notes: [],
          keyHolders: { [ALICE]: 'unknown' },
        };
      },
      'history:openArchive': async ({ file }) => {
        opened.push(file);
        const archive = {
          name: 'app.tar.gz',
          gun: REF,
          server: 'https://notary.example.com',
          created: '2026-12-07T10:00:00Z',
        };
        return {
          id: ARCHIVE_ID,
          archive,
          view: makeView(),
          history: { ...makeHistory(), source: 'archive:app.tar.gz', archive },
        };
      },
    },
  );
  const store = createAppStore(api, { progressLingerMs: 10 });
  render(<App store={store} api={api} />);
  await act(async () => {
    await store.getState().loadView(REF);
    store.getState().select(REF);
  });
  return { api, store, diffs, reads, opened };
}

const events = (): HTMLElement[] => [...document.querySelectorAll<HTMLElement>('.tl-event')];

describe('History tab', () => {
  test('events oldest first, who signed each, kept locally and unverified with the reason', async () => {
    await setup();
    fireEvent.click(screen.getByRole('tab', { name: 'History' }));
    await screen.findByRole('list', { name: `History of ${REF}` });
    expect(events().map((e) => e.dataset['change'])).toEqual([
      'initialized',
      'tag-added',
      'signer-added',
      'tag-added',
      'unverified',
    ]);
    const [root, , , byAlice, failed] = events();
    expect(root!.textContent).toContain('you (this computer)');
    expect(events()[1]!.textContent).toContain('the server');
    expect(byAlice!.textContent).toContain('kept locally');
    expect(byAlice!.textContent).toContain('not on this computer');
    expect(failed!.textContent).toContain('targets: no valid signature');
    expect(failed!.textContent).not.toContain('Signed by');
    expect(screen.getByText('1 version failed verification.')).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Notes on the history' }).textContent).toContain('approximate');
  });

  test('filters by tag, signer and change kind; newest first', async () => {
    await setup();
    fireEvent.click(screen.getByRole('tab', { name: 'History' }));
    await screen.findByRole('list', { name: `History of ${REF}` });
    const filters = screen.getByRole('group', { name: 'Filter the timeline' });
    fireEvent.change(within(filters).getByLabelText('Signer'), { target: { value: 'alice' } });
    expect(events().map((e) => e.textContent?.slice(0, 20))).toEqual([
      expect.stringContaining('signer added'),
      expect.stringContaining('tag added'),
    ]);
    expect(within(filters).getByRole('status').textContent).toBe('2 of 5 changes');
    fireEvent.change(within(filters).getByLabelText('Change'), { target: { value: 'signer-added' } });
    expect(events()).toHaveLength(1);
    fireEvent.click(within(filters).getByRole('button', { name: 'Clear filters' }));
    fireEvent.change(within(filters).getByLabelText('Tag'), { target: { value: 'v1' } });
    expect(events().map((e) => e.dataset['change'])).toEqual(['tag-added']);
    fireEvent.click(within(filters).getByRole('button', { name: 'Clear filters' }));
    fireEvent.click(screen.getByRole('button', { name: 'Newest first' }));
    expect([...document.querySelectorAll('.tl-when')].map((h) => h.textContent?.split(' · ')[0])).toEqual([
      'Publish 5',
      'Publish 4',
      'Publish 3',
      'Publish 2',
      'Publish 1',
    ]);
  });

  test('compare two points: the request names the points; added and removed rows are marked in words', async () => {
    const { diffs } = await setup();
    fireEvent.click(screen.getByRole('tab', { name: 'History' }));
    const panel = await screen.findByRole('region', { name: 'Compare two points' });
    expect(within(panel).getByLabelText('From').textContent).toContain(
      'Publish 4 — 2026-12-04 10:00:00 UTC (kept locally)',
    );
    fireEvent.change(within(panel).getByLabelText('To'), { target: { value: 'time' } });
    fireEvent.change(within(panel).getByLabelText('To: time'), { target: { value: '2026-12-03' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Show differences' }));
    await within(panel).findByRole('table', { name: 'Signed tag changes' });
    expect(diffs).toEqual([{ reference: REF, from: '1', to: '2026-12-03' }]);
    const rows = within(screen.getByRole('table', { name: 'Signed tag changes' }))
      .getAllByRole('row')
      .filter((r) => r.dataset['index'] !== undefined);
    const cellsOf = (r: HTMLElement) => [...(r as HTMLTableRowElement).cells].map((c) => c.textContent);
    expect(rows.map((r) => [r.className, ...cellsOf(r).slice(0, 2)])).toEqual([
      ['diff-row diff-added', 'added', 'v1'],
      ['diff-row diff-removed', 'removed', 'v0'],
    ]);
    expect(screen.getByRole('table', { name: 'Signer changes' }).textContent).toContain('not on this computer');
  });

  test('the server not used: the reason is said once, above the history kept locally', async () => {
    await setup(
      makeHistory({
        source: 'kept locally',
        serverProblem: { code: 'NOTARY_NOT_INITIALIZED', message: 'the trust server has no trust data any more' },
        notes: ["the server's trust data was not used: the trust server has no trust data any more", 'another note'],
      }),
    );
    fireEvent.click(screen.getByRole('tab', { name: 'History' }));
    await screen.findByText(/The trust server.s data was not used:/);
    expect(screen.getByText('Kept locally by Signet')).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Notes on the history' }).textContent).toBe('another note');
  });
});

describe('History after a write', () => {
  /** A view one publish later: the roles' versions as a publish leaves them. */
  const published = (n: number) =>
    makeView({
      roles: makeView().roles.map((r) => (r.role === 'root' ? r : { ...r, version: r.version + n })),
    });

  test('the History tab shows a publish made in the app as soon as the trust data is read again', async () => {
    let history = makeHistory();
    const views: Record<string, ReturnType<typeof makeView>> = { [REF]: makeView() };
    const api = fakeApi({ views }, { 'history:read': async () => history });
    const store = createAppStore(api, { progressLingerMs: 10 });
    render(<App store={store} api={api} />);
    await act(async () => {
      await store.getState().loadView(REF);
      store.getState().select(REF);
    });
    fireEvent.click(screen.getByRole('tab', { name: 'History' }));
    await screen.findByRole('list', { name: `History of ${REF}` });
    expect(events()).toHaveLength(5);

    // what every write dialog does when its publish is done (sign, signers, revoke, rotate, renew, initialize)
    history = makeHistory({
      events: [...makeHistory().events, ev(6, { role: 'targets', change: 'tag-added', tag: 'v3', digest: hex('d') })],
    });
    views[REF] = published(1);
    await act(() => store.getState().loadView(REF, { force: true }));
    await waitFor(() => expect(events()).toHaveLength(6));
    expect(events().at(-1)!.textContent).toContain('v3');
  });

  test('read again only when the role versions changed; a read under way is repeated; archives stay', async () => {
    const reads: string[] = [];
    let release: () => void = () => undefined;
    let gate: Promise<void> | null = null;
    const views: Record<string, ReturnType<typeof makeView>> = { [REF]: makeView() };
    const api = fakeApi(
      { views },
      {
        'history:read': async (req) => {
          reads.push(req.archive ? `archive ${req.archive}` : req.reference);
          if (gate) await gate;
          return makeHistory();
        },
      },
    );
    const store = createAppStore(api);
    const s = () => store.getState();
    await s().loadView(REF);
    await s().loadHistory(REF);
    store.setState({ histories: { ...s().histories, 'archive:x': { status: 'ready', history: makeHistory() } } });
    expect(reads).toEqual([REF]);

    await s().loadView(REF, { force: true }); // Refresh, nothing published
    expect(reads).toEqual([REF]);

    views[REF] = published(1);
    await s().loadView(REF, { force: true });
    await waitFor(() => expect(reads).toEqual([REF, REF]));
    await waitFor(() => expect(s().histories[REF]?.status).toBe('ready'));

    // a publish lands while the history is being read: read once more after that read
    gate = new Promise((r) => (release = r));
    void s().loadHistory(REF, { force: true });
    expect(s().histories[REF]?.status).toBe('loading');
    views[REF] = published(2);
    await s().loadView(REF, { force: true });
    expect(reads).toHaveLength(3);
    gate = null;
    release();
    await waitFor(() => expect(reads).toHaveLength(4));
    await waitFor(() => expect(s().histories[REF]?.status).toBe('ready'));
    expect(reads.every((r) => r === REF)).toBe(true);
  });

  test('a repository initialized in the app: its history read before (none yet) is read again', async () => {
    const reads: string[] = [];
    const views: Record<string, ReturnType<typeof makeView>> = {};
    const api = fakeApi({ views }, { 'history:read': async (req) => (reads.push(req.reference), makeHistory()) });
    const store = createAppStore(api);
    await store.getState().loadView(REF);
    expect(store.getState().views[REF]?.status).toBe('error');
    await store.getState().loadHistory(REF);
    views[REF] = makeView();
    await store.getState().loadView(REF, { force: true });
    await waitFor(() => expect(reads).toEqual([REF, REF]));
  });
});

describe('trust graph', () => {
  const view = makeView();

  test('root → roles → signers (releases too) → keys (deduplicated, with holders) → signed tags', () => {
    const g = buildTrustGraph(view);
    const byColumn = (c: number) => g.nodes.filter((n) => n.column === c).map((n) => n.title);
    expect(byColumn(0)).toEqual(['root']);
    expect(byColumn(1)).toEqual(['targets', 'snapshot', 'timestamp']);
    expect(byColumn(2)).toEqual(['alice', 'bob']);
    expect(byColumn(3)).toHaveLength(6);
    expect(byColumn(4)).toEqual(['v10', 'v2', 'v1']);
    const alice = g.nodes.find((n) => n.id === `key:${ALICE}`)!;
    expect(alice.name).toBe(
      `${ALICE.slice(0, 12)}, you (this computer): key held by you (this computer), signs for targets/alice`,
    );
    expect(g.edges.filter((e) => e.from === `key:${ALICE}`).map((e) => e.to)).toEqual([
      `tag:v2@${hex('b')}`,
      `tag:v1@${hex('c')}`,
    ]);
    // a delegation the Signers table leaves out (docker's releases) is drawn from its role status
    const withReleases = buildTrustGraph(
      makeView({
        roles: [
          ...view.roles,
          roleStatus('targets/releases', '2030-01-01T00:00:00Z', [ALICE, hex('2')], { by: 'you', keyIds: [ALICE] }),
        ],
      }),
    );
    const releases = withReleases.nodes.find((n) => n.id === 'role:targets/releases')!;
    expect(releases.name).toBe('releases, threshold 1 of 2: signer targets/releases, 2 signed tags');
    expect(withReleases.nodes.filter((n) => n.kind === 'key')).toHaveLength(6);
  });

  test('choosing a node: what it covers in each table; the root covers every tag', () => {
    const g = buildTrustGraph(view);
    const pick = (id: string) =>
      filterView(
        view,
        graphFilter(
          g,
          g.nodes.find((n) => n.id === id)!,
        ),
      );
    const bob = pick('role:targets/bob');
    expect(bob.signedTags.map((t) => t.tag)).toEqual(['v2']);
    expect(bob.signers.map((s) => s.name)).toEqual(['bob']);
    const root = pick('role:root');
    expect(root.signedTags).toHaveLength(3);
    expect(root.administrativeKeys.repository).toHaveLength(0);
    expect(root.administrativeKeys.root).toHaveLength(1);
    const v1 = pick(`tag:v1@${hex('c')}`);
    expect(v1.signers.map((s) => s.name)).toEqual(['alice']);
  });

  test('layout and arrow keys: up and down a layer, right to the first child, left back', () => {
    const g = buildTrustGraph(view);
    const layout = layoutGraph(g, 1000);
    const go = (from: string, key: string) => neighbour(layout, g.edges, from, key);
    expect(go('role:root', 'ArrowRight')).toBe('role:targets');
    expect(go('role:targets', 'ArrowDown')).toBe('role:snapshot');
    expect(go('role:targets', 'ArrowUp')).toBeUndefined();
    expect(go('role:targets', 'ArrowRight')).toBe('role:targets/alice');
    expect(go('role:targets/bob', 'ArrowRight')).toBe(`key:${hex('2')}`);
    expect(go(`key:${hex('2')}`, 'ArrowLeft')).toBe('role:targets/bob');
    expect(go('role:targets/bob', 'End')).toBe(`tag:v1@${hex('c')}`);
    expect(layout.width).toBeLessThanOrEqual(1000);
    expect(wrap('not on this computer', 12)).toEqual(['not on this', 'computer']);
  });

  test('the graph tab: nodes are toggle buttons; Enter chooses, the tables follow; Escape clears', async () => {
    await setup();
    fireEvent.click(screen.getByRole('tab', { name: 'Trust graph' }));
    const graph = await screen.findByRole('group', { name: `Trust graph of ${REF}` });
    const bob = within(graph).getByRole('button', { name: /^bob, / });
    expect(within(graph).getAllByRole('button')).toHaveLength(1 + 3 + 2 + 6 + 3);
    expect(
      within(graph)
        .getAllByRole('button')
        .filter((b) => b.tabIndex === 0),
    ).toHaveLength(1);
    fireEvent.keyDown(bob, { key: 'Enter' });
    expect(bob.getAttribute('aria-pressed')).toBe('true');
    await screen.findByText(/Showing what signer bob covers/);
    const tags = within(screen.getByRole('table', { name: 'Signed tags' })).getAllByRole('row');
    expect(
      tags.filter((r) => r.dataset['index'] !== undefined).map((r) => (r as HTMLTableRowElement).cells[0]!.textContent),
    ).toEqual(['v2']);
    fireEvent.keyDown(bob, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByText(/Showing what/)).toBeNull());
  });
});

describe('trust graph with hundreds of tags', () => {
  /** 300 tags: 100 by the admin (targets), 150 released by alice, 50 by alice alone. */
  const many = (n = 300): ReturnType<typeof makeView> => {
    const rows = Array.from({ length: n }, (_, i) => {
      const roles = i % 6 < 2 ? ['targets'] : i % 6 < 5 ? ['targets/releases', 'targets/alice'] : ['targets/alice'];
      const tag = `v${String(i).padStart(3, '0')}`;
      const signers = roles[0] === 'targets' ? [] : ['alice'];
      return { tag, digest: hex(String(i % 10)), size: 100 + i, signers, roles, pulled: true };
    });
    return makeView({
      signedTags: rows,
      roles: [
        ...makeView().roles,
        roleStatus('targets/releases', '2030-01-01T00:00:00Z', [ALICE], { by: 'you', keyIds: [ALICE] }),
      ],
    });
  };
  const RELEASED = 'tags:targets/alice+targets/releases';
  const ALICE_ONLY = 'tags:targets/alice';

  test('up to 24 tags each get a node; more are grouped by signer set, with counts, each with a Show node', () => {
    const few = buildTrustGraph(many(GROUP_ABOVE), Infinity);
    expect(groupTags(few, new Map())).toBe(few);
    const whole = buildTrustGraph(many(), Infinity);
    expect(whole.nodes.filter((n) => n.kind === 'tag')).toHaveLength(300);
    const g = groupTags(whole, new Map());
    const col = (c: number) => g.nodes.filter((n) => n.column === c).map((n) => `${n.title} ${n.detail}`);
    expect(col(4)).toEqual([
      '100 tags by Repo Admin',
      'Show tags 12 of 100 at a time',
      '50 tags by alice',
      'Show tags 12 of 50 at a time',
      '150 tags by alice, releases',
      'Show tags 12 of 150 at a time',
    ]);
    expect(col(5)).toEqual([]);
    expect(g.nodes.filter((n) => n.kind === 'tag')).toHaveLength(0);
    expect(g.nodes.find((n) => n.id === RELEASED)!.name).toBe(
      '150 tags, by alice, releases: group of 150 signed tags held by targets/alice, targets/releases, closed',
    );
    // the keys' edges go to the groups they sign, once each
    expect(
      g.edges
        .filter((e) => e.from === `key:${ALICE}`)
        .map((e) => e.to)
        .sort(),
    ).toEqual([ALICE_ONLY, RELEASED]);
    expect(new Set(g.edges.map((e) => `${e.from}>${e.to}`)).size).toBe(g.edges.length);
    // each Show node right under its group
    const layout = layoutGraph(g, 1400);
    for (const id of [RELEASED, ALICE_ONLY])
      expect(layout.placed.get(`${id}:toggle`)!.y).toBe(layout.placed.get(id)!.y + layout.nodeHeight + 12);
    // choosing a group shows exactly its tags in the tables
    const v = many();
    const shown = filterView(
      v,
      graphFilter(
        g,
        g.nodes.find((n) => n.id === ALICE_ONLY)!,
      ),
    );
    expect(shown.signedTags).toHaveLength(50);
    expect(shown.signedTags.every((t) => t.roles.join() === 'targets/alice')).toBe(true);
    expect(shown.signers.map((s) => s.name)).toEqual(['alice']);
  });

  test('Show: a page of 12 tags beside its group; Next and Previous page through, the focus on the first tag', () => {
    const whole = buildTrustGraph(many(), Infinity);
    const node = (g: ReturnType<typeof groupTags>, id: string) => g.nodes.find((n) => n.id === id)!;
    let open: Map<string, number> = new Map();
    let g = groupTags(whole, open);
    let step = applyGroupAction(whole, open, node(g, `${RELEASED}:toggle`));
    ({ open } = step);
    expect(step.focus).toBe(`${RELEASED}:toggle`);
    g = groupTags(whole, open);
    const members = () => g.nodes.filter((n) => n.group === RELEASED && n.id !== RELEASED);
    const shownTags = () => members().filter((n) => n.kind === 'tag');
    expect(g.nodes.filter((n) => n.column === 4)).toHaveLength(6 + PAGE + 1);
    expect(members().map((n) => n.kind)).toEqual(['group-action', ...Array(PAGE).fill('tag'), 'group-action']);
    expect(node(g, `${RELEASED}:toggle`)).toMatchObject({ title: 'Hide tags', detail: '1–12 of 150 shown' });
    expect(node(g, `${RELEASED}:next`)).toMatchObject({ title: 'Next 12', detail: '13–24 of 150' });
    expect(g.nodes.some((n) => n.id === `${RELEASED}:previous`)).toBe(false);
    expect(shownTags()[0]!.tag).toBe('v002');
    expect(g.edges.filter((e) => e.to === shownTags()[0]!.id)).toEqual([]);
    // the page under its group, indented, joined to it by a tree's lines; no taller for the group's other 138 tags
    const layout = layoutGraph(g, 1400);
    const at = (id: string) => layout.placed.get(id)!;
    expect(at(shownTags()[0]!.id).y).toBe(at(`${RELEASED}:toggle`).y + layout.nodeHeight + 12);
    expect(at(shownTags()[0]!.id).x).toBe(at(RELEASED).x + 14);
    expect(at(`${RELEASED}:toggle`).x).toBe(at(RELEASED).x);
    expect(layout.connectors).toHaveLength(1);
    const tall = layout.height;
    for (let page = 1; page < 13; page++) {
      step = applyGroupAction(whole, open, node(g, `${RELEASED}:next`));
      ({ open } = step);
      g = groupTags(whole, open);
      expect(step.focus).toBe(shownTags()[0]!.id);
      expect(layoutGraph(g, 1400).height).toBeLessThanOrEqual(tall + 60);
    }
    expect(node(g, `${RELEASED}:toggle`).detail).toBe('145–150 of 150 shown');
    expect(shownTags()).toHaveLength(6);
    expect(g.nodes.some((n) => n.id === `${RELEASED}:next`)).toBe(false);
    step = applyGroupAction(whole, open, node(g, `${RELEASED}:previous`));
    ({ open } = step);
    g = groupTags(whole, open);
    expect(node(g, `${RELEASED}:toggle`).detail).toBe('133–144 of 150 shown');
    expect(step.focus).toBe(shownTags()[0]!.id);
    ({ open } = applyGroupAction(whole, open, node(g, `${RELEASED}:toggle`)));
    expect(groupTags(whole, open).nodes.filter((n) => n.kind === 'tag')).toHaveLength(0);
  });

  test('in the graph tab: arrow keys reach a group’s Show node, Enter opens it (aria-expanded), Next moves the focus', async () => {
    const api = fakeApi({ views: { [REF]: many() } }, { 'history:read': async () => makeHistory() });
    const store = createAppStore(api, { progressLingerMs: 10 });
    render(<App store={store} api={api} />);
    await act(async () => {
      await store.getState().loadView(REF);
      store.getState().select(REF);
    });
    fireEvent.click(screen.getByRole('tab', { name: 'Trust graph' }));
    const graph = await screen.findByRole('group', { name: `Trust graph of ${REF}` });
    const button = (name: RegExp) => within(graph).getByRole('button', { name });
    const group = button(/^150 tags, by alice, releases: /);
    expect(group.getAttribute('aria-pressed')).toBe('false');
    act(() => group.focus());
    fireEvent.keyDown(group, { key: 'ArrowDown' });
    const show = button(/^Show tags, 12 of 150 at a time: shows the tags of the group by alice, releases$/);
    expect(document.activeElement).toBe(show);
    expect(show.getAttribute('aria-expanded')).toBe('false');
    expect(show.hasAttribute('aria-pressed')).toBe(false);
    fireEvent.keyDown(show, { key: 'Enter' });
    expect(show.getAttribute('aria-expanded')).toBe('true');
    expect(show.getAttribute('aria-label')).toMatch(/^Hide tags, 1–12 of 150 shown: /);
    expect(document.activeElement).toBe(show);
    fireEvent.keyDown(show, { key: 'ArrowDown' });
    expect(document.activeElement?.getAttribute('aria-label')).toMatch(/^v002, /);
    fireEvent.click(button(/^Next 12, 13–24 of 150/));
    await waitFor(() => expect(document.activeElement?.getAttribute('aria-label')).toMatch(/^v026, /));
    expect(button(/^Previous 12, 1–12 of 150/)).toBeTruthy();
    // a group is a toggle button like the other nodes: chosen, the tables show its tags
    fireEvent.keyDown(group, { key: 'Enter' });
    expect(group.getAttribute('aria-pressed')).toBe('true');
    await screen.findByText(/Showing what the group of 150 tags by alice, releases covers:/);
    expect(screen.getByRole('table', { name: 'Signed tags' }).getAttribute('aria-rowcount')).toBe('151');
    expect(screen.queryByText(/more signed tags are not drawn/)).toBeNull();
  });
});

describe('tabs and archives', () => {
  test('the tabs follow the arrow keys', async () => {
    await setup();
    const trust = screen.getByRole('tab', { name: 'Trust data' });
    expect(trust.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(trust, { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: 'Trust graph' }).getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(trust, { key: 'End' });
    expect(screen.getByRole('tab', { name: 'History' }).getAttribute('aria-selected')).toBe('true');
  });

  test('Open archive: chosen in main’s dialog, read by main; shown read-only with its history', async () => {
    const { api, opened, reads } = await setup();
    fireEvent.click(screen.getByRole('button', { name: 'Open archive…' }));
    const dlg = await screen.findByRole('dialog', { name: 'Open a trust archive' });
    expect(within(dlg).queryByRole('textbox')).toBeNull();
    fireEvent.click(within(dlg).getByRole('button', { name: 'Open' }));
    expect((await within(dlg).findByRole('alert')).textContent).toContain('no file chosen yet');
    // cancelled in main's dialog: still nothing chosen
    api.chooseNext(null);
    fireEvent.click(within(dlg).getByRole('button', { name: 'Choose file…' }));
    await waitFor(() => expect(api.calls).toContain('chooseOpen archive'));
    expect(within(dlg).getByText('No file chosen')).toBeTruthy();
    api.chooseNext(['app.tar.gz']);
    fireEvent.click(within(dlg).getByRole('button', { name: 'Choose file…' }));
    await within(dlg).findByText('app.tar.gz');
    fireEvent.click(within(dlg).getByRole('button', { name: 'Open' }));
    await screen.findByText('Trust archive app.tar.gz');
    expect(opened).toEqual([fakeHandle(1)]);
    expect(screen.getByText('archive, verified offline')).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: 'Trust data' }));
    expect(screen.getByRole('table', { name: 'Signed tags' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Sign tag' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Revoke' })).toBeNull();
    fireEvent.click(screen.getByRole('tab', { name: 'History' }));
    expect(screen.getByText(/From the archive/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Export archive…' })).toBeNull();
    // a refresh names the opened archive by its ID, never a file
    const before = reads.length;
    fireEvent.click(screen.getByRole('button', { name: 'Refresh history' }));
    await waitFor(() => expect(reads.length).toBe(before + 1));
    expect(reads.at(-1)).toEqual({ reference: REF, archive: ARCHIVE_ID });
    fireEvent.click(screen.getByRole('button', { name: 'Close archive' }));
    expect(screen.queryByText('Trust archive app.tar.gz')).toBeNull();
  });
});

test('pure rules: filters and publish groups', () => {
  const h = makeHistory();
  expect(filterEvents(h.events, { ...NO_FILTER, signer: 'alice' })).toHaveLength(2);
  expect(groupByPublish(h.events, 'newest').map((g) => g.publish)).toEqual([5, 4, 3, 2, 1]);
});
