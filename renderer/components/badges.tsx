/** Status badges: text always says what the colour means (never colour alone). */
import type { ReactNode } from 'react';
import type { ExpiryState } from '../../core/trust/policy.ts';
import { formatDate, relativeTime } from '../lib/format.ts';
import type { RepoStatus } from '../lib/derive.ts';
import { pullHelp, pullText, type PullMark } from '../lib/signed-rows.ts';

export type Tone = 'ok' | 'info' | 'warning' | 'error' | 'neutral';

export function Badge({
  tone,
  children,
  title,
  wrap = false,
}: {
  tone: Tone;
  children: ReactNode;
  title?: string;
  /** Long text (a token's label): wraps in its cell instead of being cut. */
  wrap?: boolean;
}): ReactNode {
  return (
    <span className={`badge badge-${tone}${wrap ? ' badge-wrap' : ''}`} title={title}>
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

/**
 * A date with its expiry badge. `state` is core's (core/trust/policy.ts, computed in the main
 * process at `now`, the view's or report's clock), never recomputed here; the relative time is
 * shown against the same clock, so the words always agree with the badge.
 */
export function ExpiryCell({
  expires,
  state,
  now,
  renewedByServer = false,
}: {
  expires: string | undefined;
  state: ExpiryState | undefined;
  now: number;
  renewedByServer?: boolean;
}): ReactNode {
  if (!expires || !state) return <span className="muted">never signed</span>;
  if (renewedByServer && state !== 'expired') {
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
      {state === 'expired' ? (
        <Badge tone="error">expired {rel}</Badge>
      ) : state === 'expiring' ? (
        <Badge tone="warning">expires {rel}</Badge>
      ) : (
        <span className="muted">{rel}</span>
      )}
    </span>
  );
}

/**
 * Which digest of a tag signed several times docker pull gets: "pulled" / "shadowed" (beside the
 * tag); the accessible text says it whole ("docker pull gets this", "shadowed: docker pull gets
 * 397626866f58"), the tooltip why.
 */
export function PullBadge({ mark }: { mark: PullMark }): ReactNode {
  const text = pullText(mark);
  return (
    <span className="pull-mark" title={pullHelp(mark)} data-pulled={String(mark.pulled)}>
      {mark.pulled ? (
        <Badge tone="ok">
          pulled<span className="sr-only"> ({text})</span>
        </Badge>
      ) : (
        <Badge tone="neutral">
          shadowed<span className="sr-only">{text.slice('shadowed'.length)}</span>
        </Badge>
      )}
    </span>
  );
}
