/** "Migrate to cosign" in the app: core's migration (`signet migrate`) planned, run, cancelled and its policies exported. */
import type { TargetFailure } from '../../../core/audit/types.js';
import type { MigrateRow, MigrateState } from '../../../core/operations/migrate.js';

export type { MigrateState };

/** `migrate:plan` (a dry run) and `migrate:run`: what to migrate, as `signet migrate` takes it. */
export interface MigrateRequest {
  /** Ties the run's events, `migrate:cancel` and `migrate:exportPolicies` to it (chosen by the renderer). */
  operationId: string;
  /** Registries (`host[:port]`: every repository of the catalog) and repositories (`host/name`). */
  targets: string[];
  /** Repositories migrated at once (default 4, as --concurrency). */
  concurrency?: number;
}

/** One row of the plan or result: one tag and signer (core's MigrateRow, the key by its ID only). */
export interface MigrateRowDTO extends Omit<MigrateRow, 'key'> {
  /** The key whose cosign signature is there (or, planned, will be): what `cosign verify --key` takes. */
  keyId?: string;
}

export interface MigrateRepositoryDTO {
  name: string;
  /** The trust server the signatures came from. */
  server: string;
  rows: MigrateRowDTO[];
  problems: string[];
}

/** A `cosign verify` command that checks one carried-over signature (what verify.sh runs). */
export interface VerifyCommandDTO {
  repository: string;
  tag: string;
  /** `sha256:<hex>`, the digest DCT signed. */
  digest: string;
  signer: string;
  /** The exported policies' folder of the repository, where the key file is (e.g. `127.0.0.1_5000/team/app`). */
  folder: string;
  keyFile: string;
  command: string;
}

export interface MigrateReportDTO {
  operationId: string;
  dryRun: boolean;
  cancelled: boolean;
  repositories: MigrateRepositoryDTO[];
  failedTargets: TargetFailure[];
  /** Rows per state in words, as `signet migrate` ends its table ("2 migrated, 1 need a key held elsewhere"). */
  summary: string;
  /** `signet migrate`'s exit status: 0 every DCT signature is in cosign (a plan: can be), 1 some are left, 2 nothing ran. */
  exitCode: number;
  /** The cosign verify commands for every signature in cosign (a plan: once migrated). */
  verify: VerifyCommandDTO[];
}

/** Progress of a plan or run: the repositories to do (known once catalogs are read), and each as it finishes. */
export interface MigrateProgressEvent {
  operationId: string;
  /** `listing`: reading catalogs; `migrating`: repositories; `done`. */
  phase: 'listing' | 'migrating' | 'done';
  total: number;
  done: number;
  /** The repository that just finished. */
  repository?: MigrateRepositoryDTO;
}

/** `migrate:exportPolicies`: the policy folder of a finished plan or run (`signet migrate --policy-dir`). */
export interface MigrateExportRequest {
  /** The plan or run whose report main keeps. */
  operationId: string;
  /** The folder chosen in main's dialog (`files:chooseOpen`, purpose policy-dir). */
  folder: string;
  /** Planned again (a dry run) when main no longer keeps that report. */
  targets?: string[];
}

export interface MigrateExportedDTO {
  /** The folder's name (no path). */
  name: string;
  /** The files written or already up to date, relative to the folder. */
  files: string[];
}
