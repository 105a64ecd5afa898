/**
 * What to audit: registries (each as a whole: every repository of its catalog), the repositories
 * in the sidebar and the trust archives opened in this session, how many days before an expiry
 * counts as "expiring", how many repositories at once, offline (the trust data cache and archives
 * only, as `signet audit --offline`); Audit and Cancel.
 */
import { useMemo, type ReactNode } from 'react';
import { repositoryEntries } from '../../lib/derive.ts';
import { useApp } from '../../store/index.ts';
import { archiveTarget, plainTargets } from '../../store/audit.ts';

/** Registries whose catalog nobody can read (Docker Hub keeps it private): not offered as a whole. */
const NO_CATALOG = new Set(['docker.io']);

function NumberField(props: {
  id: string;
  label: string;
  value: number;
  min: number;
  max: number;
  disabled: boolean;
  onChange: (n: number) => void;
}): ReactNode {
  return (
    <div className="audit-option">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="number"
        inputMode="numeric"
        min={props.min}
        max={props.max}
        value={props.value}
        disabled={props.disabled}
        onChange={(e) => {
          const n = Math.round(Number(e.target.value));
          if (Number.isFinite(n)) props.onChange(Math.min(props.max, Math.max(props.min, n)));
        }}
      />
    </div>
  );
}

