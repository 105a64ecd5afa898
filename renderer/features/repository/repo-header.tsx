/**
 * The repository header: its name (wrapping only after a "/", a part too long for the line cut
 * with "…", the full name in the tooltip), where the data comes from, and the actions. "Sign tag"
 * is always there (a repository without trust data is initialized on the way); the other actions
 * go into a "More actions" menu when the header is too narrow for them (a CSS container query).
 */
import type { ReactNode } from 'react';
import { RepoName } from '../../components/repo-name.tsx';
import { Badge } from '../../components/badges.tsx';
import { OverflowMenu, type MenuAction } from '../../components/overflow-menu.tsx';
import { formatDate } from '../../lib/format.ts';
import { useApp } from '../../store/index.ts';

export function RepoTitle({ name }: { name: string }): ReactNode {
  return (
    <h1 id="repo-title" className="repo-title" title={name}>
      <RepoName name={name} />
    </h1>
  );
}

export function RepoHeader({ reference }: { reference: string }): ReactNode {
  const entry = useApp((s) => s.views[reference]);
  const loadView = useApp((s) => s.loadView);
  const openDialog = useApp((s) => s.openDialog);
  const removeRepository = useApp((s) => s.removeRepository);
  const watched = useApp((s) => s.watched.some((w) => w.reference === reference));
  const view = entry?.view;
  const loading = entry?.status === 'loading';

  const more: MenuAction[] = [
    ...(view
      ? [
          { label: 'Review changes', onSelect: () => openDialog({ kind: 'review-changes', reference }) },
          { label: 'Renew', onSelect: () => openDialog({ kind: 'renew-role', reference }) },
          { label: 'Rotate keys', onSelect: () => openDialog({ kind: 'rotate-key', reference }) },
          {
            label: 'Migrate to cosign',
            onSelect: () => openDialog({ kind: 'migrate', targets: [view.gun], reference }),
          },
        ]
      : []),
    ...(watched ? [{ label: 'Stop watching', onSelect: () => void removeRepository(reference) }] : []),
  ];

  return (
    <header className="repo-header repo-head">
      <RepoTitle name={view?.name ?? reference} />
      {view && view.gun !== view.name && <p className="muted">GUN {view.gun}</p>}
      <div className="repo-bar">
        <div className="repo-meta">
          {view && (
            <Badge
              tone={view.source === 'cache' ? 'warning' : 'ok'}
              title={view.source === 'cache' ? view.offlineReason : undefined}
            >
              {view.source === 'cache' ? 'cached data (offline)' : 'live from the trust server'}
            </Badge>
          )}
          {entry?.fetchedAt && (
            <span className="muted small-text">checked {formatDate(new Date(entry.fetchedAt).toISOString())}</span>
          )}
        </div>
        <div className="repo-actions" role="group" aria-label="Repository actions">
          <button type="button" onClick={() => openDialog({ kind: 'sign-tag', reference })}>
            Sign tag
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => void loadView(reference, { force: true })}
            disabled={loading}
          >
            {loading ? 'Refreshing…' : 'Refresh'}
          </button>
          {more.map((a) => (
            <button key={a.label} type="button" className="secondary repo-action-more" onClick={a.onSelect}>
              {a.label}
            </button>
          ))}
          {more.length > 0 && <OverflowMenu actions={more} className="repo-actions-overflow" />}
        </div>
      </div>
    </header>
  );
}
