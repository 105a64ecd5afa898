/**
 * The Settings screen: trust server per registry (add, edit, remove, checked before saving; a
 * change cancelled in main's confirmation is not saved and keeps what was typed) and CA
 * certificate per server (chosen in main's file dialog, shown by name), where new keys go (with
 * the reason when it is not where asked), the "settings file could not be used" banner, and About
 * from app:info. Trust data read with the old server or CA is read again.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../renderer/app.tsx';
import { ApiError } from '../../renderer/api.ts';
import { createAppStore } from '../../renderer/store/index.ts';
import { defaultSettings, fakeApi, fakeHandle, makeView, type FakeApiOptions } from './fixtures.tsx';

afterEach(cleanup);

const REF = 'registry.example.com:5000/team/app';
const OTHER = '127.0.0.1:5000/team/other';

async function openSettings(opts: FakeApiOptions = {}) {
  const api = fakeApi({
    watched: [
      { reference: REF, gun: REF, registry: 'registry.example.com:5000' },
      { reference: OTHER, gun: OTHER, registry: '127.0.0.1:5000' },
    ],
    views: { [REF]: makeView(), [OTHER]: makeView({ gun: OTHER, name: OTHER }) },
    ...opts,
  });
  const store = createAppStore(api, { progressLingerMs: 10 });
  render(<App store={store} api={api} />);
  await waitFor(() => expect(store.getState().views[OTHER]?.status).toBe('ready'));
  fireEvent.click(
    within(screen.getByRole('navigation', { name: 'Sections' })).getByRole('button', { name: 'Settings' }),
  );
  await screen.findByRole('heading', { name: 'Settings' });
  return { api, store };
}

const rows = (name: string): string[][] =>
  within(screen.getByRole('table', { name }))
    .getAllByRole('row')
    .slice(1)
    .map((r) => [...(r as HTMLTableRowElement).cells].slice(0, 2).map((c) => c.textContent ?? ''));

const group = (name: string): HTMLElement => screen.getByRole('region', { name });

function add(region: string, key: string, value: string, button: string): void {
  const g = group(region);
  fireEvent.change(within(g).getByLabelText('Registry'), { target: { value: key } });
  fireEvent.change(within(g).getByLabelText('Trust server URL'), { target: { value } });
  fireEvent.click(within(g).getByRole('button', { name: button }));
}

/** Adds a CA certificate: the host typed, the file chosen in main's (fake) dialog. */
async function addCa(api: ReturnType<typeof fakeApi>, host: string, file: string): Promise<void> {
  const ca = group('CA certificates');
  fireEvent.change(within(ca).getByLabelText('Server (host:port)'), { target: { value: host } });
  api.chooseNext([file]);
  fireEvent.click(within(ca).getByRole('button', { name: 'Choose file…' }));
  await within(ca).findByText(file);
  fireEvent.click(within(ca).getByRole('button', { name: 'Add CA certificate' }));
}

