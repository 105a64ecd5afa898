import type { ErrorDTO } from '../../electron/ipc/contract.ts';
import { ApiError } from '../api.ts';

/**
 * An error caught in the renderer, as the UI shows it: a failed request keeps main's code, message
 * and hint; anything else (a renderer bug) is INTERNAL with its message. Main's own `toErrorDTO`
 * (electron/main/dispatch.ts) does the other job: it decides what may cross IPC at all.
 */
export function errorToShow(e: unknown): ErrorDTO {
  if (e instanceof ApiError) return e.toDTO();
  return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
}
