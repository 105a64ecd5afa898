/**
 * Where a history comes from (the trust server, the local store, an archive), how many changes,
 * versions kept locally and versions that failed verification, and what is missing.
 */
import type { ReactNode } from 'react';
import type { HistoryDTO } from '../../../electron/ipc/contract.ts';
import { Badge } from '../../components/badges.tsx';
import { formatTime } from './events.ts';

function Source({ history }: { history: HistoryDTO }): ReactNode {
  if (history.archive)
    return (
      <>
        From the archive <code>{history.archive.name}</code>, written {formatTime(history.archive.created)} from{' '}
        {history.archive.server}
      </>
    );
  if (history.serverProblem || history.source === 'kept locally') return <>Kept locally by Signet</>;
  return <>From {history.source}, with what Signet kept locally</>;
}

export function HistorySummary({ history }: { history: HistoryDTO }): ReactNode {
  // the banner already says why the server was not used
  const notes = history.notes.filter((n) => !(history.serverProblem && n.includes(history.serverProblem.message)));
  return (
    <>
      <p className="history-source">
        <Source history={history} />
      </p>
      <p className="history-counts muted">
        {history.events.length} change{history.events.length === 1 ? '' : 's'} in {history.points.length} publish
        {history.points.length === 1 ? '' : 'es'}, from {history.versions.total} stored versions
        {history.versions.kept > 0 && (
          <>
            {' · '}
            <Badge tone="info">{history.versions.kept} kept locally</Badge>
          </>
        )}
        {history.versions.unverified > 0 && (
          <>
            {' · '}
            <Badge tone="error">{history.versions.unverified} unverified</Badge>
          </>
        )}
      </p>
      {history.serverProblem && (
        <div className="banner banner-warning" role="status">
          <strong>The trust server&apos;s data was not used:</strong> {history.serverProblem.message}. Showing the
          history Signet kept locally; versions only kept here are labelled &ldquo;kept locally&rdquo;.
        </div>
      )}
      {history.versions.unverified > 0 && (
        <div className="banner banner-warning" role="status">
          <strong>
            {history.versions.unverified} version{history.versions.unverified === 1 ? '' : 's'} failed verification.
          </strong>{' '}
          {history.versions.unverified === 1 ? 'It is' : 'They are'} listed as &ldquo;unverified&rdquo; with the reason,
          never trusted, and never used to compute a change.
        </div>
      )}
      {notes.length > 0 && (
        <ul className="banner banner-info" aria-label="Notes on the history">
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </>
  );
}
