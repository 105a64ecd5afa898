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
      <button
        type="button"
        className="copy-button"
        title={`Copy ${kind}`}
        aria-label={`Copy ${kind}`}
        onClick={() => void copy()}
      >
        {copied ? (
          <svg aria-hidden="true" width="12" height="12" viewBox="0 0 16 16" fill="currentColor">
            <path d="M13.78 4.22a.75.75 0 0 1 0 1.06l-7.25 7.25a.75.75 0 0 1-1.06 0L2.22 9.28a.75.75 0 0 1 1.06-1.06L6 10.94l6.72-6.72a.75.75 0 0 1 1.06 0Z" />
          </svg>
        ) : (
          <svg aria-hidden="true" width="12" height="12" viewBox="0 0 16 16" fill="currentColor">
            <path d="M0 6.75C0 5.784.784 5 1.75 5h1.5a.75.75 0 0 1 0 1.5h-1.5a.25.25 0 0 0-.25.25v7.5c0 .138.112.25.25.25h7.5a.25.25 0 0 0 .25-.25v-1.5a.75.75 0 0 1 1.5 0v1.5A1.75 1.75 0 0 1 9.25 16h-7.5A1.75 1.75 0 0 1 0 14.25Z" />
            <path d="M5 1.75C5 .784 5.784 0 6.75 0h7.5C15.216 0 16 .784 16 1.75v7.5A1.75 1.75 0 0 1 14.25 11h-7.5A1.75 1.75 0 0 1 5 9.25Zm1.75-.25a.25.25 0 0 0-.25.25v7.5c0 .138.112.25.25.25h7.5a.25.25 0 0 0 .25-.25v-7.5a.25.25 0 0 0-.25-.25Z" />
          </svg>
        )}
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
