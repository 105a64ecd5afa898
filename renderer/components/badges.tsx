/** Status badges: text always says what the colour means (never colour alone). */
import type { ReactNode } from 'react';
import { expiryStatus, formatDate, relativeTime } from '../lib/format.ts';
import type { RepoStatus } from '../lib/derive.ts';

export type Tone = 'ok' | 'info' | 'warning' | 'error' | 'neutral';

export function Badge({ tone, children, title }: { tone: Tone; children: ReactNode; title?: string }): ReactNode {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

const REPO: Record<RepoStatus, { tone: Tone; text: string }> = {
  signed: { tone: 'ok', text: 'signed' },
  unsigned: { tone: 'neutral', text: 'unsigned' },
  expiring: { tone: 'warning', text: 'expiring' },
  expired: { tone: 'error', text: 'expired' },
  error: { tone: 'error', text: 'error' },
  loading: { tone: 'info', text: 'loading' },
  unknown: { tone: 'neutral', text: 'not loaded' },
};

export function RepoStatusBadge({ status }: { status: RepoStatus }): ReactNode {
  const s = REPO[status];
  return <Badge tone={s.tone}>{s.text}</Badge>;
}

/** A date with its expiry badge: warning within 30 days, error once past. */
export function ExpiryCell({
  expires,
  now,
  renewedByServer = false,
}: {
  expires: string | undefined;
  now?: number;
  renewedByServer?: boolean;
}): ReactNode {
  if (!expires) return <span className="muted">never signed</span>;
  const status = expiryStatus(expires, now);
  if (renewedByServer && status !== 'expired') {
    return (
      <span className="expiry" title={`${expires} (the server re-signs this role before it expires)`}>
        <time dateTime={expires}>{formatDate(expires)}</time> <span className="muted">server-renewed</span>
      </span>
    );
  }
  const rel = relativeTime(expires, now);
  return (
    <span className="expiry" title={expires}>
      <time dateTime={expires}>{formatDate(expires)}</time>{' '}
      {status === 'expired' ? (
        <Badge tone="error">expired {rel}</Badge>
      ) : status === 'expiring' ? (
        <Badge tone="warning">expires {rel}</Badge>
      ) : (
        <span className="muted">{rel}</span>
      )}
    </span>
  );
}
