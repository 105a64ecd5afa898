import { SignetError, isSignetError } from '../errors.js';
import { parseImageReference, type ImageReference } from '../registry/reference.js';
import type { Change, StagedChange } from '../trust/changelist.js';
import type { InitResult } from '../trust/initialize.js';
import type { PublishResult } from '../trust/publish.js';
import type { RoleName } from '../tuf/types.js';
import type { TrustedRepository } from '../notary/tuf-client.js';
import type { TrustWriter, WriteSession } from './writer.js';
import type { PushLayer } from '../engine/push-stream.js';

/** What every publishing operation reports (structured: the CLI and the app print it their own way). */
export interface Published {
  gun: string;
  /** Roles uploaded, in upload order. */
  roles: RoleName[];
  /** Changes this operation staged and published. */
  applied: StagedChange[];
  /** Changes staged earlier (by a failed or staged-only operation) that were published along. */
  carried: StagedChange[];
  /** The repository as the server now serves it, verified. */
  repo: TrustedRepository;
}

/** Events an operation reports while it runs (the CLI prints docker's progress lines from them). */
export type OperationEvent =
  | { type: 'initializing'; gun: string }
  | { type: 'initialized'; gun: string }
  /** A local image is being pushed through the Docker engine at `engine` before it is signed. */
  | { type: 'push-start'; gun: string; tag: string; engine: string }
  | { type: 'push-layer'; gun: string; layer: PushLayer }
  /** Pushed: the digest and size the registry now serves for the tag (what gets signed). */
  | { type: 'pushed'; gun: string; tag: string; digest: string; size: number };

export interface EventOptions {
  onEvent?: (e: OperationEvent) => void;
}

/** Stage the changes and stop: nothing is signed or published (review them, then publishStaged). */
export interface StageOnlyOption {
  stageOnly?: boolean;
}

/** With stageOnly: the repository must exist (creating one cannot be staged). */
export function refuseStageOnlyInit(gun: string): never {
  throw new SignetError(
    'NOTARY_NOT_INITIALIZED',
    `${gun} does not have trust data yet, so changes cannot be staged for it`,
    {
      hint: `initialize it first (signet init ${gun}), then stage changes`,
    },
  );
}

export function toRef(input: string | ImageReference): ImageReference {
  return typeof input === 'string' ? parseImageReference(input) : input;
}

/**
 * Failures after which the staged changes are worth keeping: the server could not be used, or the
 * user stopped at a passphrase prompt (cancelled or mistyped) — nothing was wrong with the changes.
 */
export function isTransient(e: unknown): boolean {
  return (
    isSignetError(e) &&
    [
      'HTTP_UNREACHABLE',
      'HTTP_TIMEOUT',
      'HTTP_SERVER_ERROR',
      'HTTP_TLS',
      'HTTP_UNAUTHORIZED',
      'PUBLISH_CONFLICT',
      'KEY_CANCELLED',
      'KEY_WRONG_PASSPHRASE',
    ].includes(e.code)
  );
}

/**
 * Stages `changes`, publishes everything staged for the repository (notary's `-p`: earlier staged
 * changes go along), and returns what went out. When the publish fails because the server could
 * not be used the changes stay staged (retry with publishStaged); any other failure un-stages this
 * operation's own changes, so a change that can never apply does not block later operations.
 */
export async function stageAndPublish(
  writer: TrustWriter,
  session: WriteSession,
  changes: Change[],
  init?: InitResult,
): Promise<Published>;
export async function stageAndPublish(
  writer: TrustWriter,
  session: WriteSession,
  changes: Change[],
  init: InitResult | undefined,
  opts: StageOnlyOption,
): Promise<Published | undefined>;
export async function stageAndPublish(
  writer: TrustWriter,
  session: WriteSession,
  changes: Change[],
  init?: InitResult,
  opts: StageOnlyOption = {},
): Promise<Published | undefined> {
  if (opts.stageOnly) {
    if (init || !session.repo) refuseStageOnlyInit(session.conn.ref.gun);
    await writer.stage(session, changes);
    return undefined;
  }
  const before = await session.changes.list();
  const mine = await writer.stage(session, changes);
  let result: PublishResult;
  try {
    result = await writer.publish(session, init);
  } catch (e) {
    if (!isTransient(e)) await session.changes.remove(mine.map((c) => c.id));
    throw annotateStaged(e, session, isTransient(e) ? mine.length + before.length : 0);
  }
  const ids = new Set(mine.map((c) => c.id));
  return {
    gun: session.conn.ref.gun,
    roles: result.published,
    applied: result.applied.filter((c) => ids.has(c.id)),
    carried: result.applied.filter((c) => !ids.has(c.id)),
    repo: result.repo,
  };
}

/** Adds a hint saying that the changes are still staged and how to retry or drop them. */
function annotateStaged(e: unknown, session: WriteSession, staged: number): unknown {
  if (staged === 0 || !(e instanceof SignetError)) return e;
  const gun = session.conn.ref.gun;
  const hint = `${staged} change(s) stay staged for ${gun}: retry with \`signet publish ${gun}\`, review with \`signet status ${gun}\`, drop with \`signet discard ${gun}\``;
  return new SignetError(e.code, e.message, { hint: e.hint ? `${e.hint}; ${hint}` : hint, cause: e.cause ?? e });
}

/** The repository as verified, or NOTARY_NOT_INITIALIZED naming it. */
export function requireRepo(session: WriteSession): TrustedRepository {
  if (session.repo) return session.repo;
  const gun = session.conn.ref.gun;
  throw new SignetError('NOTARY_NOT_INITIALIZED', `${gun} does not have trust data yet`, {
    hint: `initialize it first (signet init ${gun}), or sign a tag, which initializes it`,
  });
}

/**
 * The registry login username for the image's registry, as docker uses it to name the first
 * signer of a new repository (config.json `auths`, credsStore or credHelpers).
 */
export async function loginUsername(writer: TrustWriter, session: WriteSession): Promise<string | undefined> {
  const creds = await writer.ctx.credentials(session.conn.ref.domain);
  const name = creds && 'username' in creds ? creds.username : undefined;
  return name && name !== '' ? name : undefined;
}
