import { isSignetError } from '../../core/errors.js';
import { formatHistoryJson, formatHistoryText } from '../../core/history/format.js';
import { archiveFileAt } from '../../core/node/archive-file.js';
import { readHistoryFor, type HistoryRead, type HistoryReadOptions } from '../../core/operations/history.js';
import { parseArgs, UsageError, type ParsedArgs } from '../args.js';
import { cliContext } from '../compose.js';
import type { CliIO } from '../io.js';

export const HISTORY_USAGE = `Usage:  signet history [OPTIONS] IMAGE

Show every change to an image repository's trust data, oldest first: who signed which tag,
signers and keys added, removed or rotated, and when. Every version is verified with the keys
trusted at its point in time; one that does not verify is shown as such, with the reason.
Every verified version is also kept locally, so the history stays complete after the server
loses it.

Options:
      --archive FILE    Read a trust archive written by 'signet archive' instead of the server
      --json            Print the changes as JSON
      --offline         Show only the history kept locally; contact no server
      --server URL      Trust server (default: $DOCKER_CONTENT_TRUST_SERVER, or docker's default)
      --timeout SECONDS Give up on a server after this many seconds (default 30)
`;

export const SOURCE_FLAGS = {
  booleans: ['--json', '--offline', '--help'],
  withValue: ['--server', '--timeout', '--archive'],
};

/** What a command's flags ask for: from --archive FILE, kept only (--offline), or the server. */
export function historyOptions(args: ParsedArgs): HistoryReadOptions {
  const archive = args.flags.get('--archive');
  if (typeof archive === 'string' && args.flags.has('--offline'))
    throw new UsageError('--archive and --offline cannot be combined.');
  return {
    ...(typeof archive === 'string' ? { archive: archiveFileAt(archive) } : {}),
    offline: args.flags.has('--offline'),
  };
}

/** Notes about what is missing or could not be checked, and failed versions, on stderr. */
export function printNotes(io: CliIO, read: HistoryRead): void {
  if (read.anchor?.kind === 'first-use') {
    io.stderr(
      `Warning: ${read.source.slice('archive:'.length)} is trusted on first use: nothing on this computer anchors ${read.ref.gun} ` +
        `(no root trusted before, no pin), so the archive's own root is trusted, root key ID(s) ${read.anchor.rootKeyIds.join(', ')}\n`,
    );
  }
  for (const n of read.history.notes) io.stderr(`Note: ${n}\n`);
  const failed = read.history.versions.filter((v) => v.problem).length;
  if (failed > 0)
    io.stderr(
      `Warning: ${failed} version(s) of ${read.ref.gun} failed verification; they are shown as "unverified" and never trusted\n`,
    );
}

/** One failure, said plainly: message, then the hint. */
export function describeFailure(what: string, e: unknown): string {
  let out = `${what}: ${e instanceof Error ? e.message : String(e)}`;
  if (isSignetError(e)) out += ` [${e.code}]\n${e.hint ? `  hint: ${e.hint}\n` : ''}`;
  else out += '\n';
  return out;
}

export async function historyCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, { ...SOURCE_FLAGS, aliases: { '-h': '--help' } });
  if (args.flags.has('--help')) {
    io.stdout(HISTORY_USAGE);
    return 0;
  }
  if (args.positionals.length !== 1) throw new UsageError('"signet history" requires exactly 1 argument.');
  const input = args.positionals[0]!;
  const ctx = cliContext(io, args);
  try {
    const read = await readHistoryFor(ctx, input, historyOptions(args));
    printNotes(io, read);
    const events = read.history.events;
    io.stdout(args.flags.has('--json') ? formatHistoryJson(events) : formatHistoryText(input, events));
    return 0;
  } catch (e) {
    io.stderr(describeFailure(`cannot show the history of ${input}`, e));
    return 1;
  } finally {
    ctx.close();
  }
}
