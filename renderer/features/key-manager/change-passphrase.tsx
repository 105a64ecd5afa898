/** "Change passphrase": asks the current passphrase, then the new one (twice). */
import { useState, type ReactNode } from 'react';
import { FormDialog } from '../../components/form-dialog.tsx';
import { useAction } from '../../components/use-action.ts';
import type { DialogProps } from '../../store/types.ts';
import { useApi } from '../../api.ts';
import { roleLabel, useKey, useRefreshAfterKeys } from './shared.tsx';

export function ChangePassphraseDialog({ keyId: id, onClose }: DialogProps<'change-passphrase'>): ReactNode {
  const api = useApi();
  const key = useKey(id);
  const refresh = useRefreshAfterKeys();
  const [done, setDone] = useState(false);
  const { run, busy, error } = useAction(async () => {
    await api.keys.changePassphrase({ keyId: id });
    setDone(true);
    refresh();
  });
  const submit = async (): Promise<void> => {
    await run();
  };
  return (
    <FormDialog
      title={`Change passphrase of ${roleLabel(key?.role ?? 'key')} key ${id.slice(0, 7)}`}
      onClose={onClose}
      busy={busy}
      className="key-dialog change-passphrase-dialog"
      wide={false}
      formId="chpass-form"
      onSubmit={submit}
      error={error}
      done={done}
      primary={{ label: busy ? 'Changing…' : 'Change passphrase' }}
      result={
        done && (
          <p className="dlg-success" role="status">
            The passphrase was changed{key?.passphraseRemembered ? '; the remembered one was forgotten' : ''}.
          </p>
        )
      }
    >
      <p>
        You will be asked the current passphrase, then the new one (twice). Exported copies keep the old passphrase.
      </p>
    </FormDialog>
  );
}
