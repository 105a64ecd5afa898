/** An error in plain language: docker's words, the cause, and what to do (the error's hint first). */
import type { ReactNode } from 'react';
import type { ErrorDTO } from '../../electron/ipc/contract.ts';
import { explain } from '../lib/explain.ts';

export function ErrorExplanation({ error, heading }: { error: ErrorDTO; heading?: ReactNode }): ReactNode {
  const e = explain(error);
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
          {e.inApp ? ` ${e.inApp}` : ''}
        </p>
      )}
    </div>
  );
}
