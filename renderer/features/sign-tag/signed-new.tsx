/** The end of signing a repository that had no trust data: "Successfully signed", and the keys that were created. */
import type { ReactNode } from 'react';
import type { SignSummary } from '../../../electron/ipc/contract.ts';

export function SignedNew({ summary }: { summary: SignSummary }): ReactNode {
  const c = summary.created;
  return (
    <div>
      <p className="dlg-success" role="status">
        Successfully signed {summary.gun}:{summary.tag}
      </p>
      <dl className="dlg-facts" aria-label="Signed">
        <dt>Digest</dt>
        <dd>
          <code data-full={summary.digest}>sha256:{summary.digest}</code>
        </dd>
        <dt>Roles</dt>
        <dd>{summary.roles.join(', ')}</dd>
        {c && (
          <>
            <dt>Root key</dt>
            <dd>
              <code>{c.rootKeyId}</code> {c.createdRootKey ? '(new — back it up: Keys → Export)' : '(existing)'}
            </dd>
            <dt>Repository key</dt>
            <dd>
              <code>{c.targetsKeyId}</code> (new)
            </dd>
            <dt>First signer</dt>
            <dd>
              {c.signer}, key <code>{c.signerKeyId}</code>
            </dd>
          </>
        )}
      </dl>
    </div>
  );
}
