/** Every role expiry across the audited repositories, soonest first, with today marked. */
import { useState, type ReactNode } from 'react';
import type { RepositoryAudit } from '../../../electron/ipc/contract.ts';
import { Badge } from '../../components/badges.tsx';
import { formatDate, relativeTime } from '../../lib/format.ts';
import { roleExpiries, type RoleExpiry } from '../../../core/audit/shape.ts';
import { todayIndex } from './derive.ts';

const FIRST = 40;

function Item({ item, now }: { item: RoleExpiry; now: number }): ReactNode {
  return (
    <li className={`timeline-item timeline-${item.state}`}>
      <span className="timeline-dot" aria-hidden="true" />
      <time dateTime={item.expires} title={item.expires}>
        {formatDate(item.expires)}
      </time>
      <span className="timeline-what">
        <span className="timeline-repo">{item.repository}</span> <span className="muted">{item.role}</span>
      </span>
      <span className="timeline-when">
        {item.state === 'ok' ? (
          <span className="muted">{relativeTime(item.expires, now)}</span>
        ) : (
          <Badge tone={item.state === 'expired' ? 'error' : 'warning'}>
            {item.state} {relativeTime(item.expires, now)}
          </Badge>
        )}
      </span>
    </li>
  );
}

/** `now`: the audit's clock (its report's `at`), so "today" is the day the states were computed for. */
export function ExpiryTimeline({ repositories, now }: { repositories: RepositoryAudit[]; now: number }): ReactNode {
  const [all, setAll] = useState(false);
  // the server-renewed timestamp only when it has expired (the server failed to renew it)
  const items = roleExpiries(repositories, { expiredRenewed: true });
  const today = todayIndex(items, now);
  // the past, today and what comes next: at least the FIRST soonest after today
  const shown = all ? items : items.slice(0, Math.max(FIRST, today + FIRST / 2));
  const todayIso = new Date(now).toISOString();
  const marker = (
    <li key="today" className="timeline-today" aria-current="date">
      <span className="timeline-dot" aria-hidden="true" />
      <time dateTime={todayIso}>Today, {todayIso.slice(0, 10)}</time>
    </li>
  );
  return (
    <section className="panel audit-timeline" aria-labelledby="audit-timeline-heading">
      <h2 id="audit-timeline-heading">Expiry timeline</h2>
      <p className="muted small-text">
        Every role’s expiry, soonest first. The timestamp, which the trust server renews itself, is left out.
      </p>
      {items.length === 0 ? (
        <p className="muted">No expiry dates yet.</p>
      ) : (
        <ol className="expiry-timeline" aria-label="Expiry timeline">
          {shown.slice(0, today).map((x) => (
            <Item key={`${x.repository}\u0000${x.role}`} item={x} now={now} />
          ))}
          {marker}
          {shown.slice(today).map((x) => (
            <Item key={`${x.repository}\u0000${x.role}`} item={x} now={now} />
          ))}
        </ol>
      )}
      {shown.length < items.length && (
        <button type="button" className="small" onClick={() => setAll(true)}>
          Show all {items.length}
        </button>
      )}
    </section>
  );
}
