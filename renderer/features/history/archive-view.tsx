/**
 * An opened trust archive, shown like a repository: read-only, verified offline as of when it was
 * written (the code `signet inspect --archive` and `signet history --archive` run), with its
 * trust graph and history.
 */
import type { ReactNode } from 'react';
import { Badge } from '../../components/badges.tsx';
import { useApp } from '../../store/index.ts';
import { archiveKey } from '../../store/history.ts';
import { AdminKeys } from '../admin-keys/admin-keys.tsx';
import { RepositoryTabs } from '../repository/repository-tabs.tsx';
import { SignedTags } from '../signed-tags/signed-tags.tsx';
import { Signers } from '../signers/signers.tsx';
import { formatTime } from './events.ts';

export function ArchiveView({ id }: { id: string }): ReactNode {
  const opened = useApp((s) => s.archives[id]);
  const closeArchive = useApp((s) => s.closeArchive);
  if (!opened) return <p className="muted">This archive is no longer open.</p>;
  const { archive, view } = opened;
  const key = archiveKey(id);
  return (
    <article className="repository" aria-labelledby="repo-title">
      <header className="repo-header">
        <div>
          <h1 id="repo-title">{view.name}</h1>
          <p className="muted">Trust archive {archive.name}</p>
        </div>
        <div className="repo-actions">
          <Badge tone="ok" title={`verified as of ${archive.created}`}>
            archive, verified offline
          </Badge>
          <button type="button" className="secondary" onClick={() => closeArchive(id)}>
            Close archive
          </button>
        </div>
      </header>
      <div className="banner banner-info archive-banner" role="status">
        <strong>Read from a trust archive, with no server.</strong> Written {formatTime(archive.created)} from{' '}
        {archive.server}; every signature, threshold and hash was verified here, as of that moment.
      </div>
      {view.warnings.length > 0 && (
        <ul className="banner banner-info" aria-label="Warnings">
          {view.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <RepositoryTabs reference={key} view={view} history={{ reference: archive.gun, archive: id }} readOnly>
        <SignedTags reference={key} view={view} readOnly />
        <Signers reference={key} view={view} readOnly />
        <AdminKeys view={view} />
      </RepositoryTabs>
    </article>
  );
}