export function AuditTargets(): ReactNode {
  const watched = useApp((s) => s.watched);
  const discovered = useApp((s) => s.discovered);
  const keys = useApp((s) => s.keys);
  const registries = useApp((s) => s.registries);
  const selection = useApp((s) => s.auditSelection);
  const setSelection = useApp((s) => s.setAuditSelection);
  const options = useApp((s) => s.auditOptions);
  const setOptions = useApp((s) => s.setAuditOptions);
  const running = useApp((s) => s.auditRun?.status === 'running');
  const startAudit = useApp((s) => s.startAudit);
  const cancelAudit = useApp((s) => s.cancelAudit);
  const openDialog = useApp((s) => s.openDialog);
  const removeRegistry = useApp((s) => s.removeRegistry);
  const archives = useApp((s) => s.archives);

  const repos = useMemo(
    () => repositoryEntries(watched, discovered, keys).sort((a, b) => (a.gun < b.gun ? -1 : 1)),
    [watched, discovered, keys],
  );
  const registryChoices = useMemo(() => {
    const listed = new Map(registries.map((r) => [r.registry, r.repositories.length]));
    const all = new Set([...listed.keys(), ...repos.map((r) => r.registry).filter((r) => !NO_CATALOG.has(r))]);
    return [...all].sort().map((registry) => ({ registry, count: listed.get(registry) }));
  }, [registries, repos]);

  // an archive ticked, then closed, is no longer offered nor counted
  const live = selection.filter((t) => !t.startsWith('archive:') || archives[t.slice('archive:'.length)]);
  const chosen = new Set(live);
  // a migration writes signatures to registries: archives are not its targets
  const migrating = plainTargets(live);
  const toggle = (target: string, on: boolean): void =>
    setSelection(on ? [...selection.filter((t) => t !== target), target] : selection.filter((t) => t !== target));

  return (
    <section className="panel audit-targets" aria-labelledby="audit-targets-heading">
      <div className="panel-head">
        <h2 id="audit-targets-heading">What to audit</h2>
        <button type="button" className="secondary" onClick={() => openDialog({ kind: 'add-registry' })}>
          Add registry…
        </button>
      </div>
      <div className="audit-target-lists">
        <fieldset disabled={running}>
          <legend>Registries (every repository of the catalog)</legend>
          {registryChoices.length === 0 && <p className="muted">No registry yet: add one, or add repositories.</p>}
          <ul className="audit-choices">
            {registryChoices.map(({ registry, count }) => (
              <li key={registry}>
                <input
                  type="checkbox"
                  id={`audit-registry-${registry}`}
                  checked={chosen.has(registry)}
                  onChange={(e) => toggle(registry, e.target.checked)}
                />
                <label htmlFor={`audit-registry-${registry}`}>
                  {registry}
                  {count !== undefined && (
                    <span className="muted">
                      {' '}
                      added as a whole, {count} {count === 1 ? 'repository' : 'repositories'}
                    </span>
                  )}
                </label>
                {count !== undefined && (
                  <button
                    type="button"
                    className="small"
                    aria-label={`Remove ${registry}`}
                    title="Stop listing its catalog in the sidebar"
                    onClick={() => void removeRegistry(registry)}
                  >
                    Remove
                  </button>
                )}
              </li>
            ))}
          </ul>
        </fieldset>
        <fieldset disabled={running}>
          <legend>Repositories</legend>
          {repos.length === 0 ? (
            <p className="muted">No repositories yet: add them in the Repository box.</p>
          ) : (
            <div className="audit-choice-tools">
              <button
                type="button"
                className="small"
                onClick={() => setSelection([...new Set([...selection, ...repos.map((r) => r.gun)])])}
              >
                Select all
              </button>
              <button type="button" className="small" onClick={() => setSelection([])}>
                Clear
              </button>
            </div>
          )}
          <ul className="audit-choices audit-repo-choices">
            {repos.map((r) => (
              <li key={r.gun}>
                <input
                  type="checkbox"
                  id={`audit-repo-${r.gun}`}
                  checked={chosen.has(r.gun)}
                  onChange={(e) => toggle(r.gun, e.target.checked)}
                />
                <label htmlFor={`audit-repo-${r.gun}`}>{r.gun}</label>
              </li>
            ))}
          </ul>
        </fieldset>
        {Object.keys(archives).length > 0 && (
          <fieldset disabled={running}>
            <legend>Trust archives (opened in this session)</legend>
            <ul className="audit-choices">
              {Object.values(archives).map(({ id, archive }) => (
                <li key={id}>
                  <input
                    type="checkbox"
                    id={`audit-archive-${id}`}
                    checked={chosen.has(archiveTarget(id))}
                    onChange={(e) => toggle(archiveTarget(id), e.target.checked)}
                  />
                  <label htmlFor={`audit-archive-${id}`}>
                    {archive.name} <span className="muted">{archive.gun}, as written</span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        )}
      </div>
      <div className="audit-run-row">
        <NumberField
          id="audit-warn-days"
          label="Expiring within (days)"
          value={options.warnDays}
          min={0}
          max={36_500}
          disabled={running}
          onChange={(warnDays) => setOptions({ warnDays })}
        />
        <NumberField
          id="audit-concurrency"
          label="Repositories at once"
          value={options.concurrency}
          min={1}
          max={64}
          disabled={running}
          onChange={(concurrency) => setOptions({ concurrency })}
        />
        <div className="audit-offline">
          <label>
            <input
              type="checkbox"
              role="switch"
              aria-describedby="audit-offline-help"
              checked={options.offline}
              disabled={running}
              onChange={(e) => setOptions({ offline: e.target.checked })}
            />{' '}
            Offline
          </label>
          <span id="audit-offline-help" className="muted small-text">
            Only the trust data cache and opened archives; the registry is not checked.
          </span>
        </div>
        <span className="audit-run-spacer" />
        {running ? (
          <button type="button" className="secondary" onClick={() => void cancelAudit()}>
            Cancel
          </button>
        ) : null}
        <button
          type="button"
          className="secondary"
          disabled={running || migrating.length === 0}
          title="Carry every DCT signature of the selected registries and repositories over to cosign, each with the key that made it"
          onClick={() => openDialog({ kind: 'migrate', targets: migrating })}
        >
          {migrating.length === 0 ? 'Migrate to cosign…' : `Migrate ${migrating.length} selected to cosign…`}
        </button>
        <button type="button" disabled={running || live.length === 0} onClick={() => void startAudit()}>
          {running ? 'Auditing…' : live.length === 0 ? 'Audit' : `Audit ${live.length} selected`}
        </button>
      </div>
    </section>
  );
}
