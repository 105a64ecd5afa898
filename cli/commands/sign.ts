import { connect as netConnect } from 'node:net';
import { isSignetError } from '../../core/errors.js';
import { signTag } from '../../core/operations/index.js';
import { parseImageReference } from '../../core/registry/reference.js';
import { UsageError } from '../args.js';
import type { CliIO } from '../io.js';
import { WRITE_OPTIONS, describeError, noteCarried, openWriter, parseWriteArgs, usageOr } from '../write-command.js';

export const SIGN_USAGE = `Usage:  signet sign [OPTIONS] IMAGE:TAG

Sign an image (as docker trust sign): the tag's digest is the one already signed (co-signing),
else the registry's. A repository without trust data is created, with a first signer named
after your registry login (or --signer).

Options:
      --local           (docker: sign a local image by pushing it) Not supported: Signet never pushes images
      --signer NAME     First signer of a new repository (default: your registry login username);
                        on an existing repository, sign only as this signer
${WRITE_OPTIONS}`;

/** Where docker would find the engine: DOCKER_HOST, else the default unix socket. */
function engineAddress(
  env: Record<string, string | undefined>,
): { text: string; opts: { path: string } | { host: string; port: number } } | undefined {
  const host = env['DOCKER_HOST'] || 'unix:///var/run/docker.sock';
  if (host.startsWith('unix://')) return { text: host, opts: { path: host.slice('unix://'.length) } };
  const m = /^(?:tcp|http|https):\/\/([^/:]+|\[[^\]]+\]):?(\d+)?/.exec(host);
  if (m) return { text: host, opts: { host: m[1]!.replace(/^\[|\]$/g, ''), port: Number(m[2] ?? 2375) } };
  return undefined; // ssh:// and others: not probed
}

function reachable(opts: { path: string } | { host: string; port: number }): Promise<boolean> {
  return new Promise((resolve) => {
    const s = netConnect(opts as never);
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(1000, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

async function refuseLocal(io: CliIO, input: string): Promise<number> {
  const addr = engineAddress(io.env);
  const up = addr ? await reachable(addr.opts) : false;
  const where = addr ? addr.text : (io.env['DOCKER_HOST'] ?? '');
  io.stderr(
    `signet sign --local: Signet does not push images, and ${up ? 'leaves pushing local images to docker' : `no Docker engine is reachable here (${where})`}\n` +
      `  hint: push ${input} with docker first (docker push, or docker trust sign --local ${input} where an engine runs), then sign the pushed digest with \`signet sign ${input}\`\n`,
  );
  return 1;
}

/** `signet sign`: docker's output on stdout, errors as "failed to sign GUN:TAG: ..." with cause/hint lines. */
export async function signCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseWriteArgs(argv, { withValue: ['--signer'], booleans: ['--local'] });
  if (usageOr(args, io, SIGN_USAGE)) return 0;
  if (args.positionals.length !== 1) throw new UsageError('"signet sign" requires exactly 1 argument.');
  const input = args.positionals[0]!;
  if (args.flags.has('--local')) return refuseLocal(io, input);
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
    const r = await signTag(writer, ref, typeof signer === 'string' ? { signer } : {});
    if (r.created) {
      io.stdout(`Created signer: ${r.created.signer}\n`);
      io.stdout(`Finished initializing signed repository for ${input}\n`);
    }
    io.stdout(`Signing and pushing trust metadata for ${input}\n`);
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
