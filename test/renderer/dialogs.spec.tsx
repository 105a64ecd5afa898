/**
 * The dialogs and wizards (jsdom): the modal primitive (focus in, trapped, Escape, restored), the
 * passphrase dialog (docker's wording, Repeat for new keys, minimum length, strength, attempt
 * count, remember, cancel), sign tag (digest, co-sign, roles and keys, stage → review → publish),
 * review (discard, failed publish keeps the changes with the reason and a retry), a repository
 * without trust data leading into initialize, revoke's typed confirmation and the remove-signer
 * impact, key deletion's root-key warning.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState, type ReactNode } from 'react';
import { App } from '../../renderer/app.tsx';
import { ApiError } from '../../renderer/api.ts';
import { createAppStore } from '../../renderer/store/index.ts';
import { Dialog } from '../../renderer/components/dialog.tsx';
import { passphraseStrength, promptLine } from '../../renderer/features/passphrase/passphrase-dialog.tsx';
import type {
  KeyInfoDTO,
  PassphrasePrompt,
  SignRequest,
  SigningPlan,
  SigningPlanRequest,
  StagedChangeDTO,
} from '../../electron/ipc/contract.ts';
import {
  apiOver,
  fakeApi,
  fakeEvents,
  fakeHandle,
  hex,
  makeView,
  type FakeApiOptions,
  type FakeHandlers,
} from './fixtures.tsx';

afterEach(cleanup);

const REF = 'registry.example.com:5000/team/app';

/** Main's write side, faked per channel (vi.fn, so specs check what the dialogs sent); `emit` sends any event. */
function fakeWriteApi(over: FakeHandlers = {}): FakeWrite {
  const staged: StagedChangeDTO[] = [];
  const events = fakeEvents();
  const handlers = {
    'trust:resolveDigest': vi.fn(async (reference: string) => ({
      gun: REF,
      tag: reference.split(':').pop()!,
      digest: hex('f'),
      size: 777,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    })),
    'trust:signingPlan': vi.fn(async (req: SigningPlanRequest) => planFor(req)),
    'registry:tags': vi.fn(async (reference: string) => ({ gun: reference, found: true, tags: ['v1', 'v2', 'v3'] })),
    'trust:sign': vi.fn(async (req: SignRequest) => {
      const tag = req.reference.split(':').pop()!;
      staged.push({
        id: 'c1',
        description: `sign ${tag} in targets/releases`,
        type: 'target',
        action: 'create',
        role: 'targets/releases',
      });
      staged.push({
        id: 'c2',
        description: `sign ${tag} in targets/alice`,
        type: 'target',
        action: 'create',
        role: 'targets/alice',
      });
      return {
        gun: REF,
        tag,
        digest: hex('f'),
        size: 777,
        source: 'registry' as const,
        roles: ['targets/releases', 'targets/alice'],
        unchanged: [],
        existingSigners: [],
      };
    }),
    'trust:stagedChanges': vi.fn(async () => [...staged]),
    'trust:publishStaged': vi.fn(async () => {
      const applied = staged.splice(0);
      return { gun: REF, roles: ['targets/alice', 'targets/releases'], applied, carried: [] };
    }),
    'trust:discardStaged': vi.fn(async (req: { reference: string; ids?: string[] }) => {
      const drop = staged.filter((c) => !req.ids || req.ids.includes(c.id));
      for (const d of drop) staged.splice(staged.indexOf(d), 1);
      return drop;
    }),
    'passphrase:answer': vi.fn(async () => ({ accepted: true as const })),
    'passphrase:cancel': vi.fn(async () => ({ cancelled: true as const })),
    ...over,
  } satisfies FakeHandlers;
  return Object.assign(handlers, { staged, ...events });
}

/** What core's signingPlan says for the fake repository (alice's key held; v2 already signed by alice and bob). */
function planFor(req: SigningPlanRequest): SigningPlan {
  const tag = req.reference.split(':').pop()!;
  const roles = req.signer ? ['targets/releases', `targets/${req.signer}`] : ['targets/releases', 'targets/alice'];
  return {
    gun: REF,
    tag,
    roles,
    keys: Object.fromEntries(roles.map((r) => [r, [hex('1')]])),
    signers: ['alice'],
    unchanged: tag === 'v2' ? ['targets/releases'] : [],
    ...(tag === 'v2' ? { existing: { digest: hex('b'), size: 2048, signers: ['alice', 'bob'] } } : {}),
    staged: 0,
  };
}

type FakeWrite = FakeHandlers & { staged: StagedChangeDTO[] } & ReturnType<typeof fakeEvents>;

async function setup(opts: FakeApiOptions = {}, write: FakeWrite = fakeWriteApi()) {
  const read = fakeApi({ views: { [REF]: makeView() }, ...opts });
  const api = apiOver({ ...read.handlers, ...write }, write.on);
  const store = createAppStore(api, { progressLingerMs: 10 });
  render(<App store={store} api={api} />);
  await act(async () => {
    store.getState().select(REF);
    await store.getState().loadView(REF);
  });
  return { api, store, write, read };
}

