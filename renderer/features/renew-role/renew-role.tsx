/**
 * "Renew": re-sign (notary witness) roles whose metadata is about to expire, unchanged, so their
 * expiry moves forward. Lists the repository's roles with their expiry; the ones expiring within
 * 30 days that you can sign are preselected. Published at once, asking the keys' passphrases.
 */
import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import type { PublishedDTO, TrustView } from '../../../electron/ipc/contract.ts';
import { Dialog } from '../../components/dialog.tsx';
import { DialogFooter } from '../../components/dialog-footer.tsx';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
import { useAction } from '../../components/use-action.ts';
import { ExpiryCell } from '../../components/badges.tsx';
import { expiryStatus } from '../../lib/format.ts';
import { serverRenewedRoles } from '../../lib/derive.ts';
import { useApp } from '../../store/index.ts';
import type { DialogProps } from '../../store/types.ts';
import { useApi } from '../../api.ts';

/** Roles of the view you can re-sign here: targets with the repository key, a delegation with your key, root with a root key. */
export function renewableRoles(view: TrustView): Set<string> {
  const out = new Set<string>();
  if (view.administrativeKeys.repository.some((k) => k.holder === 'local')) out.add('targets');
  if (view.administrativeKeys.root.some((k) => k.holder === 'local')) out.add('root');
  if (view.administrativeKeys.snapshot.some((k) => k.holder === 'local')) out.add('snapshot');
  const mine = new Set<string>();
  for (const s of view.signers) {
    if (s.localKeyIds.length > 0) out.add(s.role);
    for (const k of s.localKeyIds) mine.add(k);
  }
  const releases = view.roles.find((r) => r.role === 'targets/releases');
  if (releases && releases.keyIds.some((k) => mine.has(k))) out.add('targets/releases');
  return out;
}

export function RenewRoleDialog({ reference, onClose }: DialogProps<'renew-role'>): ReactNode {
  const api = useApi();
  const view = useApp((s) => s.views[reference]?.view);
  const loadView = useApp((s) => s.loadView);
  const gun = view?.gun ?? reference;
  const renewable = useMemo(() => (view ? renewableRoles(view) : new Set<string>()), [view]);
  const serverRenewed = useMemo(() => (view ? serverRenewedRoles(view) : new Set<string>()), [view]);
  const rows = (view?.roles ?? []).filter((r) => !serverRenewed.has(r.role));
  const [chosen, setChosen] = useState<Set<string>>(
    () => new Set(rows.filter((r) => renewable.has(r.role) && expiryStatus(r.expires) !== 'ok').map((r) => r.role)),
  );
  const [result, setResult] = useState<PublishedDTO | null>(null);
  const { run, busy, error } = useAction(async () => {
    setResult(await api.trust.witness({ reference: gun, roles: [...chosen] }));
    void loadView(reference, { force: true });
  });

  const toggle = (role: string): void =>
    setChosen((s) => {
      const n = new Set(s);
      if (n.has(role)) n.delete(role);
      else n.add(role);
      return n;
    });

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (chosen.size === 0) return;
    await run();
  };

  return (
    <Dialog
      title={`Renew roles — ${gun}`}
      onClose={onClose}
      busy={busy}
      wide
      className="wizard renew-wizard"
      actions={
        <DialogFooter
          busy={busy}
          onCancel={onClose}
          spacer
          done={!!result}
          primary={{
            form: 'renew-form',
            label: busy
              ? 'Renewing…'
              : chosen.size === 0
                ? 'Renew'
                : `Renew ${chosen.size} role${chosen.size === 1 ? '' : 's'}`,
            disabled: chosen.size === 0,
          }}
        />
      }
    >
      {result ? (
        <p className="dlg-success" role="status">
          Renewed {result.roles.join(', ')} of {result.gun}
        </p>
      ) : (
        <form id="renew-form" onSubmit={(e) => void submit(e)}>
          <p>
            Renewing re-signs a role unchanged with a new expiry date. The timestamp (and a server-held snapshot) are
            renewed by the trust server itself.
          </p>
          <fieldset>
            <legend>Roles</legend>
            {rows.map((r) => (
              <div className="dlg-choice" key={r.role}>
                <input
                  type="checkbox"
                  id={`renew-${r.role}`}
                  checked={chosen.has(r.role)}
                  disabled={!renewable.has(r.role)}
                  onChange={() => toggle(r.role)}
                />
                <label htmlFor={`renew-${r.role}`}>
                  {r.role} <ExpiryCell expires={r.expires} />
                  {!renewable.has(r.role) && <span className="muted">you hold no key of this role</span>}
                </label>
              </div>
            ))}
          </fieldset>
          {error && <ErrorExplanation error={error} />}
        </form>
      )}
    </Dialog>
  );
}
