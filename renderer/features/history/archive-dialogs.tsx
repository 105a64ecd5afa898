/**
 * "Open archive…" and "Export archive…": the user names the file; the main process reads or
 * writes it (the renderer never touches files). Opening verifies the archive offline with the
 * code `signet inspect --archive` and `signet history --archive` run; exporting writes what
 * `signet archive` writes.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import type { ArchiveWrittenDTO } from '../../../electron/ipc/contract.ts';
import { useApi } from '../../api.ts';
import { Dialog } from '../../components/dialog.tsx';
import { DialogFooter } from '../../components/dialog-footer.tsx';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
import { useAction } from '../../components/use-action.ts';
import { isAbsolutePath } from '../../lib/paths.ts';
import { useApp, useGun } from '../../store/index.ts';
import type { DialogProps } from '../../store/types.ts';

const notAbsolute = (example: string) => ({
  code: 'BAD_INPUT' as const,
  message: 'the file name must be an absolute path',
  hint: `type the full path, for example ${example}`,
});

export function OpenArchiveDialog({ onClose }: DialogProps<'open-archive'>): ReactNode {
  const openArchive = useApp((s) => s.openArchive);
  const [file, setFile] = useState('');
  const { run, busy, error, setError } = useAction(async () => {
    await openArchive(file.trim());
    onClose();
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!isAbsolutePath(file.trim())) return setError(notAbsolute('/home/me/backup/app.trust.tar.gz'));
    void run();
  };
  return (
    <Dialog
      title="Open a trust archive"
      onClose={onClose}
      busy={busy}
      actions={
        <DialogFooter
          busy={busy}
          onCancel={onClose}
          primary={{ form: 'open-archive-form', label: busy ? 'Verifying…' : 'Open' }}
        />
      }
    >
      <form id="open-archive-form" onSubmit={submit}>
        <p>
          A trust archive (written by <code>signet archive</code> or Export archive) holds every version of a
          repository&apos;s trust data. It is verified here, offline, as of when it was written: no server is contacted.
        </p>
        <label htmlFor="archive-file">Archive file (absolute path)</label>
        <input
          id="archive-file"
          type="text"
          value={file}
          onChange={(e) => setFile(e.target.value)}
          spellCheck={false}
          placeholder="/home/me/backup/app.trust.tar.gz"
        />
        {error && <ErrorExplanation error={error} />}
      </form>
    </Dialog>
  );
}

export function ExportArchiveDialog({ reference, onClose }: DialogProps<'export-archive'>): ReactNode {
  const api = useApi();
  const gun = useGun(reference);
  const [file, setFile] = useState('');
  const [written, setWritten] = useState<ArchiveWrittenDTO | null>(null);
  const { run, busy, error, setError } = useAction(async () => {
    setWritten(await api.history.writeArchive({ reference, file: file.trim() }));
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!isAbsolutePath(file.trim())) return setError(notAbsolute('/home/me/backup/app.trust.tar.gz'));
    void run();
  };
  const suggested = `${gun.split('/').pop() ?? 'trust'}.trust.tar.gz`;
  return (
    <Dialog
      title={`Export archive — ${gun}`}
      onClose={onClose}
      busy={busy}
      actions={
        <DialogFooter
          busy={busy}
          onCancel={onClose}
          done={!!written}
          primary={{ form: 'export-archive-form', label: busy ? 'Writing…' : 'Export' }}
        />
      }
    >
      {written ? (
        <div role="status">
          <p className="dlg-success">
            Archived {written.versions} versions of {written.archive.gun} ({written.publishes} publishes) to{' '}
            {written.archive.file} ({written.bytes} bytes).
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
      ) : (
        <form id="export-archive-form" onSubmit={submit}>
          <p>
            Writes every verified version of {gun}&apos;s trust data, the files exactly as the trust server served them,
            to one .tar.gz file. Open it later with Open archive… or <code>signet inspect --archive</code>, even when
            the server is gone.
          </p>
          <label htmlFor="export-archive-file">Save as (absolute path)</label>
          <input
            id="export-archive-file"
            type="text"
            value={file}
            onChange={(e) => setFile(e.target.value)}
            spellCheck={false}
            placeholder={`/home/me/backup/${suggested}`}
          />
          {error && <ErrorExplanation error={error} />}
        </form>
      )}
    </Dialog>
  );
}
