/**
 * "Export report" (JSON, byte for byte `signet audit --json`, or CSV) and "Export calendar" (the
 * .ics of `signet audit --ics`): the main process writes the file it formats from the finished
 * audit; the renderer only names the path.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import type { AuditExportRequest } from '../../../electron/ipc/contract.ts';
import { useApi } from '../../api.ts';
import { Dialog } from '../../components/dialog.tsx';
import { DialogFooter } from '../../components/dialog-footer.tsx';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
import { useAction } from '../../components/use-action.ts';
import { isAbsolutePath } from '../../lib/paths.ts';
import { useApp } from '../../store/index.ts';
import type { DialogProps } from '../../store/types.ts';
import { uiNow } from '../../lib/clock.ts';

type Format = AuditExportRequest['format'];

/** A file name next to the docker config folder (the user's home, usually): `signet-audit-2026-12-04.json`. */
function suggestedPath(dockerConfig: string | undefined, format: Format, at: string | undefined): string {
  if (!dockerConfig) return '';
  const home = dockerConfig.replace(/[\\/][^\\/]*[\\/]?$/, '');
  const sep = dockerConfig.includes('\\') && !dockerConfig.includes('/') ? '\\' : '/';
  return `${home}${sep}signet-audit-${(at ?? new Date(uiNow()).toISOString()).slice(0, 10)}.${format}`;
}

export function ExportAuditDialog({ operationId, what, onClose }: DialogProps<'export-audit'>): ReactNode {
  const api = useApi();
  const dockerConfig = useApp((s) => s.appInfo?.dockerConfig);
  const at = useApp((s) => (s.auditRun?.operationId === operationId ? s.auditRun.report?.at : undefined));
  const [format, setFormat] = useState<Format>(what === 'calendar' ? 'ics' : 'json');
  const [path, setPath] = useState(() => suggestedPath(dockerConfig, what === 'calendar' ? 'ics' : 'json', at));
  const [replace, setReplace] = useState(false);
  const [written, setWritten] = useState<{ path: string; bytes: number } | null>(null);
  const { run, busy, error, setError } = useAction(async () => {
    setWritten(await api.audit.export({ operationId, format, path: path.trim(), ...(replace ? { replace } : {}) }));
  });
  const choose = (f: Format): void => {
    setFormat(f);
    // keep a suggested name in step with the format
    setPath((p) => p.replace(/\.(json|csv)$/, `.${f}`));
  };
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!isAbsolutePath(path.trim()))
      return setError({
        code: 'BAD_INPUT',
        message: 'the file name must be an absolute path',
        hint: `type the full path, for example /home/me/signet-audit.${format}`,
      });
    await run();
  };
  const title = what === 'calendar' ? 'Export calendar' : 'Export report';
  return (
    <Dialog
      title={title}
      onClose={onClose}
      busy={busy}
      className="export-audit-dialog"
      actions={
        <DialogFooter
          busy={busy}
          onCancel={onClose}
          done={!!written}
          primary={{ form: 'export-audit-form', label: 'Export' }}
        />
      }
    >
      {written ? (
        <p className="dlg-success" role="status">
          Saved {written.bytes.toLocaleString('en')} bytes to {written.path}
        </p>
      ) : (
        <form id="export-audit-form" onSubmit={(e) => void submit(e)}>
          {what === 'calendar' ? (
            <p>
              An iCalendar file (.ics) with one event per role expiry of every audited repository, with a reminder{' '}
              before each, to import into any calendar. The timestamp, which the trust server renews itself, is left
              out.
            </p>
          ) : (
            <fieldset>
              <legend>Format</legend>
              <div className="dlg-choice">
                <input
                  type="radio"
                  id="export-json"
                  name="export-format"
                  checked={format === 'json'}
                  onChange={() => choose('json')}
                />
                <label htmlFor="export-json">
                  JSON <span className="muted">the same bytes as signet audit --json, one object per repository</span>
                </label>
              </div>
              <div className="dlg-choice">
                <input
                  type="radio"
                  id="export-csv"
                  name="export-format"
                  checked={format === 'csv'}
                  onChange={() => choose('csv')}
                />
                <label htmlFor="export-csv">
                  CSV <span className="muted">one row per tag, role and problem, for a spreadsheet</span>
                </label>
              </div>
            </fieldset>
          )}
          <label htmlFor="export-path">Save as (absolute path)</label>
          <input
            id="export-path"
            type="text"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            spellCheck={false}
            placeholder={`/home/me/signet-audit.${format}`}
          />
          <div className="dlg-choice">
            <input
              type="checkbox"
              id="export-replace"
              checked={replace}
              onChange={(e) => setReplace(e.target.checked)}
            />
            <label htmlFor="export-replace">Replace the file if it is there</label>
          </div>
          {error && <ErrorExplanation error={error} />}
        </form>
      )}
    </Dialog>
  );
}
