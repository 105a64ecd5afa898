/** "Delete key": a typed confirmation, and a warning when it is a root key that was never exported (the only copy). */
import { useState, type ReactNode } from 'react';
import { FormDialog } from '../../components/form-dialog.tsx';
import { useAction } from '../../components/use-action.ts';
import type { DialogProps } from '../../store/types.ts';
import { useApi } from '../../api.ts';
import { roleLabel, useKey, useRefreshAfterKeys } from './shared.tsx';
import { TextField } from '../../components/text-field.tsx';

export function DeleteKeyDialog({ keyId: id, onClose }: DialogProps<'delete-key'>): ReactNode {
  const api = useApi();
  const key = useKey(id);
  const refresh = useRefreshAfterKeys();
  const expected = id.slice(0, 7);
  const [typed, setTyped] = useState('');
  const [done, setDone] = useState(false);
  const onlyRootCopy = key?.role === 'root' && !key.backedUp;
  const { run, busy, error } = useAction(async () => {
    await api.keys.delete({ keyId: id });
    setDone(true);
    refresh();
  });
  const submit = async (): Promise<void> => {
    if (typed.trim() !== expected) return;
    await run();
  };
  return (
    <FormDialog
      title={`Delete ${roleLabel(key?.role ?? 'key')} key ${expected}`}
      onClose={onClose}
      busy={busy}
      role="alertdialog"
      className="key-dialog delete-key-dialog"
      wide={false}
      formId="delete-key-form"
      onSubmit={submit}
      error={error}
      done={done}
      primary={{ label: 'Delete key', danger: true, disabled: typed.trim() !== expected }}
      result={
        done && (
          <p className="dlg-success" role="status">
            Deleted key {id.slice(0, 12)}
          </p>
        )
      }
    >
      {onlyRootCopy ? (
        <p className="dlg-warning" role="alert">
          <strong>This is the only copy of a root key</strong> as far as Signet knows: it was never exported. Without
          it, nobody can change the signers or keys of the repositories it anchors, ever. Export it first unless you are
          sure another copy exists.
        </p>
      ) : (
        <p className="dlg-warning">
          Deleting a key cannot be undone: whatever it signs for can no longer be signed from this computer.
        </p>
      )}
      <p className="muted small-text">Stored in {key ? key.where : 'an unknown place'}</p>
      <TextField
        id="delete-confirm"
        label={
          <>
            Type <code>{expected}</code> (the key ID’s first 7 characters) to confirm
          </>
        }
        value={typed}
        onChange={setTyped}
      />
    </FormDialog>
  );
}
