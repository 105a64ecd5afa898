/**
 * "Export archives…": several repositories, each to its own archive in one folder chosen in main's
 * dialog (`signet archive --dir`), named after its GUN; one that cannot be read is listed with why,
 * and the others are still written. Offered for the repositories read from Docker Hub's notary
 * the day before it stops.
 */
import { useState, type ReactNode } from 'react';
import type { ArchivesWrittenDTO, ChosenFileDTO } from '../../../electron/ipc/contract.ts';
import { archiveFileName } from '../../../core/history/archive/manifest.ts';
import { useApi } from '../../api.ts';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
import { FileChoice } from '../../components/file-choice.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { useAction } from '../../components/use-action.ts';
import type { DialogProps } from '../../store/types.ts';

export function ExportArchivesDialog({ references, onClose }: DialogProps<'export-archives'>): ReactNode {
  const api = useApi();
  const [folder, setFolder] = useState<ChosenFileDTO | null>(null);
  const [done, setDone] = useState<ArchivesWrittenDTO | null>(null);
  const { run, busy, error, setError } = useAction(async (handle: string) => {
    setDone(await api.history.writeArchives({ references, folder: handle }));
  });
  const submit = (): void => {
    if (!folder)
      return setError({
        code: 'BAD_INPUT',
        message: 'no folder chosen yet',
        hint: 'click “Choose folder…” and choose (or create) the folder',
      });
    void run(folder.handle);
  };
  return (
    <FormDialog
      title={`Export archives — ${references.length} repositories`}
      onClose={onClose}
      busy={busy}
      wide={false}
      formId="export-archives-form"
      onSubmit={submit}
      error={error}
      done={!!done}
      primary={{ label: busy ? 'Writing…' : 'Export' }}
      result={done && <Written done={done} />}
    >
      <p>
        Writes every verified version of each repository&apos;s trust data to its own .tar.gz file in one folder, as{' '}
        <code>signet archive --dir</code> does. Open one later with Open archive…, even when the server is gone.
      </p>
      <ul className="dlg-list" aria-label="Repositories to archive">
        {references.map((r) => (
          <li key={r}>
            {r} → <code>{archiveFileName(r)}</code>
          </li>
        ))}
      </ul>
      <FileChoice
        id="export-archives-folder"
        label="Folder"
        open="archive-dir"
        chosen={folder ? [folder] : []}
        onChosen={([f]) => (setFolder(f ?? null), setError(null))}
        disabled={busy}
      />
    </FormDialog>
  );
}

function Written({ done }: { done: ArchivesWrittenDTO }): ReactNode {
  const total = done.written.length + done.failed.length;
  return (
    <div role="status">
      <p className={done.failed.length === 0 ? 'dlg-success' : 'dlg-warning'}>
        Archived {done.written.length} of {total} repositories to {done.folder}.
      </p>
      <ul className="dlg-list" aria-label="Archives written">
        {done.written.map((w) => (
          <li key={w.archive.gun}>
            {w.archive.gun}: {w.versions} versions ({w.publishes} publishes) in <code>{w.archive.name}</code>
            {w.leftOut.length > 0 ? ` — ${w.leftOut.length} left out (failed verification)` : ''}
          </li>
        ))}
      </ul>
      {done.failed.map((f) => (
        <ErrorExplanation key={f.reference} error={f.error} heading={`Not archived: ${f.reference}`} />
      ))}
    </div>
  );
}
