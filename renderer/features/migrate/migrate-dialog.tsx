/**
 * "Migrate to cosign": the plan (`signet migrate --dry-run`: what will be signed, with which key,
 * and what cannot be), the keys held elsewhere, then Migrate with progress and Cancel (each key's
 * passphrase is asked by main in the passphrase dialog), the result with core's summary, the
 * `cosign verify` commands to copy and Export policies. Every row and state is core's.
 */
import { useCallback, useMemo, type ReactNode } from 'react';
import type { MigrateReportDTO, MigrateRepositoryDTO } from '../../../electron/ipc/contract.ts';
import { Dialog } from '../../components/dialog.tsx';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
import { gunOf } from '../../lib/reference.ts';
import { useAppStore } from '../../store/index.ts';
import type { DialogProps } from '../../store/types.ts';
import { ExportPolicies, MissingKeys, VerifyCommands } from './migrate-parts.tsx';
import { MigrateTable } from './migrate-table.tsx';
import { useMigration, type Migration } from './use-migration.ts';
import './migrate.css';

/** Rows a run would sign (a plan's `planned`). */
export const plannedRows = (report: MigrateReportDTO): number =>
  report.repositories.reduce((n, r) => n + r.rows.filter((x) => x.state === 'planned').length, 0);

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

function ProgressLine({ state }: { state: Migration }): ReactNode {
  const p = state.progress;
  const planning = state.phase === 'planning';
  const text = state.cancelling
    ? 'Cancelling: the repositories in progress finish first…'
    : !p || p.phase === 'listing'
      ? planning
        ? 'Reading the trust data and the registry…'
        : 'Starting…'
      : `${planning ? 'Planned' : 'Migrated'} ${p.done} of ${plural(p.total, 'repository', 'repositories')}…`;
  const counting = p && p.phase !== 'listing';
  return (
    <div className="migrate-progress">
      <progress
        aria-label={planning ? 'Plan progress' : 'Migration progress'}
        max={counting ? Math.max(1, p.total) : undefined}
        value={counting ? p.done : undefined}
      />
      <p role="status">{text}</p>
    </div>
  );
}

/** The line under the table: core's summary, and what it comes to (signet migrate's exit status). */
function Summary({ report }: { report: MigrateReportDTO }): ReactNode {
  const verdict = report.cancelled
    ? 'Cancelled: the repositories not reached were left as they were.'
    : report.exitCode === 0
      ? !report.dryRun
        ? 'Every signature DCT holds here is in cosign now.'
        : plannedRows(report) > 0
          ? 'Every signature DCT holds here can be carried over from this computer.'
          : 'Every signature DCT holds here is in cosign already.'
      : report.exitCode === 1
        ? report.dryRun
          ? 'Some signatures cannot be carried over from this computer (see below).'
          : 'Some signatures are not in cosign yet (see below).'
        : 'Nothing could be migrated.';
  return (
    <div className={`migrate-summary migrate-summary-${report.exitCode === 0 ? 'ok' : 'left'}`} role="status">
      <p>
        <strong>
          {report.dryRun ? 'Plan (nothing written yet): ' : 'Result: '}
          {report.summary || 'no tags'}.
        </strong>
      </p>
      <p>{verdict}</p>
    </div>
  );
}

/** The tables: while a run goes on, each repository's plan until its result arrives. */
function Report({ state }: { state: Migration }): ReactNode {
  const { phase, plan, result, finished } = state;
  const report = phase === 'migrating' || phase === 'planning' ? null : (result ?? plan);
  const shown: Array<{ repository: MigrateRepositoryDTO; dryRun: boolean }> = report
    ? report.repositories.map((repository) => ({ repository, dryRun: report.dryRun }))
    : phase === 'migrating' && plan
      ? plan.repositories.map((r) => {
          const done = finished.find((f) => f.name === r.name);
          return { repository: done ?? r, dryRun: !done };
        })
      : finished.map((repository) => ({ repository, dryRun: true }));
  return (
    <>
      {report?.failedTargets.map((f) => (
        <div key={f.target} className="migrate-failed" role="alert">
          <p>
            <strong>{f.target}:</strong> {f.message}
          </p>
          <p>
            <strong>What to do:</strong> {f.fix}
          </p>
        </div>
      ))}
      {shown.map(({ repository, dryRun }) => (
        <MigrateTable key={repository.name} repository={repository} dryRun={dryRun} />
      ))}
    </>
  );
}

export function MigrateDialog({ targets, reference, onClose }: DialogProps<'migrate'>): ReactNode {
  const store = useAppStore();
  // after a run: the Signed tags' cosign badges come from the registry check, so check again
  const refresh = useCallback(
    (report: MigrateReportDTO) => {
      const s = store.getState();
      const own = reference !== undefined ? gunOf(reference) : undefined;
      for (const r of report.repositories)
        if (r.name === own || s.registryChecks[r.name] !== undefined) void s.checkRegistry(r.name);
    },
    [store, reference],
  );
  const { state, migrate, cancel, replan } = useMigration(targets, refresh);
  const { phase, plan, result } = state;
  const running = phase === 'planning' || phase === 'migrating';
  const report = result ?? plan;
  const toMigrate = useMemo(() => (plan ? plannedRows(plan) : 0), [plan]);
  const what = targets.length === 1 ? targets[0]! : `${targets.length} selected`;

  const actions = running ? (
    <button
      type="button"
      className="secondary"
      onClick={() => void cancel()}
      disabled={state.cancelling}
      data-autofocus=""
    >
      {state.cancelling ? 'Cancelling…' : phase === 'planning' ? 'Cancel' : 'Cancel migration'}
    </button>
  ) : (
    <>
      <button
        type="button"
        className="secondary"
        onClick={onClose}
        {...(phase === 'done' ? { 'data-autofocus': '' } : {})}
      >
        {phase === 'done' ? 'Close' : 'Cancel'}
      </button>
      {phase === 'failed' && (
        <button type="button" onClick={() => void replan()} data-autofocus="">
          Try again
        </button>
      )}
      {phase === 'planned' && (
        <button type="button" onClick={() => void migrate()} disabled={toMigrate === 0} data-autofocus="">
          {toMigrate === 0 ? 'Nothing to migrate' : `Migrate ${plural(toMigrate, 'signature', 'signatures')}`}
        </button>
      )}
    </>
  );

  return (
    <Dialog
      title={`Migrate to cosign — ${what}`}
      description="Each signature Docker Content Trust holds gets a cosign signature on the digest it signed, made with the key that signed it (signet migrate). Only keys on this computer sign; nothing DCT did not sign is signed; what is there already is kept."
      onClose={onClose}
      busy={running}
      className="migrate-dialog"
      actions={actions}
    >
      {running && <ProgressLine state={state} />}
      {state.error && (
        <ErrorExplanation
          error={state.error}
          heading={phase === 'failed' ? 'The plan could not be made.' : 'The migration could not run.'}
        />
      )}
      {report && !running && <Summary report={report} />}
      <Report state={state} />
      {report && !running && (
        <>
          <MissingKeys report={report} />
          <VerifyCommands report={report} />
          <ExportPolicies operationId={state.operationId} targets={targets} dryRun={report.dryRun} />
        </>
      )}
    </Dialog>
  );
}
