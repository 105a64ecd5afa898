/**
 * The audit (core/audit, the code behind `signet audit`): run with progress and per-repository
 * results as events, cancel, and export a finished audit. Main keeps each finished report and
 * writes the export itself (the CLI's formatters over it) to the file chosen in its save dialog.
 */
import { runAudit } from '../../../core/audit/audit.js';
import { formatCalendar } from '../../../core/audit/ics.js';
import { formatAuditCsv, formatAuditJson } from '../../../core/audit/report.js';
import { parseAuditTarget, repositoryRef } from '../../../core/audit/targets.js';
import type { AuditReport } from '../../../core/audit/types.js';
import { isSignetError, SignetError } from '../../../core/errors.js';
import { writeNewFile } from '../../../core/node/files.js';
import { readArchiveFile } from '../../../core/node/archive-file.js';
import type { OpenedArchive } from '../../../core/history/archive/read-archive.js';
import { auditDependencies, registryCatalog as catalogOf } from '../../../core/operations/index.js';
import type { AuditExportRequest, Handlers, RequestChannel, SavePurpose } from '../../ipc/contract.js';
import type { MainServices } from '../services.js';

/** Finished reports kept for export (the newest ones). */
const KEPT_REPORTS = 10;

/** Core's "does not list its repositories" error with what to do in the app (the CLI's hint names its command). */
function inApp(e: unknown, registry: string): unknown {
  if (!isSignetError(e) || (e.code !== 'HTTP_NOT_FOUND' && e.code !== 'HTTP_UNAUTHORIZED')) return e;
  const login =
    e.code === 'HTTP_UNAUTHORIZED'
      ? `, or log in with "docker login ${registry}" as a user allowed to read the catalog`
      : '';
  return new SignetError(e.code, e.message, {
    hint: `add its repositories by name instead (type ${registry}/team/app in the Repository box)${login}`,
    cause: e,
  });
}

/** A registry's repositories (GUNs) from its catalog, all pages. */
export function registryCatalog(ctx: MainServices, registry: string, channel: RequestChannel): Promise<string[]> {
  return ctx.withServices(channel, undefined, async (services) => {
    const paths = await catalogOf(services, registry).catch((e: unknown) => {
      throw inApp(e, registry);
    });
    const guns: string[] = [];
    for (const p of paths) {
      try {
        guns.push(repositoryRef(registry, p).gun);
      } catch {
        /* a catalog entry that is no image name cannot be audited or opened: left out */
      }
    }
    return guns;
  });
}

/** The archives opened in this session (by ID), read as `--archive` reads its files: by GUN, under the file's name. */
async function openedArchives(
  ctx: MainServices,
  ids: readonly string[],
): Promise<Map<string, { file: string; archive: OpenedArchive }>> {
  const out = new Map<string, { file: string; archive: OpenedArchive }>();
  for (const id of ids) {
    const opened = ctx.archives.get(id);
    if (!opened)
      throw new SignetError('BAD_INPUT', 'a trust archive to audit is no longer open', {
        hint: 'open the archive file again (Trust archives, Open archive…)',
      });
    const archive = await readArchiveFile(opened.path);
    out.set(archive.manifest.gun, { file: opened.name, archive });
  }
  return out;
}

function exportText(report: AuditReport, format: AuditExportRequest['format']): string {
  if (format === 'json') return formatAuditJson(report);
  if (format === 'csv') return formatAuditCsv(report);
  return formatCalendar(report.repositories, { warnDays: report.warnDays, now: new Date(report.at) });
}

/** The save dialog's purpose for each export format. */
const EXPORT_PURPOSE: Record<AuditExportRequest['format'], SavePurpose> = {
  json: 'audit-report',
  csv: 'audit-csv',
  ics: 'calendar',
};

/** Replaces a file only when the save dialog confirmed it (`replace`); else creates it, never over one. */
async function writeExport(file: { path: string; name: string; replace: boolean }, text: string): Promise<void> {
  try {
    await writeNewFile(file.path, text, { atomic: file.replace });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST')
      throw new SignetError('BAD_INPUT', `refusing to replace ${file.name}: it appeared after it was chosen`, {
        hint: 'choose the file again (the dialog asks before replacing it)',
      });
    throw new SignetError('BAD_INPUT', `cannot write ${file.name}: ${(e as Error).message}`, {
      hint: 'choose a folder you can write to',
      cause: e,
    });
  }
}

export function auditHandlers(ctx: MainServices): Pick<Handlers, 'audit:run' | 'audit:cancel' | 'audit:export'> {
  const running = new Map<string, AbortController>();
  const finished = new Map<string, AuditReport>();
  const emit = ctx.opts.emit;
  return {
    'audit:run': async (req) => {
      const operationId = req.operationId;
      if (running.has(operationId) || finished.has(operationId))
        throw new SignetError('BAD_INPUT', `the audit ${operationId} was started before`, {
          hint: 'start each audit with a new operation ID',
        });
      const targets = req.targets.map((t) => parseAuditTarget(t));
      const archives = await openedArchives(ctx, req.archives ?? []);
      // each archive's repository is a target (audited once, however often it is named)
      for (const gun of archives.keys()) targets.push(parseAuditTarget(gun));
      const controller = new AbortController();
      running.set(operationId, controller);
      try {
        const report = await ctx.withServices('audit:run', undefined, (services) => {
          // each repository's trust server and CA files come from the settings for its registry
          const deps = auditDependencies(services, { archives });
          const catalog = (registry: string) =>
            deps.catalog(registry).catch((e: unknown) => Promise.reject(inApp(e, registry)));
          return runAudit(
            targets,
            { ...deps, catalog },
            {
              ...(req.warnDays !== undefined ? { warnDays: req.warnDays } : {}),
              ...(req.concurrency !== undefined ? { concurrency: req.concurrency } : {}),
              ...(req.offline ? { offline: true } : {}),
              signal: controller.signal,
              onProgress: (p) => emit('audit:progress', { operationId, ...p }),
              onRepository: (repository) => emit('audit:repository', { operationId, repository }),
            },
          );
        });
        finished.set(operationId, report);
        for (const id of [...finished.keys()].slice(0, Math.max(0, finished.size - KEPT_REPORTS))) finished.delete(id);
        return report;
      } finally {
        running.delete(operationId);
      }
    },

    'audit:cancel': async ({ operationId }) => {
      const controller = running.get(operationId);
      controller?.abort();
      return { cancelled: controller !== undefined };
    },

    'audit:export': async (req) => {
      const report = finished.get(req.operationId);
      if (!report)
        throw new SignetError('BAD_INPUT', 'there is no finished audit to export', {
          hint: 'run the audit (again) and export it once it is finished',
        });
      const text = exportText(report, req.format);
      return ctx.files.useSave(req.file, EXPORT_PURPOSE[req.format], async (file) => {
        await writeExport(file, text);
        return { name: file.name, bytes: new TextEncoder().encode(text).length };
      });
    },
  };
}
