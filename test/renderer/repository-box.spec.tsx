/**
 * The sidebar's Repository box decides what Enter does: a registry address typed alone
 * (`127.0.0.1:35000`, `registry.example.com`) is offered as "Add registry" (the Add registry flow,
 * its catalog read at once), never opened as the Docker Hub image docker.io/library/<host>; a
 * Docker Hub name (`alpine`, `library/alpine`, `user/app`, `node:20`) is opened as docker parses it.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../renderer/app.tsx';
import { boxIntent } from '../../renderer/features/repository-list/repository-box.tsx';
import { createAppStore } from '../../renderer/store/index.ts';
import { fakeApi, makeView } from './fixtures.tsx';

afterEach(cleanup);

/** The app, started: its first loads (settings, registries) answered. */
async function setup() {
  const added: string[] = [];
  const api = fakeApi(
    {},
    {
      'repositories:addRegistry': async (registry) => {
        added.push(registry);
        return { registry, repositories: [`${registry}/team/app`] };
      },
    },
  );
  const store = createAppStore(api, { progressLingerMs: 10 });
  render(<App store={store} api={api} />);
  await waitFor(() => expect(store.getState().settings).not.toBeNull());
  await act(() => new Promise((r) => setTimeout(r, 0)));
  return { api, store, added };
}

const box = () => screen.getByRole('textbox', { name: 'Repository' }) as HTMLInputElement;
function type(text: string): void {
  fireEvent.change(box(), { target: { value: text } });
}
const enter = () => fireEvent.submit(box().closest('form')!);

describe('the Repository box’s decision', () => {
  test('what Enter does, per text (core’s reference rules)', () => {
    expect(boxIntent('')).toEqual({ kind: 'empty' });
    expect(boxIntent('127.0.0.1:35000')).toEqual({ kind: 'registry', registry: '127.0.0.1:35000' });
    expect(boxIntent('registry.example.com')).toEqual({ kind: 'registry', registry: 'registry.example.com' });
    expect(boxIntent(' localhost:5000 ')).toEqual({ kind: 'registry', registry: 'localhost:5000' });
    expect(boxIntent('alpine')).toEqual({ kind: 'repository', opens: 'docker.io/library/alpine' });
    expect(boxIntent('library/alpine')).toEqual({ kind: 'repository', opens: 'docker.io/library/alpine' });
    expect(boxIntent('user/app')).toEqual({ kind: 'repository', opens: 'docker.io/user/app' });
    expect(boxIntent('node:20')).toEqual({ kind: 'repository', opens: 'docker.io/library/node' });
    expect(boxIntent('127.0.0.1:35000/team/app')).toEqual({ kind: 'repository' });
    expect(boxIntent('Team/App')).toEqual({ kind: 'repository' }); // refused on Enter with core's reason
  });

  test('a registry address: "Add registry" is offered, and Enter adds the registry, not docker.io/library/<host>', async () => {
    const { api, added } = await setup();
    type('127.0.0.1:35000');
    const suggestion = document.getElementById('repository-suggestion')!;
    expect(suggestion.textContent).toContain('127.0.0.1:35000 is a registry.');
    expect(box().getAttribute('aria-describedby')).toBe('repository-suggestion');
    expect(screen.queryByText(/Press Enter/)).toBeNull();
    enter();
    const dialog = await screen.findByRole('dialog', { name: 'Add registry' });
    await within(dialog).findByText('Added 127.0.0.1:35000: 1 repository in its catalog.');
    expect(added).toEqual(['127.0.0.1:35000']);
    expect(api.calls.filter((c) => c.startsWith('add '))).toEqual([]); // no repository added
    expect(box().value).toBe('');
    const nav = screen.getByRole('navigation', { name: 'Repositories' });
    expect(within(nav).getByRole('region', { name: /^127\.0\.0\.1:35000/ })).toBeTruthy();
    expect(within(nav).queryByText(/127\.0\.0\.1$/)).toBeNull();
  });

  test('a host with a dot and no path: the suggestion’s button runs the same Add registry flow', async () => {
    const { added } = await setup();
    type('registry.example.com');
    fireEvent.click(screen.getByRole('button', { name: 'Add registry registry.example.com' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add registry' });
    await within(dialog).findByText(/^Added registry\.example\.com/);
    expect(added).toEqual(['registry.example.com']);
  });

  test('Docker Hub names open as docker parses them, and the help says which repository', async () => {
    const { api } = await setup();
    for (const [text, gun] of [
      ['alpine', 'docker.io/library/alpine'],
      ['library/alpine', 'docker.io/library/alpine'],
      ['user/app', 'docker.io/user/app'],
    ] as const) {
      type(text);
      expect(screen.getByText(`Press Enter to add and open ${gun}.`)).toBeTruthy();
      expect(document.getElementById('repository-suggestion')).toBeNull();
      enter();
      await screen.findByRole('heading', { level: 1, name: text });
    }
    expect(api.calls.filter((c) => c.startsWith('add '))).toEqual(['add alpine', 'add library/alpine', 'add user/app']);
  });

  test('a repository in a registry is opened as before', async () => {
    const ref = '127.0.0.1:35000/team/app';
    const { api, added } = await setup();
    api.handlers['trust:view'] = async () => makeView({ gun: ref, name: ref });
    type(ref);
    expect(screen.getByText('Press Enter to add and open it.')).toBeTruthy();
    enter();
    await screen.findByRole('heading', { level: 1, name: ref });
    expect(api.calls).toContain(`add ${ref}`);
    expect(added).toEqual([]);
  });
});
