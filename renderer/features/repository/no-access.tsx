/**
 * Why a repository cannot be shown: docker's "No signatures or cannot access X" with the cause in
 * plain words. A repository the trust server has no trust data for is not an error but the start of
 * signing it ("Sign tag" initializes it on the way; "Initialize repository" only creates it); a
 * root refused by trust pinning leads to the pins in Settings.
 */
import type { ReactNode } from 'react';
import type { ErrorDTO } from '../../../electron/ipc/contract.ts';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
import { RepoName } from '../../components/repo-name.tsx';
import { isNotSigned } from '../../lib/explain.ts';
import { useApp } from '../../store/index.ts';

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

export function NoAccess({ reference, error }: { reference: string; error: ErrorDTO }): ReactNode {
  const openDialog = useApp((s) => s.openDialog);
  const setSection = useApp((s) => s.setSection);
  return (
    <section className="panel" aria-labelledby="no-access-heading">
      <div className="panel-head">
        <h2 id="no-access-heading">
          No signatures or cannot access <RepoName name={reference} />
        </h2>
        {PIN_ERRORS.includes(error.code) && (
          <button type="button" className="secondary" onClick={() => setSection('settings')}>
            Trust pinning settings
          </button>
        )}
        {isNotSigned(error.code) && (
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
      {error.code === 'NOTARY_NOT_INITIALIZED' ? (
        <NotSignedYet reference={reference} />
      ) : (
        <ErrorExplanation error={error} />
      )}
    </section>
  );
}
