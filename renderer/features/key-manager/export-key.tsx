/**
 * "Export key": the notary-compatible encrypted file, byte for byte as it is stored, or (format
 * cosign) NAME.key in cosign's encrypted format and NAME.pub beside it, so `cosign sign --key`
 * goes on signing with the same key; to a file chosen in main's save dialog (never over another
 * file). Main asks the key's passphrase first, even when it is remembered: exporting proves the
 * user knows it; for cosign, then a new password for the cosign file.
 */
import { useState, type ReactNode } from 'react';
import type { ChosenFileDTO } from '../../../electron/ipc/contract.ts';
import { FormDialog } from '../../components/form-dialog.tsx';
import { FileChoice } from '../../components/file-choice.tsx';
import { useAction } from '../../components/use-action.ts';
import type { DialogProps } from '../../store/types.ts';
import { useApi } from '../../api.ts';
import { roleLabel, useKey, useRefreshAfterKeys } from './shared.tsx';

export function ExportKeyDialog({ keyId: id, format: initial, onClose }: DialogProps<'export-key'>): ReactNode {
  const api = useApi();
  const key = useKey(id);
  const refresh = useRefreshAfterKeys();
  const [format, setFormat] = useState<'notary' | 'cosign'>(initial ?? 'notary');
  const [file, setFile] = useState<ChosenFileDTO | null>(null);
  const [written, setWritten] = useState<string | null>(null);
  const { run, busy, error, setError } = useAction(async (handle: string) => {
    if (format === 'cosign') {
      const out = await api.keys.exportCosign({ keyId: id, file: handle });
      setWritten(`${out.name} and ${out.publicName}`);
    } else setWritten((await api.keys.export({ keyId: id, file: handle })).name);
    refresh();
  });
  const choose = (f: 'notary' | 'cosign'): void => (setFormat(f), setFile(null), setError(null));
  const submit = async (): Promise<void> => {
    if (!file)
      return setError({
        code: 'BAD_INPUT',
        message: 'no file chosen yet',
        hint: 'click “Save as…” and choose where to save the key',
      });
    await run(file.handle);
  };
  return (
    <FormDialog
      title={`Export ${roleLabel(key?.role ?? 'key')} key ${id.slice(0, 7)}`}
      onClose={onClose}
      busy={busy}
      className="key-dialog export-key-dialog"
      wide={false}
      formId="export-key-form"
      onSubmit={submit}
      error={error}
      done={!!written}
      primary={{ label: 'Export' }}
      result={
        written !== null && (
          <p className="dlg-success" role="status">
            Exported to {written}
          </p>
        )
      }
    >
      <fieldset className="export-format">
        <legend>Format</legend>
        <label>
          <input type="radio" name="export-format" checked={format === 'notary'} onChange={() => choose('notary')} />
          notary (docker trust, notary)
        </label>
        <label>
          <input type="radio" name="export-format" checked={format === 'cosign'} onChange={() => choose('cosign')} />
          cosign (<code>cosign sign --key</code>)
        </label>
      </fieldset>
      {format === 'notary' ? (
        <p className="dlg-wrap">
          The key is written as it is stored: notary’s encrypted PEM, usable by docker and notary (copy it to
          DIR/private/{id}.key, or import it), still protected by its passphrase.
        </p>
      ) : (
        <p className="dlg-wrap">
          NAME.key in cosign’s encrypted format (protected by a new password you choose) and NAME.pub beside it:{' '}
          <code>cosign sign --key NAME.key</code> goes on signing with this key, and{' '}
          <code>cosign verify --key NAME.pub</code> checks what it signed, and what Migrate to cosign carried over.
        </p>
      )}
      <p className="dlg-hint">
        Its passphrase is asked first, even when Signet remembers it, and the file never replaces another one.
      </p>
      <FileChoice
        id="export-key-file"
        label={format === 'cosign' ? 'cosign key file' : 'Key file'}
        save={format === 'cosign' ? 'cosign-key' : 'key-export'}
        suggestedName={format === 'cosign' ? 'cosign.key' : `${id}.key`}
        chosen={file ? [file] : []}
        onChosen={([f]) => (setFile(f ?? null), setError(null))}
        disabled={busy}
      />
    </FormDialog>
  );
}
