/**
 * "Delete key": a typed confirmation, and a warning when it is a root key that was never exported
 * (the only copy). A key remembered on a token that is not inserted cannot be deleted from here:
 * the dialog offers to forget it instead (it stays on the token; listed again when it is back).
 */
import { useState, type ReactNode } from 'react';
import { FormDialog } from '../../components/form-dialog.tsx';
import { useAction } from '../../components/use-action.ts';
import type { DialogProps } from '../../store/types.ts';
import { useApi } from '../../api.ts';
import { roleLabel, useKey, useRefreshAfterKeys } from './shared.tsx';
import { TextField } from '../../components/text-field.tsx';

export function DeleteKeyDialog(props: DialogProps<'delete-key'>): ReactNode {
  const key = useKey(props.keyId);
  // decided when the dialog opens: once forgotten, the key leaves the list, and the outcome must stay
  const [away] = useState(() => (key?.absent ? { token: key.token ?? '', role: key.role } : undefined));
  return away ? <ForgetTokenKey {...props} {...away} /> : <DeleteKey {...props} />;
}

function ForgetTokenKey({
  keyId: id,
  token,
  role,
  onClose,
}: DialogProps<'delete-key'> & { token: string; role: string }): ReactNode {
  const api = useApi();
  const refresh = useRefreshAfterKeys();
  const [done, setDone] = useState(false);
  const { run, busy, error } = useAction(async () => {
    await api.keys.forgetTokenKey({ keyId: id });
    setDone(true);
    refresh();
  });
  return (
    <FormDialog
      title={`Forget ${roleLabel(role)} key ${id.slice(0, 7)}`}
      onClose={onClose}
      busy={busy}
      role="alertdialog"
      className="key-dialog delete-key-dialog"
      wide={false}
      formId="forget-key-form"
      onSubmit={() => void run()}
      error={error}
      done={done}
      primary={{ label: 'Forget key' }}
      result={
        done && (
          <p className="dlg-success" role="status">
            Key {id.slice(0, 12)} is no longer listed. It is still on the token “{token}”.
          </p>
        )
      }
    >
      <p>
        This key is on the hardware token “{token}”, which is not inserted. A key on a token can only be deleted with
        the token plugged in: insert it to delete the key. If the token is lost or retired, Signet can stop listing the
        key here; the key itself stays on the token, and is listed again if the token comes back.
      </p>
    </FormDialog>
  );
}

function DeleteKey({ keyId: id, onClose }: DialogProps<'delete-key'>): ReactNode {
  const api = useApi();
  const listed = useKey(id);
  // the key as the dialog opened on it: once deleted it leaves the list, and the title must not change
  const [key] = useState(() => listed);
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
