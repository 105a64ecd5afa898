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
import { RootTrust } from '../root-trust/root-trust.tsx';

export function ArchiveView({ id }: { id: string }): ReactNode {
  const opened = useApp((s) => s.archives[id]);
  const closeArchive = useApp((s) => s.closeArchive);
  if (!opened) return <p className="muted">This archive is no longer open.</p>;
  const { archive, view } = opened;
  const key = archiveKey(id);
  const firstUse = view.rootTrust?.kind === 'tofu' && view.rootTrust.firstUse === true;
  const expired = view.roles.filter((r) => r.state === 'expired');
  return (
    <article className="repository" aria-labelledby="repo-title">
      <header className="repo-header">
        <div>
          <h1 id="repo-title">{view.name}</h1>
          <p className="muted">Trust archive {archive.name}</p>
        </div>
        <div className="repo-actions">
          {firstUse ? (
            <Badge tone="warning" title="nothing on this computer anchors this archive's root">
              archive, trusted on first use
            </Badge>
          ) : (
            <Badge tone="ok" title="verified offline against the root you trust for this repository">
              archive, verified offline
            </Badge>
          )}
          <button type="button" className="secondary" onClick={() => closeArchive(id)}>
            Close archive
          </button>
        </div>
      </header>
      <RootTrust reference={archive.gun} view={view} archive={id} />
      <div className="banner banner-info archive-banner" role="status">
        <strong>A snapshot from a trust archive, not the current state.</strong> It says it was written{' '}
        {formatTime(archive.created)} from {archive.server} (the archive’s own claim, not signed). Every signature,
        threshold, path and hash was verified here, with no server; expiry is shown as of now.
        {expired.length > 0 && (
          <> Past expiry now: {expired.map((r) => `${r.role} (expired ${formatTime(r.expires)})`).join(', ')}.</>
        )}
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
