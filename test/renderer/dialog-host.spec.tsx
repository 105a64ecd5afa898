/**
 * The dialog host: a typed request per dialog (a discriminated union, no registry), rendered by
 * one exhaustive switch. Each request opens its dialog with exactly the fields it carries; a new
 * request replaces the open dialog; the compiler refuses a request with missing or unknown fields.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { App } from '../../renderer/app.tsx';
import { createAppStore } from '../../renderer/store/index.ts';
import type { DialogKind, DialogRequest } from '../../renderer/store/types.ts';
import { fakeApi, hex, makeView } from './fixtures.tsx';

afterEach(cleanup);

const REF = 'registry.example.com:5000/team/app';
const KEY = hex('9');

async function setup() {
  const api = fakeApi({
    views: { [REF]: makeView() },
    keys: [{ id: KEY, role: 'root', location: 'trust-dir', where: '/t', passphraseRemembered: false, backedUp: false }],
  });
  const store = createAppStore(api, { progressLingerMs: 10 });
  render(<App store={store} api={api} />);
  await act(async () => {
    await store.getState().loadKeys();
    await store.getState().loadView(REF);
  });
  return store;
}

/** One request of every kind, and the dialog it must open (role and accessible name). */
const CASES: Array<[DialogRequest, 'dialog' | 'alertdialog', string]> = [
  [{ kind: 'sign-tag', reference: REF, tag: 'v3' }, 'dialog', `Sign tag — ${REF}`],
  [{ kind: 'initialize-repository', reference: REF }, 'dialog', `Initialize repository — ${REF}`],
  [{ kind: 'add-signer', reference: REF }, 'dialog', `Add signer — ${REF}`],
  [{ kind: 'remove-signer', reference: REF, name: 'bob' }, 'alertdialog', `Remove signer bob — ${REF}`],
  [{ kind: 'revoke', reference: REF, tag: 'v1' }, 'alertdialog', `Revoke ${REF}:v1`],
  [{ kind: 'review-changes', reference: REF }, 'dialog', `Review changes for ${REF}`],
  [{ kind: 'renew-role', reference: REF }, 'dialog', `Renew roles — ${REF}`],
  [{ kind: 'rotate-key', reference: REF }, 'dialog', `Rotate keys — ${REF}`],
  [{ kind: 'generate-key' }, 'dialog', 'Generate key'],
  [{ kind: 'import-key' }, 'dialog', 'Import keys'],
  [{ kind: 'export-key', keyId: KEY }, 'dialog', 'Export root key 9999999'],
  [{ kind: 'change-passphrase', keyId: KEY }, 'dialog', 'Change passphrase of root key 9999999'],
  [{ kind: 'copy-to-token', keyId: KEY }, 'dialog', 'Copy root key 9999999 to a hardware token'],
  [{ kind: 'delete-key', keyId: KEY }, 'alertdialog', 'Delete root key 9999999'],
  [{ kind: 'add-registry' }, 'dialog', 'Add registry'],
  [{ kind: 'export-audit', operationId: 'a'.repeat(32), what: 'calendar' }, 'dialog', 'Export calendar'],
  [{ kind: 'open-archive' }, 'dialog', 'Open a trust archive'],
  [{ kind: 'export-archive', reference: REF }, 'dialog', `Export archive — ${REF}`],
  [{ kind: 'export-archives', references: [REF, 'docker.io/team/app'] }, 'dialog', 'Export archives — 2 repositories'],
  [{ kind: 'migrate', targets: [REF], reference: REF }, 'dialog', `Migrate to cosign — ${REF}`],
];

describe('typed dialog host', () => {
  test('every kind of request is covered here', () => {
    const kinds: Record<DialogKind, true> = {
      'sign-tag': true,
      'initialize-repository': true,
      'add-signer': true,
      'remove-signer': true,
      revoke: true,
      'review-changes': true,
      'renew-role': true,
      'rotate-key': true,
      'generate-key': true,
      'import-key': true,
      'export-key': true,
      'change-passphrase': true,
      'copy-to-token': true,
      'delete-key': true,
      'add-registry': true,
      'export-audit': true,
      'open-archive': true,
      'export-archive': true,
      'export-archives': true,
      migrate: true,
    };
    expect(CASES.map(([r]) => r.kind).sort()).toEqual(Object.keys(kinds).sort());
  });

  for (const [request, role, name] of CASES) {
    test(`${request.kind}: opens "${name}" with the request's fields`, async () => {
      const store = await setup();
      act(() => store.getState().openDialog(request));
      expect(await screen.findByRole(role, { name })).toBeTruthy();
      expect(screen.getAllByRole(role)).toHaveLength(1);
      act(() => store.getState().closeDialog());
      expect(screen.queryByRole(role, { name })).toBeNull();
    });
  }

  test('the fields reach the dialog: the sign dialog starts with the tag, revoke without a tag covers every tag', async () => {
    const store = await setup();
    act(() => store.getState().openDialog({ kind: 'sign-tag', reference: REF, tag: 'v3' }));
    expect((screen.getByLabelText('Tag') as HTMLInputElement).value).toBe('v3');
    act(() => store.getState().openDialog({ kind: 'revoke', reference: REF }));
    expect(await screen.findByRole('alertdialog', { name: `Revoke every tag of ${REF}` })).toBeTruthy();
    expect(screen.queryByRole('dialog', { name: `Sign tag — ${REF}` })).toBeNull();
  });

  test('another request of the same kind mounts a fresh dialog', async () => {
    const store = await setup();
    act(() => store.getState().openDialog({ kind: 'remove-signer', reference: REF, name: 'alice' }));
    await screen.findByRole('alertdialog', { name: `Remove signer alice — ${REF}` });
    act(() => store.getState().openDialog({ kind: 'remove-signer', reference: REF, name: 'bob' }));
    expect(await screen.findByRole('alertdialog', { name: `Remove signer bob — ${REF}` })).toBeTruthy();
  });

  test('types: a request must carry its fields and nothing else', () => {
    const store = createAppStore(fakeApi());
    // @ts-expect-error a sign-tag request needs the repository
    store.getState().openDialog({ kind: 'sign-tag' });
    // @ts-expect-error remove-signer names the signer
    store.getState().openDialog({ kind: 'remove-signer', reference: REF });
    // @ts-expect-error no such dialog
    store.getState().openDialog({ kind: 'settings' });
    // @ts-expect-error fields are typed (no more String(props[…]) coercion)
    store.getState().openDialog({ kind: 'export-key', keyId: 7 });
    store.getState().openDialog({ kind: 'export-key', keyId: KEY });
    expect(store.getState().dialog).toEqual({ kind: 'export-key', keyId: KEY });
  });
});
