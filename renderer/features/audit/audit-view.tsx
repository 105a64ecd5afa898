/**
 * The Audit view: pick registries and repositories, audit them (core's audit in the main process,
 * the same code as `signet audit`), watch the results arrive, and export the report or calendar.
 */
import { useMemo, type ReactNode } from 'react';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
import { useApp } from '../../store/index.ts';
import { instantOf } from '../../../core/trust/policy.ts';
import { uiNow } from '../../lib/clock.ts';
import type { AuditRun } from '../../store/audit.ts';
import { AuditRepositories } from './audit-repositories.tsx';
import { AuditSummaryTable } from './audit-summary.tsx';
import { AuditTargets } from './audit-targets.tsx';
import { ExpiryTimeline } from './expiry-timeline.tsx';
import './audit.css';

function ProgressLine({ run }: { run: AuditRun }): ReactNode {
  const p = run.progress;
  const done = run.report?.repositories.length ?? Object.keys(run.repositories).length;
  let text: string;
  if (run.status === 'running') {
    text =
      !p || p.phase === 'listing'
        ? 'Reading the registries’ catalogs…'
        : `Audited ${p.done} of ${p.total} ${p.total === 1 ? 'repository' : 'repositories'}…`;
  } else if (run.status === 'cancelled') {
    text = `Cancelled: ${done} ${done === 1 ? 'repository was' : 'repositories were'} audited before.`;
  } else if (run.status === 'done') {
    const s = run.report!.summary;
    text = `${s.repositories} ${s.repositories === 1 ? 'repository' : 'repositories'}, ${s.signed} signed, ${s.problems} ${s.problems === 1 ? 'problem' : 'problems'}.`;
  } else {
    text = 'The audit could not run.';
  }
  return (
    <div className="audit-progress">
      {run.status === 'running' && (
        <progress
          aria-label="Audit progress"
          max={p && p.phase !== 'listing' ? Math.max(1, p.total) : undefined}
          value={p && p.phase !== 'listing' ? p.done : undefined}
        />
      )}
      <p role="status" className="audit-status">
        {text}
      </p>
      {run.offline && (
        <p className="small-text audit-offline-note">
          Offline: the trust data came from the cache
          {run.targets.some((t) => t.startsWith('archive:')) ? ' and the archives' : ''} only; no trust server or
          registry was asked (tag states are “unchecked”).
        </p>
      )}
      {run.status === 'running' && p && p.running.length > 0 && (
        <p className="muted small-text audit-running">Now: {p.running.join(', ')}</p>
      )}
    </div>
  );
}

export function AuditView(): ReactNode {
  const run = useApp((s) => s.auditRun);
  const openDialog = useApp((s) => s.openDialog);
  const repositories = useMemo(
    () => (run ? Object.values(run.repositories).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) : []),
    [run],
  );
  const finished = run?.report && (run.status === 'done' || run.status === 'cancelled') ? run : null;
  const failed = run?.report?.failedTargets ?? [];
  // the audit's clock, which core computed the states at; before the report, the UI's
  const now = (run?.report ? instantOf(run.report.at) : null) ?? uiNow();
  return (
    <div className="audit-view">
      <header className="audit-header">
        <h1>Audit</h1>
        <p className="muted">
          Which tags are signed, whether the registry still serves what was signed, which tags nobody signed, and what
          expires when: the checks of <code>signet audit</code>, for many repositories at once.
        </p>
      </header>
      <AuditTargets />
      {run && (
        <section className="panel audit-results" aria-labelledby="audit-results-heading">
          <div className="panel-head">
            <h2 id="audit-results-heading">Results</h2>
            <div className="audit-exports">
              <button
                type="button"
                className="secondary"
                disabled={!finished}
                onClick={() =>
                  finished && openDialog({ kind: 'export-audit', operationId: finished.operationId, what: 'report' })
                }
              >
                Export report…
              </button>
              <button
                type="button"
                className="secondary"
                disabled={!finished}
                onClick={() =>
                  finished && openDialog({ kind: 'export-audit', operationId: finished.operationId, what: 'calendar' })
                }
              >
                Export calendar…
              </button>
            </div>
          </div>
          <ProgressLine run={run} />
          {run.error && <ErrorExplanation error={run.error} heading="The audit could not run." />}
          {failed.length > 0 && (
            <ul className="audit-failed" aria-label="Targets that could not be audited">
              {failed.map((f) => (
                <li key={f.target} role="alert">
                  <p>
                    <strong>{f.target}:</strong> {f.message}
                  </p>
                  <p>
                    <strong>What to do:</strong> {f.fix}
                  </p>
                </li>
              ))}
            </ul>
          )}
          <AuditSummaryTable repositories={repositories} failed={failed} />
        </section>
      )}
      {run && (
        <div className="audit-columns">
          <AuditRepositories repositories={repositories} />
          <ExpiryTimeline repositories={repositories} now={now} />
        </div>
      )}
    </div>
  );
}
