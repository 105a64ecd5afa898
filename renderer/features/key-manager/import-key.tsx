/**
 * "Import keys": every key of a docker trust dir, or one key file, chosen in main's dialog; shows
 * where each key landed.
 */
import { useState, type ReactNode } from 'react';
import type { ChosenFileDTO, KeyInfoDTO } from '../../../electron/ipc/contract.ts';
import { FormDialog } from '../../components/form-dialog.tsx';
import { FileChoice } from '../../components/file-choice.tsx';
import { useAction } from '../../components/use-action.ts';
import type { DialogProps } from '../../store/types.ts';
import { useApi } from '../../api.ts';
import { Landed, useRefreshAfterKeys } from './shared.tsx';
import { Choice } from '../../components/choice.tsx';

export function ImportKeyDialog({ onClose }: DialogProps<'import-key'>): ReactNode {
  const api = useApi();
  const refresh = useRefreshAfterKeys();
  const [source, setSource] = useState<'dir' | 'file'>('dir');
  const [chosen, setChosen] = useState<ChosenFileDTO | null>(null);
  const [role, setRole] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [landed, setLanded] = useState<KeyInfoDTO[] | null>(null);
  const { run, busy, error } = useAction(async (handle: string) => {
    setLanded(
      await api.keys.import(
        source === 'dir' ? { trustDir: handle } : { file: handle, ...(role.trim() ? { role: role.trim() } : {}) },
      ),
    );
    refresh();
  });
  const pick = (s: 'dir' | 'file'): void => {
    setSource(s);
    setChosen(null); // a folder is not a key file, nor the reverse
  };
  const submit = async (): Promise<void> => {
    setFieldError(null);
    if (!chosen)
      return setFieldError(
        source === 'dir'
          ? 'Choose the docker trust dir (for example ~/.docker/trust) with “Choose folder…”.'
          : 'Choose the key file (<id>.key) with “Choose file…”.',
      );
    await run(chosen.handle);
  };
  return (
    <FormDialog
      title="Import keys"
      onClose={onClose}
      busy={busy}
      className="key-dialog import-key-dialog"
      formId="import-key-form"
      onSubmit={submit}
      error={error}
      done={!!landed}
      primary={{ label: busy ? 'Importing…' : 'Import' }}
      result={
        landed && (
          <div>
            <p className="dlg-success" role="status">
              Imported {landed.length} key{landed.length === 1 ? '' : 's'}
            </p>
            <Landed keys={landed} />
          </div>
        )
      }
    >
      <fieldset>
        <legend>Import from</legend>
        <Choice id="imp-dir" name="src" checked={source === 'dir'} onChange={() => pick('dir')}>
          A docker trust dir{' '}
          <span className="muted">every key under DIR/private (docker’s ~/.docker/trust, notary’s ~/.notary)</span>
        </Choice>
        <Choice id="imp-file" name="src" checked={source === 'file'} onChange={() => pick('file')}>
          A key file <span className="muted">notary’s encrypted PEM (&lt;id&gt;.key, or an export)</span>
        </Choice>
      </fieldset>
      {source === 'dir' ? (
        <FileChoice
          key="dir"
          id="imp-dir-choice"
          label="Trust dir"
          open="trust-dir"
          placeholder="No folder chosen"
          chosen={chosen ? [chosen] : []}
          onChosen={([f]) => (setChosen(f ?? null), setFieldError(null))}
          disabled={busy}
        />
      ) : (
        <FileChoice
          key="file"
          id="imp-file-choice"
          label="Key file"
          open="key-import"
          chosen={chosen ? [chosen] : []}
          onChosen={([f]) => (setChosen(f ?? null), setFieldError(null))}
          disabled={busy}
        />
      )}
      {source === 'file' && (
        <>
          <label htmlFor="imp-role">Role or signer name (optional)</label>
          <input
            id="imp-role"
            type="text"
            value={role}
            onChange={(e) => setRole(e.target.value)}
            spellCheck={false}
            aria-describedby="imp-role-hint"
          />
          <p id="imp-role-hint" className="dlg-hint">
            Taken from the file’s “role:” header when empty.
          </p>
        </>
      )}
      <p className="muted small-text">
        Each key’s passphrase is asked to check that it decrypts; the file is stored unchanged (still encrypted).
      </p>
      {fieldError && (
        <p className="dlg-field-error" role="alert">
          {fieldError}
        </p>
      )}
    </FormDialog>
  );
}
