/**
 * An async call behind a dialog's button: `busy` while it runs, its failure kept as an ErrorDTO
 * (cleared when it starts again). `setError` / `setBusy` are there for what the dialog sets itself
 * (a field check, an error returned in a result, a review step that reports its own busy state).
 */
import { useState } from 'react';
import type { ErrorDTO } from '../../electron/ipc/contract.ts';
import { errorToShow } from '../store/errors.ts';

export interface Action<A extends unknown[]> {
  /** Runs the call: busy, error cleared, then any thrown error kept in `error`. Never rejects. */
  run: (...args: A) => Promise<void>;
  busy: boolean;
  error: ErrorDTO | null;
  setError: (error: ErrorDTO | null) => void;
  setBusy: (busy: boolean) => void;
}

export function useAction<A extends unknown[]>(fn: (...args: A) => Promise<void>): Action<A> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorDTO | null>(null);
  const run = async (...args: A): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await fn(...args);
    } catch (err) {
      setError(errorToShow(err));
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, error, setError, setBusy };
}
