import { isSignetError } from '../../core/errors.js';
import type { ArchivedRead } from '../../core/operations/history.js';
import { readView, type TrustRead } from '../../core/operations/view.js';
import { hubSunsetNote } from '../../core/notary/hub-sunset.js';
import { formatInspectJson, formatInspectPretty } from '../../core/trust/inspect-format.js';
import { refusedTagNote, type TrustView } from '../../core/trust/view-types.js';
import { parseArgs, UsageError } from '../args.js';
import { cliContext } from '../compose.js';
import type { CliIO } from '../io.js';
import { archiveNotes } from '../../core/operations/archive.js';

export const INSPECT_USAGE = `Usage:  signet inspect [OPTIONS] IMAGE[:TAG] [IMAGE[:TAG]...]

Return low-level information about keys and signatures (output as docker trust inspect)

Options:
      --pretty          Print the information in a human friendly format
      --server URL      Trust server (default: $DOCKER_CONTENT_TRUST_SERVER, or docker's default)
      --offline         Use only the local trust data cache; contact no server
      --archive FILE    Read a trust archive written by 'signet archive' (verified as of when it was written)
      --timeout SECONDS Give up on a server after this many seconds (default 30)
`;

/** docker's wording for any failure to read a repository, then Signet's explanation of the cause. */
function describeFailure(input: string, e: unknown): string {
  if (isSignetError(e, 'BAD_REFERENCE') || isSignetError(e, 'BAD_CONFIG')) return `${e.message}\n`;
  let out = `no signatures or cannot access ${input}\n`;
  if (isSignetError(e)) {
    out += `  cause: ${e.message} [${e.code}]\n`;
    if (e.hint) out += `  hint: ${e.hint}\n`;
  } else {
    out += `  cause: ${e instanceof Error ? e.message : String(e)}\n`;
  }
  return out;
}

function noteSource(io: CliIO, read: TrustRead | ArchivedRead): void {
  for (const w of read.view.warnings) io.stderr(`Warning: ${w}\n`);
  if ('anchor' in read) {
    for (const n of archiveNotes(read.server.slice('archive:'.length), read.archive, read.anchor, read.view))
      io.stderr(`${n.level === 'warning' ? 'Warning' : 'Note'}: ${n.text}\n`);
  }
  for (const r of read.view.refusedTags) io.stderr(`Note: ${refusedTagNote(r)}\n`);
  if (read.view.hubNotary) io.stderr(`Note: ${hubSunsetNote(read.view.hubNotary, read.ref.gun)}\n`);
  if (read.view.source === 'cache') {
    const ts = read.repo.timestamp.signed;
    io.stderr(
      `Warning: showing CACHED trust data for ${read.ref.gun} (timestamp version ${ts.version}, expires ${ts.expires}): ` +
        `${read.view.offlineReason ?? 'offline mode'}\n`,
    );
  }
}

/** `signet inspect`: exit 0 when every repository was read, 1 otherwise (as docker). */
export async function inspectCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, {
    booleans: ['--pretty', '--offline', '--help'],
    withValue: ['--server', '--timeout', '--archive'],
    aliases: { '-h': '--help' },
  });
  if (args.flags.has('--help')) {
    io.stdout(INSPECT_USAGE);
    return 0;
  }
  if (args.positionals.length === 0) throw new UsageError('"signet inspect" requires at least 1 argument.');
  const ctx = cliContext(io, args, { offline: args.flags.has('--offline') ? 'only' : 'auto' });
  const archive = args.flags.get('--archive');
  // archives load on demand: inspecting a server does not pay for tar, gzip and history code
  const read: Reader =
    typeof archive === 'string'
      ? async (input) => {
          const [{ readArchivedFor }, { archiveFileAt }] = await Promise.all([
            import('../../core/operations/history.js'),
            import('../../core/node/archive-file.js'),
          ]);
          return readArchivedFor(ctx, input, archiveFileAt(archive));
        }
      : (input) => readView(ctx, input);
  try {
    return args.flags.has('--pretty')
      ? await pretty(args.positionals, read, io)
      : await json(args.positionals, read, io);
  } finally {
    ctx.close();
  }
}

type Reader = (input: string) => Promise<TrustRead | ArchivedRead>;

async function pretty(inputs: string[], readRepo: Reader, io: CliIO): Promise<number> {
  for (const [i, input] of inputs.entries()) {
    try {
      const read = await readRepo(input);
      noteSource(io, read);
      io.stdout(formatInspectPretty(read.view));
    } catch (e) {
      io.stderr(describeFailure(input, e)); // docker stops at the first repository it cannot read
      return 1;
    }
    if (i < inputs.length - 1) io.stdout('\n\n');
  }
  return 0;
}

async function json(inputs: string[], readRepo: Reader, io: CliIO): Promise<number> {
  const views: TrustView[] = [];
  let failures = '';
  for (const input of inputs) {
    try {
      const read = await readRepo(input);
      noteSource(io, read);
      views.push(read.view);
    } catch (e) {
      failures += describeFailure(input, e);
    }
  }
  io.stdout(formatInspectJson(views));
  if (failures !== '') io.stderr(failures);
  return failures === '' ? 0 : 1;
}
