/** The selected repository: docker's three sections plus expiry and metadata details, or why it cannot be shown. */
import type { ReactNode } from 'react';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
import { isNotSigned } from '../../lib/explain.ts';
import { useApp } from '../../store/index.ts';
import { SignedTags } from '../signed-tags/signed-tags.tsx';
import { Signers } from '../signers/signers.tsx';
import { AdminKeys } from '../admin-keys/admin-keys.tsx';
import { MetadataDetails } from '../metadata-details/metadata-details.tsx';
import { RootTrust } from '../root-trust/root-trust.tsx';
import { RepoHeader } from './repo-header.tsx';
import { RepoName } from '../../components/repo-name.tsx';

const PIN_ERRORS: string[] = ['TUF_PIN_MISMATCH', 'TUF_TOFU_DISABLED'];

/** A repository the trust server has no trust data for: not an error, the start of signing it. */
function NotSignedYet({ reference }: { reference: string }): ReactNode {
  return (
    <div className="notice" role="status">
      <p>
        <strong>Not signed yet.</strong> The trust server has no trust data for {reference}: nobody has signed a tag of
        it or initialized it.
      </p>
      <p>
        <strong>Sign tag</strong> creates it on the way (a root key, a repository key and a first signer named after
        your registry login) and signs the tag, as <code>docker trust sign</code> does.{' '}
        <strong>Initialize repository</strong> only creates it.
      </p>
    </div>
  );
}

export function RepositoryView({ reference }: { reference: string }): ReactNode {
  const entry = useApp((s) => s.views[reference]);
  const openDialog = useApp((s) => s.openDialog);
  const setSection = useApp((s) => s.setSection);
  const view = entry?.view;
  const loading = entry?.status === 'loading';

  return (
    <article className="repository" aria-labelledby="repo-title" aria-busy={loading}>
      <RepoHeader reference={reference} />
      {view && <RootTrust reference={reference} view={view} />}

      {loading && !view && (
        <p role="status" className="loading">
          Fetching trust data for {reference}…
        </p>
      )}

      {view?.source === 'cache' && (
        <div className="banner banner-warning" role="status">
          <strong>Showing cached data.</strong> The trust server could not be used
          {view.offlineReason ? `: ${view.offlineReason}` : ''}. What you see is what Signet verified last time; it may
          be out of date.
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
            <h2 id="no-access-heading">
              No signatures or cannot access <RepoName name={reference} />
            </h2>
            {PIN_ERRORS.includes(entry.error.code) && (
              <button type="button" className="secondary" onClick={() => setSection('settings')}>
                Trust pinning settings
              </button>
            )}
            {isNotSigned(entry.error.code) && (
              <span className="panel-actions">
                <button type="button" onClick={() => openDialog({ kind: 'sign-tag', reference })}>
                  Sign tag
                </button>
                <button
                  type="button"
                  className="secondary"
                  onClick={() => openDialog({ kind: 'initialize-repository', reference })}
                >
                  Initialize repository
                </button>
              </span>
            )}
          </div>
          {entry.error.code === 'NOTARY_NOT_INITIALIZED' ? (
            <NotSignedYet reference={reference} />
          ) : (
            <ErrorExplanation error={entry.error} />
          )}
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
    </article>
  );
}
