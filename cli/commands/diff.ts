import { formatDiffJson, formatDiffText } from '../../core/history/format.js';
import { diffFor } from '../../core/operations/history.js';
import { parseArgs, UsageError } from '../args.js';
import { cliContext } from '../compose.js';
import type { CliIO } from '../io.js';
import { SOURCE_FLAGS, describeFailure, historyOptions, printNotes } from './history.js';

export const DIFF_USAGE = `Usage:  signet diff [OPTIONS] IMAGE FROM TO

Show what changed in an image repository's trust data between two points of its history:
signed tags added, removed or pointed at another digest, signers and keys. FROM and TO are a
publish number (the # column of 'signet history'), a time (2026-12-01, 2026-12-01T10:30:00Z:
the state then in force), or 'latest'.

Options:
      --archive FILE    Read a trust archive written by 'signet archive' instead of the server
      --json            Print the differences as JSON
      --offline         Use only the history kept locally; contact no server
      --server URL      Trust server (default: $DOCKER_CONTENT_TRUST_SERVER, or docker's default)
      --timeout SECONDS Give up on a server after this many seconds (default 30)
`;

export async function diffCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, { ...SOURCE_FLAGS, aliases: { '-h': '--help' } });
  if (args.flags.has('--help')) {
    io.stdout(DIFF_USAGE);
    return 0;
  }
  if (args.positionals.length !== 3) throw new UsageError('"signet diff" requires exactly 3 arguments.');
  const [input, fromText, toText] = args.positionals as [string, string, string];
  const ctx = cliContext(io, args);
  try {
    const { diff: d } = await diffFor(ctx, input, fromText, toText, {
      ...historyOptions(args),
      onHistory: (read) => printNotes(io, read),
    });
    for (const n of d.notes) io.stderr(`Note: ${n}\n`);
    io.stdout(args.flags.has('--json') ? formatDiffJson(input, d) : formatDiffText(input, d));
    return 0;
  } catch (e) {
    io.stderr(describeFailure(`cannot compare ${fromText} and ${toText} in ${input}`, e));
    return 1;
  } finally {
    ctx.close();
  }
}
