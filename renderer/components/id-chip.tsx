/**
 * A digest or key ID, shown shortened (docker's 12 characters) with a copy button. The full value
 * is the accessible text (screen readers read it; the table filter searches it) and the title.
 */
import { useState, type ReactNode } from 'react';
import { truncateId } from '../lib/format.ts';

export interface IdChipProps {
  value: string;
  /** What it is, for the copy button ("digest", "key ID"). */
  kind: string;
  /** Characters shown (default 12, as docker truncates). */
  length?: number;
}

export function IdChip({ value, kind, length = 12 }: IdChipProps): ReactNode {
  const [copied, setCopied] = useState(false);
  const short = length === 12 ? truncateId(value) : value.slice(0, length);
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false);
    }
  };
  return (
    <span className="id-chip" title={value} data-full={value}>
      <code aria-hidden="true">{short}</code>
      <span className="sr-only">{value}</span>
      <button type="button" className="copy-button" title={`Copy ${kind}`} aria-label={`Copy ${kind}`} onClick={() => void copy()}>
        <span aria-hidden="true">{copied ? '✓' : '⧉'}</span>
      </button>
    </span>
  );
}

/** Several IDs in one cell. */
export function IdList({ values, kind }: { values: readonly string[]; kind: string }): ReactNode {
  if (values.length === 0) return <span className="muted">none</span>;
  return (
    <span className="id-list">
      {values.map((v) => (
        <IdChip key={v} value={v} kind={kind} />
      ))}
    </span>
  );
}
