/**
 * How the CLI prints a failure, for every command: one docker-like first line, then Signet's
 * explanation on `  cause:` and `  hint:` lines. Never a stack trace.
 */
import { isSignetError } from '../core/errors.js';

/**
 * docker's one-line error (`headline: message`, or the message alone), then the underlying error
 * (when the message does not already say it) and the hint.
 */
export function describeError(headline: string | undefined, e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  let out = headline ? `${headline}: ${message}\n` : `${message}\n`;
  if (isSignetError(e)) {
    const cause = e.cause instanceof Error && !message.includes(e.cause.message) ? e.cause.message : undefined;
    if (cause) out += `  cause: ${cause} [${e.code}]\n`;
    if (e.hint) out += `  hint: ${e.hint}\n`;
  }
  return out;
}

/**
 * A failure whose first line is Signet's own headline (the key commands, as notary prints them);
 * the error that caused it goes on the `cause:` line with its code.
 */
export class CommandError extends Error {
  constructor(
    readonly headline: string,
    readonly causeError?: unknown,
    readonly hint?: string,
  ) {
    super(headline);
  }
}

/** Prints a CommandError (headline, cause, hint), or any other error as describeError does. */
export function describeFailure(e: unknown): string {
  if (!(e instanceof CommandError)) return describeError(undefined, e);
  let out = `${e.headline}\n`;
  const c = e.causeError;
  if (isSignetError(c)) {
    out += `  cause: ${c.message} [${c.code}]\n`;
    if (c.hint ?? e.hint) out += `  hint: ${c.hint ?? e.hint}\n`;
  } else {
    if (c !== undefined) out += `  cause: ${c instanceof Error ? c.message : String(c)}\n`;
    if (e.hint) out += `  hint: ${e.hint}\n`;
  }
  return out;
}
