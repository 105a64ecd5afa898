/**
 * Reading a repository's trust data (docker trust inspect, the app's tables): verified in TUF
 * order, from the server or, when it cannot be reached and `offline` allows, from the cache.
 */
import type { CryptoProvider } from '../crypto/provider.js';
import { keyId } from '../crypto/key-id.js';
import { updateRepository, type TrustedRepository } from '../notary/tuf-client.js';
import { parseImageReference, type ImageReference } from '../registry/reference.js';
import { buildTrustView } from '../trust/view.js';
import { explainHubGone, hubSunset } from '../notary/hub-sunset.js';
import type { TrustView } from '../trust/view-types.js';
import { pinFor } from '../tuf/trust-pinning.js';
import type { RoleName } from '../tuf/types.js';
import type { ReadContext, RepositoryConnection } from './context.js';

export interface ReadOptions {
  crypto: CryptoProvider;
  now: Date;
  /** 'auto': cached data when the server cannot be used; 'never'; 'only': the cache alone. */
  offline: 'auto' | 'never' | 'only';
  /** Canonical IDs of the keys you hold ("who holds this key"). */
  localKeyIds: ReadonlySet<string>;
  /** Also ask the server which keys it holds (snapshot, timestamp). */
  serverKeys?: boolean;
  /**
   * Where a long-lived shell (the app) keeps what servers answered, by server, GUN and root
   * version: the keys a server holds change only with a root that lists other keys.
   */
  serverKeyMemo?: Map<string, ReadonlySet<string>>;
  /** The cache and history writes handed over, not awaited (updateRepository's writeBehind). */
  writeBehind?: (write: () => Promise<void>) => void;
  /** The name the view is shown under (docker prints the reference as typed); default: the GUN. */
  name?: string;
  /** 'report' for an archive only (see updateRepository). */
  expiry?: 'enforce' | 'report';
}

export interface TrustRead {
  ref: ImageReference;
  server: string;
  repo: TrustedRepository;
  view: TrustView;
}

/** What reading needs of a connection: a server, archive or cache to read from; no registry. */
export type TrustSource = Pick<RepositoryConnection, 'ref' | 'server' | 'remote' | 'cache' | 'pinning' | 'observe'>;

export async function readTrust(conn: TrustSource, opts: ReadOptions): Promise<TrustRead> {
  const { ref, remote, cache } = conn;
  const repo = await updateRepository({
    gun: ref.gun,
    remote,
    cache,
    crypto: opts.crypto,
    offline: opts.offline,
    now: opts.now,
    ...(conn.pinning ? { pinning: conn.pinning } : {}),
    ...(conn.observe ? { observe: conn.observe } : {}),
    ...(opts.expiry ? { expiry: opts.expiry } : {}),
    ...(opts.writeBehind ? { writeBehind: opts.writeBehind } : {}),
  }).catch((e: unknown) => {
    throw explainHubGone(e, conn.server, opts.now);
  });
  // asked only once the repository is known to exist: for an unknown GUN the server mints a new key per GET
  const serverKeyIds =
    opts.serverKeys && repo.source === 'remote'
      ? await memoized(opts.serverKeyMemo, `${conn.server} ${ref.gun} root@${repo.root.signed.version}`, () =>
          serverKeys(conn, opts.crypto),
        )
      : new Set<string>();
  const view = buildTrustView(repo, {
    name: opts.name ?? ref.gun,
    ...(ref.tag !== undefined ? { tag: ref.tag } : {}),
    crypto: opts.crypto,
    localKeyIds: opts.localKeyIds,
    serverKeyIds,
    now: opts.now,
  });
  const pin = pinFor(conn.pinning, ref.gun);
  view.rootTrust =
    pin.kind === 'certs'
      ? { kind: 'certs', ids: pin.ids }
      : pin.kind === 'ca'
        ? { kind: 'ca', prefix: pin.prefix, source: pin.source }
        : { kind: 'tofu' };
  const sunset = hubSunset(conn.server, opts.now);
  if (sunset) view.hubNotary = sunset;
  return { ref, server: conn.server, repo, view };
}

/**
 * An image's trust data as inspect and the app's views show it, over a context: read and verified
 * (cached data as the context's offline mode allows), shown under the name as typed.
 */
export async function readView(
  ctx: ReadContext,
  input: string,
  opts: {
    serverKeys?: boolean;
    serverKeyMemo?: ReadOptions['serverKeyMemo'];
    writeBehind?: ReadOptions['writeBehind'];
    localKeyIds?: ReadonlySet<string>;
  } = {},
): Promise<TrustRead> {
  const ref = parseImageReference(input);
  const [conn, held] = await Promise.all([ctx.connect(ref), opts.localKeyIds ?? ctx.localKeyIds()]);
  return readTrust(conn, {
    crypto: ctx.crypto,
    now: ctx.now(),
    offline: ctx.offline,
    localKeyIds: held,
    name: input,
    ...(opts.serverKeys ? { serverKeys: true } : {}),
    ...(opts.serverKeyMemo ? { serverKeyMemo: opts.serverKeyMemo } : {}),
    ...(opts.writeBehind ? { writeBehind: opts.writeBehind } : {}),
  });
}

/** Both server keys found: kept in `memo` (at most 256 entries); a partial answer is asked again next time. */
async function memoized(
  memo: Map<string, ReadonlySet<string>> | undefined,
  key: string,
  ask: () => Promise<Set<string>>,
): Promise<ReadonlySet<string>> {
  const known = memo?.get(key);
  if (known !== undefined) return known;
  const ids = await ask();
  if (memo !== undefined && ids.size === 2) {
    if (memo.size >= 256) memo.delete(memo.keys().next().value!);
    memo.set(key, ids);
  }
  return ids;
}

/** Which keys the server holds, for "who holds this key" (best effort: unknown when it cannot say). */
export async function serverKeys(conn: Pick<TrustSource, 'remote'>, crypto: CryptoProvider): Promise<Set<string>> {
  const ids = new Set<string>();
  await Promise.all(
    (['snapshot', 'timestamp'] as const).map(async (role) => {
      try {
        ids.add(keyId(await conn.remote.getKey(role), crypto));
      } catch {
        // an older server or one without the repository: the holder stays unknown
      }
    }),
  );
  return ids;
}

/** The verified metadata files as received (role → JSON text): read (and verify) first, then the cache. */
export async function verifiedMetadataFiles(
  conn: RepositoryConnection,
  opts: Omit<ReadOptions, 'localKeyIds' | 'serverKeys'>,
): Promise<Record<RoleName, string>> {
  await updateRepository({
    gun: conn.ref.gun,
    remote: conn.remote,
    cache: conn.cache,
    crypto: opts.crypto,
    offline: opts.offline,
    now: opts.now,
    ...(conn.pinning ? { pinning: conn.pinning } : {}),
    ...(conn.observe ? { observe: conn.observe } : {}),
  });
  const out: Record<RoleName, string> = {};
  const text = new TextDecoder();
  for (const role of await conn.cache.list()) {
    const bytes = await conn.cache.get(role);
    if (bytes) out[role] = text.decode(bytes);
  }
  return out;
}
