/**
 * `signet init | status | publish | discard`, and the helpers every writing command shares
 * (writer set-up from the global flags, docker-style errors with cause/hint lines, y/N prompts).
 */
import { createInterface } from 'node:readline';
import { isSignetError } from '../../core/errors.js';
import {
  ChainedPassphraseSource,
  EnvPassphraseSource,
  TtyPassphraseSource,
} from '../../core/node/passphrase-sources.js';
import { TrustServices } from '../../core/node/trust-services.js';
import { TrustWriter } from '../../core/node/trust-writer.js';
import {
  discardStaged,
  initRepo,
  publishStaged,
  stagedChanges,
  type Published,
} from '../../core/node/trust-operations.js';
import type { PublishStep } from '../../core/trust/publish.js';
import type { Change } from '../../core/trust/changelist.js';
import { parseArgs, UsageError, type FlagSpec, type ParsedArgs } from '../args.js';
import { processIO, type CliIO } from '../io.js';

/* ------------------------------------------------------------------ shared helpers */

export const WRITE_OPTIONS = `      --keychain        Keep new keys in the OS keychain instead of the trust directory
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
    withValue: ['--server', ...(spec.withValue ?? [])],
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
  const server = args.flags.get('--server');
  const services = new TrustServices({
    env: io.env,
    ...(typeof server === 'string' ? { server } : {}),
    offline: 'never',
    warn: (m) => io.stderr(`${m}\n`),
  });
  const tty = stderrIsTTY(io);
  const writer = new TrustWriter(services, {
    passphrases: new ChainedPassphraseSource([new EnvPassphraseSource(io.env), new TtyPassphraseSource()]),
    keyStore: args.flags.has('--keychain') ? 'keychain' : 'trust-dir',
    ...(tty ? { progress: (step: PublishStep, gun: string) => io.stderr(`${STEP_TEXT[step]} (${gun})...\n`) } : {}),
  });
  return { writer, close: () => services.close() };
}

/**
 * docker's one-line error (`headline: message`, or the message alone), then Signet's explanation:
 * `  cause:` (the underlying error and code) and `  hint:` lines. Never a stack trace.
 */
export function describeError(headline: string | undefined, e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  let out = headline ? `${headline}: ${message}\n` : `${message}\n`;
  if (isSignetError(e)) {
    // the underlying error, when the message does not already say it
    const cause = e.cause instanceof Error && !message.includes(e.cause.message) ? e.cause.message : undefined;
    if (cause) out += `  cause: ${cause} [${e.code}]\n`;
    if (e.hint) out += `  hint: ${e.hint}\n`;
  }
  return out;
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

/* ------------------------------------------------------------------ init */

export const INIT_USAGE = `Usage:  signet init [OPTIONS] REPOSITORY

Create the trust data of a repository (docker's layout: your root key, a new repository key,
server-managed snapshot and timestamp keys)

Options:
      --root-key ID     Root key to use (default: your first root key, else a new one)
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
    const signer = args.flags.get('--signer');
    const r = await initRepo(writer, input, {
      onEvent: (e) => {
        if (e.type === 'initializing') io.stdout(`Initializing signed repository for ${input}...\n`);
      },
      ...(typeof rootKeyId === 'string' ? { rootKeyId } : {}),
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

/* ------------------------------------------------------------------ status */

export const STATUS_USAGE = `Usage:  signet status [OPTIONS] REPOSITORY

List the changes staged for a repository but not yet published (as notary status; they are
kept in notary's changelist directory, so notary sees them too)

Options:
${WRITE_OPTIONS}`;

function columns(c: Change): [string, string, string, string] {
  switch (c.type) {
    case 'target':
      return [c.action, c.role, 'target', c.path];
    case 'delegation':
      return [c.action, c.role, 'delegation', ''];
    case 'root-role':
      return ['create', 'root', 'role', c.role];
    case 'witness':
      return ['create', c.role, 'witness', ''];
  }
}

export async function statusCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseWriteArgs(argv);
  if (usageOr(args, io, STATUS_USAGE)) return 0;
  if (args.positionals.length !== 1) throw new UsageError('"signet status" requires exactly 1 argument.');
  const input = args.positionals[0]!;
  const { writer, close } = openWriter(io, args);
  try {
    const items = await stagedChanges(writer, input);
    const gun = input;
    if (items.length === 0) {
      io.stdout(`No unpublished changes for ${gun}\n`);
      return 0;
    }
    const rows = [
      ['#', 'ACTION', 'SCOPE', 'TYPE', 'PATH', 'SUMMARY'],
      ['-', '------', '-----', '----', '----', '-------'],
    ];
    items.forEach((it, i) => rows.push([String(i), ...columns(it.change), it.description]));
    const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
    io.stdout(`Unpublished changes for ${gun}:\n\n`);
    for (const r of rows)
      io.stdout(
        `${r
          .map((cell, col) => (col === r.length - 1 ? cell : cell.padEnd(widths[col]! + 2)))
          .join('')
          .trimEnd()}\n`,
      );
    return 0;
  } catch (e) {
    io.stderr(describeError(`cannot list the staged changes of ${input}`, e));
    return 1;
  } finally {
    close();
  }
}

/* ------------------------------------------------------------------ publish */

export const PUBLISH_USAGE = `Usage:  signet publish [OPTIONS] REPOSITORY

Publish the changes staged for a repository (as notary publish)

Options:
${WRITE_OPTIONS}`;

export async function publishCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseWriteArgs(argv);
  if (usageOr(args, io, PUBLISH_USAGE)) return 0;
  if (args.positionals.length !== 1) throw new UsageError('"signet publish" requires exactly 1 argument.');
  const input = args.positionals[0]!;
  const { writer, close } = openWriter(io, args);
  try {
    io.stdout(`Pushing changes to ${input}\n`);
    const p = await publishStaged(writer, input);
    io.stdout(`Successfully published changes for repository ${p.gun}\n`);
    return 0;
  } catch (e) {
    io.stderr(describeError(`failed to publish ${input}`, e));
    return 1;
  } finally {
    close();
  }
}

/* ------------------------------------------------------------------ discard */

export const DISCARD_USAGE = `Usage:  signet discard [OPTIONS] REPOSITORY [N...]

Drop staged changes without publishing them: those numbered N in \`signet status\`, or all

Options:
${WRITE_OPTIONS}`;

export async function discardCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseWriteArgs(argv);
  if (usageOr(args, io, DISCARD_USAGE)) return 0;
  if (args.positionals.length < 1) throw new UsageError('"signet discard" requires at least 1 argument.');
  const [input, ...picks] = args.positionals as [string, ...string[]];
  const { writer, close } = openWriter(io, args);
  try {
    let ids: string[] | undefined;
    if (picks.length > 0) {
      const items = await stagedChanges(writer, input);
      ids = picks.map((n) => {
        const it = /^\d+$/.test(n) ? items[Number(n)] : items.find((x) => x.id === n);
        if (!it) throw new UsageError(`no staged change ${n} for ${input} (see \`signet status ${input}\`)`);
        return it.id;
      });
    }
    const dropped = await discardStaged(writer, input, ids);
    io.stdout(`Discarded ${dropped.length} staged change(s) for ${input}\n`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    io.stderr(describeError(`failed to discard changes for ${input}`, e));
    return 1;
  } finally {
    close();
  }
}
