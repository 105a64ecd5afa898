/**
 * Docker Hub's notary (notary.docker.io) stops serving trust data on 2026-12-08 (Docker's DCT
 * retirement notice). Before that day Signet says how long is left and what to keep; after it, a
 * failed read of Hub's trust data says where the data went (the archive the user made).
 */
import { SignetError, isSignetError, type ErrorCode } from '../errors.js';

export const HUB_NOTARY = 'https://notary.docker.io';
/** The first day Hub's notary no longer answers (UTC). */
export const HUB_NOTARY_STOPS = '2026-12-08';

export interface HubSunset {
  /** {@link HUB_NOTARY_STOPS}. */
  stops: string;
  /** Whole days from `now` to the stop (0 on the day itself and after). */
  daysLeft: number;
  stopped: boolean;
}

const DAY_MS = 86_400_000;

/** The sunset when `server` is Docker Hub's notary, else undefined. */
export function hubSunset(server: string, now: Date): HubSunset | undefined {
  if (server.replace(/\/+$/, '').toLowerCase() !== HUB_NOTARY) return undefined;
  const left = Date.parse(`${HUB_NOTARY_STOPS}T00:00:00Z`) - now.getTime();
  return { stops: HUB_NOTARY_STOPS, daysLeft: Math.max(0, Math.ceil(left / DAY_MS)), stopped: left <= 0 };
}

/** "today", "tomorrow", "in 12 days". */
export function whenLeft(s: HubSunset): string {
  return s.daysLeft <= 0 ? 'today' : s.daysLeft === 1 ? 'tomorrow' : `in ${s.daysLeft} days`;
}

/** The sentence the CLI prints before Hub's trust data (the app shows the same in a banner). */
export function hubSunsetNote(s: HubSunset, image: string): string {
  if (s.stopped)
    return `Docker Hub's notary stopped on ${s.stops}: what it served is gone; read what you archived with --archive FILE.`;
  return (
    `Docker Hub's notary stops on ${s.stops} (${whenLeft(s)}): keep this trust data with ` +
    `\`signet archive ${image} FILE\`, then move its signatures to cosign with \`signet migrate ${image}\`.`
  );
}

/** Errors that mean "the server is not there" rather than "the data is wrong". */
const GONE: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'HTTP_UNREACHABLE',
  'HTTP_TIMEOUT',
  'HTTP_NOT_FOUND',
  'HTTP_SERVER_ERROR',
  'HTTP_TLS',
  'NOTARY_NOT_INITIALIZED',
]);

/** After the stop, a failed read of Hub's notary says why and where the data is now; other errors pass. */
export function explainHubGone(e: unknown, server: string, now: Date): unknown {
  const s = hubSunset(server, now);
  if (!s?.stopped || !isSignetError(e) || !GONE.has(e.code)) return e;
  return new SignetError(e.code, `${e.message} (Docker Hub's notary stopped on ${s.stops})`, {
    hint: 'its trust data is gone from Docker Hub: read the archive you made before (--archive FILE, or Open archive… in the app); sign with cosign from now on',
    cause: e,
  });
}
