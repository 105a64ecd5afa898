import type { AuditDependencies } from '../audit/audit.js';
import type { RepositoryAccess } from '../audit/audit-repository.js';
import type { ImageReference } from '../registry/reference.js';
import { RegistryClient } from '../registry/registry-client.js';
import type { OpenedArchive } from '../history/archive/read-archive.js';
import { anchorArchive } from '../operations/archive.js';
import { listCachedGuns } from './file-metadata-cache.js';
import { nodeCrypto } from './node-crypto.js';
import type { TrustServices } from './trust-services.js';

/**
 * The audit's dependencies on Node (for the CLI and the desktop main process): each repository's
 * trust server, cache and registry from TrustServices (so the server is chosen as inspect chooses
 * it, and logins are docker's), a registry's catalog, and the repositories a trust dir holds.
 */
export function auditDependencies(
  services: TrustServices,
  opts: { now?: () => Date; pageSize?: number; archives?: Map<string, { file: string; archive: OpenedArchive }> } = {},
): AuditDependencies {
  const list = opts.pageSize ? { pageSize: opts.pageSize } : {};
  return {
    crypto: nodeCrypto,
    now: opts.now ?? (() => services.now()),
    async connect(ref: ImageReference): Promise<RepositoryAccess> {
      const c = await services.connect(ref);
      const registry = new RegistryClient(c.client, { crypto: nodeCrypto });
      const archived = opts.archives?.get(ref.gun);
      // an archive is anchored on what docker's cache and the pins trust (operations/archive.ts), its
      // expiry only reported, and it is read, never kept: the version store holds what servers served
      const anchored = archived
        ? await anchorArchive({ archive: archived.archive, name: archived.file, trusted: c.cache, pinning: c.pinning })
        : undefined;
      return {
        server: archived ? `archive:${archived.file}` : c.server,
        remote: anchored ? anchored.remote : c.remote,
        cache: anchored ? anchored.cache : c.cache,
        ...(anchored ? { expiry: 'report' as const } : { observe: c.observe }),
        pinning: c.pinning,
        registry: { listTags: (r) => registry.listTags(r, list), tagDigest: (r, tag) => registry.tagDigest(r, tag) },
      };
    },
    async catalog(registry: string): Promise<string[]> {
      return new RegistryClient(await services.registryClient(registry), { crypto: nodeCrypto }).catalog(
        registry,
        list,
      );
    },
    cachedRepositories: (registry: string) => cachedRepositories(services.trustDir, registry),
  };
}

/** Repository paths of `registry` with cached trust data in a trust dir (`<trustDir>/tuf/<registry>/<path>/metadata/`). */
export async function cachedRepositories(trustDir: string, registry: string): Promise<string[]> {
  const prefix = `${registry}/`;
  return (await listCachedGuns(trustDir)).filter((g) => g.startsWith(prefix)).map((g) => g.slice(prefix.length));
}
