import { rotateKey } from '../../core/operations/index.js';
import type { RotatableRole } from '../../core/trust/rotate.js';
import { UsageError } from '../args.js';
import type { CliIO } from '../io.js';
import { WRITE_OPTIONS, describeError, noteCarried, openWriter, parseWriteArgs, usageOr } from '../write-command.js';

export const KEY_ROTATE_USAGE = `Usage:  signet key rotate [OPTIONS] REPOSITORY ROLE

Rotate a repository's key (as notary key rotate): ROLE is root, targets, snapshot or timestamp.
The new key replaces the old one in root.json; root is signed by the old and the new root keys.

Options:
  -r, --server-managed  Let the server hold the new key (snapshot and timestamp only)
${WRITE_OPTIONS}`;

const ROLES = new Set(['root', 'targets', 'snapshot', 'timestamp']);

/** `signet key rotate` (wired under `key` by cli/commands/key.ts; also reachable as `signet rotate`). */
export async function keyRotateCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseWriteArgs(argv, { booleans: ['--server-managed'], aliases: { '-r': '--server-managed' } });
  if (usageOr(args, io, KEY_ROTATE_USAGE)) return 0;
  if (args.positionals.length !== 2) throw new UsageError('"signet key rotate" requires exactly 2 arguments.');
  const [input, role] = args.positionals as [string, string];
  if (!ROLES.has(role)) throw new UsageError(`ROLE must be root, targets, snapshot or timestamp, not "${role}"`);
  const { writer, close } = openWriter(io, args);
  try {
    const r = await rotateKey(writer, input, role as RotatableRole, {
      serverManaged: args.flags.has('--server-managed'),
    });
    noteCarried(io, r.published);
    io.stdout(`Successfully rotated ${role} key for repository ${r.gun}\n`);
    if (r.newKeyId) io.stdout(`  New ${role} key:\t${r.newKeyId}\n`);
    return 0;
  } catch (e) {
    io.stderr(describeError(`failed to rotate the ${role} key of ${input}`, e));
    return 1;
  } finally {
    close();
  }
}
