/** What every IPC result is made of: the error a renderer may see, and Result<T>. */
import type { ErrorCode } from '../../../core/errors.js';

/** Codes a result can carry: core's, plus the IPC layer's own. */
export type IpcErrorCode =
  ErrorCode | 'IPC_UNTRUSTED_SENDER' | 'IPC_BAD_ARGUMENTS' | 'IPC_UNKNOWN_CHANNEL' | 'INTERNAL';

export interface ErrorDTO {
  code: IpcErrorCode;
  message: string;
  hint?: string;
}

/** Every request resolves to this; a handler never rejects across the bridge. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorDTO };
