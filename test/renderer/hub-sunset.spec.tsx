/** A repository read from Docker Hub's notary: the notice of its stop, with the two first steps. */
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { App } from '../../renderer/app.tsx';
import { createAppStore } from '../../renderer/store/index.ts';
import { fakeApi, makeView, type FakeApiOptions } from './fixtures.tsx';

afterEach(cleanup);

const HUB = 'docker.io/team/app';

function setup(opts: FakeApiOptions = {}) {
  const api = fakeApi(opts);
  const store = createAppStore(api, { progressLingerMs: 10 });
  render(<App store={store} api={api} />);
  return { api, store };
}

async function open(reference: string): Promise<void> {
  const box = screen.getByRole('textbox', { name: 'Repository' });
  fireEvent.change(box, { target: { value: reference } });
  fireEvent.submit(box.closest('form')!);
  await screen.findByRole('heading', { level: 1, name: reference });
}

describe('Docker Hub’s notary sunset', () => {
  test('before the day: how long is left; Export archive… and Migrate to cosign open their dialogs', async () => {
    const view = makeView({ gun: HUB, name: HUB, hubNotary: { stops: '2026-12-08', daysLeft: 1, stopped: false } });
    const { store } = setup({ views: { [HUB]: view } });
    await open(HUB);
    const notice = await screen.findByRole('region', { name: "Docker Hub's notary" });
    expect(notice.textContent).toMatch(/^Docker Hub’s notary stops on 2026-12-08 \(tomorrow\)\. After that/);
    fireEvent.click(within(notice).getByRole('button', { name: 'Export archive…' }));
    expect(store.getState().dialog).toEqual({ kind: 'export-archive', reference: HUB });
    store.getState().closeDialog();
    fireEvent.click(within(notice).getByRole('button', { name: 'Migrate to cosign' }));
    expect(store.getState().dialog).toEqual({ kind: 'migrate', targets: [HUB], reference: HUB });
  });

  test('with more Docker Hub repositories watched: Export archives of all of them, this one first', async () => {
    const sunset = { stops: '2026-12-08', daysLeft: 1, stopped: false };
    const other = 'docker.io/team/api';
    const { store } = setup({
      views: {
        [HUB]: makeView({ gun: HUB, name: HUB, hubNotary: sunset }),
        [other]: makeView({ gun: other, name: other, hubNotary: sunset }),
        'registry.example.com:5000/team/app': makeView(),
      },
    });
    await open(other);
    await open('registry.example.com:5000/team/app');
    await open(HUB);
    const notice = await screen.findByRole('region', { name: "Docker Hub's notary" });
    fireEvent.click(within(notice).getByRole('button', { name: 'Export archives of all 2 Docker Hub repositories…' }));
    expect(store.getState().dialog).toEqual({ kind: 'export-archives', references: [HUB, other] });
    const dialog = await screen.findByRole('dialog', { name: 'Export archives — 2 repositories' });
    expect(within(dialog).getByRole('list', { name: 'Repositories to archive' }).textContent).toBe(
      `${HUB} → docker.io_team_app.trust.tar.gz${other} → docker.io_team_api.trust.tar.gz`,
    );
  });

  test('after the day: it stopped, and the archive is where the history is', async () => {
    const view = makeView({
      gun: HUB,
      name: HUB,
      source: 'cache',
      hubNotary: { stops: '2026-12-08', daysLeft: 0, stopped: true },
    });
    const { store } = setup({ views: { [HUB]: view } });
    await open(HUB);
    const notice = await screen.findByRole('region', { name: "Docker Hub's notary" });
    expect(notice.textContent).toMatch(/^Docker Hub’s notary stopped on 2026-12-08\./);
    fireEvent.click(within(notice).getByRole('button', { name: 'Open archive…' }));
    expect(store.getState().dialog).toEqual({ kind: 'open-archive' });
  });

  test('another trust server: no notice', async () => {
    setup({ views: { 'registry.example.com:5000/team/app': makeView() } });
    await open('registry.example.com:5000/team/app');
    await screen.findByRole('table', { name: 'Signed tags' });
    expect(screen.queryByRole('region', { name: "Docker Hub's notary" })).toBeNull();
  });
});
