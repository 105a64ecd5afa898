/**
 * Transport-independent request dispatch: guard the arguments, run the handler, and turn every
 * outcome into a plain {@link Result}. Used by the Electron `handle()` wrapper (ipc.ts) and by the
 * browser harness's HTTP bridge, so both run the same guards and handlers.
 */
import { SignetError } from '../../core/errors.js';
import { isRequestChannel } from '../ipc/channels.js';
import type { ErrorDTO, Handlers, RequestChannel, Result } from '../ipc/contract.js';
import { BadArgumentsError, parseArgs } from '../ipc/guards.js';

export type Dispatch = (channel: string, args: readonly unknown[]) => Promise<Result<unknown>>;

export interface DispatchOptions {
  /** Where unexpected errors are logged (message and stack stay in main; default console.error). */
  log?: (message: string) => void;
}

/** The error as the renderer may see it: code, message, hint. Never a stack, never a cause chain. */
export function toErrorDTO(e: unknown, log?: (message: string) => void): ErrorDTO {
  if (e instanceof SignetError) return e.toData();
  if (e instanceof BadArgumentsError) return { code: 'IPC_BAD_ARGUMENTS', message: `invalid arguments: ${e.message}` };
  log?.(`unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return {
    code: 'INTERNAL',
    message: 'Something went wrong inside Signet.',
    hint: 'Try again; if it keeps happening, restart Signet and report the steps that led to it.',
  };
}

export function fail(code: ErrorDTO['code'], message: string, hint?: string): Result<never> {
  return { ok: false, error: hint === undefined ? { code, message } : { code, message, hint } };
}

export function createDispatch(handlers: Handlers, opts: DispatchOptions = {}): Dispatch {
  const log = opts.log ?? ((m: string) => console.error(m));
  return async (channel, args) => {
    if (!isRequestChannel(channel))
      return fail('IPC_UNKNOWN_CHANNEL', `unknown channel ${JSON.stringify(String(channel).slice(0, 80))}`);
    try {
      const parsed = parseArgs(channel, args);
      const handler = handlers[channel] as (...a: unknown[]) => Promise<unknown>;
      const value = await handler(...(parsed as unknown[]));
      return { ok: true, value: value === undefined ? null : value };
    } catch (e) {
      return { ok: false, error: toErrorDTO(e, log) };
    }
  };
}

export type { RequestChannel };
