/**
 * The History tab of a repository (or of an opened archive): where the history comes from, what
 * is missing, the timeline with its filters and order, and the comparison of two points. The
 * history is the one `signet history` prints, computed in main by core's history operations (core/operations/history.ts).
 */
import { useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
import { useApp } from '../../store/index.ts';
import { CHANGE_LABEL, filterEvents, filterOptions, NO_FILTER, type EventFilter, type EventOrder } from './events.ts';
import { HistorySummary } from './history-summary.tsx';
import { DiffPanel } from './diff-panel.tsx';
import { Timeline, TIMELINE_PAGE } from './timeline.tsx';
import './history.css';

function Select({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: Array<[string, string]>;
  onChange: (v: string) => void;
}): ReactNode {
  const id = useId();
  return (
    <span className="history-filter">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">any</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </span>
  );
}

export function HistoryTab({
  historyKey,
  request,
  canExport = true,
}: {
  /** Where the store keeps this history: the reference, or `archive:<id>`. */
  historyKey: string;
  request: { reference: string; archive?: string };
  canExport?: boolean;
}): ReactNode {
  const entry = useApp((s) => s.histories[historyKey]);
  const loadHistory = useApp((s) => s.loadHistory);
  const openDialog = useApp((s) => s.openDialog);
  const [filter, setFilter] = useState<EventFilter>(NO_FILTER);
  const [order, setOrder] = useState<EventOrder>('oldest');
  const [limit, setLimit] = useState(TIMELINE_PAGE);
  useEffect(() => {
    void loadHistory(historyKey);
  }, [historyKey, loadHistory]);

  const history = entry?.history;
  const options = useMemo(() => filterOptions(history?.events ?? []), [history]);
  const events = useMemo(() => filterEvents(history?.events ?? [], filter), [history, filter]);
  const loading = entry?.status === 'loading';
  const set = (k: keyof EventFilter) => (v: string) => setFilter((f) => ({ ...f, [k]: v }));

  return (
    <div className="history" aria-busy={loading}>
      <section className="panel" aria-labelledby="history-heading">
        <div className="panel-head">
          <h2 id="history-heading">History of {history?.name ?? request.reference}</h2>
          <div className="repo-actions">
            <button
              type="button"
              className="secondary"
              onClick={() => void loadHistory(historyKey, { force: true })}
              disabled={loading}
            >
              {loading ? 'Reading history…' : 'Refresh history'}
            </button>
            {canExport && (
              <button
                type="button"
                className="secondary"
                onClick={() => openDialog({ kind: 'export-archive', reference: request.reference })}
              >
                Export archive…
              </button>
            )}
          </div>
        </div>
        {loading && !history && (
          <p role="status" className="loading">
            Reading every stored version of {request.reference} and verifying each one…
          </p>
        )}
        {entry?.status === 'error' && entry.error && (
          <ErrorExplanation
            error={entry.error}
            heading={
              history ? 'The last refresh failed; the history below is from before.' : 'The history cannot be shown.'
            }
          />
        )}
        {history && <HistorySummary history={history} />}
      </section>

      {history && (
        <div className="history-layout">
          <section className="panel history-timeline" aria-labelledby="timeline-heading">
            <div className="panel-head">
              <h2 id="timeline-heading">Timeline</h2>
              <div className="order-toggle" role="group" aria-label="Order">
                {(['oldest', 'newest'] as const).map((o) => (
                  <button
                    key={o}
                    type="button"
                    className="small"
                    aria-pressed={order === o}
                    onClick={() => setOrder(o)}
                  >
                    {o === 'oldest' ? 'Oldest first' : 'Newest first'}
                  </button>
                ))}
              </div>
            </div>
            <div className="history-filters" role="group" aria-label="Filter the timeline">
              <Select label="Tag" value={filter.tag} options={options.tags.map((t) => [t, t])} onChange={set('tag')} />
              <Select
                label="Signer"
                value={filter.signer}
                options={options.signers.map((s) => [s, s])}
                onChange={set('signer')}
              />
              <Select
                label="Change"
                value={filter.change}
                options={options.changes.map((c) => [c, CHANGE_LABEL[c]])}
                onChange={set('change')}
              />
              <span className="table-count" role="status">
                {events.length === history.events.length
                  ? `${events.length} changes`
                  : `${events.length} of ${history.events.length} changes`}
              </span>
              {filter !== NO_FILTER && (
                <button type="button" className="small" onClick={() => setFilter(NO_FILTER)}>
                  Clear filters
                </button>
              )}
            </div>
            {events.length === 0 ? (
              <p className="muted">
                {history.events.length === 0 ? 'No changes found.' : 'No change matches the filters.'}
              </p>
            ) : (
              <Timeline name={history.name} events={events} order={order} holders={history.keys} limit={limit} />
            )}
            {events.length > limit && (
              <button type="button" className="secondary" onClick={() => setLimit((l) => l + TIMELINE_PAGE)}>
                Show {Math.min(TIMELINE_PAGE, events.length - limit)} more of {events.length - limit}
              </button>
            )}
          </section>
          <DiffPanel key={historyKey} points={history.points} request={request} />
        </div>
      )}
    </div>
  );
}
