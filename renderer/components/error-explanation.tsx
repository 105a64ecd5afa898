/** An error in plain language: docker's words, the cause, and what to do (the error's hint first). */
import type { ReactNode } from 'react';
import type { ErrorDTO } from '../../electron/ipc/contract.ts';
import { explain } from '../lib/explain.ts';

export function ErrorExplanation({ error, heading }: { error: ErrorDTO; heading?: ReactNode }): ReactNode {
  const e = explain(error);
  const todo = error.hint ?? e.action;
  // where in Signet, after the hint (which may not end a sentence)
  const inApp = todo && e.inApp ? `${/[.!?)]$/.test(todo) ? '' : '.'} ${e.inApp}` : '';
  return (
    <div className="error-explanation" role="alert">
      {heading && <p className="error-heading">{heading}</p>}
      <p>
        <strong>{e.title}.</strong> {e.cause}
      </p>
      <p className="error-detail">
        <span className="muted">Details ({error.code}):</span> {error.message}
      </p>
      {todo && (
        <p className="error-action">
          <strong>What to do:</strong> {todo}
          {inApp}
        </p>
      )}
    </div>
  );
}
