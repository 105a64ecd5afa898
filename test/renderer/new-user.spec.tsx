/**
 * What a new user meets (jsdom): the first screen of an empty trust dir and the welcome of a
 * populated one, "Sign tag" on a repository without trust data, the header (title parts, actions,
 * the "More actions" menu), the root of trust with "Pin this root", the pin errors explained, and
 * Settings → Trust pinning.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../renderer/app.tsx';
import { ApiError } from '../../renderer/api.ts';
import { createAppStore } from '../../renderer/store/index.ts';
import { nameParts } from '../../renderer/components/repo-name.tsx';
import { caPinProblem, certPinProblem } from '../../renderer/features/settings/trust-pins.tsx';
import type { TrustPinsDTO, TrustPinsPatch } from '../../electron/ipc/contract.ts';
import { fakeApi, fakeHandle, hex, makeView, type FakeApiOptions, type FakeHandlers } from './fixtures.tsx';

afterEach(cleanup);

const REF = 'registry.example.com:5000/team/app';
const ROOT_ID = hex('r');

function setup(opts: FakeApiOptions = {}, more: FakeHandlers = {}) {
  const api = fakeApi(opts, more);
  const store = createAppStore(api, { progressLingerMs: 10 });
  render(<App store={store} api={api} />);
  return { api, store };
}

async function open(store: ReturnType<typeof createAppStore>, reference = REF): Promise<void> {
  act(() => store.getState().select(reference));
  await screen.findByRole('heading', { level: 1, name: reference });
}

describe('first start', () => {
  test('empty trust dir, no repositories: what Signet is for and the next steps', async () => {
    const { api, store } = setup({ views: { [REF]: makeView() } });
    const first = await screen.findByRole('heading', { level: 1, name: 'Welcome to Signet' });
    const section = first.closest('section')!;
    expect(section.textContent).toMatch(/signs container images and shows who signed them/);
    expect(section.textContent).toMatch(
      /Your docker trust dir \/home\/u\/\.docker\/trust has no keys and no repositories/,
    );
    const steps = within(within(section).getByRole('list', { name: 'Next steps' }))
      .getAllByRole('heading', { level: 2 })
      .map((h) => h.textContent);
    // "Add a registry" appears once the Audit view's flow is plugged into the hook
    expect(steps).toEqual(['Add a repository', 'Add a registry', 'Import keys', 'Generate a key']);
    fireEvent.click(within(section).getByRole('button', { name: 'Import keys' }));
    expect(store.getState().dialog).toEqual({ kind: 'import-key' });
    act(() => store.getState().closeDialog());
    fireEvent.click(within(section).getByRole('button', { name: 'Generate a key' }));
    expect(store.getState().dialog).toEqual({ kind: 'generate-key' });
    act(() => store.getState().closeDialog());
    // add a repository right here: it is added and opened
    fireEvent.change(within(section).getByRole('textbox', { name: 'Repository to add' }), { target: { value: REF } });
    fireEvent.click(within(section).getByRole('button', { name: 'Add repository' }));
    await screen.findByRole('heading', { level: 1, name: REF });
    expect(api.calls).toContain(`add ${REF}`);
  });

  test('a populated trust dir: its repositories and keys are there, the welcome says what was found', async () => {
    setup({
      views: { [REF]: makeView() },
      discovered: [{ gun: REF, registry: 'registry.example.com:5000', source: 'cache' }],
      keys: [
        {
          id: hex('1'),
          role: 'alice',
          location: 'trust-dir',
          where: '/home/u/.docker/trust/private',
          passphraseRemembered: false,
          backedUp: true,
        },
      ],
    });
    const welcome = await screen.findByRole('heading', { level: 1, name: 'Docker Content Trust' });
    expect(welcome.closest('section')!.textContent).toMatch(
      /In your docker trust dir \/home\/u\/\.docker\/trust Signet found 1 repository and 1 key/,
    );
    expect(screen.queryByRole('heading', { name: 'Welcome to Signet' })).toBeNull();
    const found = screen.getByRole('list', { name: 'Repositories found' });
    expect(within(found).getByRole('listitem').textContent).toBe(`${REF} its trust data is in the cache`);
    const nav = screen.getByRole('navigation', { name: 'Repositories' });
    expect(within(nav).getByRole('button', { name: /team\/app/ })).toBeTruthy();
  });
});

describe('repository header', () => {
  test('the title breaks only after "/": parts end with their slash; the full name is the heading’s name and tooltip', async () => {
    expect(nameParts('127.0.0.1:25000/audit/team')).toEqual(['127.0.0.1:25000/', 'audit/', 'team']);
    expect(nameParts('alpine')).toEqual(['alpine']);
    const { store } = setup({ views: { [REF]: makeView() } });
    await open(store);
    const h1 = screen.getByRole('heading', { level: 1, name: REF });
    expect(h1.getAttribute('title')).toBe(REF);
    expect([...h1.querySelectorAll('.name-part')].map((p) => p.textContent)).toEqual(nameParts(REF));
  });

  test('actions: Sign tag first; the less used ones are also in "More actions" for narrow windows', async () => {
    const { store } = setup({
      views: { [REF]: makeView() },
      watched: [{ reference: REF, gun: REF, registry: 'registry.example.com:5000' }],
    });
    await open(store);
    await screen.findByRole('table', { name: 'Signed tags' });
    const group = screen.getByRole('group', { name: 'Repository actions' });
    const inline = within(group)
      .getAllByRole('button')
      .map((b) => b.textContent);
    expect(inline).toEqual([
      'Sign tag',
      'Refresh',
      'Review changes',
      'Renew',
      'Rotate keys',
      'Migrate to cosign',
      'Stop watching',
      'More actions ▾',
    ]);
    const more = within(group).getByRole('button', { name: 'More actions' });
    expect(more.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(more);
    const menu = within(group).getByRole('menu', { name: 'More actions' });
    expect(
      within(menu)
        .getAllByRole('menuitem')
        .map((m) => m.textContent),
    ).toEqual(['Review changes', 'Renew', 'Rotate keys', 'Migrate to cosign', 'Stop watching']);
    fireEvent.click(within(menu).getByRole('menuitem', { name: 'Rotate keys' }));
    expect(store.getState().dialog).toEqual({ kind: 'rotate-key', reference: REF });
    expect(within(group).queryByRole('menu')).toBeNull();
  });

  test('no trust data: "Sign tag" next to "Initialize repository", and in the header', async () => {
    const { store } = setup({ views: {} });
    await open(store);
    const panel = (await screen.findByRole('heading', { name: `No signatures or cannot access ${REF}` })).closest(
      'section',
    )!;
    fireEvent.click(within(panel).getByRole('button', { name: 'Sign tag' }));
    expect(store.getState().dialog).toEqual({ kind: 'sign-tag', reference: REF });
    act(() => store.getState().closeDialog());
    expect(within(panel).getByRole('button', { name: 'Initialize repository' })).toBeTruthy();
    const group = screen.getByRole('group', { name: 'Repository actions' });
    expect(within(group).getByRole('button', { name: 'Sign tag' })).toBeTruthy();
  });
});

describe('root of trust and pins', () => {
  test('trusted on first use: the root certificate ID and "Pin this root", which pins it and reads the repository again', async () => {
    let pinned = false;
    const pinRoot = vi.fn(async () => {
      pinned = true;
      return { file: '/cfg/signet/config.json', certs: { [REF]: [ROOT_ID] }, ca: {}, disableTofu: false };
    });
    const { store, api } = setup({}, { 'pins:pinRoot': pinRoot });
    api.handlers['trust:view'] = async () =>
      makeView({ rootTrust: pinned ? { kind: 'certs', ids: [ROOT_ID] } : { kind: 'tofu' } });
    await open(store);
    const trust = await screen.findByRole('region', { name: 'Root of trust' });
    expect(trust.textContent).toMatch(/Root trusted on first use/);
    expect(trust.querySelector(`[data-full="${ROOT_ID}"]`)).toBeTruthy();
    fireEvent.click(within(trust).getByRole('button', { name: 'Pin this root' }));
    await waitFor(() =>
      expect(screen.getByRole('region', { name: 'Root of trust' }).textContent).toMatch(/Root pinned\./),
    );
    expect(pinRoot).toHaveBeenCalledWith({ reference: REF });
    expect(screen.getByRole('region', { name: 'Root of trust' }).textContent).toMatch(
      /saved in \/cfg\/signet\/config\.json/,
    );
  });

  test('pinned by a CA: says which CA file and prefix', async () => {
    const { store } = setup({
      views: {
        [REF]: makeView({
          rootTrust: { kind: 'ca', prefix: 'registry.example.com:5000/team/', source: '/cfg/ca.pem' },
        }),
      },
    });
    await open(store);
    const trust = await screen.findByRole('region', { name: 'Root of trust' });
    expect(trust.textContent).toMatch(
      /Root pinned by a CA\. Its root certificates must be issued by the CA in \/cfg\/ca\.pem/,
    );
    expect(within(trust).queryByRole('button', { name: 'Pin this root' })).toBeNull();
  });

  test('a root that does not match its pin, and a repository no pin covers: explained, with where to change it', async () => {
    const { store } = setup({
      views: {
        [REF]: {
          code: 'TUF_PIN_MISMATCH',
          message: `the root of ${REF} does not match its pin`,
          hint: 'check the new ID',
        },
        other: { code: 'TUF_TOFU_DISABLED', message: 'other is not pinned and trust on first use is disabled' },
      },
    });
    await open(store);
    let alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/Root does not match its pin\./);
    expect(alert.textContent).toMatch(/someone is serving you data that is not theirs/);
    expect(alert.textContent).toMatch(/What to do: check the new ID\. Settings → Trust pinning/);
    await open(store, 'other');
    alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/Repository not pinned\./);
    fireEvent.click(screen.getByRole('button', { name: 'Trust pinning settings' }));
    expect(store.getState().section).toBe('settings');
    expect(alert.textContent).toMatch(
      /pin it, or turn trust on first use back on\. Both are in Settings → Trust pinning/,
    );
  });
});

describe('Settings → Trust pinning', () => {
  test('lists the pins and the config file; adds a pinned root, a CA, and turns trust on first use off', async () => {
    let pins: TrustPinsDTO = {
      file: '/cfg/signet/config.json',
      certs: { [REF]: [ROOT_ID] },
      ca: {},
      disableTofu: false,
    };
    const update = vi.fn(async (patch: TrustPinsPatch) => (pins = { ...pins, ...patch }));
    const setCa = vi.fn(
      async (req: { prefix: string; file: string }) =>
        (pins = { ...pins, ca: { ...pins.ca, [req.prefix]: 'team-ca.pem' } }),
    );
    const { api } = setup({}, { 'pins:get': async () => pins, 'pins:update': update, 'pins:setCa': setCa });
    fireEvent.click(
      within(screen.getByRole('navigation', { name: 'Sections' })).getByRole('button', { name: 'Settings' }),
    );
    const section = (await screen.findByRole('heading', { name: 'Trust pinning' })).closest('section')!;
    await within(section).findByRole('table', { name: 'Pinned roots' });
    expect(section.textContent).toMatch(/Saved in \/cfg\/signet\/config\.json/);
    expect(within(within(section).getByRole('table', { name: 'Pinned roots' })).getByText(REF)).toBeTruthy();

    const form = within(section).getByRole('form', { name: 'Add a pinned root' });
    fireEvent.change(within(form).getByLabelText('Repository'), { target: { value: 'registry.example.com:5000/x' } });
    fireEvent.change(within(form).getByLabelText('Root certificate IDs'), { target: { value: 'abc' } });
    fireEvent.submit(form);
    expect(await within(section).findByText(/Type the root certificate IDs/)).toBeTruthy();
    expect(update).not.toHaveBeenCalled();
    fireEvent.change(within(form).getByLabelText('Root certificate IDs'), {
      target: { value: `${hex('1')}, ${hex('2')}` },
    });
    fireEvent.submit(form);
    await waitFor(() =>
      expect(update).toHaveBeenCalledWith({
        certs: { [REF]: [ROOT_ID], 'registry.example.com:5000/x': [hex('1'), hex('2')] },
      }),
    );

    // a pinned CA: the file chosen in main's dialog, named by its handle, shown by its name
    const caForm = within(section).getByRole('form', { name: 'Add a pinned CA' });
    fireEvent.change(within(caForm).getByLabelText('Repository prefix'), {
      target: { value: 'registry.example.com/team/' },
    });
    api.chooseNext(['team-ca.pem']);
    fireEvent.click(within(caForm).getByRole('button', { name: 'Choose file…' }));
    await within(caForm).findByText('team-ca.pem');
    fireEvent.submit(caForm);
    await waitFor(() =>
      expect(setCa).toHaveBeenCalledWith({ prefix: 'registry.example.com/team/', file: fakeHandle(1) }),
    );
    await within(within(section).getByRole('table', { name: 'Pinned CAs' })).findByText('team-ca.pem');

    fireEvent.click(within(section).getByRole('checkbox', { name: /Refuse repositories that no pin covers/ }));
    await waitFor(() => expect(update).toHaveBeenLastCalledWith({ disableTofu: true }));
    await waitFor(() =>
      expect((within(section).getByRole('checkbox', { name: /Refuse/ }) as HTMLInputElement).checked).toBe(true),
    );
  });

  test('main’s refusal (e.g. a CA file without a certificate) is shown; the local checks name what to type', async () => {
    const { api } = setup(
      {},
      {
        'pins:setCa': async () => {
          throw new ApiError({ code: 'BAD_INPUT', message: 'nope.pem holds no PEM certificate' });
        },
      },
    );
    fireEvent.click(
      within(screen.getByRole('navigation', { name: 'Sections' })).getByRole('button', { name: 'Settings' }),
    );
    const section = (await screen.findByRole('heading', { name: 'Trust pinning' })).closest('section')!;
    const form = await within(section).findByRole('form', { name: 'Add a pinned CA' });
    fireEvent.change(within(form).getByLabelText('Repository prefix'), { target: { value: 'r/' } });
    fireEvent.submit(form);
    expect((await within(section).findByRole('alert')).textContent).toMatch(/Choose the CA certificate file/);
    api.chooseNext(['nope.pem']);
    fireEvent.click(within(form).getByRole('button', { name: 'Choose file…' }));
    await within(form).findByText('nope.pem');
    fireEvent.submit(form);
    expect((await within(section).findByRole('alert')).textContent).toMatch(/nope\.pem holds no PEM certificate/);
    expect(certPinProblem('a b', hex('1'))).toMatch(/is not a repository name/);
    expect(certPinProblem('example/app:v1', hex('1'))).toMatch(/without a tag/);
    expect(certPinProblem('example/app', hex('1'))).toBeNull();
    expect(caPinProblem('')).toMatch(/start of the repository names/);
    expect(caPinProblem('r/')).toBeNull();
  });
});
