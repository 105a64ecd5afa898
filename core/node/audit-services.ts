import type { AuditDependencies } from '../audit/audit.js';
import type { RepositoryAccess } from '../audit/audit-repository.js';
import type { ImageReference } from '../registry/reference.js';
import { RegistryClient } from '../registry/registry-client.js';
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
  opts: { now?: () => Date; pageSize?: number } = {},
): AuditDependencies {
  const list = opts.pageSize ? { pageSize: opts.pageSize } : {};
  return {
    crypto: nodeCrypto,
    ...(opts.now ? { now: opts.now } : {}),
    async connect(ref: ImageReference): Promise<RepositoryAccess> {
      const c = await services.connect(ref);
      const registry = new RegistryClient(c.client, { crypto: nodeCrypto });
      return {
        server: c.server,
        remote: c.remote,
        cache: c.cache,
        pinning: c.pinning,
        keep: c.keep,
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
