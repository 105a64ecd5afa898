/**
 * Errors of write operations in plain language. renderer/lib/explain.ts covers the read path; the
 * key and write codes (wrong passphrase, cancelled, no signing key, publish conflict, bad input)
 * are explained here with the same layout — these belong in explain.ts (not in this change's files).
 */
import type { ReactNode } from 'react';
import type { ErrorDTO, IpcErrorCode } from '../../../electron/ipc/contract.ts';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
import type { Explanation } from '../../lib/explain.ts';

export const WRITE_EXPLANATIONS: Partial<Record<IpcErrorCode, Explanation>> = {
  KEY_CANCELLED: {
    title: 'Cancelled',
    cause: 'No passphrase was given, so the key could not be used and nothing was signed or published.',
    action: 'Staged changes were kept: publish them again when you are ready, or discard them.',
  },
  KEY_WRONG_PASSPHRASE: {
    title: 'Wrong passphrase',
    cause: 'The passphrase did not decrypt the key, three times in a row. Nothing was signed or published.',
    action: 'Check the passphrase (it is case-sensitive) and try again; staged changes were kept.',
  },
  KEY_NOT_FOUND: {
    title: 'Key not on this computer',
    cause: 'The private key this operation needs is in neither the OS keychain nor the docker trust directory.',
    action: 'Import the key (Keys → Import keys), from the trust directory of the machine that created it.',
  },
  KEY_UNSUPPORTED: { title: 'Key format not supported', cause: 'The key file is in a format or uses an algorithm Signet cannot read.' },
  NO_SIGNING_KEYS: {
    title: 'No key that can sign here',
    cause: 'You hold neither the repository key nor the key of a signer of this repository.',
    action: 'Import the repository key or your signer key, or ask the administrator to add you as a signer.',
  },
  PUBLISH_CONFLICT: {
    title: 'Someone published at the same time',
    cause: 'The trust server already has newer data than the version these changes were built on.',
    action: 'Retry: Signet fetches the new data and applies the staged changes on top of it.',
  },
  BAD_INPUT: { title: 'Cannot do that', cause: 'The request was refused as it stands.' },
};

export function WriteError({ error, heading }: { error: ErrorDTO; heading?: ReactNode }): ReactNode {
  const e = WRITE_EXPLANATIONS[error.code];
  if (!e) return <ErrorExplanation error={error} heading={heading} />;
  return (
    <div className="error-explanation" role="alert">
      {heading && <p className="error-heading">{heading}</p>}
      <p>
        <strong>{e.title}.</strong> {e.cause}
      </p>
      <p className="error-detail">
        <span className="muted">Details ({error.code}):</span> {error.message}
      </p>
      {(error.hint ?? e.action) && (
        <p className="error-action">
          <strong>What to do:</strong> {error.hint ?? e.action}
        </p>
      )}
    </div>
  );
}
