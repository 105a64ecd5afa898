/**
 * Settings entries whose value is a file (a CA certificate per server or repository prefix): the
 * file is chosen in main's own dialog and shown by its name; main keeps where it is. Each row can
 * take another file or be removed; a form adds one (the key typed, the file chosen).
 */
import { SettingsMapTable } from './settings-map-table.tsx';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { ChosenFileDTO, ErrorDTO } from '../../../electron/ipc/contract.ts';
import { useApi } from '../../api.ts';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
import { FileChoice } from '../../components/file-choice.tsx';
import { errorToShow } from '../../store/errors.ts';

export interface FileMapEditorProps {
  /** Prefix of element IDs. */
  id: string;
  /** The table's caption (its accessible name). */
  caption: string;
  /** What one entry is, in button names: "CA certificate" → "Remove CA certificate for X". */
  noun: string;
  keyLabel: string;
  valueLabel: string;
  keyPlaceholder: string;
  /** key → the file's name. */
  entries: Record<string, string>;
  /** A problem with the key (shown, nothing saved), or null. */
  check(key: string): string | null;
  /** Uses the chosen file (its handle) for the key; null when saved, else the refusal. */
  set(key: string, handle: string): Promise<ErrorDTO | null>;
  remove(key: string): Promise<ErrorDTO | null>;
  empty: ReactNode;
}

export function FileMapEditor(p: FileMapEditorProps): ReactNode {
  const api = useApi();
  const [newKey, setNewKey] = useState('');
  const [file, setFile] = useState<ChosenFileDTO | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ErrorDTO | null>(null);
  const [busy, setBusy] = useState(false);
  const keys = Object.keys(p.entries).sort();

  const saving = async (fn: () => Promise<ErrorDTO | null>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    setProblem(null);
    try {
      const refused = await fn();
      setError(refused);
      return refused === null;
    } catch (e) {
      setError(errorToShow(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const add = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const k = newKey.trim();
    const bad = p.check(k) ?? (file ? null : `Choose the ${p.valueLabel} with “Choose file…”.`);
    setProblem(bad);
    if (bad || !file) return;
    if (await saving(() => p.set(k, file.handle))) {
      setNewKey('');
      setFile(null);
    }
  };

  /** Another file for an entry: main's dialog, then saved at once. */
  const replace = (key: string): Promise<boolean> =>
    saving(async () => {
      const [chosen] = await api.files.chooseOpen({ purpose: 'ca-certificate' });
      return chosen ? p.set(key, chosen.handle) : null;
    });

  return (
    <div className="map-editor">
      <SettingsMapTable
        caption={p.caption}
        keyLabel={p.keyLabel}
        valueLabel={p.valueLabel}
        keys={keys}
        empty={p.empty}
        value={(k) => <code className="settings-value">{p.entries[k]}</code>}
        actions={(k) => (
          <>
            <button
              type="button"
              className="small"
              aria-label={`Replace ${p.noun} for ${k}`}
              disabled={busy}
              onClick={() => void replace(k)}
            >
              Replace
            </button>
            <button
              type="button"
              className="small"
              aria-label={`Remove ${p.noun} for ${k}`}
              disabled={busy}
              onClick={() => void saving(() => p.remove(k))}
            >
              Remove
            </button>
          </>
        )}
      />
      <form className="settings-add" onSubmit={(e) => void add(e)} aria-label={`Add a ${p.noun}`}>
        <div className="settings-field">
          <label htmlFor={`${p.id}-key`}>{p.keyLabel}</label>
          <input
            id={`${p.id}-key`}
            type="text"
            value={newKey}
            onChange={(e) => setNewKey(e.target.value)}
            placeholder={p.keyPlaceholder}
            spellCheck={false}
            autoComplete="off"
          />
        </div>
        <div className="settings-field settings-field-wide">
          <FileChoice
            id={`${p.id}-file`}
            label={p.valueLabel}
            open="ca-certificate"
            chosen={file ? [file] : []}
            onChosen={([f]) => (setFile(f ?? null), setProblem(null))}
            disabled={busy}
          />
        </div>
        <button type="submit" disabled={busy || newKey.trim() === ''}>
          {`Add ${p.noun}`}
        </button>
      </form>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      {error && <ErrorExplanation error={error} heading="Signet could not save the settings." />}
    </div>
  );
}
