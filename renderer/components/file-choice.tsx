/**
 * "Save as…" / "Choose file…": the main process shows its native file dialog and keeps the path;
 * the renderer gets back a handle (what the export or import request names) and the file's name,
 * shown here. The renderer never names, sees or sends a path.
 */
import { useState, type ReactNode } from 'react';
import type { ChosenFileDTO, ErrorDTO, OpenPurpose, SavePurpose } from '../../electron/ipc/contract.ts';
import { useApi } from '../api.ts';
import { errorToShow } from '../store/errors.ts';
import { ErrorExplanation } from './error-explanation.tsx';

type Mode = { save: SavePurpose; suggestedName?: string } | { open: OpenPurpose };

export type FileChoiceProps = Mode & {
  /** Prefix of element IDs. */
  id: string;
  /** What the file is, above the button ("Archive file"). */
  label: string;
  chosen: readonly ChosenFileDTO[];
  onChosen(files: ChosenFileDTO[]): void;
  disabled?: boolean;
  /** Shown when nothing is chosen yet. */
  placeholder?: string;
};

function buttonText(p: FileChoiceProps): string {
  if ('save' in p) return 'Save as…';
  if (p.open === 'trust-dir' || p.open === 'policy-dir' || p.open === 'archive-dir') return 'Choose folder…';
  return p.open === 'public-key' ? 'Choose files…' : 'Choose file…';
}

export function FileChoice(p: FileChoiceProps): ReactNode {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorDTO | null>(null);
  const choose = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      if ('save' in p) {
        const file = await api.files.chooseSave({
          purpose: p.save,
          ...(p.suggestedName ? { suggestedName: p.suggestedName } : {}),
        });
        if (file) p.onChosen([file]);
      } else {
        const files = await api.files.chooseOpen({ purpose: p.open });
        if (files.length > 0) p.onChosen(files);
      }
    } catch (e) {
      setError(errorToShow(e));
    } finally {
      setBusy(false);
    }
  };
  const names = p.chosen.map((f) => f.name).join(', ');
  const replaces = p.chosen.some((f) => f.replaces);
  return (
    <div className="file-choice" role="group" aria-labelledby={`${p.id}-label`}>
      <span id={`${p.id}-label`} className="file-choice-label">
        {p.label}
      </span>
      <div className="file-choice-row">
        <button
          type="button"
          className="secondary"
          onClick={() => void choose()}
          disabled={p.disabled || busy}
          aria-describedby={`${p.id}-chosen`}
        >
          {buttonText(p)}
        </button>
        <span id={`${p.id}-chosen`} className={names ? 'file-choice-name' : 'muted'} aria-live="polite">
          {names || (p.placeholder ?? 'No file chosen')}
          {replaces && <span className="file-choice-note"> (replaces the file that is there)</span>}
        </span>
      </div>
      {error && <ErrorExplanation error={error} heading="Signet cannot use that file." />}
    </div>
  );
}
