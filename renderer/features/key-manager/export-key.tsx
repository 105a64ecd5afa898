/** "Export key": the notary-compatible encrypted file, byte for byte as it is stored. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { Dialog } from '../../components/dialog.tsx';
import { DialogFooter } from '../../components/dialog-footer.tsx';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
import { useAction } from '../../components/use-action.ts';
import type { DialogProps } from '../../store/types.ts';
import { useApi } from '../../api.ts';
import { isAbsolutePath } from '../../lib/paths.ts';
import { roleLabel, useKey, useRefreshAfterKeys } from './shared.tsx';

export function ExportKeyDialog({ keyId: id, onClose }: DialogProps<'export-key'>): ReactNode {
  const api = useApi();
  const key = useKey(id);
  const refresh = useRefreshAfterKeys();
  const [path, setPath] = useState('');
  const [written, setWritten] = useState<string | null>(null);
  const { run, busy, error, setError } = useAction(async () => {
    setWritten((await api.keys.export({ keyId: id, path: path.trim() })).path);
    refresh();
  });
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!isAbsolutePath(path.trim()))
      return setError({
        code: 'BAD_INPUT',
        message: 'the file name must be an absolute path',
        hint: 'type the full path, for example /home/me/backup/root.key',
      });
    await run();
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
          <p>
            The key is written as it is stored: notary’s encrypted PEM, usable by docker and notary (copy it to
            DIR/private/{id}.key, or import it), still protected by its passphrase.
          </p>
          <label htmlFor="export-path">Save as (absolute path)</label>
          <input
            id="export-path"
            type="text"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            spellCheck={false}
            placeholder={`/home/me/backup/${id.slice(0, 7)}.key`}
          />
          {error && <ErrorExplanation error={error} />}
        </form>
      )}
    </Dialog>
  );
}
