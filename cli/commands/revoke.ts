import { isSignetError } from '../../core/errors.js';
import { revoke, type RevokeImpact } from '../../core/operations/index.js';
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

export const REVOKE_USAGE = `Usage:  signet revoke [OPTIONS] IMAGE[:TAG]

Remove trust for an image (as docker trust revoke): the tag, or without a tag every signed
tag, is removed from each role you can sign. Nothing is deleted from the server.

Options:
  -y, --yes             Do not prompt for confirmation
${WRITE_OPTIONS}`;

function describeImpact(impact: RevokeImpact): string {
  const byTag = new Map<string, string[]>();
  for (const { role, tag } of impact.removals) byTag.set(tag, [...(byTag.get(tag) ?? []), role]);
  return [...byTag].map(([tag, roles]) => `  ${tag} (from ${roles.join(', ')})\n`).join('');
}

export async function revokeCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseWriteArgs(argv, { booleans: ['--yes'], aliases: { '-y': '--yes' } });
  if (usageOr(args, io, REVOKE_USAGE)) return 0;
  if (args.positionals.length !== 1) throw new UsageError('"signet revoke" requires exactly 1 argument.');
  const input = args.positionals[0]!;
  const yes = args.flags.has('--yes');
  const { writer, close } = openWriter(io, args);
  try {
    const r = await revoke(writer, input, {
      confirmAll: yes
        ? true
        : async (impact) => {
            io.stdout(`Signatures that will be removed:\n${describeImpact(impact)}`);
            return confirm(io, `Confirm you would like to delete all signature data for ${input}?`);
          },
    });
    if (r.cancelled) {
      io.stderr('trust revoke has been cancelled\n');
      return 1;
    }
    noteCarried(io, r.published);
    io.stdout(`Successfully deleted signature for ${input}\n`);
    return 0;
  } catch (e) {
    io.stderr(
      describeError(isSignetError(e, 'BAD_REFERENCE') ? undefined : `could not remove signature for ${input}`, e),
    );
    return 1;
  } finally {
    close();
  }
}
