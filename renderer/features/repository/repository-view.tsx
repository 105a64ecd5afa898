/** The selected repository: docker's three sections plus expiry and metadata details, or why it cannot be shown. */
import type { ReactNode } from 'react';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
import { useApp } from '../../store/index.ts';
import { SignedTags } from '../signed-tags/signed-tags.tsx';
import { Signers } from '../signers/signers.tsx';
import { AdminKeys } from '../admin-keys/admin-keys.tsx';
import { MetadataDetails } from '../metadata-details/metadata-details.tsx';
import { RootTrust } from '../root-trust/root-trust.tsx';
import { RepoHeader } from './repo-header.tsx';
import { NoAccess } from './no-access.tsx';
import { RepositoryTabs } from './repository-tabs.tsx';
import { HubSunsetBanner } from './hub-sunset.tsx';

export function RepositoryView({ reference }: { reference: string }): ReactNode {
  const entry = useApp((s) => s.views[reference]);
  const view = entry?.view;
  const loading = entry?.status === 'loading';

  return (
    <article className="repository" aria-labelledby="repo-title" aria-busy={loading}>
      <RepoHeader reference={reference} />
      {view?.hubNotary && <HubSunsetBanner reference={reference} gun={view.gun} sunset={view.hubNotary} />}
      {view && <RootTrust reference={reference} view={view} />}

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

        {entry?.status === 'error' && entry.error && !view && <NoAccess reference={reference} error={entry.error} />}
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
