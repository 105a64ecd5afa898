/** `signet status | publish | discard`: the changes staged for a repository (notary's changelist). */
import { discardStaged, publishStaged, stagedChanges } from '../../core/operations/index.js';
import type { Change } from '../../core/trust/changelist.js';
import { UsageError } from '../args.js';
import type { CliIO } from '../io.js';
import { WRITE_OPTIONS, describeError, openWriter, parseWriteArgs, usageOr } from '../write-command.js';

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
