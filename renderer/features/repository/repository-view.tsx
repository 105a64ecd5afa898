/** The selected repository: docker's three sections plus expiry and metadata details, or why it cannot be shown. */
import type { ReactNode } from 'react';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
import { Badge } from '../../components/badges.tsx';
import { isNotSigned } from '../../lib/explain.ts';
import { formatDate } from '../../lib/format.ts';
import { useApp } from '../../store/index.ts';
import { SignedTags } from '../signed-tags/signed-tags.tsx';
import { Signers } from '../signers/signers.tsx';
import { AdminKeys } from '../admin-keys/admin-keys.tsx';
import { MetadataDetails } from '../metadata-details/metadata-details.tsx';
import { RepositoryTabs } from './repository-tabs.tsx';

export function RepositoryView({ reference }: { reference: string }): ReactNode {
  const entry = useApp((s) => s.views[reference]);
  const loadView = useApp((s) => s.loadView);
  const openDialog = useApp((s) => s.openDialog);
  const removeRepository = useApp((s) => s.removeRepository);
  const watched = useApp((s) => s.watched.some((w) => w.reference === reference));
  const view = entry?.view;
  const loading = entry?.status === 'loading';

  return (
    <article className="repository" aria-labelledby="repo-title" aria-busy={loading}>
      <header className="repo-header">
        <div>
          <h1 id="repo-title">{view?.name ?? reference}</h1>
          {view && view.gun !== view.name && <p className="muted">GUN {view.gun}</p>}
        </div>
        <div className="repo-actions">
          {view && (
            <Badge
              tone={view.source === 'cache' ? 'warning' : 'ok'}
              title={view.source === 'cache' ? view.offlineReason : undefined}
            >
              {view.source === 'cache' ? 'cached data (offline)' : 'live from the trust server'}
            </Badge>
          )}
          {entry?.fetchedAt && (
            <span className="muted small-text">checked {formatDate(new Date(entry.fetchedAt).toISOString())}</span>
          )}
          <button type="button" onClick={() => void loadView(reference, { force: true })} disabled={loading}>
            {loading ? 'Refreshing…' : 'Refresh'}
          </button>
          {view && (
            <>
              <button
                type="button"
                className="secondary"
                onClick={() => openDialog({ kind: 'review-changes', reference })}
              >
                Review changes
              </button>
              <button type="button" className="secondary" onClick={() => openDialog({ kind: 'renew-role', reference })}>
                Renew
              </button>
              <button type="button" className="secondary" onClick={() => openDialog({ kind: 'rotate-key', reference })}>
                Rotate keys
              </button>
            </>
          )}
          {watched && (
            <button type="button" className="secondary" onClick={() => void removeRepository(reference)}>
              Stop watching
            </button>
          )}
        </div>
      </header>

      <RepositoryTabs reference={reference} view={view} history={{ reference }}>
        {loading && !view && (
          <p role="status" className="loading">
            Fetching trust data for {reference}…
          </p>
        )}

        {view?.source === 'cache' && (
          <div className="banner banner-warning" role="status">
            <strong>Showing cached data.</strong> The trust server could not be used
            {view.offlineReason ? `: ${view.offlineReason}` : ''}. What you see is what Signet verified last time; it
            may be out of date.
          </div>
        )}
        {view && view.warnings.length > 0 && (
          <ul className="banner banner-info" aria-label="Warnings">
            {view.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        )}

        {entry?.status === 'error' && entry.error && !view && (
          <section className="panel" aria-labelledby="no-access-heading">
            <div className="panel-head">
              <h2 id="no-access-heading">No signatures or cannot access {reference}</h2>
              {isNotSigned(entry.error.code) && (
                <button type="button" onClick={() => openDialog({ kind: 'initialize-repository', reference })}>
                  Initialize repository
                </button>
              )}
            </div>
            <ErrorExplanation error={entry.error} />
          </section>
        )}
        {entry?.status === 'error' && entry.error && view && (
          <ErrorExplanation error={entry.error} heading="The last refresh failed; the data below is from before." />
        )}

        {view && (
          <>
            <SignedTags reference={reference} view={view} />
            <Signers reference={reference} view={view} />
            <AdminKeys view={view} />
            <MetadataDetails reference={reference} view={view} />
          </>
        )}
      </RepositoryTabs>
    </article>
  );
}
