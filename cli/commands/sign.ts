import { isSignetError } from '../../core/errors.js';
import { signTag, type OperationEvent } from '../../core/operations/index.js';
import { parseImageReference } from '../../core/registry/reference.js';
import { UsageError } from '../args.js';
import type { CliIO } from '../io.js';
import { WRITE_OPTIONS, describeError, noteCarried, openWriter, parseWriteArgs, usageOr } from '../write-command.js';

export const SIGN_USAGE = `Usage:  signet sign [OPTIONS] IMAGE:TAG

Sign an image (as docker trust sign): the tag's digest is the one already signed (co-signing),
else the registry's; a tag the registry does not have is pushed from the local Docker engine
(DOCKER_HOST, the current docker context, else the default socket) and the pushed digest signed.
A repository without trust data is created, with a first signer named after your registry login
(or --signer).

Options:
      --local           Push the local image through the Docker engine and sign it, even when
                        the registry or the trust data has the tag
      --signer NAME     First signer of a new repository (default: your registry login username);
                        on an existing repository, sign only as this signer
${WRITE_OPTIONS}`;

/** docker's push output from the operation's events: the repository, a line per layer state, the digest line. */
function pushPrinter(io: CliIO, input: string): (e: OperationEvent) => void {
  const states = new Map<string, string>();
  return (e) => {
    if (e.type === 'push-start') {
      io.stderr(`Signing and pushing trust data for local image ${input}, may overwrite remote trust data\n`);
      io.stdout(`The push refers to repository [${e.gun}]\n`);
    } else if (e.type === 'push-layer') {
      const line = e.layer.status; // without a terminal docker prints each state once, not the byte counts
      if (states.get(e.layer.id) !== line) io.stdout(`${e.layer.id}: ${line}\n`);
      states.set(e.layer.id, line);
    } else if (e.type === 'pushed') {
      io.stdout(`${e.tag}: digest: ${e.digest} size: ${e.size}\n`);
      io.stdout('Signing and pushing trust metadata\n');
    }
  };
}

/** `signet sign`: docker's output on stdout, errors as "failed to sign GUN:TAG: ..." with cause/hint lines. */
export async function signCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseWriteArgs(argv, { withValue: ['--signer'], booleans: ['--local'] });
  if (usageOr(args, io, SIGN_USAGE)) return 0;
  if (args.positionals.length !== 1) throw new UsageError('"signet sign" requires exactly 1 argument.');
  const input = args.positionals[0]!;
  let ref;
  try {
    ref = parseImageReference(input);
  } catch (e) {
    io.stderr(describeError(undefined, e));
    return 1;
  }
  const signer = args.flags.get('--signer');
  const { writer, close } = openWriter(io, args);
  try {
    const r = await signTag(writer, ref, {
      ...(typeof signer === 'string' ? { signer } : {}),
      ...(args.flags.has('--local') ? { local: true } : {}),
      onEvent: pushPrinter(io, input),
    });
    if (r.created) {
      io.stdout(`Created signer: ${r.created.signer}\n`);
      io.stdout(`Finished initializing signed repository for ${input}\n`);
    }
    if (r.source !== 'local') io.stdout(`Signing and pushing trust metadata for ${input}\n`);
    if (r.source === 'existing')
      io.stdout(`Existing signatures for tag ${r.tag} digest ${r.digest} from:\n${r.existingSigners.join(', ')}\n`);
    noteCarried(io, r.published);
    io.stdout(`Successfully signed ${r.gun}:${r.tag}\n`);
    return 0;
  } catch (e) {
    // reference problems are reported as docker does, without the "failed to sign" prefix
    io.stderr(
      describeError(isSignetError(e, 'BAD_REFERENCE') ? undefined : `failed to sign ${ref.gun}:${ref.tag ?? ''}`, e),
    );
    return 1;
  } finally {
    close();
  }
}
