/**
 * The expiry badges the app shows are core's states (core/trust/policy.ts) for the same data: a
 * repository built in code, verified and turned into a trust view by core at a pinned clock (not
 * the day the test runs), shown by the app; every badge must say what the policy says.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../renderer/app.tsx';
import { createAppStore } from '../../renderer/store/index.ts';
import { expiryState, isServerRenewed, type ExpiryState } from '../../core/trust/policy.ts';
import type { TrustView } from '../../electron/ipc/contract.ts';
import { fakeApi, hex, iso, makeView, roleStatus } from './fixtures.tsx';

afterEach(cleanup);

/** test/helpers/policy-view.ts: Node code (node:crypto), loaded at run time so this jsdom spec's types stay DOM-only. */
interface PolicyViewHelper {
  daysAfter(days: number): Date;
  policyView(viewNow: Date): Promise<TrustView>;
}
const helper = (): Promise<PolicyViewHelper> => import(/* @vite-ignore */ `../helpers/${'policy-view'}.ts`);

/** Core's view at 15 days after the data was verified (the timestamp has run out by then), and that clock. */
async function coreView(): Promise<{ view: TrustView; viewNow: Date }> {
  const h = await helper();
  const viewNow = h.daysAfter(15);
  return { view: await h.policyView(viewNow), viewNow };
}

function cells(tableName: string): string[][] {
  const table = screen.getByRole('table', { name: tableName });
  return within(table)
    .getAllByRole('row')
    .filter((r) => r.dataset['index'] !== undefined)
    .map((r) => [...(r as HTMLTableRowElement).cells].map((c) => c.textContent ?? ''));
}

const STATUS_WORD: Record<ExpiryState, string> = { ok: 'valid', expiring: 'expiring', expired: 'expired' };

describe('expiry badges are core’s states', () => {
  test('expiry overview and signers: each badge equals the trust policy’s state at the view’s clock', async () => {
    const { view, viewNow } = await coreView();
    // the policy, asked directly about the same data (the server holds this repository's snapshot key)
    const policyState = (role: string, expires: string): ExpiryState =>
      expiryState(expires, viewNow, { serverRenewed: isServerRenewed(role, true) });
    const ref = view.gun;
    const api = fakeApi({
      watched: [{ reference: ref, gun: ref, registry: 'registry.example.com:5000' }],
      views: { [ref]: view },
    });
    render(<App store={createAppStore(api, { progressLingerMs: 10 })} api={api} />);
    await waitFor(() => expect(screen.getAllByText('expired').length).toBeGreaterThan(0));
    fireEvent.click(
      within(screen.getByRole('navigation', { name: 'Sections' })).getByRole('button', { name: 'Expiry' }),
    );
    const rows = cells('Expiry overview');
    const shown = new Map(rows.map((r) => [r[1]!, r]));
    const expected: Record<string, ExpiryState> = {};
    for (const r of view.roles) expected[r.role] = policyState(r.role, r.expires);
    // the data was chosen so that every state occurs
    expect(expected).toEqual({
      root: 'ok',
      targets: 'ok',
      snapshot: 'ok',
      timestamp: 'expired',
      'targets/alice': 'expiring',
      'targets/bob': 'ok',
      'targets/releases': 'ok',
    });
    for (const [role, state] of Object.entries(expected)) {
      expect(shown.get(role)?.[3], role).toBe(STATUS_WORD[state]);
      expect(view.roles.find((r) => r.role === role)?.state, role).toBe(state);
    }
    // relative times against the view's clock, never the day the test runs
    expect(shown.get('targets/alice')?.[2]).toMatch(/expires in 5 days$/);
    expect(shown.get('timestamp')?.[2]).toMatch(/expired 1 day ago$/);
    expect(shown.get('snapshot')?.[2]).toMatch(/server-renewed$/);
    const cert = rows.find((r) => r[1]!.startsWith('root certificate'))!;
    const notAfter = view.administrativeKeys.root[0]!.certificate!.notAfter;
    expect(cert[3]).toBe(STATUS_WORD[expiryState(notAfter, viewNow)]);

    fireEvent.click(
      within(screen.getByRole('navigation', { name: 'Repositories' })).getByRole('button', { name: /team\/app/ }),
    );
    await screen.findByRole('table', { name: 'Signers' });
    const signers = new Map(cells('Signers').map((r) => [r[0]!, r[4]!]));
    expect(signers.get('alice')).toMatch(/expires in 5 days$/);
    expect(signers.get('bob')).not.toMatch(/expire/);
  });

  test('renew: core’s states and renewals decide what is offered and preselected', async () => {
    const base = makeView();
    // a snapshot whose key is held here: re-signed by every publish, not on its own
    const view = {
      ...base,
      roles: base.roles.map((r) =>
        r.role === 'snapshot' ? roleStatus('snapshot', iso(10), [hex('n')], { by: 'publish' }) : r,
      ),
    };
    const ref = view.gun;
    const witness = vi.fn(async (req: { reference: string; roles: string[] }) => ({
      gun: ref,
      roles: req.roles,
      applied: [],
      carried: [],
    }));
    const api = fakeApi({ views: { [ref]: view } }, { 'trust:witness': witness });
    const store = createAppStore(api, { progressLingerMs: 10 });
    render(<App store={store} api={api} />);
    await act(async () => {
      store.getState().select(ref);
      await store.getState().loadView(ref);
    });
    act(() => store.getState().openDialog({ kind: 'renew-role', reference: ref }));
    const dlg = await screen.findByRole('dialog', { name: `Renew roles — ${ref}` });
    const box = (role: string) =>
      within(dlg).getByRole('checkbox', { name: new RegExp(`^${role} `) }) as HTMLInputElement;
    // the server's timestamp is not offered; alice (yours, expiring) is preselected; targets (yours, ok) is not
    expect(within(dlg).queryByRole('checkbox', { name: /^timestamp / })).toBeNull();
    expect([box('targets/alice').checked, box('targets/alice').disabled]).toEqual([true, false]);
    expect([box('targets').checked, box('targets').disabled]).toEqual([false, false]);
    // bob expired, but nobody here holds his key; the snapshot goes along with any publish
    expect([box('targets/bob').checked, box('targets/bob').disabled]).toEqual([false, true]);
    expect(box('targets/bob').labels?.[0]?.textContent).toMatch(/you hold no key of this role/);
    expect([box('snapshot').checked, box('snapshot').disabled]).toEqual([false, true]);
    expect(box('snapshot').labels?.[0]?.textContent).toMatch(/renewing any role renews it/);
    fireEvent.click(within(dlg).getByRole('button', { name: 'Renew 1 role' }));
    await within(dlg).findByText(`Renewed targets/alice of ${ref}`);
    expect(witness).toHaveBeenCalledWith({ reference: ref, roles: ['targets/alice'] });
  });
});
