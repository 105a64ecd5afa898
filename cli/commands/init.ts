/** `signet init`: create a repository's trust data (docker's layout), optionally with a first signer. */
import { initRepo } from '../../core/operations/index.js';
import { UsageError } from '../args.js';
import type { CliIO } from '../io.js';
import { WRITE_OPTIONS, describeError, noteCarried, openWriter, parseWriteArgs, usageOr } from '../write-command.js';

export const INIT_USAGE = `Usage:  signet init [OPTIONS] REPOSITORY

Create the trust data of a repository (docker's layout: your root key, a new repository key,
server-managed snapshot and timestamp keys)

Options:
      --root-key ID     Root key to use (default: your first root key, else a new one)
      --root-token LABEL
                        Make a new root key on the hardware token LABEL and use it (unless --root-key)
      --signer NAME     Also add a first signer NAME with your key for that name (reused or new)
${WRITE_OPTIONS}`;

export async function initCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseWriteArgs(argv, { withValue: ['--root-key', '--signer'] });
  if (usageOr(args, io, INIT_USAGE)) return 0;
  if (args.positionals.length !== 1) throw new UsageError('"signet init" requires exactly 1 argument.');
  const input = args.positionals[0]!;
  const { writer, close } = openWriter(io, args);
  try {
    const rootKeyId = args.flags.get('--root-key');
    const rootToken = args.flags.get('--root-token');
    const signer = args.flags.get('--signer');
    // a root key asked for on a token is a new one there, even when another root key is held; it is
    // made (newKeysOn) only once the server has answered, so a server that is down leaves no key behind
    const onToken = typeof rootToken === 'string' && typeof rootKeyId !== 'string';
    const r = await initRepo(writer, input, {
      onEvent: (e) => {
        if (e.type === 'initializing') io.stdout(`Initializing signed repository for ${input}...\n`);
      },
      ...(typeof rootKeyId === 'string' ? { rootKeyId } : {}),
      ...(onToken ? { newRootKey: true } : {}),
      ...(typeof signer === 'string' ? { signer } : {}),
    });
    noteCarried(io, r.published);
    io.stdout(`Successfully initialized "${input}"\n`);
    io.stdout(`  Root key:\t${r.rootKeyId}${r.createdRootKey ? ' (new)' : ''}\n  Repository key:\t${r.targetsKeyId}\n`);
    if (r.signer) io.stdout(`Successfully added signer: ${r.signer.name} to ${input}\n`);
    return 0;
  } catch (e) {
    io.stderr(describeError(`failed to initialize ${input}`, e));
    return 1;
  } finally {
    close();
  }
}
