/**
 * "Renew": re-sign (notary witness) roles whose metadata is about to expire, unchanged, so their
 * expiry moves forward. Lists the repository's roles with their expiry; the ones you can re-sign
 * that core marks expiring or expired are preselected (core/trust/policy.ts: the states and who
 * renews each role come with the view). Published at once, asking the keys' passphrases.
 */
import { useMemo, useState, type ReactNode } from 'react';
import type { PublishedDTO } from '../../../electron/ipc/contract.ts';
import { FormDialog } from '../../components/form-dialog.tsx';
import { useAction } from '../../components/use-action.ts';
import { ExpiryCell } from '../../components/badges.tsx';
import { viewNow } from '../../lib/derive.ts';
import type { RoleStatus } from '../../lib/types.ts';
import { useApp } from '../../store/index.ts';
import type { DialogProps } from '../../store/types.ts';
import { useApi } from '../../api.ts';
import { Choice } from '../../components/choice.tsx';

/** Why a role cannot be picked here, or null when you can re-sign it. */
function notRenewable(r: RoleStatus): string | null {
  switch (r.renewal.by) {
    case 'you':
    case 'server':
      return null;
    case 'publish':
      return 're-signed with your snapshot key whenever you publish: renewing any role renews it';
    case 'others':
      return 'you hold no key of this role';
  }
}

export function RenewRoleDialog({ reference, onClose }: DialogProps<'renew-role'>): ReactNode {
  const api = useApi();
  const view = useApp((s) => s.views[reference]?.view);
  const loadView = useApp((s) => s.loadView);
  const gun = view?.gun ?? reference;
  const now = view ? viewNow(view) : 0;
  const rows = useMemo(() => (view?.roles ?? []).filter((r) => r.renewal.by !== 'server'), [view]);
  const [chosen, setChosen] = useState<Set<string>>(
    () => new Set(rows.filter((r) => r.renewal.by === 'you' && r.state !== 'ok').map((r) => r.role)),
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

  const submit = async (): Promise<void> => {
    if (chosen.size === 0) return;
    await run();
  };

  return (
    <FormDialog
      title={`Renew roles — ${gun}`}
      onClose={onClose}
      busy={busy}
      className="wizard renew-wizard"
      formId="renew-form"
      onSubmit={submit}
      error={error}
      done={!!result}
      primary={{
        label: busy
          ? 'Renewing…'
          : chosen.size === 0
            ? 'Renew'
            : `Renew ${chosen.size} role${chosen.size === 1 ? '' : 's'}`,
        disabled: chosen.size === 0,
      }}
      result={
        result && (
          <p className="dlg-success" role="status">
            Renewed {result.roles.join(', ')} of {result.gun}
          </p>
        )
      }
    >
      <p>
        Renewing re-signs a role unchanged with a new expiry date. The timestamp (and a server-held snapshot) are
        renewed by the trust server itself.
      </p>
      <fieldset>
        <legend>Roles</legend>
        {rows.map((r) => (
          <Choice
            key={r.role}
            id={`renew-${r.role}`}
            type="checkbox"
            checked={chosen.has(r.role)}
            disabled={r.renewal.by !== 'you'}
            onChange={() => toggle(r.role)}
          >
            {r.role} <ExpiryCell expires={r.expires} state={r.state} now={now} />
            {notRenewable(r) && <span className="muted">{notRenewable(r)}</span>}
          </Choice>
        ))}
      </fieldset>
    </FormDialog>
  );
}
