/**
 * The sidebar: a "Repository" box (repository-box.tsx: an image reference, or a registry), then every
 * repository Signet knows, grouped per registry (with its trust server), each with a status badge.
 */
import { useMemo, type ReactNode } from 'react';
import { RepoStatusBadge } from '../../components/badges.tsx';
import { RepoName } from '../../components/repo-name.tsx';
import { repositoryEntries, repoStatus } from '../../lib/derive.ts';
import { useApp } from '../../store/index.ts';
import type { RepositoryEntry } from '../../store/types.ts';
import { ArchiveList } from '../history/archive-list.tsx';
import { RepositoryBox } from './repository-box.tsx';

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
  const select = useApp((s) => s.select);
  const registries = useApp((s) => s.registries);

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

  return (
    <nav className="sidebar" aria-label="Repositories">
      <RepositoryBox />
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
                    <span className="repo-name by-parts">
                      <RepoName name={name} />
                    </span>
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
