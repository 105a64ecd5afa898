/**
 * An editable list of settings entries (key → value), e.g. registry → trust server: each row can be
 * edited or removed, a form adds one. Every change saves the whole map at once and shows the
 * refusal, if any, next to the form.
 */
import { SettingsMapTable } from './settings-map-table.tsx';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { ErrorDTO } from '../../../electron/ipc/contract.ts';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
import type { SaveResult } from '../../store/types.ts';

export interface MapEditorProps {
  /** Prefix of element IDs. */
  id: string;
  /** The table's caption (its accessible name). */
  caption: string;
  /** What one entry is, in button names: "trust server" → "Edit trust server for X". */
  noun: string;
  keyLabel: string;
  valueLabel: string;
  keyPlaceholder: string;
  valuePlaceholder: string;
  /** Known keys offered while typing (e.g. the registries in the sidebar). */
  keySuggestions?: string[];
  entries: Record<string, string>;
  /** A problem with one entry (shown, nothing saved), or null. */
  check(key: string, value: string): string | null;
  /** Saves the whole map; null when saved, else the refusal, or `notSaved` (the user cancelled main's confirmation). */
  save(next: Record<string, string>): Promise<SaveResult>;
  /** A note under a row's value (e.g. a plain-HTTP warning). */
  note?(key: string, value: string): ReactNode;
  /** What a key means when no entry names it (e.g. the default trust server). */
  fallback?(key: string): ReactNode;
  empty: ReactNode;
}

export function MapEditor(p: MapEditorProps): ReactNode {
  const [editing, setEditing] = useState<string | null>(null);
  const [editValue, setEditValue] = useState('');
  const [newKey, setNewKey] = useState('');
  const [newValue, setNewValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ErrorDTO | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const keys = Object.keys(p.entries).sort();

  const apply = async (next: Record<string, string>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const r = await p.save(next);
      if (r && 'notSaved' in r) {
        // cancelled in main's confirmation: the form keeps what was typed
        setNotice(r.notSaved);
        return false;
      }
      setError(r);
      return r === null;
    } finally {
      setBusy(false);
    }
  };

  const add = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const [k, v] = [newKey.trim(), newValue.trim()];
    const bad = p.check(k, v);
    setProblem(bad);
    if (bad) return;
    if (await apply({ ...p.entries, [k]: v })) {
      setNewKey('');
      setNewValue('');
    }
  };

  const saveEdit = async (e: FormEvent, key: string): Promise<void> => {
    e.preventDefault();
    const v = editValue.trim();
    const bad = p.check(key, v);
    setProblem(bad);
    if (bad) return;
    if (await apply({ ...p.entries, [key]: v })) setEditing(null);
  };

  const remove = async (key: string): Promise<void> => {
    const { [key]: _gone, ...rest } = p.entries;
    setProblem(null);
    await apply(rest);
  };

  return (
    <div className="map-editor">
      <SettingsMapTable
        caption={p.caption}
        keyLabel={p.keyLabel}
        valueLabel={p.valueLabel}
        keys={keys}
        empty={p.empty}
        value={(k) => (
          <>
            {editing === k ? (
              <form id={`${p.id}-edit`} onSubmit={(e) => void saveEdit(e, k)}>
                <label className="sr-only" htmlFor={`${p.id}-edit-value`}>
                  {`${p.valueLabel} for ${k}`}
                </label>
                <input
                  id={`${p.id}-edit-value`}
                  type="text"
                  value={editValue}
                  onChange={(e) => setEditValue(e.target.value)}
                  spellCheck={false}
                  autoComplete="off"
                  autoFocus
                />
              </form>
            ) : (
              <>
                <code className="settings-value">{p.entries[k]}</code>
                {p.note?.(k, p.entries[k]!)}
              </>
            )}
          </>
        )}
        actions={(k) => (
          <>
            {editing === k ? (
              <>
                {/* keys: the Edit button must not become this submit button under the click (React reuses elements) */}
                <button key="save" type="submit" form={`${p.id}-edit`} className="small" disabled={busy}>
                  Save
                </button>
                <button key="cancel" type="button" className="small" onClick={() => setEditing(null)}>
                  Cancel
                </button>
              </>
            ) : (
              <>
                <button
                  key="edit"
                  type="button"
                  className="small"
                  aria-label={`Edit ${p.noun} for ${k}`}
                  onClick={() => (setEditing(k), setEditValue(p.entries[k]!), setProblem(null))}
                >
                  Edit
                </button>
                <button
                  key="remove"
                  type="button"
                  className="small"
                  aria-label={`Remove ${p.noun} for ${k}`}
                  disabled={busy}
                  onClick={() => void remove(k)}
                >
                  Remove
                </button>
              </>
            )}
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
            list={p.keySuggestions ? `${p.id}-known` : undefined}
            spellCheck={false}
            autoComplete="off"
          />
          {p.keySuggestions && (
            <datalist id={`${p.id}-known`}>
              {p.keySuggestions.map((k) => (
                <option key={k} value={k} />
              ))}
            </datalist>
          )}
        </div>
        <div className="settings-field settings-field-wide">
          <label htmlFor={`${p.id}-value`}>{p.valueLabel}</label>
          <input
            id={`${p.id}-value`}
            type="text"
            value={newValue}
            onChange={(e) => setNewValue(e.target.value)}
            placeholder={p.valuePlaceholder}
            spellCheck={false}
            autoComplete="off"
          />
        </div>
        <button type="submit" disabled={busy || newKey.trim() === '' || newValue.trim() === ''}>
          {`Add ${p.noun}`}
        </button>
      </form>
      {newKey.trim() !== '' && !p.entries[newKey.trim()] && p.fallback && (
        <p className="muted small-text">{p.fallback(newKey.trim())}</p>
      )}
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      {notice && (
        <p className="settings-not-saved" role="status">
          {notice}
        </p>
      )}
      {error && <ErrorExplanation error={error} heading="Signet could not save the settings." />}
    </div>
  );
}
