import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { archiveFileName } from '../../core/history/archive/manifest.js';
import { writeArchiveFile } from '../../core/node/archive-file.js';
import type { ReadContext } from '../../core/operations/context.js';
import { buildArchiveFor } from '../../core/operations/history.js';
import { parseArgs, UsageError } from '../args.js';
import { cliContext } from '../compose.js';
import type { CliIO } from '../io.js';
import { describeFailure, printNotes } from './history.js';

export const ARCHIVE_USAGE = `Usage:  signet archive [OPTIONS] IMAGE FILE
        signet archive [OPTIONS] --dir DIR IMAGE [IMAGE...]

Write every stored version of an image repository's trust data to FILE (tar.gz): the files
exactly as the trust server serves them, in its layout (v2/<GUN>/_trust/tuf/<N>.<role>.json,
the changefeed), and a manifest (signet-archive.json) with each file's sha256. Every version is
verified first; what the server no longer has is taken from the history kept locally.
With --dir, each repository goes to DIR/<GUN>.trust.tar.gz ('/' and ':' as '_'); one that
cannot be archived is reported and the others are still written (exit status 1 if any failed).
Read it back with 'signet inspect --archive FILE IMAGE' and 'signet history --archive FILE IMAGE'.

Options:
      --dir DIR         Archive every IMAGE given, each to its own file in DIR
      --server URL      Trust server (default: $DOCKER_CONTENT_TRUST_SERVER, or docker's default)
      --timeout SECONDS Give up on a server after this many seconds (default 30)
`;

export async function archiveCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, {
    booleans: ['--help'],
    withValue: ['--server', '--timeout', '--dir'],
    aliases: { '-h': '--help' },
  });
  if (args.flags.has('--help')) {
    io.stdout(ARCHIVE_USAGE);
    return 0;
  }
  const dir = args.flags.get('--dir');
  if (typeof dir === 'string') {
    if (args.positionals.length === 0) throw new UsageError('"signet archive --dir" requires at least 1 image.');
  } else if (args.positionals.length !== 2) {
    throw new UsageError('"signet archive" requires exactly 2 arguments (or --dir DIR and the images).');
  }
  const ctx = cliContext(io, args);
  try {
    if (typeof dir !== 'string') {
      const [input, file] = args.positionals as [string, string];
      return (await archiveOne(ctx, io, input, () => file)) ? 0 : 1;
    }
    await mkdir(dir, { recursive: true });
    const images = [...new Set(args.positionals)];
    let done = 0;
    for (const input of images) if (await archiveOne(ctx, io, input, (gun) => join(dir, archiveFileName(gun)))) done++;
    const failed = images.length - done;
    io.stdout(
      `Archived ${done} of ${images.length} ${images.length === 1 ? 'repository' : 'repositories'} to ${dir}` +
        (failed > 0 ? `; ${failed} failed (above)\n` : '\n'),
    );
    return failed > 0 ? 1 : 0;
  } finally {
    ctx.close();
  }
}

/** Archives one image to the file `fileFor` names; prints what was written or why not. */
async function archiveOne(
  ctx: ReadContext,
  io: CliIO,
  input: string,
  fileFor: (gun: string) => string,
): Promise<boolean> {
  try {
    const written = await buildArchiveFor(ctx, input);
    const file = fileFor(written.ref.gun);
    const bytes = await writeArchiveFile(file, written.tar);
    printNotes(io, { ref: written.ref, source: written.manifest.server, history: written.history });
    for (const l of written.leftOut) io.stderr(`Warning: not archived (failed verification): ${l}\n`);
    const versions = written.manifest.files.filter((f) => f.role !== undefined).length;
    io.stdout(
      `Archived ${versions} versions of ${written.ref.gun} (${written.history.states.length} publishes) from ${written.manifest.server} to ${file} (${bytes} bytes)\n`,
    );
    return true;
  } catch (e) {
    io.stderr(describeFailure(`cannot archive ${input}`, e));
    return false;
  }
}
