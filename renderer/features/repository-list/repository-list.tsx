/**
 * The sidebar: a "Repository" box (any image reference; Enter adds and opens it), then every
 * repository Signet knows, grouped per registry (with its trust server), each with a status badge.
 */
import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { RepoStatusBadge } from '../../components/badges.tsx';
import { repositoryEntries, repoStatus } from '../../lib/derive.ts';
import { explain } from '../../lib/explain.ts';
import { useApp } from '../../store/index.ts';
import type { RepositoryEntry } from '../../store/types.ts';
import { ArchiveList } from '../history/archive-list.tsx';

const ORIGIN: Record<RepositoryEntry['origin'], string> = {
  watched: 'added by you',
  keys: 'found from your keys',
  cache: 'found in the metadata cache',
  registry: 'in the registry’s catalog',
};

export function RepositoryList(): ReactNode {
  const watched = useApp((s) => s.watched);
  const discovered = useApp((s) => s.discovered);
  const keys = useApp((s) => s.keys);
  const views = useApp((s) => s.views);
  const selected = useApp((s) => s.selected);
  const trustServers = useApp((s) => s.settings?.settings.trustServers);
  const error = useApp((s) => s.repositoriesError);
  const addRepository = useApp((s) => s.addRepository);
  const select = useApp((s) => s.select);
  const registries = useApp((s) => s.registries);
  const openDialog = useApp((s) => s.openDialog);
  const [text, setText] = useState('');

  const groups = useMemo(() => {
    const byRegistry = new Map<string, RepositoryEntry[]>();
    for (const r of registries) byRegistry.set(r.registry, []);
    for (const e of repositoryEntries(watched, discovered, keys, registries)) {
      const list = byRegistry.get(e.registry) ?? [];
      list.push(e);
      byRegistry.set(e.registry, list);
    }
    return [...byRegistry.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [watched, discovered, keys, registries]);
  const listings = useMemo(() => new Map(registries.map((r) => [r.registry, r])), [registries]);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (await addRepository(text)) setText('');
  };

  return (
    <nav className="sidebar" aria-label="Repositories">
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
          aria-describedby={error ? 'repository-error' : 'repository-help'}
        />
        <p id="repository-help" className="muted small-text">
          Press Enter to add and open it.
        </p>
        <button
          type="button"
          className="small add-registry-button"
          onClick={() => openDialog({ kind: 'add-registry' })}
        >
          Add registry…
        </button>
        {error && (
          <p id="repository-error" className="field-error" role="alert">
            {explain(error).title}: {error.message}
            {error.hint ? ` (${error.hint})` : ''}
          </p>
        )}
      </form>
      {groups.length === 0 && <p className="muted">No repositories yet.</p>}
      {groups.map(([registry, entries]) => (
        <section key={registry} className="repo-group" aria-labelledby={`group-${registry}`}>
          <h2 id={`group-${registry}`} className="group-heading">
            {registry}
            <span className="group-server">trust server: {trustServers?.[registry] ?? 'default'}</span>
            {listings.has(registry) && <span className="group-server">whole registry (catalog)</span>}
          </h2>
          {listings.get(registry)?.error && (
            <p className="field-error">Its catalog could not be read: {listings.get(registry)!.error!.message}</p>
          )}
          <ul>
            {entries.map((e) => {
              const status = repoStatus(views[e.reference]);
              const name = e.gun.startsWith(`${registry}/`) ? e.gun.slice(registry.length + 1) : e.gun;
              return (
                <li key={e.reference}>
                  <button
                    type="button"
                    className="repo-item"
                    aria-current={selected === e.reference ? 'true' : undefined}
                    onClick={() => select(e.reference)}
                    title={`${e.gun} (${ORIGIN[e.origin]})`}
                  >
                    <span className="repo-name">{name}</span>
                    <RepoStatusBadge status={status} />
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
      <ArchiveList />
    </nav>
  );
}