describe('Settings screen', () => {
  test('shows the trust servers, CA certificates, where new keys go and About', async () => {
    await openSettings({ settings: { ...defaultSettings(), file: '/home/u/.config/signet/settings.json' } });
    expect(rows('Trust servers')).toEqual([['registry.example.com:5000', 'https://notary.example.com']]);
    expect(within(group('CA certificates')).getByText(/No CA certificate set/)).toBeTruthy();
    expect((screen.getByRole('radio', { name: 'docker trust dir' }) as HTMLInputElement).checked).toBe(true);
    const about = group('About Signet');
    expect(about.textContent).toContain('0.1.0 (browser harness, linux)');
    expect(about.textContent).toContain('Docker config dir/home/u/.docker');
    expect(about.textContent).toContain('Trust dir/home/u/.docker/trust');
    expect(about.textContent).toContain('Settings file/home/u/.config/signet/settings.json');
  });

  test('add a trust server: saved as a whole map, listed, and the registry’s trust data is read again', async () => {
    const { api, store } = await openSettings();
    const before = api.calls.filter((c) => c === `view ${OTHER}`).length;
    add('Trust servers', '127.0.0.1:5000', 'https://127.0.0.1:4443', 'Add trust server');
    await waitFor(() => expect(rows('Trust servers')).toHaveLength(2));
    expect(api.calls).toContain(
      `settings ${JSON.stringify({ trustServers: { 'registry.example.com:5000': 'https://notary.example.com', '127.0.0.1:5000': 'https://127.0.0.1:4443' } })}`,
    );
    expect(rows('Trust servers')[0]).toEqual(['127.0.0.1:5000', 'https://127.0.0.1:4443']);
    await waitFor(() => expect(api.calls.filter((c) => c === `view ${OTHER}`).length).toBe(before + 1));
    expect(api.calls.filter((c) => c === `view ${REF}`)).toHaveLength(1);
    // the sidebar's group names the new server
    expect(store.getState().settings?.settings.trustServers['127.0.0.1:5000']).toBe('https://127.0.0.1:4443');
    const nav = screen.getByRole('navigation', { name: 'Repositories' });
    expect(within(nav).getByRole('heading', { name: /127\.0\.0\.1:5000.*https:\/\/127\.0\.0\.1:4443/ })).toBeTruthy();
  });

  test('a plain-HTTP server is saved with a warning; the default server is shown while typing', async () => {
    await openSettings();
    const g = group('Trust servers');
    fireEvent.change(within(g).getByLabelText('Registry'), { target: { value: 'docker.io' } });
    expect(g.textContent).toContain('Default for docker.io: https://notary.docker.io.');
    fireEvent.change(within(g).getByLabelText('Registry'), { target: { value: 'registry.local:5000' } });
    expect(g.textContent).toContain('Default for registry.local:5000: https://registry.local:5000.');
    fireEvent.change(within(g).getByLabelText('Trust server URL'), { target: { value: 'http://notary.local:4443' } });
    fireEvent.click(within(g).getByRole('button', { name: 'Add trust server' }));
    await waitFor(() => expect(rows('Trust servers')).toHaveLength(2));
    expect(g.textContent).toMatch(/Plain HTTP: docker refuses it/);
  });

  test('bad entries are explained and nothing is saved', async () => {
    const { api } = await openSettings();
    const g = group('Trust servers');
    const tryAdd = (registry: string, url: string): string => {
      fireEvent.change(within(g).getByLabelText('Registry'), { target: { value: registry } });
      fireEvent.change(within(g).getByLabelText('Trust server URL'), { target: { value: url } });
      fireEvent.click(within(g).getByRole('button', { name: 'Add trust server' }));
      return within(g).getByRole('alert').textContent ?? '';
    };
    expect(tryAdd('myregistry', 'https://n')).toMatch(/"myregistry" is not a registry: use a host name with a dot/);
    expect(tryAdd('index.docker.io', 'https://n')).toBe('Use docker.io: that is how docker names Docker Hub.');
    expect(tryAdd('r.example.com', 'notary.example.com')).toMatch(/is not a URL/);
    expect(tryAdd('r.example.com', 'ftp://notary.example.com')).toMatch(/is not an http\(s\) URL/);
    const ca = group('CA certificates');
    // no path box: the file is chosen in main's dialog
    expect(within(ca).queryByLabelText('CA certificate file', { selector: 'input' })).toBeNull();
    fireEvent.change(within(ca).getByLabelText('Server (host:port)'), { target: { value: 'notary.example.com:4443' } });
    fireEvent.click(within(ca).getByRole('button', { name: 'Add CA certificate' }));
    expect(within(ca).getByRole('alert').textContent).toMatch(/Choose the CA certificate file with “Choose file…”/);
    fireEvent.change(within(ca).getByLabelText('Server (host:port)'), { target: { value: 'notary' } });
    fireEvent.click(within(ca).getByRole('button', { name: 'Add CA certificate' }));
    expect(within(ca).getByRole('alert').textContent).toMatch(/"notary" is not a server host/);
    expect(api.calls.filter((c) => c.startsWith('settings') || c.startsWith('setCaFile'))).toEqual([]);
  });

  test('a trust server change cancelled in main’s confirmation: not saved, the typed URL kept, said why', async () => {
    const { api } = await openSettings();
    const before = api.handlers['settings:update']!;
    api.handlers['settings:update'] = async (patch) => {
      api.calls.push(`declined ${JSON.stringify(patch)}`);
      return {
        ...(await api.handlers['settings:get']!()),
        notSaved: 'The trust server change was cancelled: nothing was saved.',
      };
    };
    const g = group('Trust servers');
    fireEvent.click(within(g).getByRole('button', { name: 'Edit trust server for registry.example.com:5000' }));
    const input = within(g).getByLabelText('Trust server URL for registry.example.com:5000');
    fireEvent.change(input, { target: { value: 'https://evil.example.com' } });
    fireEvent.click(within(g).getByRole('button', { name: 'Save' }));
    expect((await within(g).findByRole('status')).textContent).toBe(
      'The trust server change was cancelled: nothing was saved.',
    );
    expect((within(g).getByLabelText('Trust server URL for registry.example.com:5000') as HTMLInputElement).value).toBe(
      'https://evil.example.com',
    );
    expect(within(g).queryByRole('alert')).toBeNull();
    // confirmed this time
    api.handlers['settings:update'] = before;
    fireEvent.click(within(g).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(rows('Trust servers')).toEqual([['registry.example.com:5000', 'https://evil.example.com']]),
    );
    expect(within(g).queryByRole('status')).toBeNull();
  });

  test('edit and remove an entry', async () => {
    const { api } = await openSettings();
    const g = group('Trust servers');
    fireEvent.click(within(g).getByRole('button', { name: 'Edit trust server for registry.example.com:5000' }));
    const input = within(g).getByLabelText('Trust server URL for registry.example.com:5000');
    fireEvent.change(input, { target: { value: 'https://notary2.example.com' } });
    fireEvent.click(within(g).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(rows('Trust servers')).toEqual([['registry.example.com:5000', 'https://notary2.example.com']]),
    );
    fireEvent.click(within(g).getByRole('button', { name: 'Remove trust server for registry.example.com:5000' }));
    await waitFor(() => expect(within(g).getByText(/No trust server set/)).toBeTruthy());
    expect(api.calls.filter((c) => c.startsWith('settings'))).toEqual([
      `settings ${JSON.stringify({ trustServers: { 'registry.example.com:5000': 'https://notary2.example.com' } })}`,
      `settings ${JSON.stringify({ trustServers: {} })}`,
    ]);
  });

  test('a CA certificate per server, chosen in main’s dialog and shown by name; replaced; removed', async () => {
    const { api } = await openSettings();
    await addCa(api, 'notary.example.com:4443', 'notary-ca.pem');
    await waitFor(() => expect(rows('CA certificates')).toEqual([['notary.example.com:4443', 'notary-ca.pem']]));
    expect(api.calls).toContain(`setCaFile notary.example.com:4443 ${fakeHandle(1)}`);
    expect(api.calls).toContain('chooseOpen ca-certificate');
    // every loaded repository is read again
    await waitFor(() => expect(api.calls.filter((c) => c === `view ${REF}`)).toHaveLength(2));
    expect(api.calls.filter((c) => c === `view ${OTHER}`)).toHaveLength(2);

    const ca = group('CA certificates');
    api.chooseNext(['other-ca.pem']);
    fireEvent.click(within(ca).getByRole('button', { name: 'Replace CA certificate for notary.example.com:4443' }));
    await waitFor(() => expect(rows('CA certificates')).toEqual([['notary.example.com:4443', 'other-ca.pem']]));
    expect(api.calls).toContain(`setCaFile notary.example.com:4443 ${fakeHandle(2)}`);
    // cancelled in main's dialog: nothing changes
    api.chooseNext(null);
    fireEvent.click(within(ca).getByRole('button', { name: 'Replace CA certificate for notary.example.com:4443' }));
    await waitFor(() => expect(api.calls.filter((c) => c === 'chooseOpen ca-certificate')).toHaveLength(3));
    expect(api.calls.filter((c) => c.startsWith('setCaFile'))).toHaveLength(2);
    fireEvent.click(within(ca).getByRole('button', { name: 'Remove CA certificate for notary.example.com:4443' }));
    await waitFor(() => expect(within(ca).getByText(/No CA certificate set/)).toBeTruthy());
    expect(api.calls).toContain('removeCaFile notary.example.com:4443');
  });

  test('main’s refusal is shown next to the form', async () => {
    const { api } = await openSettings();
    api.handlers['settings:setCaFile'] = async () => {
      throw new ApiError({ code: 'BAD_INPUT', message: 'ca.pem holds no PEM certificate' });
    };
    await addCa(api, 'notary.example.com:4443', 'ca.pem');
    const alert = await within(group('CA certificates')).findByRole('alert');
    expect(alert.textContent).toMatch(/Signet could not save the settings\./);
    expect(alert.textContent).toMatch(/ca\.pem holds no PEM certificate/);
  });

  test('where new keys go: saved at once; the reason when they cannot go there', async () => {
    const { api } = await openSettings({
      settings: { ...defaultSettings(), settings: { ...defaultSettings().settings, keyStore: 'keychain' } },
      appInfo: { keyStore: { active: 'trust-dir', note: 'no Secret Service reachable (dbus)' } },
    });
    const g = group('Where new keys go');
    expect((within(g).getByRole('radio', { name: 'OS keychain' }) as HTMLInputElement).checked).toBe(true);
    expect(within(g).getByRole('status').textContent).toBe(
      'New keys go to the docker trust dir for now: no Secret Service reachable (dbus).',
    );
    fireEvent.click(within(g).getByRole('radio', { name: 'docker trust dir' }));
    await waitFor(() => expect(api.calls).toContain(`settings ${JSON.stringify({ keyStore: 'trust-dir' })}`));
    await waitFor(() =>
      expect((within(g).getByRole('radio', { name: 'docker trust dir' }) as HTMLInputElement).checked).toBe(true),
    );
  });

  test('a settings file that could not be used: the banner says where it was kept, until a setting is saved', async () => {
    const keptAs = '/home/u/.config/signet/settings.json.corrupt-2026-12-04T10-00-00-000Z';
    await openSettings({
      settings: {
        ...defaultSettings(),
        problem: {
          message: `The settings file could not be used (settings.keyStore: expected "keychain" or "trust-dir"); it was kept as ${keptAs} and default settings are in effect.`,
          keptAs,
        },
      },
    });
    const banner = screen.getAllByRole('alert').find((a) => /could not be used/.test(a.textContent ?? ''))!;
    expect(banner.textContent).toMatch(/^The settings file could not be used \(settings\.keyStore: expected/);
    expect(banner.textContent).toContain(`it was kept as ${keptAs} and default settings are in effect.`);
    expect(banner.textContent).toMatch(/What to do: check the settings below/);
    fireEvent.click(screen.getByRole('radio', { name: 'OS keychain' }));
    await waitFor(() => expect(screen.queryByText(/could not be used/)).toBeNull());
  });
});

describe('config folder notices', () => {
  const OLD = '/home/u/.config/Signet';
  const NEW = '/home/u/.config/signet';
  test('a file moved into the one config folder is said above every section, until dismissed', async () => {
    const moved = `Moved ${OLD}/settings.json to ${NEW}/settings.json: the app and the CLI keep their settings in one folder, ${NEW}.`;
    await openSettings({ settings: { ...defaultSettings(), notices: [{ kind: 'moved', message: moved }] } });
    const notice = screen.getByRole('region', { name: 'Config folder' });
    expect(notice.textContent).toContain(moved);
    expect(notice.className).toContain('banner-info');
    fireEvent.click(within(screen.getByRole('navigation', { name: 'Sections' })).getByRole('button', { name: 'Keys' }));
    expect(screen.getByRole('region', { name: 'Config folder' }).textContent).toContain(moved);
    fireEvent.click(
      within(screen.getByRole('region', { name: 'Config folder' })).getByRole('button', { name: 'Dismiss' }),
    );
    expect(screen.queryByRole('region', { name: 'Config folder' })).toBeNull();
    fireEvent.click(
      within(screen.getByRole('navigation', { name: 'Sections' })).getByRole('button', { name: 'Settings' }),
    );
    expect(screen.queryByRole('region', { name: 'Config folder' })).toBeNull();
  });

  test('a file left in the old folder (it could not be read) is a warning naming it', async () => {
    const kept = `${OLD}/settings.json was not moved to ${NEW}: it is not valid JSON (Unexpected end of JSON input). It is left where it was and not used; fix it (it is moved at the next start) or remove it.`;
    await openSettings({ settings: { ...defaultSettings(), notices: [{ kind: 'kept', message: kept }] } });
    const notice = screen.getByRole('region', { name: 'Config folder' });
    expect(notice.textContent).toContain(kept);
    expect(notice.className).toContain('banner-warning');
  });

  test('no notice when nothing was moved', async () => {
    await openSettings();
    expect(screen.queryByRole('region', { name: 'Config folder' })).toBeNull();
  });
});

describe('settings slice', () => {
  test('a failed read is kept as the error; the screen says so', async () => {
    const api = fakeApi();
    api.handlers['settings:get'] = async () => {
      throw new ApiError({ code: 'BAD_CONFIG', message: 'settings folder unreadable' });
    };
    const store = createAppStore(api);
    await act(async () => store.getState().loadSettings());
    expect(store.getState().settingsError).toEqual({ code: 'BAD_CONFIG', message: 'settings folder unreadable' });
    render(<App store={store} api={api} />);
    act(() => store.getState().setSection('settings'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Signet could not read the settings\./);
  });
});
