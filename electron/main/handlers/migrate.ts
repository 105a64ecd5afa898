/**
 * "Migrate to cosign" (core/operations/migrate.ts, the code behind `signet migrate`): a plan (dry
 * run) or a run, with progress per repository as events and cancel; the keys held here sign, their
 * passphrases asked through the broker. Main keeps each finished report, so Export policies writes
 * the policy folder of `--policy-dir` for exactly what the dialog showed.
 */
import { parseAuditTarget } from '../../../core/audit/targets.js';
import { verifyCommands } from '../../../core/cosign-policy/verify-commands.js';
import { SignetError } from '../../../core/errors.js';
import { writePolicyDir } from '../../../core/node/policy-dir.js';
import { migrateFor, type MigrateReport, type MigrateRepository } from '../../../core/operations/migrate.js';
import { migratePolicyFiles, migratePolicyInputs } from '../../../core/operations/migrate-policies.js';
import { migrateExitCode, migrateSummary } from '../../../core/operations/migrate-report.js';
import type {
  Handlers,
  MigrateReportDTO,
  MigrateRepositoryDTO,
  MigrateRequest,
  RequestChannel,
  VerifyCommandDTO,
} from '../../ipc/contract.js';
import type { MainServices } from '../services.js';

/** Finished reports kept for Export policies (the newest ones). */
const KEPT_REPORTS = 10;

type MigrateHandlers = Pick<Handlers, 'migrate:plan' | 'migrate:run' | 'migrate:cancel' | 'migrate:exportPolicies'>;

export function repositoryDTO(r: MigrateRepository): MigrateRepositoryDTO {
  return {
    name: r.name,
    server: r.server,
    problems: [...r.problems],
    rows: r.rows.map(({ key, ...row }) => ({ ...row, ...(key ? { keyId: key.id } : {}) })),
  };
}

/** The commands of every repository whose signatures can be checked; one that cannot be described is left out. */
function verifyOf(report: MigrateReport): VerifyCommandDTO[] {
  return migratePolicyInputs(report).flatMap((input) => {
    try {
      return verifyCommands([input]);
    } catch {
      return []; // Export policies reports the same refusal, with what to do
    }
  });
}

export function reportDTO(operationId: string, report: MigrateReport): MigrateReportDTO {
  return {
    operationId,
    dryRun: report.dryRun,
    cancelled: report.cancelled,
    repositories: report.repositories.map(repositoryDTO),
    failedTargets: report.failedTargets,
    summary: migrateSummary(report),
    exitCode: migrateExitCode(report),
    verify: verifyOf(report),
  };
}

export function migrateHandlers(ctx: MainServices): MigrateHandlers {
  const running = new Map<string, AbortController>();
  const finished = new Map<string, MigrateReport>();
  const emit = ctx.opts.emit;

  /** Core's migration over a fresh context and the keys held here; events only when `operationId` is given. */
  const migrate = (
    channel: RequestChannel,
    req: Omit<MigrateRequest, 'operationId'> & { operationId?: string },
    dryRun: boolean,
    signal?: AbortSignal,
  ): Promise<MigrateReport> => {
    const targets = req.targets.map((t) => parseAuditTarget(t));
    const operationId = req.operationId;
    let total = 0;
    let done = 0;
    const progress = (phase: 'listing' | 'migrating' | 'done', repository?: MigrateRepository): void => {
      if (operationId === undefined) return;
      emit('migrate:progress', {
        operationId,
        phase,
        total,
        done,
        ...(repository ? { repository: repositoryDTO(repository) } : {}),
      });
    };
    return ctx.withKeys(channel, async (read, keys) => {
      progress('listing');
      const report = await migrateFor({ read, keys }, targets, {
        dryRun,
        ...(req.concurrency !== undefined ? { concurrency: req.concurrency } : {}),
        ...(signal ? { signal } : {}),
        onStart: (repositories) => {
          total = repositories.length;
          progress('migrating');
        },
        onRepository: (r) => {
          done += 1;
          progress('migrating', r);
        },
      });
      progress('done');
      return report;
    });
  };

  const start = async (channel: RequestChannel, req: MigrateRequest, dryRun: boolean): Promise<MigrateReportDTO> => {
    const { operationId } = req;
    if (running.has(operationId) || finished.has(operationId))
      throw new SignetError('BAD_INPUT', `the migration ${operationId} was started before`, {
        hint: 'start each plan or migration with a new operation ID',
      });
    const controller = new AbortController();
    running.set(operationId, controller);
    try {
      const report = await migrate(channel, req, dryRun, controller.signal);
      finished.set(operationId, report);
      for (const id of [...finished.keys()].slice(0, Math.max(0, finished.size - KEPT_REPORTS))) finished.delete(id);
      return reportDTO(operationId, report);
    } finally {
      running.delete(operationId);
    }
  };

  return {
    'migrate:plan': (req) => start('migrate:plan', req, true),
    'migrate:run': (req) => start('migrate:run', req, false),

    'migrate:cancel': async ({ operationId }) => {
      const controller = running.get(operationId);
      controller?.abort();
      return { cancelled: controller !== undefined };
    },

    'migrate:exportPolicies': (req) =>
      ctx.files.useOpen(req.folder, 'policy-dir', async (dir) => {
        let report = finished.get(req.operationId);
        if (!report && req.targets) report = await migrate('migrate:exportPolicies', { targets: req.targets }, true);
        if (!report)
          throw new SignetError('BAD_INPUT', 'there is no finished plan or migration to export the policies of', {
            hint: 'show the plan (or migrate) again, then export its policies',
          });
        const files = migratePolicyFiles(report);
        if (files.length === 0)
          throw new SignetError('BAD_INPUT', 'no signature is in cosign, so there is no policy to write', {
            hint: 'migrate first (a signer whose key is held elsewhere: its holder migrates, then exports the policies)',
          });
        await writePolicyDir(dir.path, files);
        return { name: dir.name, files: files.map((f) => f.path) };
      }),
  };
}
