/**
 * "Export report" (JSON, byte for byte `signet audit --json`, or CSV) and "Export calendar" (the
 * .ics of `signet audit --ics`): the main process writes the file it formats from the finished
 * audit, to the file chosen in its own save dialog (which asks before replacing one).
 */
import { useState, type ReactNode } from 'react';
import type { AuditExportRequest, ChosenFileDTO, SavePurpose } from '../../../electron/ipc/contract.ts';
import { useApi } from '../../api.ts';
import { FormDialog } from '../../components/form-dialog.tsx';
import { FileChoice } from '../../components/file-choice.tsx';
import { useAction } from '../../components/use-action.ts';
import { useApp } from '../../store/index.ts';
import type { DialogProps } from '../../store/types.ts';
import { Choice } from '../../components/choice.tsx';

type Format = AuditExportRequest['format'];

/** The save dialog's purpose per format (its title and file type). */
const PURPOSE: Record<Format, SavePurpose> = { json: 'audit-report', csv: 'audit-csv', ics: 'calendar' };

/** The name the save dialog suggests: `signet-audit-2026-12-04.json`, the audit's date. */
export function suggestedName(format: Format, at: string | undefined): string {
  return `signet-audit${at ? `-${at.slice(0, 10)}` : ''}.${format}`;
}

export function ExportAuditDialog({ operationId, what, onClose }: DialogProps<'export-audit'>): ReactNode {
  const api = useApi();
  const at = useApp((s) => (s.auditRun?.operationId === operationId ? s.auditRun.report?.at : undefined));
  const [format, setFormat] = useState<Format>(what === 'calendar' ? 'ics' : 'json');
  const [file, setFile] = useState<ChosenFileDTO | null>(null);
  const [written, setWritten] = useState<{ name: string; bytes: number } | null>(null);
  const { run, busy, error, setError } = useAction(async (handle: string) => {
    setWritten(await api.audit.export({ operationId, format, file: handle }));
  });
  const choose = (f: Format): void => {
    setFormat(f);
    // a file chosen for one format is not used for another
    setFile(null);
  };
  const submit = async (): Promise<void> => {
    if (!file)
      return setError({
        code: 'BAD_INPUT',
        message: 'no file chosen yet',
        hint: 'click “Save as…” and choose where to save it',
      });
    await run(file.handle);
  };
  const title = what === 'calendar' ? 'Export calendar' : 'Export report';
  return (
    <FormDialog
      title={title}
      onClose={onClose}
      busy={busy}
      wide={false}
      className="export-audit-dialog"
      formId="export-audit-form"
      onSubmit={submit}
      error={error}
      done={!!written}
      primary={{ label: 'Export' }}
      result={
        written && (
          <p className="dlg-success" role="status">
            Saved {written.bytes.toLocaleString('en')} bytes to {written.name}
          </p>
        )
      }
    >
      {what === 'calendar' ? (
        <p>
          An iCalendar file (.ics) with one event per role expiry of every audited repository, with a reminder before
          each, to import into any calendar. The timestamp, which the trust server renews itself, is left out.
        </p>
      ) : (
        <fieldset>
          <legend>Format</legend>
          <Choice id="export-json" name="export-format" checked={format === 'json'} onChange={() => choose('json')}>
            JSON <span className="muted">the same bytes as signet audit --json, one object per repository</span>
          </Choice>
          <Choice id="export-csv" name="export-format" checked={format === 'csv'} onChange={() => choose('csv')}>
            CSV <span className="muted">one row per tag, role and problem, for a spreadsheet</span>
          </Choice>
        </fieldset>
      )}
      <FileChoice
        id="export-file"
        label="File"
        save={PURPOSE[format]}
        suggestedName={suggestedName(format, at)}
        chosen={file ? [file] : []}
        onChosen={([f]) => (setFile(f ?? null), setError(null))}
        disabled={busy}
      />
    </FormDialog>
  );
}