const prompt = (over: Partial<PassphrasePrompt> = {}): PassphrasePrompt => ({
  requestId: 'req-000000001',
  keyId: '731396b' + hex('a').slice(7),
  role: 'targets',
  gun: REF,
  isNew: false,
  attempt: 1,
  minLength: 1,
  canRemember: false,
  timeoutMs: 300_000,
  ...over,
});

describe('Dialog primitive', () => {
  function Harness(): ReactNode {
    const [open, setOpen] = useState(false);
    return (
      <>
        <button type="button" onClick={() => setOpen(true)}>
          Open
        </button>
        {open && (
          <Dialog title="Test dialog" onClose={() => setOpen(false)} actions={<button type="button">Last</button>}>
            <label htmlFor="f1">First field</label>
            <input id="f1" type="text" />
          </Dialog>
        )}
      </>
    );
  }

  test('modal, labelled, focus in; Tab wraps; Escape closes and focus goes back', async () => {
    render(<Harness />);
    const opener = screen.getByRole('button', { name: 'Open' });
    opener.focus();
    fireEvent.click(opener);
    const dlg = screen.getByRole('dialog', { name: 'Test dialog' });
    expect(dlg.getAttribute('aria-modal')).toBe('true');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('First field')));
    // Shift+Tab from the close button (the first focusable) wraps to the last
    const close = within(dlg).getByRole('button', { name: 'Close' });
    close.focus();
    fireEvent.keyDown(close, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(within(dlg).getByRole('button', { name: 'Last' }));
    fireEvent.keyDown(document.activeElement!, { key: 'Tab' });
    expect(document.activeElement).toBe(close);
    fireEvent.keyDown(close, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(opener));
  });
});

