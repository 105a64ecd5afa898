import { witness } from '../../core/operations/index.js';
import { UsageError } from '../args.js';
import type { CliIO } from '../io.js';
import { WRITE_OPTIONS, describeError, noteCarried, openWriter, parseWriteArgs, usageOr } from '../write-command.js';

export const WITNESS_USAGE = `Usage:  signet witness [OPTIONS] REPOSITORY ROLE [ROLE...]

Re-sign roles unchanged (as notary witness + publish): renews their expiry, or makes a role
valid again after its keys changed. ROLE: root, targets, targets/releases, targets/NAME, or a
signer NAME.

Options:
${WRITE_OPTIONS}`;

/** `releases` / `alice` mean targets/releases / targets/alice; base role names stay. */
export function roleName(r: string): string {
  return r === 'root' || r === 'targets' || r.startsWith('targets/') ? r : `targets/${r}`;
}

export async function witnessCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseWriteArgs(argv);
  if (usageOr(args, io, WITNESS_USAGE)) return 0;
  if (args.positionals.length < 2) throw new UsageError('"signet witness" requires at least 2 arguments.');
  const [input, ...roles] = args.positionals as [string, ...string[]];
  const { writer, close } = openWriter(io, args);
  try {
    const p = await witness(writer, input, roles.map(roleName));
    noteCarried(io, p);
    io.stdout(
      `Successfully witnessed ${roles.map(roleName).join(', ')} for ${p.gun} (published: ${p.roles.join(', ')})\n`,
    );
    return 0;
  } catch (e) {
    io.stderr(describeError(`failed to witness ${roles.join(', ')} in ${input}`, e));
    return 1;
  } finally {
    close();
  }
}
