/**
 * "Export key": the notary-compatible encrypted file, byte for byte as it is stored, to a file
 * chosen in main's save dialog (never over another file). Main asks the key's passphrase first,
 * even when it is remembered: exporting proves the user knows it.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import type { ChosenFileDTO } from '../../../electron/ipc/contract.ts';
import { Dialog } from '../../components/dialog.tsx';
import { DialogFooter } from '../../components/dialog-footer.tsx';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
import { FileChoice } from '../../components/file-choice.tsx';
import { useAction } from '../../components/use-action.ts';
import type { DialogProps } from '../../store/types.ts';
import { useApi } from '../../api.ts';
import { roleLabel, useKey, useRefreshAfterKeys } from './shared.tsx';

export function ExportKeyDialog({ keyId: id, onClose }: DialogProps<'export-key'>): ReactNode {
  const api = useApi();
  const key = useKey(id);
  const refresh = useRefreshAfterKeys();
  const [file, setFile] = useState<ChosenFileDTO | null>(null);
  const [written, setWritten] = useState<string | null>(null);
  const { run, busy, error, setError } = useAction(async (handle: string) => {
    setWritten((await api.keys.export({ keyId: id, file: handle })).name);
    refresh();
  });
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!file)
      return setError({
        code: 'BAD_INPUT',
        message: 'no file chosen yet',
        hint: 'click “Save as…” and choose where to save the key',
      });
    await run(file.handle);
  };
  return (
    <Dialog
      title={`Export ${roleLabel(key?.role ?? 'key')} key ${id.slice(0, 7)}`}
      onClose={onClose}
      busy={busy}
      className="key-dialog export-key-dialog"
      actions={
        <DialogFooter
          busy={busy}
          onCancel={onClose}
          done={!!written}
          primary={{ form: 'export-key-form', label: 'Export' }}
        />
      }
    >
      {written ? (
        <p className="dlg-success" role="status">
          Exported to {written}
        </p>
      ) : (
        <form id="export-key-form" onSubmit={(e) => void submit(e)}>
          <p className="dlg-wrap">
            The key is written as it is stored: notary’s encrypted PEM, usable by docker and notary (copy it to
            DIR/private/{id}.key, or import it), still protected by its passphrase.
          </p>
          <p className="dlg-hint">
            Its passphrase is asked first, even when Signet remembers it, and the file never replaces another one.
          </p>
          <FileChoice
            id="export-key-file"
            label="Key file"
            save="key-export"
            suggestedName={`${id}.key`}
            chosen={file ? [file] : []}
            onChosen={([f]) => (setFile(f ?? null), setError(null))}
            disabled={busy}
          />
          {error && <ErrorExplanation error={error} />}
        </form>
      )}
    </Dialog>
  );
}
