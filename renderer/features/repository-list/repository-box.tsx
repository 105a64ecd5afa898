/**
 * The sidebar's "Repository" box. Enter adds and opens an image reference read as docker reads it
 * (`alpine` is docker.io/library/alpine). A registry address typed on its own (`127.0.0.1:5000`,
 * `registry.example.com`: core's registryAddress) is not opened as a Docker Hub image: the box offers
 * "Add registry" instead, and Enter takes that offer (the Add registry dialog, reading its catalog).
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { explain } from '../../lib/explain.ts';
import { parseReference, registryAddress } from '../../lib/reference.ts';
import { useApp } from '../../store/index.ts';

/** What Enter does with the box's text. */
export type BoxIntent =
  | { kind: 'empty' }
  | { kind: 'registry'; registry: string }
  /** `opens`: the repository docker's reading names, when it differs from the text (a Docker Hub name). */
  | { kind: 'repository'; opens?: string };

export function boxIntent(text: string): BoxIntent {
  const t = text.trim();
  if (t === '') return { kind: 'empty' };
  const registry = registryAddress(t);
  if (registry !== undefined) return { kind: 'registry', registry };
  const p = parseReference(t);
  return p.ok && !t.startsWith(p.ref.domain) ? { kind: 'repository', opens: p.ref.gun } : { kind: 'repository' };
}

export function RepositoryBox(): ReactNode {
  const error = useApp((s) => s.repositoriesError);
  const addRepository = useApp((s) => s.addRepository);
  const openDialog = useApp((s) => s.openDialog);
  const [text, setText] = useState('');
  const intent = boxIntent(text);

  const addRegistry = (registry: string): void => {
    openDialog({ kind: 'add-registry', registry });
    setText('');
  };
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (intent.kind === 'registry') return addRegistry(intent.registry);
    if (await addRepository(text)) setText('');
  };
  const described = error
    ? 'repository-error'
    : intent.kind === 'registry'
      ? 'repository-suggestion'
      : 'repository-help';

  return (
    <form onSubmit={(e) => void submit(e)} className="add-repo">
      <label htmlFor="repository-input">Repository</label>
      <input
        id="repository-input"
        type="text"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder="e.g. host:5000/team/app"
        autoComplete="off"
        spellCheck={false}
        aria-describedby={described}
      />
      {intent.kind === 'registry' ? (
        <div id="repository-suggestion" className="registry-suggestion">
          <p>
            <strong>{intent.registry}</strong> is a registry. Add it to list its repositories, or type one after it (
            <code>{intent.registry}/team/app</code>).
          </p>
          <button type="button" className="small" onClick={() => addRegistry(intent.registry)}>
            Add registry {intent.registry}
          </button>
        </div>
      ) : (
        <p id="repository-help" className="muted small-text">
          {intent.kind === 'repository' && intent.opens
            ? `Press Enter to add and open ${intent.opens}.`
            : 'Press Enter to add and open it.'}
        </p>
      )}
      <button type="button" className="small add-registry-button" onClick={() => openDialog({ kind: 'add-registry' })}>
        Add registry…
      </button>
      {error && (
        <p id="repository-error" className="field-error" role="alert">
          {explain(error).title}: {error.message}
          {error.hint ? ` (${error.hint})` : ''}
        </p>
      )}
    </form>
  );
}
