/**
 * What every writing command shares: its flags (--keychain, --server, --help), the writer built
 * from them (the CLI's composition, compose.ts, plus keys and passphrases), y/N prompts, and the
 * note about changes published along.
 */
import { createInterface } from 'node:readline';
import { ChainedPassphraseSource, EnvPassphraseSource, TtyPassphraseSource } from '../core/node/passphrase-sources.js';
import { nodeEngine } from '../core/node/engine/index.js';
import { nodeWriter } from '../core/node/trust-context.js';
import type { TokenOptions } from '../core/node/token-context.js';
import type { Published, TrustWriter } from '../core/operations/index.js';
import type { PublishStep } from '../core/trust/publish.js';
import { parseArgs, type FlagSpec, type ParsedArgs } from './args.js';
import { cliContext } from './compose.js';
import { processIO, type CliIO } from './io.js';

export { describeError } from './errors.js';

export const WRITE_OPTIONS = `      --keychain        Keep new keys in the OS keychain instead of the trust directory
      --token LABEL     Generate new keys on the hardware token LABEL (PIN: $SIGNET_PKCS11_PIN, else asked)
      --root-token LABEL
                        Generate a new root key on the hardware token LABEL
      --pkcs11-module PATH
                        PKCS#11 module for tokens (default: $SIGNET_PKCS11_MODULE, else a common one installed)
      --server URL      Trust server (default: $DOCKER_CONTENT_TRUST_SERVER, or docker's default)
`;

/** Optional extras of a CliIO: an answer source for y/N questions, and whether stderr is a terminal. */
export interface InteractiveIO extends CliIO {
  readLine?: () => Promise<string | undefined>;
  stderrIsTTY?: boolean;
}

/** Parses a writing command's flags: its own plus --keychain, --server and --help. */
export function parseWriteArgs(argv: string[], spec: FlagSpec = {}): ParsedArgs {
  return parseArgs(argv, {
    withValue: ['--server', '--token', '--root-token', '--pkcs11-module', ...(spec.withValue ?? [])],
    ...(spec.multiple ? { multiple: spec.multiple } : {}),
    booleans: ['--keychain', '--help', ...(spec.booleans ?? [])],
    aliases: { '-h': '--help', ...(spec.aliases ?? {}) },
  });
}

function stderrIsTTY(io: CliIO): boolean {
  const x = (io as InteractiveIO).stderrIsTTY;
  return x ?? (io === processIO && process.stderr.isTTY === true);
}

const STEP_TEXT: Record<PublishStep, string> = {
  fetching: 'Fetching the current trust data',
  signing: 'Signing',
  publishing: 'Publishing',
  verifying: 'Verifying what the server now serves',
};

/** The writer for one command: docker's passphrase env vars, else a terminal prompt; progress on a TTY stderr. */
export function openWriter(io: CliIO, args: ParsedArgs): { writer: TrustWriter; close: () => void } {
  const ctx = cliContext(io, args, { offline: 'never' });
  const tty = stderrIsTTY(io);
  const writer = nodeWriter(ctx, {
    passphrases: new ChainedPassphraseSource([new EnvPassphraseSource(io.env), new TtyPassphraseSource()]),
    keyStore: args.flags.has('--keychain') ? 'keychain' : 'trust-dir',
    engine: () => nodeEngine(io.env),
    tokens: { ...tokenOptions(io, args), ...(tty ? { onSign: touchNote(io) } : {}) },
    ...(tty ? { progress: (step: PublishStep, gun: string) => io.stderr(`${STEP_TEXT[step]} (${gun})...\n`) } : {}),
  });
  return {
    writer,
    close: () => {
      void writer.ctx.keys.close().catch(() => undefined);
      ctx.close();
    },
  };
}

/** On a terminal, once per token: a token with a touch policy blinks and waits. */
function touchNote(io: CliIO): (token: string) => void {
  const told = new Set<string>();
  return (token) => {
    if (told.has(token)) return;
    told.add(token);
    io.stderr(`Signing on the token "${token}": touch it if it blinks.\n`);
  };
}

/** The token flags of a writing command: which module, and which token new keys are made on. */
export function tokenOptions(io: CliIO, args: ParsedArgs): TokenOptions {
  const str = (flag: string): string | undefined => {
    const v = args.flags.get(flag);
    return typeof v === 'string' ? v : undefined;
  };
  const [token, rootToken, module] = [str('--token'), str('--root-token'), str('--pkcs11-module')];
  return {
    env: io.env,
    ...(module !== undefined ? { module } : {}),
    ...(token !== undefined || rootToken !== undefined
      ? { newKeysOn: (role: string) => (role === 'root' ? (rootToken ?? token) : token) }
      : {}),
  };
}

/** docker's PromptForConfirmation: prints `question [y/N] ` on stdout, true only for y/yes. */
export async function confirm(io: CliIO, question: string): Promise<boolean> {
  io.stdout(`${question} [y/N] `);
  const answer = await readAnswer(io);
  if (answer === undefined) io.stdout('\n');
  return /^y(es)?$/i.test((answer ?? '').trim());
}

async function readAnswer(io: CliIO): Promise<string | undefined> {
  const own = (io as InteractiveIO).readLine;
  if (own) return own();
  if (process.stdin.readableEnded) return undefined;
  const rl = createInterface({ input: process.stdin, terminal: false });
  try {
    return await new Promise<string | undefined>((resolve) => {
      rl.once('line', (l) => resolve(l));
      rl.once('close', () => resolve(undefined));
    });
  } finally {
    rl.close();
  }
}

/** Notes changes published along that an earlier operation had staged. */
export function noteCarried(io: CliIO, p: Published | undefined): void {
  if (p && p.carried.length > 0)
    io.stderr(`Also published ${p.carried.length} change(s) staged earlier for ${p.gun}\n`);
}

export function usageOr(args: ParsedArgs, io: CliIO, usage: string): boolean {
  if (!args.flags.has('--help')) return false;
  io.stdout(usage);
  return true;
}
