/**
 * The audit in the renderer: the Audit view's run (progress and results as main streams them,
 * then the finished report), and each repository's latest registry check (the Signed tags
 * table's Registry column), from any audit that covered it. Main runs core's audit; nothing here
 * decides a state.
 */
import type {
  AuditProgressEvent,
  AuditReport,
  AuditRepositoryEvent,
  ErrorDTO,
  RepositoryAudit,
} from '../../electron/ipc/contract.ts';
import { errorToShow } from './errors.ts';
import type { SliceCreator } from './types.ts';
import { DEFAULT_WARN_DAYS } from '../../core/trust/policy.ts';
import { DEFAULT_CONCURRENCY } from '../../core/audit/audit.ts';
import { uiNow } from '../lib/clock.ts';

export interface AuditRun {
  operationId: string;
  /** As ticked: registries, repositories, `archive:<id>`. */
  targets: string[];
  status: 'running' | 'done' | 'cancelled' | 'failed';
  progress: Omit<AuditProgressEvent, 'operationId'> | null;
  /** Results by repository name, as they arrive; the finished report replaces them. */
  repositories: Record<string, RepositoryAudit>;
  report: AuditReport | null;
  error: ErrorDTO | null;
  warnDays: number;
  /** Only the trust data cache and archives were read: the registry was not checked. */
  offline: boolean;
}

export interface RegistryCheck {
  status: 'checking' | 'ready' | 'error';
  result?: RepositoryAudit;
  error?: ErrorDTO;
  /** uiNow() when the result arrived. */
  checkedAt?: number;
}

export interface AuditOptions {
  warnDays: number;
  concurrency: number;
  /** `signet audit --offline`: the trust data cache (and opened archives) only; no server, no registry. */
  offline: boolean;
}

/** An opened trust archive as an audit target in the selection (its repository, read from the archive). */
export const archiveTarget = (id: string): string => `archive:${id}`;
const archiveOf = (target: string): string | undefined =>
  target.startsWith('archive:') ? target.slice('archive:'.length) : undefined;
/** The selection's registries and repositories (what `signet audit` and `signet migrate` take as targets). */
export const plainTargets = (selection: readonly string[]): string[] =>
  selection.filter((t) => archiveOf(t) === undefined);

export interface AuditSlice {
  auditRun: AuditRun | null;
  /** What the Audit view has ticked (registries and repositories, as audit targets; opened archives as `archive:<id>`). */
  auditSelection: string[];
  auditOptions: AuditOptions;
  /** By GUN: the latest audit result of the repository. */
  registryChecks: Record<string, RegistryCheck>;
  setAuditSelection(targets: string[]): void;
  setAuditOptions(options: Partial<AuditOptions>): void;
  startAudit(): Promise<void>;
  cancelAudit(): Promise<void>;
  /** Audits one repository (the Signed tags table's Registry column). */
  checkRegistry(gun: string): Promise<void>;
  onAuditProgress(event: AuditProgressEvent): void;
  onAuditRepository(event: AuditRepositoryEvent): void;
}

/** 16 random bytes as hex: the ID of one audit (its events, cancel and export). */
export function newOperationId(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export const auditSlice: SliceCreator<AuditSlice> = (set, get, api) => {
  const checked = (r: RepositoryAudit): RegistryCheck => ({ status: 'ready', result: r, checkedAt: uiNow() });
  return {
    auditRun: null,
    auditSelection: [],
    auditOptions: { warnDays: DEFAULT_WARN_DAYS, concurrency: DEFAULT_CONCURRENCY, offline: false },
    registryChecks: {},

    setAuditSelection: (auditSelection) => set({ auditSelection }),
    setAuditOptions: (options) => set((s) => ({ auditOptions: { ...s.auditOptions, ...options } })),

    async startAudit() {
      const { auditSelection, auditOptions, auditRun, archives: opened } = get();
      // an archive closed since it was ticked is left out
      const selection = auditSelection.filter((t) => archiveOf(t) === undefined || opened[archiveOf(t)!]);
      if (selection.length === 0 || auditRun?.status === 'running') return;
      const targets = plainTargets(selection);
      const archives = selection.map(archiveOf).filter((id): id is string => id !== undefined);
      const { offline, ...options } = auditOptions;
      const operationId = newOperationId();
      set({
        auditRun: {
          operationId,
          targets: selection,
          status: 'running',
          progress: null,
          repositories: {},
          report: null,
          error: null,
          warnDays: auditOptions.warnDays,
          offline,
        },
      });
      const mine = (s: { auditRun: AuditRun | null }): s is { auditRun: AuditRun } =>
        s.auditRun?.operationId === operationId;
      try {
        const report = await api.audit.run({
          operationId,
          targets,
          ...options,
          ...(archives.length > 0 ? { archives } : {}),
          ...(offline ? { offline } : {}),
        });
        set((s) => {
          if (!mine(s)) return s;
          const repositories = Object.fromEntries(report.repositories.map((r) => [r.name, r]));
          const auditRun: AuditRun = {
            ...s.auditRun,
            status: report.cancelled ? 'cancelled' : 'done',
            report,
            repositories,
          };
          // an offline audit asked no registry: the Registry columns keep their last check
          if (offline) return { auditRun };
          return {
            auditRun,
            registryChecks: {
              ...s.registryChecks,
              ...Object.fromEntries(report.repositories.map((r) => [r.name, checked(r)])),
            },
          };
        });
      } catch (e) {
        set((s) => (mine(s) ? { auditRun: { ...s.auditRun, status: 'failed', error: errorToShow(e) } } : s));
      }
    },

    async cancelAudit() {
      const run = get().auditRun;
      if (run?.status !== 'running') return;
      await api.audit.cancel({ operationId: run.operationId }).catch(() => undefined);
    },

    async checkRegistry(gun) {
      if (get().registryChecks[gun]?.status === 'checking') return;
      set((s) => ({
        registryChecks: { ...s.registryChecks, [gun]: { ...s.registryChecks[gun], status: 'checking' } },
      }));
      try {
        const report = await api.audit.run({ operationId: newOperationId(), targets: [gun] });
        const result = report.repositories.find((r) => r.name === gun) ?? report.repositories[0];
        if (!result) throw new Error(`the audit returned no result for ${gun}`);
        set((s) => ({ registryChecks: { ...s.registryChecks, [gun]: checked(result) } }));
      } catch (e) {
        set((s) => ({
          registryChecks: {
            ...s.registryChecks,
            [gun]: { ...s.registryChecks[gun], status: 'error', error: errorToShow(e) },
          },
        }));
      }
    },

    onAuditProgress(event) {
      set((s) => {
        if (s.auditRun?.operationId !== event.operationId || s.auditRun.status !== 'running') return s;
        const { operationId: _id, ...progress } = event;
        return { auditRun: { ...s.auditRun, progress } };
      });
    },

    onAuditRepository({ operationId, repository }) {
      set((s) => {
        const offline = s.auditRun?.operationId === operationId && s.auditRun.offline;
        const registryChecks = offline
          ? s.registryChecks
          : { ...s.registryChecks, [repository.name]: checked(repository) };
        if (s.auditRun?.operationId !== operationId || s.auditRun.status !== 'running') return { registryChecks };
        const repositories = { ...s.auditRun.repositories, [repository.name]: repository };
        return { registryChecks, auditRun: { ...s.auditRun, repositories } };
      });
    },
  };
};