describe('passphrase dialog', () => {
  test('a key on a hardware token: its PIN asked, naming the token, a touch mentioned, never remembered', async () => {
    const { write } = await setup();
    act(() => write.emit('passphrase:request', prompt({ role: 'root', attempt: 2, pin: { token: 'yubikey-5' } })));
    const dlg = await screen.findByRole('alertdialog', { name: 'PIN for the token "yubikey-5"' });
    expect(dlg.textContent).toContain('Enter the PIN of the token "yubikey-5":');
    expect(dlg.textContent).toContain('If the token blinks after you unlock, touch it.');
    expect(dlg.textContent).toContain('Wrong PIN. Please retry');
    expect(within(dlg).queryByRole('checkbox', { name: /Remember in keychain/ })).toBeNull();
    fireEvent.change(within(dlg).getByLabelText('PIN'), { target: { value: '123456' } });
    fireEvent.click(within(dlg).getByRole('button', { name: 'Unlock' }));
    await waitFor(() =>
      expect(write['passphrase:answer']).toHaveBeenCalledWith({
        requestId: 'req-000000001',
        passphrase: '123456',
      }),
    );
  });

  test('docker’s wording; existing key: one field, attempt count, remember opt-in, answer', async () => {
    const { write } = await setup();
    act(() => write.emit('passphrase:request', prompt({ attempt: 2, canRemember: true })));
    const dlg = await screen.findByRole('alertdialog', { name: 'Passphrase for repository key 731396b' });
    expect(dlg.textContent).toContain('Enter passphrase for repository key with ID 731396b:');
    expect(dlg.textContent).toContain('Passphrase incorrect. Please retry. (attempt 2 of 3)');
    expect(within(dlg).queryByLabelText('Repeat passphrase')).toBeNull();
    fireEvent.change(within(dlg).getByLabelText('Passphrase'), { target: { value: 'secret-pass' } });
    fireEvent.click(within(dlg).getByRole('checkbox', { name: /Remember in keychain/ }));
    fireEvent.click(within(dlg).getByRole('button', { name: 'Unlock' }));
    await waitFor(() =>
      expect(write['passphrase:answer']).toHaveBeenCalledWith({
        requestId: 'req-000000001',
        passphrase: 'secret-pass',
        remember: true,
      }),
    );
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
  });

  test('new key: Repeat passphrase, minimum length, mismatch, strength hint, root warning', async () => {
    const { write } = await setup();
    act(() => write.emit('passphrase:request', prompt({ role: 'root', isNew: true, minLength: 8 })));
    const dlg = await screen.findByRole('alertdialog', { name: 'Passphrase for new root key 731396b' });
    expect(dlg.textContent).toContain('You are about to create a new root signing key passphrase');
    expect(dlg.textContent).toContain('Enter passphrase for new root key with ID 731396b:');
    const p1 = within(dlg).getByLabelText('Passphrase');
    const p2 = within(dlg).getByLabelText('Repeat passphrase');
    fireEvent.change(p1, { target: { value: 'short' } });
    expect(dlg.textContent).toMatch(/Strength: weak/);
    fireEvent.change(p2, { target: { value: 'short' } });
    fireEvent.submit(p1.closest('form')!);
    expect(await within(dlg).findByText(/too short: use at least 8 characters/)).toBeTruthy();
    fireEvent.change(p1, { target: { value: 'correct horse battery staple' } });
    expect(dlg.textContent).toMatch(/Strength: strong/);
    fireEvent.submit(p1.closest('form')!);
    expect(await within(dlg).findByText('Passphrases do not match. Please retry.')).toBeTruthy();
    expect(write['passphrase:answer']).not.toHaveBeenCalled();
    fireEvent.change(p2, { target: { value: 'correct horse battery staple' } });
    fireEvent.submit(p1.closest('form')!);
    await waitFor(() =>
      expect(write['passphrase:answer']).toHaveBeenCalledWith({
        requestId: 'req-000000001',
        passphrase: 'correct horse battery staple',
      }),
    );
  });

  test('cancel (button or Escape) cancels the request; passphrase:closed closes the dialog', async () => {
    const { write } = await setup();
    act(() => write.emit('passphrase:request', prompt()));
    const dlg = await screen.findByRole('alertdialog');
    fireEvent.keyDown(within(dlg).getByLabelText('Passphrase'), { key: 'Escape' });
    await waitFor(() => expect(write['passphrase:cancel']).toHaveBeenCalledWith({ requestId: 'req-000000001' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    act(() => write.emit('passphrase:request', prompt({ requestId: 'req-000000002' })));
    await screen.findByRole('alertdialog');
    act(() => write.emit('passphrase:closed', { requestId: 'req-000000002', reason: 'timeout' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
  });

  test('helpers: prompt lines and strength', () => {
    expect(promptLine({ keyId: '731396b00', role: 'targets', isNew: true })).toBe(
      'Enter passphrase for new repository key with ID 731396b',
    );
    expect(promptLine({ keyId: '6d52b29aa', role: 'alice', isNew: true }, true)).toBe(
      'Repeat passphrase for new alice key with ID 6d52b29',
    );
    expect(promptLine({ keyId: '', role: 'root', isNew: false })).toBe('Enter passphrase for root key');
    expect(passphraseStrength('abc')).toBe('weak');
    expect(passphraseStrength('Abcdef12')).toBe('weak');
    expect(passphraseStrength('Abcdefgh12')).toBe('fair');
    expect(passphraseStrength('correct horse battery staple')).toBe('strong');
  });
});

describe('sign tag', () => {
  /** Opens the Sign dialog, picks or types `tag` and goes on to the next step. */
  async function toCheck(store: ReturnType<typeof createAppStore>, tag: string) {
    act(() => store.getState().openDialog({ kind: 'sign-tag', reference: REF }));
    const dlg = await screen.findByRole('dialog', { name: `Sign tag — ${REF}` });
    fireEvent.change(within(dlg).getByLabelText('Tag'), { target: { value: tag } });
    fireEvent.submit(within(dlg).getByLabelText('Tag').closest('form')!);
    return dlg;
  }
  const rolesShown = (dlg: HTMLElement): string[] =>
    within(within(dlg).getByRole('table', { name: 'Roles to sign' }))
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.textContent ?? '');

  test('the tag list: the registry’s tags, each saying whether it is signed and by whom; picking one fills the tag', async () => {
    const { store, write } = await setup();
    act(() => store.getState().openDialog({ kind: 'sign-tag', reference: REF }));
    const dlg = await screen.findByRole('dialog', { name: `Sign tag — ${REF}` });
    const list = await within(dlg).findByRole('listbox', { name: 'Tags in the registry' });
    expect(write['registry:tags']).toHaveBeenCalledWith(REF);
    // the registry's tags, then signed tags it no longer lists (v10)
    expect(
      within(list)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual([
      'v1 — signed by alice',
      'v2 — signed by alice, bob',
      'v3 — not signed',
      'v10 — signed by Repo Admin, no longer in the registry',
    ]);
    fireEvent.change(list, { target: { value: 'v3' } });
    expect((within(dlg).getByLabelText('Tag') as HTMLInputElement).value).toBe('v3');
  });

  test('tag → the plan from core (roles and your keys) and the digest → stage → review → publish → "Successfully signed"', async () => {
    const { store, write } = await setup();
    const dlg = await toCheck(store, 'v3');
    await within(dlg).findByText('Digest (registry)');
    expect(write['trust:signingPlan']).toHaveBeenCalledWith({ reference: `${REF}:v3` });
    expect(write['trust:resolveDigest']).toHaveBeenCalledWith(`${REF}:v3`);
    expect(dlg.textContent).toContain(`sha256:${hex('f')}`);
    expect(dlg.textContent).toContain('777 bytes');
    expect(rolesShown(dlg)).toEqual([
      `targets/releases${hex('1').slice(0, 12)} `,
      `targets/alice${hex('1').slice(0, 12)} `,
    ]);
    fireEvent.click(within(dlg).getByRole('button', { name: 'Stage signature' }));
    await within(dlg).findByRole('table', { name: 'Staged changes' });
    expect(write['trust:sign']).toHaveBeenCalledWith({ reference: `${REF}:v3`, stageOnly: true });
    expect(write['trust:publishStaged']).not.toHaveBeenCalled();
    fireEvent.click(within(dlg).getByRole('button', { name: 'Publish signature' }));
    expect(await within(dlg).findByText(`Successfully signed ${REF}:v3`)).toBeTruthy();
    expect(write['trust:publishStaged']).toHaveBeenCalledWith(REF);
  });

  test('"Sign as" one of several signers asks core for that plan and signs as that signer', async () => {
    const write = fakeWriteApi({
      'trust:signingPlan': vi.fn(async (req: SigningPlanRequest) => ({ ...planFor(req), signers: ['alice', 'bob'] })),
    });
    const { store } = await setup({}, write);
    const dlg = await toCheck(store, 'v3');
    await within(dlg).findByText('Digest (registry)');
    fireEvent.change(within(dlg).getByLabelText('Sign as'), { target: { value: 'bob' } });
    await waitFor(() =>
      expect(write['trust:signingPlan']).toHaveBeenLastCalledWith({ reference: `${REF}:v3`, signer: 'bob' }),
    );
    await waitFor(() => expect(rolesShown(dlg)[1]).toMatch(/^targets\/bob/));
    fireEvent.click(within(dlg).getByRole('button', { name: 'Stage signature' }));
    await within(dlg).findByRole('table', { name: 'Staged changes' });
    expect(write['trust:sign']).toHaveBeenCalledWith({ reference: `${REF}:v3`, stageOnly: true, signer: 'bob' });
  });

  test('no key that can sign: core’s refusal explained, nothing to stage', async () => {
    const write = fakeWriteApi({
      'trust:signingPlan': vi.fn(async () => {
        throw new ApiError({
          code: 'NO_SIGNING_KEYS',
          message: 'no valid signing keys for delegation roles',
          hint: 'import your signer key',
        });
      }),
    });
    const { store } = await setup({}, write);
    const dlg = await toCheck(store, 'v3');
    await within(dlg).findByText(/No key that can sign here/);
    expect(within(dlg).getByRole('alert').textContent).toMatch(/What to do: import your signer key/);
    expect((within(dlg).getByRole('button', { name: 'Stage signature' }) as HTMLButtonElement).disabled).toBe(true);
  });

  test('a multi-platform image (index): the platform table with OS/Arch/variant, short digests with copy, sizes', async () => {
    const amd = `sha256:${hex('1')}`;
    const arm = `sha256:${hex('2')}`;
    const write = fakeWriteApi({
      'trust:resolveDigest': vi.fn(async () => ({
        gun: REF,
        tag: 'multi',
        digest: hex('e'),
        size: 700,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        platforms: [
          { os: 'linux', architecture: 'amd64', digest: amd, size: 525 },
          { os: 'linux', architecture: 'arm64', variant: 'v8', digest: arm, size: 1536 },
        ],
      })),
    });
    const { store } = await setup({}, write);
    const dlg = await toCheck(store, 'multi');
    await within(dlg).findByText('Multi-platform image (index).');
    expect(dlg.textContent).toContain(`sha256:${hex('e')}`);
    const table = within(dlg).getByRole('table', { name: 'Platforms' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[0]!.textContent)).toEqual(['linux/amd64', 'linux/arm64/v8']);
    expect(rows[0]!.textContent).toContain(hex('1').slice(0, 12));
    expect(rows[1]!.textContent).toContain('1.5 KiB (1536 bytes)');
    expect(within(table).getByRole('button', { name: 'Copy digest of linux/arm64/v8' })).toBeTruthy();
    expect(table.querySelector(`[data-full="${arm}"]`)).toBeTruthy();
    // still the index that is signed
    fireEvent.click(within(dlg).getByRole('button', { name: 'Stage signature' }));
    await within(dlg).findByRole('table', { name: 'Staged changes' });
    expect(write['trust:sign']).toHaveBeenCalledWith({ reference: `${REF}:multi`, stageOnly: true });
  });

  test('a single-platform image shows no platform table', async () => {
    const { store } = await setup();
    const dlg = await toCheck(store, 'v3');
    await within(dlg).findByText('Digest (registry)');
    expect(within(dlg).queryByRole('table', { name: 'Platforms' })).toBeNull();
    expect(dlg.textContent).not.toContain('Multi-platform');
  });

  test('a tag signed already (the plan’s existing digest): "Already signed by …", co-signs the same digest', async () => {
    const { store } = await setup();
    const dlg = await toCheck(store, 'v2');
    await within(dlg).findByText(/Already signed by alice, bob/);
    expect(dlg.textContent).toMatch(/You will co-sign the same digest bbbbbbbbbbbb/);
    expect(dlg.textContent).toMatch(/registry now has a different image/);
    expect(rolesShown(dlg)[0]).toMatch(/already holds this digest/);
  });

  /** A repository without trust data: the plan says what signing creates (first signer: the registry login). */
  const newRepo = (creates: SigningPlan['creates'], over: FakeHandlers = {}) =>
    fakeWriteApi({
      'trust:signingPlan': vi.fn(async (req: SigningPlanRequest) => {
        const signer = req.signer ?? creates?.signer;
        const own = signer !== undefined ? [`targets/${signer}`] : [];
        return {
          gun: REF,
          tag: req.reference.split(':').pop()!,
          roles: ['targets/releases', ...own],
          keys: {},
          signers: signer !== undefined ? [signer] : [],
          unchanged: [],
          creates: {
            ...creates,
            ...(signer !== undefined ? { signer } : {}),
            ...(req.rootKeyId ? { rootKeyId: req.rootKeyId } : {}),
          },
          staged: 0,
        };
      }),
      'trust:sign': vi.fn(async (req: SignRequest) => ({
        gun: REF,
        tag: req.reference.split(':').pop()!,
        digest: hex('f'),
        size: 777,
        source: 'registry' as const,
        roles: ['targets/releases', `targets/${req.signer}`],
        unchanged: [],
        existingSigners: [],
        created: {
          signer: req.signer!,
          signerKeyId: hex('5'),
          rootKeyId: req.rootKeyId ?? hex('6'),
          createdRootKey: req.rootKeyId === undefined,
          targetsKeyId: hex('7'),
        },
        published: { gun: REF, roles: ['root', 'targets', 'snapshot'], applied: [], carried: [] },
      })),
      ...over,
    });

  test('no trust data: Tag → Initialize (new root key, first signer named after the login) → Check → "Successfully signed"', async () => {
    const write = newRepo({ signer: 'ada' });
    const { store } = await setup({ views: {} }, write);
    const dlg = await toCheck(store, 'v1');
    await within(dlg).findByText(/has no trust data yet/);
    expect((within(dlg).getByRole('radio', { name: /Create a new root key/ }) as HTMLInputElement).checked).toBe(true);
    const login = within(dlg).getByRole('radio', { name: /Named after your registry login: ada/ }) as HTMLInputElement;
    expect(login.checked).toBe(true);
    fireEvent.click(within(dlg).getByRole('button', { name: 'Next' }));
    await within(dlg).findByRole('list', { name: 'What will be created' });
    expect(write['trust:signingPlan']).toHaveBeenLastCalledWith({ reference: `${REF}:v1`, signer: 'ada' });
    const created = within(within(dlg).getByRole('list', { name: 'What will be created' }))
      .getAllByRole('listitem')
      .map((l) => l.textContent);
    expect(created[0]).toMatch(/Root key: a new root key/);
    expect(created[3]).toMatch(/First signer ada: a new key/);
    expect(rolesShown(dlg).map((r) => r.replace(/a new key.*/, ''))).toEqual(['targets/releases', 'targets/ada']);
    fireEvent.click(within(dlg).getByRole('button', { name: 'Sign and publish' }));
    expect(await within(dlg).findByText(`Successfully signed ${REF}:v1`)).toBeTruthy();
    expect(write['trust:sign']).toHaveBeenCalledWith({ reference: `${REF}:v1`, signer: 'ada' });
    expect(within(dlg).getAllByRole('button', { name: 'Close' }).length).toBeGreaterThan(0);
  });

  test('no trust data and no registry login: the signer is named by hand; your root key is offered and used', async () => {
    const write = newRepo({ signerProblem: 'no registry login found for registry.example.com:5000' });
    const root: KeyInfoDTO = {
      id: hex('9'),
      role: 'root',
      location: 'trust-dir',
      where: '/d/trust/private',
      passphraseRemembered: false,
      backedUp: true,
    };
    const { store } = await setup({ views: {}, keys: [root] }, write);
    await act(async () => store.getState().loadKeys());
    const dlg = await toCheck(store, 'v1');
    await within(dlg).findByText(/no registry login found/);
    expect(
      (within(dlg).getByRole('radio', { name: /Named after your registry login/ }) as HTMLInputElement).disabled,
    ).toBe(true);
    expect((within(dlg).getByRole('radio', { name: /Use my root key 999999999999/ }) as HTMLInputElement).checked).toBe(
      false,
    );
    fireEvent.click(within(dlg).getByRole('radio', { name: /Use my root key 999999999999/ }));
    fireEvent.click(within(dlg).getByRole('button', { name: 'Next' }));
    expect(await within(dlg).findByText('Type the first signer’s name.')).toBeTruthy();
    fireEvent.change(within(dlg).getByLabelText('Signer name'), { target: { value: 'Dora' } });
    fireEvent.click(within(dlg).getByRole('button', { name: 'Next' }));
    expect(await within(dlg).findByText(/A signer name is lower-case letters/)).toBeTruthy();
    fireEvent.change(within(dlg).getByLabelText('Signer name'), { target: { value: 'dora' } });
    fireEvent.click(within(dlg).getByRole('button', { name: 'Next' }));
    await within(dlg).findByRole('list', { name: 'What will be created' });
    expect(write['trust:signingPlan']).toHaveBeenLastCalledWith({
      reference: `${REF}:v1`,
      signer: 'dora',
      rootKeyId: hex('9'),
    });
    expect(within(dlg).getByRole('list', { name: 'What will be created' }).textContent).toMatch(
      /Root key: your key 999999999999/,
    );
    fireEvent.click(within(dlg).getByRole('button', { name: 'Sign and publish' }));
    await within(dlg).findByText(`Successfully signed ${REF}:v1`);
    expect(write['trust:sign']).toHaveBeenCalledWith({ reference: `${REF}:v1`, signer: 'dora', rootKeyId: hex('9') });
  });
});

describe('add signer: a public key file, one of your keys, or a new key', () => {
  const mine: KeyInfoDTO[] = [
    {
      id: hex('9'),
      role: 'root',
      location: 'trust-dir',
      where: '/d/trust/private',
      passphraseRemembered: false,
      backedUp: true,
    },
    {
      id: hex('t'),
      role: 'targets',
      gun: REF,
      location: 'trust-dir',
      where: '/d/trust/private',
      passphraseRemembered: false,
      backedUp: true,
    },
    {
      id: hex('4'),
      role: 'zed',
      location: 'trust-dir',
      where: '/d/trust/private',
      passphraseRemembered: false,
      backedUp: true,
    },
    {
      id: hex('5'),
      role: 'dora',
      location: 'keychain',
      where: 'OS keychain',
      passphraseRemembered: false,
      backedUp: true,
    },
  ];
  const staging = (write: FakeWrite, result: object = {}) =>
    vi.fn(async (req: { name: string }) => {
      write.staged.push({
        id: 'd1',
        description: `add signer ${req.name}`,
        type: 'delegation',
        action: 'create',
        role: `targets/${req.name}`,
      });
      return [{ reference: REF, gun: REF, result }];
    });

  async function openAddSigner(write: FakeWrite) {
    const { store, read } = await setup({ keys: mine }, write);
    act(() => store.getState().openDialog({ kind: 'add-signer', reference: REF }));
    const dlg = await screen.findByRole('dialog', { name: `Add signer — ${REF}` });
    fireEvent.change(within(dlg).getByLabelText('Signer name'), { target: { value: 'dora' } });
    return Object.assign(dlg, { read });
  }

  test('public key files (the default), chosen in main’s dialog: the request names their handles', async () => {
    const write = fakeWriteApi();
    write['trust:addSigner'] = staging(write);
    const dlg = await openAddSigner(write);
    expect((within(dlg).getByRole('radio', { name: /A public key file/ }) as HTMLInputElement).checked).toBe(true);
    expect(within(dlg).queryByRole('textbox', { name: 'Public key file' })).toBeNull();
    fireEvent.click(within(dlg).getByRole('button', { name: 'Stage signer' }));
    expect((await within(dlg).findByRole('alert')).textContent).toMatch(/Choose the signer’s public key file/);
    dlg.read.chooseNext(['dora.pub', 'dora-laptop.pub']);
    fireEvent.click(within(dlg).getByRole('button', { name: 'Choose files…' }));
    await within(dlg).findByText('dora.pub, dora-laptop.pub');
    expect(dlg.read.calls).toContain('chooseOpen public-key');
    fireEvent.click(within(dlg).getByRole('button', { name: 'Stage signer' }));
    await within(dlg).findByRole('table', { name: 'Staged changes' });
    expect(write['trust:addSigner']).toHaveBeenCalledWith({
      name: 'dora',
      publicKeyFiles: [fakeHandle(1), fakeHandle(2)],
      references: [REF],
      stageOnly: true,
    });
  });

  test('one of your keys: signer keys only (not root or repository keys), the one named after the signer first', async () => {
    const write = fakeWriteApi();
    write['trust:addSigner'] = staging(write);
    const dlg = await openAddSigner(write);
    fireEvent.click(within(dlg).getByRole('radio', { name: /One of your keys/ }));
    const select = (await within(dlg).findByLabelText('Your key')) as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual([hex('5'), hex('4')]);
    expect(select.value).toBe(hex('5'));
    fireEvent.change(select, { target: { value: hex('4') } });
    fireEvent.click(within(dlg).getByRole('button', { name: 'Stage signer' }));
    await within(dlg).findByRole('table', { name: 'Staged changes' });
    expect(write['trust:addSigner']).toHaveBeenCalledWith({
      name: 'dora',
      keyIds: [hex('4')],
      references: [REF],
      stageOnly: true,
    });
  });

  test('a new key: newKey, and the created key is shown for backing up', async () => {
    const write = fakeWriteApi();
    write['trust:addSigner'] = staging(write, { newKeyId: hex('6') });
    const dlg = await openAddSigner(write);
    fireEvent.click(within(dlg).getByRole('radio', { name: /Create a new key for this signer/ }));
    expect(within(dlg).queryByLabelText('Public key file')).toBeNull();
    expect(dlg.textContent).toContain('docker trust key generate dora');
    fireEvent.click(within(dlg).getByRole('button', { name: 'Stage signer' }));
    await within(dlg).findByRole('table', { name: 'Staged changes' });
    expect(write['trust:addSigner']).toHaveBeenCalledWith({
      name: 'dora',
      newKey: true,
      references: [REF],
      stageOnly: true,
    });
    expect(within(dlg).getByRole('status').textContent).toMatch(
      new RegExp(`Created the key .*${hex('6').slice(0, 12)}.* for dora`),
    );
    fireEvent.click(within(dlg).getByRole('button', { name: 'Publish' }));
    expect(await within(dlg).findByText(`Successfully added signer: dora to ${REF}`)).toBeTruthy();
  });

  test('no signer key here: "One of your keys" is disabled', async () => {
    const write = fakeWriteApi();
    const { store } = await setup({ keys: mine.slice(0, 2) }, write);
    act(() => store.getState().openDialog({ kind: 'add-signer', reference: REF }));
    const dlg = await screen.findByRole('dialog', { name: `Add signer — ${REF}` });
    await waitFor(() =>
      expect((within(dlg).getByRole('radio', { name: /One of your keys/ }) as HTMLInputElement).disabled).toBe(true),
    );
    expect(dlg.textContent).toMatch(/You hold no signer key here/);
  });
});

describe('review before publish', () => {
  test('discard one change; a failed publish keeps the changes with the reason and a retry', async () => {
    const write = fakeWriteApi();
    write.staged.push(
      { id: 'a', description: 'sign v1 in targets', type: 'target', action: 'create', role: 'targets' },
      { id: 'b', description: 'sign v2 in targets', type: 'target', action: 'create', role: 'targets' },
    );
    let fail = true;
    const publish = write['trust:publishStaged'];
    write['trust:publishStaged'] = vi.fn(async (ref: string) => {
      if (fail) throw new ApiError({ code: 'HTTP_UNREACHABLE', message: 'connect ECONNREFUSED 127.0.0.1:4443' });
      return publish!(ref);
    });
    const { store } = await setup({}, write);
    act(() => store.getState().openDialog({ kind: 'review-changes', reference: REF }));
    const dlg = await screen.findByRole('dialog', { name: `Review changes for ${REF}` });
    await within(dlg).findByRole('table', { name: 'Staged changes' });
    fireEvent.click(within(dlg).getByRole('button', { name: 'Discard: sign v1 in targets' }));
    await waitFor(() => expect(within(dlg).getAllByRole('row')).toHaveLength(2));
    expect(write['trust:discardStaged']).toHaveBeenCalledWith({ reference: REF, ids: ['a'] });
    fireEvent.click(within(dlg).getByRole('button', { name: 'Publish' }));
    const alert = await within(dlg).findByRole('alert');
    expect(alert.textContent).toMatch(/Publishing failed/);
    expect(alert.textContent).toMatch(/Server unreachable/);
    expect(alert.textContent).toMatch(/What to do:/);
    expect(within(dlg).getByRole('table', { name: 'Staged changes' })).toBeTruthy();
    fail = false;
    fireEvent.click(within(dlg).getByRole('button', { name: 'Retry publish' }));
    expect(await within(dlg).findByText(/Published 1 change\(s\)/)).toBeTruthy();
  });
});

describe('revoke, remove signer, delete key', () => {
  test('revoke needs the tag typed; it is staged, not published', async () => {
    const write = fakeWriteApi({
      'trust:revoke': vi.fn(async () => ({ gun: REF, tag: 'v1', removals: [{ role: 'targets/alice', tag: 'v1' }] })),
    });
    const { store } = await setup({}, write);
    act(() => store.getState().openDialog({ kind: 'revoke', reference: REF, tag: 'v1' }));
    const dlg = await screen.findByRole('alertdialog', { name: `Revoke ${REF}:v1` });
    const stage = within(dlg).getByRole('button', { name: 'Stage revocation' }) as HTMLButtonElement;
    expect(stage.disabled).toBe(true);
    fireEvent.change(within(dlg).getByLabelText(/to confirm/), { target: { value: 'v1' } });
    expect(stage.disabled).toBe(false);
    fireEvent.click(stage);
    await waitFor(() =>
      expect(write['trust:revoke']).toHaveBeenCalledWith({ reference: `${REF}:v1`, stageOnly: true }),
    );
  });

  test('remove signer: the tags that become unpullable, and an explicit confirmation', async () => {
    const write = fakeWriteApi({
      'trust:removeSignerPreview': vi.fn(async () => ({
        gun: REF,
        signer: 'alice',
        orphanedTags: ['v1'],
        removedKeys: [hex('1')],
        releasesRemoved: false,
      })),
      'trust:removeSigner': vi.fn(async () => [
        {
          reference: REF,
          gun: REF,
          result: {
            impact: {
              gun: REF,
              signer: 'alice',
              orphanedTags: ['v1'],
              removedKeys: [hex('1')],
              releasesRemoved: false,
            },
            removed: true,
          },
        },
      ]),
    });
    const { store } = await setup({}, write);
    act(() => store.getState().openDialog({ kind: 'remove-signer', reference: REF, name: 'alice' }));
    const dlg = await screen.findByRole('alertdialog', { name: `Remove signer alice — ${REF}` });
    const list = await within(dlg).findByRole('list', { name: 'Tags that become unpullable' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['v1']);
    const stage = within(dlg).getByRole('button', { name: 'Stage removal' }) as HTMLButtonElement;
    expect(stage.disabled).toBe(true);
    fireEvent.click(within(dlg).getByRole('checkbox', { name: /I understand/ }));
    expect(stage.disabled).toBe(false);
    fireEvent.click(stage);
    await waitFor(() =>
      expect(write['trust:removeSigner']).toHaveBeenCalledWith({
        name: 'alice',
        references: [REF],
        confirmed: true,
        stageOnly: true,
      }),
    );
  });

  test('deleting the only copy of a root key warns; typed confirmation', async () => {
    const root: KeyInfoDTO = {
      id: hex('9'),
      role: 'root',
      location: 'trust-dir',
      where: '/d/trust/private',
      passphraseRemembered: false,
      backedUp: false,
    };
    const write = fakeWriteApi({ 'keys:delete': vi.fn(async () => ({ deleted: hex('9') })) });
    const { store } = await setup({ keys: [root] }, write);
    await act(async () => store.getState().loadKeys());
    act(() => store.getState().openDialog({ kind: 'delete-key', keyId: root.id }));
    const dlg = await screen.findByRole('alertdialog', { name: 'Delete root key 9999999' });
    expect(dlg.textContent).toMatch(/only copy of a root key/);
    const del = within(dlg).getByRole('button', { name: 'Delete key' }) as HTMLButtonElement;
    expect(del.disabled).toBe(true);
    fireEvent.change(within(dlg).getByLabelText(/to confirm/), { target: { value: '9999999' } });
    fireEvent.click(del);
    await waitFor(() => expect(write['keys:delete']).toHaveBeenCalledWith({ keyId: hex('9') }));
    expect(await within(dlg).findByText(`Deleted key ${hex('9').slice(0, 12)}`)).toBeTruthy();
  });
});

describe('key files through main’s dialogs', () => {
  const KEY = hex('7');
  const key = {
    id: KEY,
    role: 'root',
    location: 'trust-dir' as const,
    where: '/home/u/.docker/trust/private',
    passphraseRemembered: true,
    backedUp: false,
  };

  test('Export key: Save as… in main’s dialog (the key ID as name); the request names the handle', async () => {
    const write = fakeWriteApi();
    const exported = vi.fn(async () => ({ name: 'root-backup.key' }));
    write['keys:export'] = exported;
    const { store, read } = await setup({ keys: [key] }, write);
    await act(async () => store.getState().loadKeys());
    act(() => store.getState().openDialog({ kind: 'export-key', keyId: KEY }));
    const dlg = await screen.findByRole('dialog', { name: `Export root key ${KEY.slice(0, 7)}` });
    expect(within(dlg).queryByRole('textbox')).toBeNull();
    expect(dlg.textContent).toMatch(/Its passphrase is asked first, even when Signet remembers it/);
    fireEvent.click(within(dlg).getByRole('button', { name: 'Export' }));
    expect((await within(dlg).findByRole('alert')).textContent).toMatch(/no file chosen yet/);
    read.chooseNext(['root-backup.key']);
    fireEvent.click(within(dlg).getByRole('button', { name: 'Save as…' }));
    await within(dlg).findByText('root-backup.key');
    expect(read.calls).toContain(`chooseSave key-export ${KEY}.key`);
    fireEvent.click(within(dlg).getByRole('button', { name: 'Export' }));
    await within(dlg).findByText('Exported to root-backup.key');
    expect(exported).toHaveBeenCalledWith({ keyId: KEY, file: fakeHandle(1) });
  });

  test('Import keys: a trust dir (Choose folder…) or a key file (Choose file…), each by its handle', async () => {
    const write = fakeWriteApi();
    const imported = vi.fn(async () => [key]);
    write['keys:import'] = imported;
    const { store, read } = await setup({}, write);
    act(() => store.getState().openDialog({ kind: 'import-key' }));
    let dlg = await screen.findByRole('dialog', { name: 'Import keys' });
    expect(within(dlg).queryByRole('textbox')).toBeNull();
    read.chooseNext(['trust']);
    fireEvent.click(within(dlg).getByRole('button', { name: 'Choose folder…' }));
    await within(dlg).findByText('trust');
    expect(read.calls).toContain('chooseOpen trust-dir');
    // another source drops the choice: a folder is not a key file
    fireEvent.click(within(dlg).getByRole('radio', { name: /A key file/ }));
    expect(within(dlg).getByText('No file chosen')).toBeTruthy();
    fireEvent.click(within(dlg).getByRole('radio', { name: /A docker trust dir/ }));
    read.chooseNext(['trust']);
    fireEvent.click(within(dlg).getByRole('button', { name: 'Choose folder…' }));
    await within(dlg).findByText('trust');
    fireEvent.click(within(dlg).getByRole('button', { name: 'Import' }));
    await within(dlg).findByText('Imported 1 key');
    expect(imported).toHaveBeenLastCalledWith({ trustDir: fakeHandle(2) });

    fireEvent.click(within(dlg.querySelector<HTMLElement>('.dlg-actions')!).getByRole('button', { name: 'Close' }));
    act(() => store.getState().openDialog({ kind: 'import-key' }));
    dlg = await screen.findByRole('dialog', { name: 'Import keys' });
    fireEvent.click(within(dlg).getByRole('radio', { name: /A key file/ }));
    fireEvent.change(within(dlg).getByLabelText('Role or signer name (optional)'), { target: { value: 'alice' } });
    read.chooseNext(['alice.key']);
    fireEvent.click(within(dlg).getByRole('button', { name: 'Choose file…' }));
    await within(dlg).findByText('alice.key');
    expect(read.calls).toContain('chooseOpen key-import');
    fireEvent.click(within(dlg).getByRole('button', { name: 'Import' }));
    await within(dlg).findByText('Imported 1 key');
    expect(imported).toHaveBeenLastCalledWith({ file: fakeHandle(3), role: 'alice' });
  });
});
