import { parseAuditTarget, type AuditTarget } from '../../core/audit/targets.js';
import { isSignetError } from '../../core/errors.js';
import type { OpenedArchive } from '../../core/history/archive/read-archive.js';
import { readArchiveFile } from '../../core/node/archive-file.js';
import {
  ChainedPassphraseSource,
  EnvPassphraseSource,
  TtyPassphraseSource,
} from '../../core/node/passphrase-sources.js';
import { nodeTrustContext } from '../../core/node/trust-context.js';
import { migrateFor } from '../../core/operations/migrate.js';
import { formatMigrateJson, formatMigrateText, migrateExitCode } from '../../core/operations/migrate-report.js';
import { migratePolicyFiles } from '../../core/operations/migrate-policies.js';
import { writePolicyDir } from '../../core/node/policy-dir.js';
import { parseArgs, UsageError, type ParsedArgs } from '../args.js';
import { cliContext } from '../compose.js';
import type { CliIO } from '../io.js';
import { tokenOptions } from '../write-command.js';
import type { CryptoService } from '../../core/keystore/crypto-service.js';

export const MIGRATE_USAGE = `Usage:  signet migrate [OPTIONS] TARGET [TARGET...]

Carry every signature Docker Content Trust holds over to cosign, each with the key that made it.
A TARGET is a registry (host[:port]: every repository of its catalog) or a repository (host/name).
Trust data is read as inspect reads it; for each tag DCT signs, each signer docker names gets a
cosign signature on the signed digest, made with its own key (Repo Admin: the repository key),
when that key is held here. Nothing DCT did not sign is signed; re-running adds nothing.

Options:
      --to cosign         The signature format to write (cosign, the default and only one)
      --dry-run           Show what would be written; write nothing
      --json              Print one JSON array, one object per repository
      --concurrency N     Repositories migrated at once (default 4)
      --server URL        Trust server (default: $DOCKER_CONTENT_TRUST_SERVER, or docker's default)
      --archive FILE      Read a repository's trust data from an archive (signet archive), with
                          no server; repeatable. Its repository is a target.
      --keychain          Also use the keys kept in the OS keychain
      --policy-dir DIR    Write, per repository, the signers' public keys, verify.sh (the cosign
                          verify commands for every migrated tag) and admission policies (Kyverno,
                          Sigstore policy-controller, containers-policy.json)

States: planned (--dry-run), migrated, already (a signature by that key is there), needs-key (the
signer's key is held elsewhere: its holder runs the same command), missing (the registry no longer
has the signed manifest), unsigned (a tag DCT does not sign: nothing is carried over).

Exit status: 0 when every DCT signature is in cosign, 1 when some are left, 2 when it could not run.
`;

function parse(argv: string[]): { args: ParsedArgs; targets: AuditTarget[]; concurrency: number } {
  const args = parseArgs(argv, {
    booleans: ['--json', '--dry-run', '--keychain', '--help'],
    withValue: ['--to', '--concurrency', '--server', '--policy-dir', '--pkcs11-module'],
    multiple: ['--archive'],
    aliases: { '-h': '--help' },
  });
  const to = args.flags.get('--to');
  if (to !== undefined && to !== 'cosign') throw new UsageError(`--to ${String(to)}: only cosign is supported`);
  const c = args.flags.get('--concurrency');
  const concurrency = c === undefined ? 4 : typeof c === 'string' && /^\d+$/.test(c) ? Number(c) : NaN;
  if (!(concurrency >= 1 && concurrency <= 64))
    throw new UsageError(`invalid value "${String(c)}" for --concurrency: expected a whole number from 1 to 64`);
  const targets = args.positionals.map((p) => {
    try {
      return parseAuditTarget(p);
    } catch (e) {
      throw new UsageError(isSignetError(e) ? `${e.message}\n${e.hint ?? ''}`.trim() : String(e));
    }
  });
  return { args, targets, concurrency };
}

/** `signet migrate`: exit 0 everything carried over, 1 some left, 2 could not run. */
export async function migrateCommand(argv: string[], io: CliIO): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
    if (parsed.args.flags.has('--help')) {
      io.stdout(MIGRATE_USAGE);
      return 0;
    }
    if (parsed.targets.length === 0 && !parsed.args.lists.has('--archive'))
      throw new UsageError('"signet migrate" requires at least 1 argument.');
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`${e.message}\nSee 'signet migrate --help'.\n\n${MIGRATE_USAGE}`);
    return 2;
  }
  const { args, targets, concurrency } = parsed;
  const read = cliContext(io, args);
  let keys: CryptoService | undefined;
  try {
    const archives = new Map<string, { file: string; archive: OpenedArchive }>();
    for (const file of args.lists.get('--archive') ?? []) {
      const archive = await readArchiveFile(file);
      archives.set(archive.manifest.gun, { file, archive });
      targets.push(parseAuditTarget(archive.manifest.gun));
    }
    keys = nodeTrustContext(read, {
      passphrases: new ChainedPassphraseSource([new EnvPassphraseSource(io.env), new TtyPassphraseSource()]),
      keyStore: args.flags.has('--keychain') ? 'keychain' : 'trust-dir',
      tokens: tokenOptions(io, args),
    }).keys;
    const report = await migrateFor({ read, keys }, targets, {
      dryRun: args.flags.has('--dry-run'),
      concurrency,
      archives,
    });
    for (const f of report.failedTargets) io.stderr(`signet migrate: ${f.message}: ${f.fix}\n`);
    const policyDir = args.flags.get('--policy-dir');
    if (typeof policyDir === 'string') {
      const files = migratePolicyFiles(report);
      await writePolicyDir(policyDir, files);
      io.stderr(
        `signet migrate: wrote ${files.length} policy files to ${policyDir} (run its verify.sh files to check every migrated tag)\n`,
      );
    }
    io.stdout(args.flags.has('--json') ? formatMigrateJson(report) : formatMigrateText(report));
    return migrateExitCode(report);
  } catch (e) {
    io.stderr(`signet migrate: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  } finally {
    await keys?.close().catch(() => undefined);
    read.close();
  }
}
