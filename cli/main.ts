import { useKeyCrypto } from '../core/crypto/key-crypto.js';
import { CONFIG_FILE_RULE, describeConfigMove, moveOldConfigFiles } from '../core/node/config-move.js';
import { nodeKeyCrypto } from '../core/node/node-key-crypto.js';
import { UsageError } from './args.js';
import { processIO, type CliIO } from './io.js';

const USAGE = `Usage:  signet COMMAND

Signet: keys and signatures for Docker Content Trust (Notary v1)

Commands:
  inspect     Return low-level information about keys and signatures
  audit       Check signed tags against the registry, find unsigned tags, report expiries
  sign        Sign an image
  revoke      Remove trust for an image
  signer      Manage entities who can sign Docker images
  init        Create the trust data of a repository
  status      List the changes staged for a repository
  publish     Publish the changes staged for a repository
  discard     Drop staged changes
  witness     Re-sign roles unchanged
  key         Manage keys: generate, load, list, import, export, passwd, remove, rotate
  history     Show every change to a repository's trust data, verified, oldest first
  diff        Show what changed between two points of a repository's history
  archive     Write every stored version of a repository's trust data to a file
  migrate     Carry every DCT signature over to cosign, with the key that made it

Global options for writing commands (before or after the command):
      --keychain        Keep new keys in the OS keychain instead of the trust directory
      --server URL      Trust server (default: $DOCKER_CONTENT_TRUST_SERVER, or docker's default)

Run 'signet COMMAND --help' for more information on a command.
`;

type Command = (argv: string[], io: CliIO) => Promise<number>;
interface CommandModule {
  run: Command;
  usage: string;
}
// Commands load on demand so `inspect` does not pay for the key-handling crypto at start-up.
const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  inspect: async () => import('./commands/inspect.js').then((m) => ({ run: m.inspectCommand, usage: m.INSPECT_USAGE })),
  audit: async () => import('./commands/audit.js').then((m) => ({ run: m.auditCommand, usage: m.AUDIT_USAGE })),
  sign: async () => import('./commands/sign.js').then((m) => ({ run: m.signCommand, usage: m.SIGN_USAGE })),
  revoke: async () => import('./commands/revoke.js').then((m) => ({ run: m.revokeCommand, usage: m.REVOKE_USAGE })),
  signer: async () => import('./commands/signer.js').then((m) => ({ run: m.signerCommand, usage: m.SIGNER_USAGE })),
  init: async () => import('./commands/init.js').then((m) => ({ run: m.initCommand, usage: m.INIT_USAGE })),
  status: async () => import('./commands/staged.js').then((m) => ({ run: m.statusCommand, usage: m.STATUS_USAGE })),
  publish: async () => import('./commands/staged.js').then((m) => ({ run: m.publishCommand, usage: m.PUBLISH_USAGE })),
  discard: async () => import('./commands/staged.js').then((m) => ({ run: m.discardCommand, usage: m.DISCARD_USAGE })),
  witness: async () => import('./commands/witness.js').then((m) => ({ run: m.witnessCommand, usage: m.WITNESS_USAGE })),
  migrate: async () => import('./commands/migrate.js').then((m) => ({ run: m.migrateCommand, usage: m.MIGRATE_USAGE })),
  key: async () => import('./commands/key.js').then((m) => ({ run: m.keyCommand, usage: m.KEY_USAGE })),
  history: async () => import('./commands/history.js').then((m) => ({ run: m.historyCommand, usage: m.HISTORY_USAGE })),
  diff: async () => import('./commands/diff.js').then((m) => ({ run: m.diffCommand, usage: m.DIFF_USAGE })),
  archive: async () => import('./commands/archive.js').then((m) => ({ run: m.archiveCommand, usage: m.ARCHIVE_USAGE })),
};

/** Runs the CLI and returns the exit code; never lets a stack trace reach the user. */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  useKeyCrypto(nodeKeyCrypto); // before any command module loads: noble's key crypto is then never loaded
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
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    io.stderr(`signet: '${name}' is not a signet command.\nSee 'signet --help'\n`);
    return 1;
  }
  const command = await load();
  try {
    // one config folder with the app: a config.json left in the old one is moved in once, and said
    if (!io.env['SIGNET_CONFIG'])
      for (const m of await moveOldConfigFiles(io.env, [CONFIG_FILE_RULE]))
        io.stderr(`signet: ${describeConfigMove(m)}\n`);
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
