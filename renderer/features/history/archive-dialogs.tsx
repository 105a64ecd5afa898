/**
 * "Open archive…" and "Export archive…": the file is chosen in the main process's own dialog,
 * which reads or writes it (the renderer never touches files nor sees their paths). Opening verifies the archive offline with the
 * code `signet inspect --archive` and `signet history --archive` run; exporting writes what
 * `signet archive` writes.
 */
import { useState, type ReactNode } from 'react';
import type { ArchiveWrittenDTO, ChosenFileDTO } from '../../../electron/ipc/contract.ts';
import { useApi } from '../../api.ts';
import { FormDialog } from '../../components/form-dialog.tsx';
import { FileChoice } from '../../components/file-choice.tsx';
import { useAction } from '../../components/use-action.ts';
import { useApp, useGun } from '../../store/index.ts';
import type { DialogProps } from '../../store/types.ts';
import { archiveFileName } from '../../../core/history/archive/manifest.ts';

const noFile = (what: string) => ({
  code: 'BAD_INPUT' as const,
  message: 'no file chosen yet',
  hint: `click “${what}” and choose the archive file`,
});

export function OpenArchiveDialog({ onClose }: DialogProps<'open-archive'>): ReactNode {
  const openArchive = useApp((s) => s.openArchive);
  const [file, setFile] = useState<ChosenFileDTO | null>(null);
  const { run, busy, error, setError } = useAction(async (handle: string) => {
    await openArchive(handle);
    onClose();
  });
  const submit = (): void => {
    if (!file) return setError(noFile('Choose file…'));
    void run(file.handle);
  };
  return (
    <FormDialog
      title="Open a trust archive"
      onClose={onClose}
      busy={busy}
      wide={false}
      formId="open-archive-form"
      onSubmit={submit}
      error={error}
      primary={{ label: busy ? 'Verifying…' : 'Open' }}
    >
      <p>
        A trust archive (written by <code>signet archive</code> or Export archive) holds every version of a
        repository&apos;s trust data. It is verified here, with no server, against the root you already trust for that
        repository (or, with none, trusted on first use and said so); its expiry is shown as of now.
      </p>
      <FileChoice
        id="archive-file"
        label="Archive file"
        open="archive"
        chosen={file ? [file] : []}
        onChosen={([f]) => (setFile(f ?? null), setError(null))}
        disabled={busy}
      />
    </FormDialog>
  );
}

export function ExportArchiveDialog({ reference, onClose }: DialogProps<'export-archive'>): ReactNode {
  const api = useApi();
  const gun = useGun(reference);
  const [file, setFile] = useState<ChosenFileDTO | null>(null);
  const [written, setWritten] = useState<ArchiveWrittenDTO | null>(null);
  const { run, busy, error, setError } = useAction(async (handle: string) => {
    setWritten(await api.history.writeArchive({ reference, file: handle }));
  });
  const submit = (): void => {
    if (!file) return setError(noFile('Save as…'));
    void run(file.handle);
  };
  const suggested = archiveFileName(gun);
  return (
    <FormDialog
      title={`Export archive — ${gun}`}
      onClose={onClose}
      busy={busy}
      wide={false}
      formId="export-archive-form"
      onSubmit={submit}
      error={error}
      done={!!written}
      primary={{ label: busy ? 'Writing…' : 'Export' }}
      result={
        written && (
          <div role="status">
            <p className="dlg-success">
              Archived {written.versions} versions of {written.archive.gun} ({written.publishes} publishes) to{' '}
              {written.archive.name} ({written.bytes} bytes).
            </p>
            {written.leftOut.length > 0 && (
              <div className="dlg-warning">
                Not archived, because they failed verification:
                <ul className="dlg-list">
                  {written.leftOut.map((l) => (
                    <li key={l}>{l}</li>
                  ))}
                </ul>
              </div>
            )}
            {written.notes.length > 0 && (
              <ul className="dlg-info dlg-list">
                {written.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            )}
          </div>
        )
      }
    >
      <p>
        Writes every verified version of {gun}&apos;s trust data, the files exactly as the trust server served them, to
        one .tar.gz file. Open it later with Open archive… or <code>signet inspect --archive</code>, even when the
        server is gone.
      </p>
      <FileChoice
        id="export-archive-file"
        label="Archive file"
        save="archive"
        suggestedName={suggested}
        chosen={file ? [file] : []}
        onChosen={([f]) => (setFile(f ?? null), setError(null))}
        disabled={busy}
      />
    </FormDialog>
  );
}
