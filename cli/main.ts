import { inspectCommand, INSPECT_USAGE } from './commands/inspect.js';
import { KEY_USAGE, keyCommand } from './commands/key.js';
import { DISCARD_USAGE, INIT_USAGE, PUBLISH_USAGE, STATUS_USAGE, discardCommand, initCommand, publishCommand, statusCommand } from './commands/repo.js';
import { REVOKE_USAGE, revokeCommand } from './commands/revoke.js';
import { SIGN_USAGE, signCommand } from './commands/sign.js';
import { SIGNER_USAGE, signerCommand } from './commands/signer.js';
import { WITNESS_USAGE, witnessCommand } from './commands/witness.js';
import { UsageError } from './args.js';
import { processIO, type CliIO } from './io.js';

const USAGE = `Usage:  signet COMMAND

Signet: keys and signatures for Docker Content Trust (Notary v1)

Commands:
  inspect     Return low-level information about keys and signatures
  sign        Sign an image
  revoke      Remove trust for an image
  signer      Manage entities who can sign Docker images
  init        Create the trust data of a repository
  status      List the changes staged for a repository
  publish     Publish the changes staged for a repository
  discard     Drop staged changes
  witness     Re-sign roles unchanged
  key         Manage keys: generate, load, list, import, export, passwd, remove, rotate

Global options for writing commands (before or after the command):
      --keychain        Keep new keys in the OS keychain instead of the trust directory
      --server URL      Trust server (default: $DOCKER_CONTENT_TRUST_SERVER, or docker's default)

Run 'signet COMMAND --help' for more information on a command.
`;

type Command = (argv: string[], io: CliIO) => Promise<number>;
const COMMANDS: Record<string, { run: Command; usage: string }> = {
  inspect: { run: inspectCommand, usage: INSPECT_USAGE },
  sign: { run: signCommand, usage: SIGN_USAGE },
  revoke: { run: revokeCommand, usage: REVOKE_USAGE },
  signer: { run: signerCommand, usage: SIGNER_USAGE },
  init: { run: initCommand, usage: INIT_USAGE },
  status: { run: statusCommand, usage: STATUS_USAGE },
  publish: { run: publishCommand, usage: PUBLISH_USAGE },
  discard: { run: discardCommand, usage: DISCARD_USAGE },
  witness: { run: witnessCommand, usage: WITNESS_USAGE },
  key: { run: keyCommand, usage: KEY_USAGE },
};

/** Runs the CLI and returns the exit code; never lets a stack trace reach the user. */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  // global write flags may come before the command: `signet --keychain sign ...`
  const globals: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--keychain' || a.startsWith('--server=')) globals.push(a);
    else if (a === '--server' && i + 1 < argv.length) globals.push(a, argv[++i]!);
    else break;
  }
  const [name, ...commandArgs] = argv.slice(i);
  // after the command's own arguments (flags parse anywhere); `key` takes them before its subcommand
  const rest = name === 'key' ? [...globals, ...commandArgs] : [...commandArgs, ...globals];
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE);
    return name === undefined ? 1 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`signet: '${name}' is not a signet command.\nSee 'signet --help'\n`);
    return 1;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`${e.message}\nSee 'signet ${name} --help'.\n\n${command.usage}`);
      return 1;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.stderr(`signet ${name}: ${message}\n`);
    return 1;
  }
}
