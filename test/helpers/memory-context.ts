/**
 * Contexts over the in-memory notary and a fake registry, for unit tests of core/operations: the
 * same operations the CLI and the app run, with every part in memory. memoryTrustWriter for
 * writing; memoryReadContext for reading (view, history, diff, archives, audit).
 */
import { createHash } from 'node:crypto';
import { AuthenticatingClient, type Credentials } from '../../core/http/auth.js';
import { nodeCrypto } from '../../core/node/node-crypto.js';
import { SignetError } from '../../core/errors.js';
import { keepVerified } from '../../core/history/keep.js';
import { MemoryVersionStore } from '../../core/history/version-store.js';
import { MemoryMetadataCache } from '../../core/notary/metadata-cache.js';
import type { ReadContext, TrustContext } from '../../core/operations/context.js';
import type { TrustPinning } from '../../core/tuf/trust-pinning.js';
import { toHex } from '../../core/util/bytes.js';
import { TrustWriter } from '../../core/operations/writer.js';
import { MemoryChangeStore, type ChangeStore } from '../../core/trust/changelist.js';
import { FakeTransport, reply } from './fake-transport.js';
import type { MemoryNotary, MemoryWriter } from './memory-notary.js';

/** The manifest the fake registry serves for a tag (schema2 media type), and its digest. */
export function manifestFor(tag: string): { body: string; hex: string; size: number } {
  const body = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    tag,
  });
  return { body, hex: createHash('sha256').update(body).digest('hex'), size: Buffer.byteLength(body) };
}

/** A registry answering every `/v2/<name>/manifests/<tag>` with manifestFor(tag). */
export function fakeRegistry(): FakeTransport {
  return new FakeTransport((req) => {
    const m = /\/manifests\/([^/]+)$/.exec(new URL(req.url).pathname);
    if (!m) return reply(404, '{"errors":[{"code":"NOT_FOUND"}]}');
    const { body, hex } = manifestFor(m[1]!);
    const headers = {
      'content-type': 'application/vnd.docker.distribution.manifest.v2+json',
      'docker-content-digest': `sha256:${hex}`,
      'content-length': String(Buffer.byteLength(body)),
    };
    return reply(200, req.method === 'HEAD' ? '' : body, headers);
  });
}

/** A TrustWriter for one MemoryWriter's person: its keys, its cache, its staged changes, a login name. */
export function memoryTrustWriter(w: MemoryWriter, opts: { login?: string } = {}): TrustWriter {
  const changes = new Map<string, ChangeStore>([[w.gun, w.changes]]);
  const transport = fakeRegistry();
  const credentials = async (): Promise<Credentials | undefined> =>
    opts.login !== undefined ? { username: opts.login, password: 'secret' } : undefined;
  const ctx: TrustContext = {
    connect: async (ref) => ({
      ref,
      server: 'memory://notary',
      remote: w.notary,
      cache: w.cache,
      client: new AuthenticatingClient(transport, { credentials: { get: credentials } }),
    }),
    changes: (gun) => {
      let c = changes.get(gun);
      if (!c) changes.set(gun, (c = new MemoryChangeStore()));
      return c;
    },
    keys: w.keys,
    crypto: nodeCrypto,
    credentials,
    now: () => w.now(),
  };
  return new TrustWriter(ctx);
}

/** A registry's repositories (paths) → tag → manifest body; digests are the sha256 of the body. */
export type MemoryImages = Record<string, Record<string, string>>;

/** A registry answering tags/list, _catalog and manifest HEAD/GET from `images` (404 for anything else). */
export function memoryRegistry(images: MemoryImages): FakeTransport {
  const json = (body: unknown) => reply(200, JSON.stringify(body), { 'content-type': 'application/json' });
  return new FakeTransport((req) => {
    const path = new URL(req.url).pathname;
    if (path === '/v2/_catalog') return json({ repositories: Object.keys(images).sort() });
    const tags = /^\/v2\/(.+)\/tags\/list$/.exec(path);
    if (tags) return images[tags[1]!] ? json({ name: tags[1], tags: Object.keys(images[tags[1]!]!) }) : reply(404);
    const m = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(path);
    const body = m ? images[m[1]!]?.[m[2]!] : undefined;
    if (body === undefined) return reply(404, '{"errors":[{"code":"MANIFEST_UNKNOWN"}]}');
    const headers = {
      'content-type': 'application/vnd.docker.distribution.manifest.v2+json',
      'docker-content-digest': `sha256:${createHash('sha256').update(body).digest('hex')}`,
      'content-length': String(Buffer.byteLength(body)),
    };
    return reply(200, req.method === 'HEAD' ? '' : body, headers);
  });
}

/** A ReadContext over in-memory notaries (one per GUN) and a registry, with its caches and store open to tests. */
export interface MemoryReadContext extends ReadContext {
  /** The trusted-metadata cache per GUN (what connect uses and trusted() returns). */
  caches: Map<string, MemoryMetadataCache>;
  versions: MemoryVersionStore;
  /** Every GUN connect() was asked for, in order. */
  connected: string[];
}

export function memoryReadContext(
  notaries: MemoryNotary[],
  opts: {
    now: () => Date;
    images?: MemoryImages;
    pinning?: TrustPinning;
    localKeyIds?: ReadonlySet<string>;
    offline?: ReadContext['offline'];
  },
): MemoryReadContext {
  const caches = new Map<string, MemoryMetadataCache>();
  const trusted = (gun: string): MemoryMetadataCache => {
    let c = caches.get(gun);
    if (!c) caches.set(gun, (c = new MemoryMetadataCache()));
    return c;
  };
  const versions = new MemoryVersionStore((b) => toHex(nodeCrypto.sha256(b)));
  const client = new AuthenticatingClient(memoryRegistry(opts.images ?? {}), {
    credentials: { get: async () => undefined },
  });
  const connected: string[] = [];
  return {
    caches,
    versions,
    connected,
    connect: async (ref) => {
      connected.push(ref.gun);
      const notary = notaries.find((n) => n.gun === ref.gun);
      if (!notary) throw new SignetError('HTTP_UNREACHABLE', `no trust server for ${ref.gun} in this test`);
      return {
        ref,
        server: notary.baseUrl,
        remote: notary,
        cache: trusted(ref.gun),
        client,
        observe: keepVerified(versions),
        ...(opts.pinning ? { pinning: opts.pinning } : {}),
      };
    },
    crypto: nodeCrypto,
    now: opts.now,
    offline: opts.offline ?? 'auto',
    trusted,
    pinning: async () => opts.pinning,
    localKeyIds: async () => opts.localKeyIds ?? new Set<string>(),
    registry: async () => client,
    cachedRepositories: async (registry) => {
      const held = [];
      for (const [gun, cache] of caches)
        if (gun.startsWith(`${registry}/`) && (await cache.get('root'))) held.push(gun.slice(registry.length + 1));
      return held;
    },
  };
}
