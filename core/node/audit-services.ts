import type { AuditDependencies } from '../audit/audit.js';
import type { RepositoryAccess } from '../audit/audit-repository.js';
import type { ImageReference } from '../registry/reference.js';
import { RegistryClient } from '../registry/registry-client.js';
import { ArchiveRemote, type OpenedArchive } from '../history/archive/read-archive.js';
import { anchoredCache } from '../notary/metadata-cache.js';
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
      return {
        server: archived ? `archive:${archived.file}` : c.server,
        remote: archived ? new ArchiveRemote(archived.archive, archived.file) : c.remote,
        // an archive is read into a throw-away cache anchored on the root docker's cache trusts
        cache: archived ? await anchoredCache(c.cache) : c.cache,
        ...(archived ? { verifyAsOf: new Date(archived.archive.manifest.created) } : {}),
        pinning: c.pinning,
        // an archive is read, never kept: the version store holds only what a trust server served
        ...(archived ? {} : { observe: c.observe }),
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
