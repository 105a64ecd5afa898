/**
 * The timeline: the history's events grouped by publish (oldest or newest first), each with what
 * changed, in which role and version, and who signed it (which keys, and whose they are). Versions
 * only kept locally and versions that failed verification say so, with the reason.
 */
import type { ReactNode } from 'react';
import type { HistoryEvent, KeyHolder } from '../../../electron/ipc/contract.ts';
import { Badge } from '../../components/badges.tsx';
import { IdChip } from '../../components/id-chip.tsx';
import { CHANGE_LABEL, CHANGE_TONE, formatTime, groupByPublish, type EventOrder } from './events.ts';
import { KeyRefs } from './key-ref.tsx';

/** Events rendered at most before "Show more" (a 5,000-tag first publish is 5,000 events). */
export const TIMELINE_PAGE = 300;

function Paths({ paths }: { paths: readonly string[] | undefined }): ReactNode {
  if (!paths || paths.length === 0) return <span className="muted">none</span>;
  return <>{paths.length === 1 && paths[0] === '' ? 'all paths' : paths.join(', ')}</>;
}

function What({ e }: { e: HistoryEvent }): ReactNode {
  switch (e.change) {
    case 'initialized':
      return <>Trust data created (root version 1)</>;
    case 'tag-added':
      return (
        <>
          <span className="tag-name">{e.tag}</span> signed: <IdChip value={e.digest ?? ''} kind="digest" />
        </>
      );
    case 'tag-removed':
      return (
        <>
          <span className="tag-name">{e.tag}</span> removed (was <IdChip value={e.previousDigest ?? ''} kind="digest" />
          )
        </>
      );
    case 'tag-changed':
      return (
        <>
          <span className="tag-name">{e.tag}</span> now <IdChip value={e.digest ?? ''} kind="digest" /> (was{' '}
          <IdChip value={e.previousDigest ?? ''} kind="digest" />)
        </>
      );
    case 'signer-added':
    case 'signer-removed':
    case 'signer-changed':
      return (
        <>
          signer <strong>{e.signer}</strong>
        </>
      );
    case 'key-rotated':
      return e.signer ? (
        <>
          keys of signer <strong>{e.signer}</strong> replaced
        </>
      ) : (
        <>{e.role} key replaced</>
      );
    case 'renewed':
      return <>re-signed with a new expiry date, nothing else changed</>;
    case 'unverified':
      return <>this version failed verification and is not trusted</>;
    case 'refused-outside-paths':
      return (
        <>
          <span className="tag-name">{e.tag}</span> listed outside the signer’s paths (
          <Paths paths={e.paths?.after} />
          ): not signed, docker pull refuses it
        </>
      );
  }
}

function Details({ e, holders }: { e: HistoryEvent; holders: Record<string, KeyHolder> }): ReactNode {
  const rows: ReactNode[] = [];
  if (e.keys && e.change !== 'signer-removed') {
    if (e.change !== 'signer-added')
      rows.push(
        <div key="kb">
          <dt>Keys before</dt>
          <dd>
            <KeyRefs ids={e.keys.before} holders={holders} />
          </dd>
        </div>,
      );
    rows.push(
      <div key="ka">
        <dt>{e.change === 'signer-added' ? 'Keys' : 'Keys after'}</dt>
        <dd>
          <KeyRefs ids={e.keys.after} holders={holders} />
        </dd>
      </div>,
    );
  }
  if (e.paths && e.change !== 'signer-removed')
    rows.push(
      <div key="p">
        <dt>Paths</dt>
        <dd>
          {e.change === 'signer-changed' && (
            <>
              <Paths paths={e.paths.before} /> →{' '}
            </>
          )}
          <Paths paths={e.paths.after} />
        </dd>
      </div>,
    );
  if (e.threshold && e.change !== 'signer-removed')
    rows.push(
      <div key="t">
        <dt>Threshold</dt>
        <dd>
          {e.change === 'signer-changed' && `${e.threshold.before ?? '–'} → `}
          {e.threshold.after ?? '–'}
        </dd>
      </div>,
    );
  if (e.problem)
    rows.push(
      <div key="err" className="tl-problem">
        <dt>Why</dt>
        <dd>{e.problem.message}</dd>
      </div>,
    );
  else
    rows.push(
      <div key="by">
        <dt>Signed by</dt>
        <dd>
          <KeyRefs ids={e.keyIds} holders={holders} />
        </dd>
      </div>,
    );
  return <dl className="tl-details">{rows}</dl>;
}

function EventItem({ e, holders }: { e: HistoryEvent; holders: Record<string, KeyHolder> }): ReactNode {
  return (
    <li className={`tl-event tl-${e.change}`} data-change={e.change}>
      <p className="tl-title">
        <Badge tone={CHANGE_TONE[e.change]}>{CHANGE_LABEL[e.change]}</Badge> <What e={e} />{' '}
        <span className="muted">
          in <code>{e.role}</code> version {e.version}
        </span>
        {e.source === 'kept' && (
          <Badge tone="info" title="The trust server no longer serves this version: Signet kept it when it verified it">
            kept locally
          </Badge>
        )}
      </p>
      <Details e={e} holders={holders} />
    </li>
  );
}

export function Timeline({
  name,
  events,
  order,
  holders,
  limit,
}: {
  name: string;
  events: readonly HistoryEvent[];
  order: EventOrder;
  holders: Record<string, KeyHolder>;
  limit: number;
}): ReactNode {
  let left = limit;
  const groups = groupByPublish(events, order).flatMap((g) => {
    if (left <= 0) return [];
    const shown = g.events.slice(0, left);
    left -= shown.length;
    return [{ ...g, events: shown }];
  });
  return (
    <ol className="timeline" aria-label={`History of ${name}`}>
      {groups.map((g, i) => (
        <li key={`${g.publish ?? 'none'}-${g.time ?? ''}-${i}`} className="tl-publish">
          <h3 className="tl-when">
            {g.publish !== undefined ? `Publish ${g.publish}` : 'Not in a known publish'}
            <span className="muted">
              {' · '}
              <time dateTime={g.time ?? undefined}>{formatTime(g.time)}</time>
            </span>
          </h3>
          <ul className="tl-events">
            {g.events.map((e, j) => (
              <EventItem
                key={`${e.role}-${e.version}-${e.change}-${e.tag ?? e.signer ?? ''}-${j}`}
                e={e}
                holders={holders}
              />
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
