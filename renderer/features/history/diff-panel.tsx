/**
 * "Compare two points": pick two publishes (or "latest", or a time: the state then in force) and
 * see what changed between them. The points are resolved and compared in main by core's diff, the
 * code `signet diff` runs; a point core does not understand comes back with its hint.
 */
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { DiffDTO, HistoryPointDTO } from '../../../electron/ipc/contract.ts';
import { useApi } from '../../api.ts';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
import { useAction } from '../../components/use-action.ts';
import { formatTime } from './events.ts';
import { DiffView } from './diff-view.tsx';

const TIME = 'time';

interface PointValue {
  choice: string;
  time: string;
}

function PointPicker({
  label,
  points,
  value,
  onChange,
}: {
  label: string;
  points: readonly HistoryPointDTO[];
  value: PointValue;
  onChange: (v: PointValue) => void;
}): ReactNode {
  const id = useId();
  return (
    <div className="diff-point">
      <label htmlFor={`${id}-point`}>{label}</label>
      <select id={`${id}-point`} value={value.choice} onChange={(e) => onChange({ ...value, choice: e.target.value })}>
        {points.map((p) => (
          <option key={p.publish} value={String(p.publish)}>
            Publish {p.publish} — {formatTime(p.time)}
            {p.kept ? ' (kept locally)' : ''}
          </option>
        ))}
        <option value="latest">Latest publish</option>
        <option value={TIME}>A time…</option>
      </select>
      {value.choice === TIME && (
        <input
          type="text"
          aria-label={`${label}: time`}
          value={value.time}
          onChange={(e) => onChange({ ...value, time: e.target.value })}
          placeholder="2026-12-01T10:30:00Z"
          spellCheck={false}
        />
      )}
    </div>
  );
}

export function DiffPanel({
  points,
  request,
}: {
  points: readonly HistoryPointDTO[];
  /** What the diff is asked about: the repository, and the archive it is read from. */
  request: { reference: string; archive?: string };
}): ReactNode {
  const api = useApi();
  const first = points[0] ? String(points[0].publish) : 'latest';
  const [from, setFrom] = useState<PointValue>({ choice: first, time: '' });
  const [to, setTo] = useState<PointValue>({ choice: 'latest', time: '' });
  const [diff, setDiff] = useState<DiffDTO | null>(null);
  const text = (p: PointValue): string => (p.choice === TIME ? p.time.trim() : p.choice);
  const { run, busy, error } = useAction(async () => {
    setDiff(null);
    setDiff(await api.history.diff({ ...request, from: text(from), to: text(to) }));
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    void run();
  };
  return (
    <section className="panel diff-panel" aria-labelledby="diff-heading">
      <h2 id="diff-heading">Compare two points</h2>
      {points.length === 0 ? (
        <p className="muted">No complete publish is known yet, so there is nothing to compare.</p>
      ) : (
        <form className="diff-form" onSubmit={submit}>
          <PointPicker label="From" points={points} value={from} onChange={setFrom} />
          <PointPicker label="To" points={points} value={to} onChange={setTo} />
          <button type="submit" disabled={busy}>
            {busy ? 'Comparing…' : 'Show differences'}
          </button>
        </form>
      )}
      {error && <ErrorExplanation error={error} />}
      {diff && <DiffView diff={diff} />}
    </section>
  );
}
