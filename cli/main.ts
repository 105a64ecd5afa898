import { inspectCommand, INSPECT_USAGE } from './commands/inspect.js';
import { UsageError } from './args.js';
import { processIO, type CliIO } from './io.js';

const USAGE = `Usage:  signet COMMAND

Signet: keys and signatures for Docker Content Trust (Notary v1)

Commands:
  inspect     Return low-level information about keys and signatures

Run 'signet COMMAND --help' for more information on a command.
`;

type Command = (argv: string[], io: CliIO) => Promise<number>;
const COMMANDS: Record<string, { run: Command; usage: string }> = {
  inspect: { run: inspectCommand, usage: INSPECT_USAGE },
};

/** Runs the CLI and returns the exit code; never lets a stack trace reach the user. */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
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
