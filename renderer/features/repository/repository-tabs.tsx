/**
 * The views of one repository as tabs (WAI-ARIA tabs, automatic activation: arrow keys, Home,
 * End): its trust data (docker's tables, what the caller passes), the trust graph, and the
 * history. The chosen tab is kept when another repository is selected.
 */
import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { TrustView } from '../../lib/types.ts';
import { useApp } from '../../store/index.ts';
import type { RepositoryTab } from '../../store/types.ts';
import { GraphTab } from '../trust-graph/graph-tab.tsx';
import { HistoryTab } from '../history/history-tab.tsx';

const TABS: Array<{ id: RepositoryTab; label: string }> = [
  { id: 'trust', label: 'Trust data' },
  { id: 'graph', label: 'Trust graph' },
  { id: 'history', label: 'History' },
];

export function RepositoryTabs({
  reference,
  view,
  history,
  readOnly = false,
  children,
}: {
  /** The key the store knows the repository by (a reference, or `archive:<id>`). */
  reference: string;
  view: TrustView | undefined;
  /** What the History tab reads: the repository, and the archive it comes from. */
  history: { reference: string; archive?: string };
  readOnly?: boolean;
  /** The Trust data tab. */
  children: ReactNode;
}): ReactNode {
  const tab = useApp((s) => s.repositoryTab);
  const setTab = useApp((s) => s.setRepositoryTab);
  const base = useId();
  const buttons = useRef(new Map<RepositoryTab, HTMLButtonElement>());
  const onKey = (e: KeyboardEvent): void => {
    const i = TABS.findIndex((t) => t.id === tab);
    const next =
      e.key === 'ArrowRight'
        ? TABS[(i + 1) % TABS.length]
        : e.key === 'ArrowLeft'
          ? TABS[(i - 1 + TABS.length) % TABS.length]
          : e.key === 'Home'
            ? TABS[0]
            : e.key === 'End'
              ? TABS[TABS.length - 1]
              : undefined;
    if (!next) return;
    e.preventDefault();
    setTab(next.id);
    buttons.current.get(next.id)?.focus();
  };
  return (
    <>
      <div role="tablist" aria-label="Repository views" className="repo-tabs" onKeyDown={onKey}>
        {TABS.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              if (el) buttons.current.set(t.id, el);
            }}
            type="button"
            role="tab"
            id={`${base}-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`${base}-panel`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${base}-panel`} aria-labelledby={`${base}-tab-${tab}`} className="repo-tabpanel">
        {tab === 'trust' && children}
        {tab === 'graph' &&
          (view ? (
            <GraphTab reference={reference} view={view} readOnly={readOnly} />
          ) : (
            <p className="muted">
              The trust graph is drawn from the repository&apos;s trust data, which is not available.
            </p>
          ))}
        {tab === 'history' && <HistoryTab historyKey={reference} request={history} canExport={!readOnly} />}
      </div>
    </>
  );
}
