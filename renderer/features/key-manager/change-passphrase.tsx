/** "Change passphrase": asks the current passphrase, then the new one (twice). */
import { useState, type FormEvent, type ReactNode } from 'react';
import { Dialog } from '../../components/dialog.tsx';
import { DialogFooter } from '../../components/dialog-footer.tsx';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
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
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    await run();
  };
  return (
    <Dialog
      title={`Change passphrase of ${roleLabel(key?.role ?? 'key')} key ${id.slice(0, 7)}`}
      onClose={onClose}
      busy={busy}
      className="key-dialog change-passphrase-dialog"
      actions={
        <DialogFooter
          busy={busy}
          onCancel={onClose}
          done={done}
          primary={{ form: 'chpass-form', label: busy ? 'Changing…' : 'Change passphrase' }}
        />
      }
    >
      {done ? (
        <p className="dlg-success" role="status">
          The passphrase was changed{key?.passphraseRemembered ? '; the remembered one was forgotten' : ''}.
        </p>
      ) : (
        <form id="chpass-form" onSubmit={(e) => void submit(e)}>
          <p>
            You will be asked the current passphrase, then the new one (twice). Exported copies keep the old passphrase.
          </p>
          {error && <ErrorExplanation error={error} />}
        </form>
      )}
    </Dialog>
  );
}
