import type { CryptoProvider } from '../crypto/provider.js';
import { isSignetError } from '../errors.js';
import { DEFAULT_WARN_DAYS } from '../trust/policy.js';
import type { ImageReference } from '../registry/reference.js';
import { auditRepository, type RepositoryAccess } from './audit-repository.js';
import { forEachLimit, type CancelSignal } from '../util/pool.js';
import { repositoryRef, type AuditTarget } from './targets.js';
import type { AuditReport, AuditSummary, RepositoryAudit, TargetFailure } from './types.js';

/** What an audit needs from its platform (core/operations/audit.ts builds these over a context). */
export interface AuditDependencies {
  /** One repository's trust server, metadata cache and registry client. */
  connect(ref: ImageReference): Promise<RepositoryAccess>;
  /** A registry's repositories (paths) from its catalog, all pages. */
  catalog(registry: string): Promise<string[]>;
  /** Offline: the repositories of a registry that the metadata cache holds (paths). */
  cachedRepositories?(registry: string): Promise<string[]>;
  crypto: CryptoProvider;
  /** The audit's clock. */
  now: () => Date;
}

export interface AuditProgress {
  /** `listing`: reading catalogs; `auditing`: repositories; `done`. */
  phase: 'listing' | 'auditing' | 'done';
  /** Repositories to audit (known once listing is over). */
  total: number;
  done: number;
  /** Repositories in flight. */
  running: string[];
}

export interface AuditOptions {
  /** Only the metadata cache; registry checks skipped. */
  offline?: boolean;
  /** Days before an expiry that a role is `expiring` (default: the policy's DEFAULT_WARN_DAYS). */
  warnDays?: number;
  /** Repositories audited at once (default 8). */
  concurrency?: number;
  signal?: CancelSignal;
  onProgress?(p: AuditProgress): void;
  /** Each repository's result as soon as it is finished (for a view that fills in as it goes). */
  onRepository?(r: RepositoryAudit): void;
}

export const DEFAULT_CONCURRENCY = 8;

/** Registry targets become their catalog's repositories; duplicates are audited once. */
/** The repositories of the targets (a registry: its catalog, or offline the cached ones), once each. */
export async function expandTargets(
  targets: AuditTarget[],
  deps: Pick<AuditDependencies, 'catalog' | 'cachedRepositories'>,
  offline: boolean,
  failed: TargetFailure[],
): Promise<ImageReference[]> {
  const refs = new Map<string, ImageReference>();
  const lists = await Promise.all(
    targets.map(async (t): Promise<ImageReference[]> => {
      if (t.kind === 'repository') return [t.ref];
      try {
        const paths = offline ? ((await deps.cachedRepositories?.(t.registry)) ?? []) : await deps.catalog(t.registry);
        if (offline && paths.length === 0) {
          failed.push({
            target: t.input,
            message: `the trust data cache holds no repository of ${t.registry}`,
            fix: 'audit online, or point DOCKER_CONFIG at a docker config whose trust/ directory holds them',
          });
        }
        return paths.map((p) => repositoryRef(t.registry, p));
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        const fix = isSignetError(e) && e.hint ? e.hint : `name its repositories instead (${t.registry}/NAME)`;
        failed.push({ target: t.input, message, fix });
        return [];
      }
    }),
  );
  for (const list of lists) for (const r of list) if (!refs.has(r.gun)) refs.set(r.gun, r);
  return [...refs.values()];
}

export function summarize(repositories: RepositoryAudit[], failed: TargetFailure[]): AuditSummary {
  const roles = repositories.flatMap((r) => r.roles);
  return {
    repositories: repositories.length,
    signed: repositories.filter((r) => r.signed).length,
    unsigned: repositories.filter((r) => !r.signed).length,
    problems: repositories.reduce((n, r) => n + r.problems.length, 0) + failed.length,
    expiring: roles.filter((r) => r.state === 'expiring').length,
    expired: roles.filter((r) => r.state === 'expired').length,
  };
}

const byName = (a: RepositoryAudit, b: RepositoryAudit): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Audits every repository of the targets, `concurrency` at a time. Results stream through
 * `onRepository` as they finish; `signal` cancels: the report then holds what finished before.
 */
export async function runAudit(
  targets: AuditTarget[],
  deps: AuditDependencies,
  opts: AuditOptions = {},
): Promise<AuditReport> {
  const offline = opts.offline ?? false;
  const warnDays = opts.warnDays ?? DEFAULT_WARN_DAYS;
  const now = deps.now();
  const failedTargets: TargetFailure[] = [];
  const done: RepositoryAudit[] = [];
  const running = new Set<string>();
  const progress = (phase: AuditProgress['phase'], total: number): void =>
    opts.onProgress?.({ phase, total, done: done.length, running: [...running] });

  // cancel returns at once, while listing or auditing; work in flight ends in the background, unreported
  const signal = opts.signal;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<'aborted'>((resolve) => {
    onAbort = () => resolve('aborted');
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
  progress('listing', 0);
  const listed = await Promise.race([expandTargets(targets, deps, offline, failedTargets), aborted]);
  const refs = listed === 'aborted' ? [] : listed;
  if (listed !== 'aborted') {
    progress('auditing', refs.length);
    const work = forEachLimit(
      refs,
      opts.concurrency ?? DEFAULT_CONCURRENCY,
      async (ref) => {
        running.add(ref.gun);
        progress('auditing', refs.length);
        const result = await auditRepository(ref, () => deps.connect(ref), {
          crypto: deps.crypto,
          now,
          warnDays,
          offline,
        });
        running.delete(ref.gun);
        if (signal?.aborted) return; // cancelled meanwhile: not reported
        done.push(result);
        opts.onRepository?.(result);
        progress('auditing', refs.length);
      },
      signal,
    );
    await Promise.race([work, aborted]);
  }
  if (signal && onAbort) signal.removeEventListener('abort', onAbort);
  const cancelled = signal?.aborted ?? false;
  const repositories = [...done].sort(byName);
  progress('done', refs.length);
  return {
    repositories,
    failedTargets,
    summary: summarize(repositories, failedTargets),
    offline,
    at: now.toISOString(),
    warnDays,
    cancelled,
  };
}

/**
 * `signet audit`'s exit code: 2 when nothing could be audited (no repository, or not one whose trust
 * server or registry answered), 1 when any problem was found, else 0.
 */
export function auditExitCode(report: AuditReport): 0 | 1 | 2 {
  const reached = report.repositories.some(
    (r) =>
      r.registryChecked ||
      r.trustData === 'verified' ||
      r.trustData === 'none' ||
      (report.offline && r.trustData === 'cached') ||
      r.problems.some((p) => p.kind === 'trust-failed'),
  );
  if (report.repositories.length === 0 || !reached) return 2;
  return report.summary.problems > 0 || report.cancelled ? 1 : 0;
}
