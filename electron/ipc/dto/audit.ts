/** The audit in the app: runs, their streamed events, exports, registries added as a whole. */
import type { AuditProgress } from '../../../core/audit/audit.js';
import type { AuditReport, RepositoryAudit } from '../../../core/audit/types.js';
import type { ErrorDTO } from './base.js';

export type { AuditReport, RepositoryAudit };

/** `audit:run`: what to audit, as `signet audit` takes it, under an operation ID the renderer chose. */
export interface AuditRequest {
  /** Ties the audit's events, `audit:cancel` and `audit:export` to this run. */
  operationId: string;
  /** Registries (`host[:port]`: every repository of the catalog) and repositories (`host/name`). */
  targets: string[];
  /**
   * Trust archives opened in this session (their IDs, `history:openArchive`): each archive's
   * repository is audited from the archive, verified as of when it was written (`--archive`).
   */
  archives?: string[];
  /**
   * Only the trust data cache (and the archives): no trust server, no registry; a registry's
   * repositories are those the cache holds, and tag states are "unchecked" (`--offline`).
   */
  offline?: boolean;
  /** A role expiring within this many days is "expiring" (default 30, as --warn-days). */
  warnDays?: number;
  /** Repositories audited at once (default 8, as --concurrency). */
  concurrency?: number;
}

export interface AuditProgressEvent extends AuditProgress {
  operationId: string;
}

/** One repository's result, sent as soon as it is finished. */
export interface AuditRepositoryEvent {
  operationId: string;
  repository: RepositoryAudit;
}

/** Writes a finished audit: `json` / `csv` the report (`signet audit --json`'s bytes), `ics` the calendar (`--ics`). */
export interface AuditExportRequest {
  operationId: string;
  format: 'json' | 'csv' | 'ics';
  /**
   * The file chosen in main's save dialog (`files:chooseSave` with purpose audit-report for json,
   * audit-csv for csv, calendar for ics). A file that is there is replaced only when the dialog
   * confirmed it.
   */
  file: string;
}

/** A registry added as a whole: its catalog's repositories (GUNs), or why the catalog could not be read. */
export interface RegistryListing {
  registry: string;
  repositories: string[];
  error?: ErrorDTO;
}

/** Where a history (or a diff) is read from: the trust server plus what is kept locally, only what is kept, or an archive. */
