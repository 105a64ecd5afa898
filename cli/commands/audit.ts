import { auditExitCode, DEFAULT_CONCURRENCY } from '../../core/audit/audit.js';
import { DEFAULT_WARN_DAYS } from '../../core/trust/policy.js';
import { formatCalendar } from '../../core/audit/ics.js';
import { formatAuditJson, formatAuditText } from '../../core/audit/report.js';
import { parseAuditTarget, type AuditTarget } from '../../core/audit/targets.js';
import { isSignetError } from '../../core/errors.js';
import { writeFileAtomic } from '../../core/node/files.js';
import { readArchiveFile } from '../../core/node/archive-file.js';
import type { OpenedArchive } from '../../core/history/archive/read-archive.js';
import { auditFor } from '../../core/operations/audit.js';
import { parseArgs, UsageError, type ParsedArgs } from '../args.js';
import { cliContext } from '../compose.js';
import type { CliIO } from '../io.js';

export const AUDIT_USAGE = `Usage:  signet audit [OPTIONS] TARGET [TARGET...]

Check every signed tag against the registry, find the tags nobody signed, and report which
signatures expire when. A TARGET is a registry (host[:port]: every repository of its catalog)
or a repository (host/name; a tag, if given, is ignored).

Options:
      --archive FILE    Audit a repository from a trust data archive (signet archive), verified
                        as of when it was written; repeatable. Its repository is a target.
      --concurrency N   Repositories audited at once (default ${DEFAULT_CONCURRENCY})
      --ics FILE        Write an iCalendar file: one event per role expiry, with an alarm
                        --warn-days before it (not the timestamp, which the server renews)
      --json            Print one JSON array, one object per repository, sorted by name
      --offline         Use only the local trust data cache ($DOCKER_CONFIG/trust) and the
                        archives; the registry is not checked and tag states are "unchecked"
      --server URL      Trust server (default: $DOCKER_CONTENT_TRUST_SERVER, or docker's default)
      --warn-days N     A role expiring within N days is "expiring" (default ${DEFAULT_WARN_DAYS}; 0: never)

Tag states: ok, moved (the registry serves other content than was signed), missing (the tag is
gone from the registry), unsigned (in the registry, signed by no role), shadowed (the tag is also
signed with another digest, the one docker pull gets: targets/releases first, then targets).
Role states: ok, expiring, expired; the timestamp, which the trust server renews itself, is never
"expiring".

Exit status: 0 when nothing is wrong, 1 when any problem was found, 2 when the audit could not
run (bad arguments, no target reachable).
`;

function intFlag(args: ParsedArgs, name: string, def: number, min: number, max: number): number {
  const v = args.flags.get(name);
  if (v === undefined) return def;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new UsageError(`invalid value "${String(v)}" for ${name}: expected a whole number from ${min} to ${max}`);
  return n;
}

/** `signet audit`: exit 0 nothing wrong, 1 problems, 2 could not run. */
export async function auditCommand(argv: string[], io: CliIO): Promise<number> {
  let args: ParsedArgs;
  let targets: AuditTarget[];
  let warnDays: number;
  let concurrency: number;
  try {
    args = parseArgs(argv, {
      booleans: ['--json', '--offline', '--help'],
      withValue: ['--ics', '--warn-days', '--concurrency', '--server'],
      multiple: ['--archive'],
      aliases: { '-h': '--help' },
    });
    if (args.flags.has('--help')) {
      io.stdout(AUDIT_USAGE);
      return 0;
    }
    if (args.positionals.length === 0 && !args.lists.has('--archive'))
      throw new UsageError('"signet audit" requires at least 1 argument.');
    warnDays = intFlag(args, '--warn-days', DEFAULT_WARN_DAYS, 0, 36_500);
    concurrency = intFlag(args, '--concurrency', DEFAULT_CONCURRENCY, 1, 64);
    if (args.flags.get('--ics') === '') throw new UsageError('--ics needs a file name');
    targets = args.positionals.map((p) => {
      try {
        return parseAuditTarget(p);
      } catch (e) {
        throw new UsageError(isSignetError(e) ? `${e.message}\n${e.hint ?? ''}`.trim() : String(e));
      }
    });
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`${e.message}\nSee 'signet audit --help'.\n\n${AUDIT_USAGE}`);
    return 2;
  }
  const offline = args.flags.has('--offline');
  const warned = new Set<string>();
  const ctx = cliContext(io, args, {
    offline: offline ? 'only' : 'auto',
    warn: (m) => {
      if (!warned.has(m)) io.stderr(`${m}\n`);
      warned.add(m);
    },
  });
  try {
    const archives = new Map<string, { file: string; archive: OpenedArchive }>();
    for (const file of args.lists.get('--archive') ?? []) {
      let archive: OpenedArchive;
      try {
        archive = await readArchiveFile(file);
      } catch (e) {
        io.stderr(`signet audit: ${e instanceof Error ? e.message : String(e)}\n`);
        return 2;
      }
      archives.set(archive.manifest.gun, { file, archive });
      targets.push(parseAuditTarget(archive.manifest.gun));
    }
    const report = await auditFor(ctx, targets, { offline, warnDays, concurrency, archives });
    for (const f of report.failedTargets) io.stderr(`signet audit: ${f.message}: ${f.fix}\n`);
    if (offline) {
      io.stderr(
        'signet audit: --offline: only the trust data cache was read; the registry was not checked (tag states are "unchecked")\n',
      );
    }
    io.stdout(args.flags.has('--json') ? formatAuditJson(report) : formatAuditText(report));
    const ics = args.flags.get('--ics');
    if (typeof ics === 'string') {
      try {
        await writeFileAtomic(ics, formatCalendar(report.repositories, { warnDays, now: new Date(report.at) }));
      } catch (e) {
        io.stderr(`signet audit: cannot write the calendar ${ics}: ${e instanceof Error ? e.message : String(e)}\n`);
        return 2;
      }
    }
    return auditExitCode(report);
  } catch (e) {
    io.stderr(`signet audit: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  } finally {
    ctx.close();
  }
}
