import { readPublicKeyFiles } from '../../core/node/public-key-files.js';
import { SignetError } from '../../core/errors.js';
import { addSigner, removeSigner } from '../../core/operations/index.js';
import { signerPublicKeys } from '../../core/operations/signer-keys.js';
import { checkSignerName } from '../../core/trust/roles.js';
import type { PublicKeyJSON } from '../../core/tuf/types.js';
import { UsageError } from '../args.js';
import type { CliIO } from '../io.js';
import {
  WRITE_OPTIONS,
  confirm,
  describeError,
  noteCarried,
  openWriter,
  parseWriteArgs,
  usageOr,
} from '../write-command.js';

export const SIGNER_USAGE = `Usage:  signet signer COMMAND

Manage entities who can sign Docker images (as docker trust signer)

Commands:
  add         Add a signer
  remove      Remove a signer
`;

export const SIGNER_ADD_USAGE = `Usage:  signet signer add OPTIONS NAME REPOSITORY [REPOSITORY...]

Add a signer: targets/NAME with the keys, and the keys in targets/releases (a repository
without trust data is created first)

Options:
      --key PATH        Path to the signer's public key file (repeatable)
${WRITE_OPTIONS}`;

export const SIGNER_REMOVE_USAGE = `Usage:  signet signer remove [OPTIONS] NAME REPOSITORY [REPOSITORY...]

Remove a signer (its keys leave targets/releases and targets/NAME is deleted). When tags would
become unpullable, they are listed and you are asked first.

Options:
  -f, --force           Do not prompt for confirmation before removing the most recent signer
${WRITE_OPTIONS}`;

export async function signerCommand(argv: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'add') return signerAdd(rest, io);
  if (sub === 'remove' || sub === 'rm') return signerRemove(rest, io);
  if (sub === undefined || sub === '--help' || sub === '-h') {
    io.stdout(SIGNER_USAGE);
    return sub === undefined ? 1 : 0;
  }
  throw new UsageError(`unknown command "${sub}" for "signet signer"`);
}

async function signerAdd(argv: string[], io: CliIO): Promise<number> {
  const args = parseWriteArgs(argv, { multiple: ['--key'] });
  const keyPaths = args.lists.get('--key') ?? [];
  if (usageOr(args, io, SIGNER_ADD_USAGE)) return 0;
  if (args.positionals.length < 2) throw new UsageError('"signet signer add" requires at least 2 arguments.');
  const [name, ...repos] = args.positionals as [string, ...string[]];
  let keys: PublicKeyJSON[];
  try {
    checkSignerName(name);
    if (keyPaths.length === 0)
      throw new SignetError('BAD_INPUT', 'path to a public key must be provided using the `--key` flag');
    keys = signerPublicKeys(await readPublicKeyFiles(keyPaths.map((path) => ({ path }))), io.now());
  } catch (e) {
    io.stderr(describeError(undefined, e));
    return 1;
  }
  const { writer, close } = openWriter(io, args);
  const failed: string[] = [];
  try {
    for (const repo of repos) {
      io.stdout(`Adding signer "${name}" to ${repo}...\n`);
      const [outcome] = await addSigner(writer, name, keys, [repo], {
        onEvent: (e) => {
          if (e.type === 'initializing') io.stdout(`Initializing signed repository for ${repo}...\n`);
        },
      });
      if (outcome!.error !== undefined) {
        io.stderr(`${describeError(`could not add signer to ${repo}`, outcome!.error)}\n`);
        failed.push(repo);
        continue;
      }
      if (outcome!.result!.initialized) io.stdout(`Successfully initialized "${repo}"\n`);
      noteCarried(io, outcome!.result!.published);
      io.stdout(`Successfully added signer: ${name} to ${repo}\n\n`);
    }
  } finally {
    close();
  }
  if (failed.length > 0) {
    io.stderr(`failed to add signer to: ${failed.join(', ')}\n`);
    return 1;
  }
  return 0;
}

async function signerRemove(argv: string[], io: CliIO): Promise<number> {
  const args = parseWriteArgs(argv, { booleans: ['--force'], aliases: { '-f': '--force' } });
  if (usageOr(args, io, SIGNER_REMOVE_USAGE)) return 0;
  if (args.positionals.length < 2) throw new UsageError('"signet signer remove" requires at least 2 arguments.');
  const [name, ...repos] = args.positionals as [string, ...string[]];
  const force = args.flags.has('--force');
  const { writer, close } = openWriter(io, args);
  const failed: string[] = [];
  try {
    for (const repo of repos) {
      io.stdout(`Removing signer "${name}" from ${repo}...\n`);
      const [outcome] = await removeSigner(writer, name, [repo], {
        confirm: async (impact) => {
          io.stdout(
            `Removing ${name} leaves no valid signature on targets/releases: these tags can no longer be pulled with content trust: ${impact.orphanedTags.join(', ')}\n`,
          );
          if (force) return true;
          return confirm(
            io,
            `The signer "${name}" signed the last released version of ${repo}. Removing this signer will make ${repo} unpullable. Are you sure you want to continue?`,
          );
        },
      });
      if (outcome!.error !== undefined) {
        io.stderr(`${describeError(undefined, outcome!.error)}\n`);
        failed.push(repo);
        continue;
      }
      if (!outcome!.result!.removed) {
        io.stdout('\nAborting action.\n');
        continue;
      }
      noteCarried(io, outcome!.result!.published);
      io.stdout(`Successfully removed ${name} from ${repo}\n\n`);
    }
  } finally {
    close();
  }
  if (failed.length > 0) {
    io.stderr(`error removing signer from: ${failed.join(', ')}\n`);
    return 1;
  }
  return 0;
}
