/**
 * A TrustContext over the in-memory notary and a fake registry, for unit tests of core/operations:
 * the same operations the CLI and the app run, with every part in memory.
 */
import { createHash } from 'node:crypto';
import { AuthenticatingClient, type Credentials } from '../../core/http/auth.js';
import { nodeCrypto } from '../../core/node/node-crypto.js';
import type { TrustContext } from '../../core/operations/context.js';
import { TrustWriter } from '../../core/operations/writer.js';
import { MemoryChangeStore, type ChangeStore } from '../../core/trust/changelist.js';
import { FakeTransport, reply } from './fake-transport.js';
import type { MemoryWriter } from './memory-notary.js';

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
