import { writeArchiveFile } from '../../core/node/archive-file.js';
import { buildArchiveFor } from '../../core/operations/history.js';
import { parseArgs, UsageError } from '../args.js';
import { cliContext } from '../compose.js';
import type { CliIO } from '../io.js';
import { describeFailure, printNotes } from './history.js';

export const ARCHIVE_USAGE = `Usage:  signet archive [OPTIONS] IMAGE FILE

Write every stored version of an image repository's trust data to FILE (tar.gz): the files
exactly as the trust server serves them, in its layout (v2/<GUN>/_trust/tuf/<N>.<role>.json,
the changefeed), and a manifest (signet-archive.json) with each file's sha256. Every version is
verified first; what the server no longer has is taken from the history kept locally.
Read it back with 'signet inspect --archive FILE IMAGE' and 'signet history --archive FILE IMAGE'.

Options:
      --server URL      Trust server (default: $DOCKER_CONTENT_TRUST_SERVER, or docker's default)
      --timeout SECONDS Give up on a server after this many seconds (default 30)
`;

export async function archiveCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, {
    booleans: ['--help'],
    withValue: ['--server', '--timeout'],
    aliases: { '-h': '--help' },
  });
  if (args.flags.has('--help')) {
    io.stdout(ARCHIVE_USAGE);
    return 0;
  }
  if (args.positionals.length !== 2) throw new UsageError('"signet archive" requires exactly 2 arguments.');
  const [input, file] = args.positionals as [string, string];
  const ctx = cliContext(io, args);
  try {
    const written = await buildArchiveFor(ctx, input);
    const bytes = await writeArchiveFile(file, written.tar);
    printNotes(io, { ref: written.ref, source: written.manifest.server, history: written.history });
    for (const l of written.leftOut) io.stderr(`Warning: not archived (failed verification): ${l}\n`);
    const versions = written.manifest.files.filter((f) => f.role !== undefined).length;
    io.stdout(
      `Archived ${versions} versions of ${written.ref.gun} (${written.history.states.length} publishes) from ${written.manifest.server} to ${file} (${bytes} bytes)\n`,
    );
    return 0;
  } catch (e) {
    io.stderr(describeFailure(`cannot archive ${input}`, e));
    return 1;
  } finally {
    ctx.close();
  }
}
