/**
 * The audit (signet audit, the app's Audit section) over a ReadContext: each repository's trust
 * server, cache and registry from the context's connections (so the trust server is chosen as
 * inspect chooses it, and logins are docker's), a registry's catalog, the repositories the trusted
 * cache holds (offline), and repositories read from trust archives, anchored (archive.ts).
 */
import { runAudit, type AuditDependencies, type AuditOptions } from '../audit/audit.js';
import type { RepositoryAccess } from '../audit/audit-repository.js';
import type { AuditTarget } from '../audit/targets.js';
import type { AuditReport } from '../audit/types.js';
import type { OpenedArchive } from '../history/archive/read-archive.js';
import type { ImageReference } from '../registry/reference.js';
import { RegistryClient } from '../registry/registry-client.js';
import { RegistryWriter } from '../registry/registry-writer.js';
import { readSignatures } from '../cosign/signatures.js';
import { anchorArchive } from './archive.js';
import type { ReadContext } from './context.js';

export interface AuditSources {
  /** Repositories audited from a trust archive instead of their trust server: GUN → the archive and its name. */
  archives?: ReadonlyMap<string, { file: string; archive: OpenedArchive }>;
  /** Catalog and tag-list page size (tests). */
  pageSize?: number;
}

/** What the audit needs, over a context. */
export function auditDependencies(ctx: ReadContext, sources: AuditSources = {}): AuditDependencies {
  const list = sources.pageSize ? { pageSize: sources.pageSize } : {};
  return {
    crypto: ctx.crypto,
    now: () => ctx.now(),
    async connect(ref: ImageReference): Promise<RepositoryAccess> {
      const c = await ctx.connect(ref);
      const registry = new RegistryClient(c.client, { crypto: ctx.crypto });
      const archived = sources.archives?.get(ref.gun);
      // an archive is anchored on what the trusted cache and the pins trust (archive.ts), its
      // expiry only reported, and it is read, never kept: the version store holds what servers served
      const anchored = archived
        ? await anchorArchive({
            archive: archived.archive,
            name: archived.file,
            trusted: c.cache,
            ...(c.pinning ? { pinning: c.pinning } : {}),
          })
        : undefined;
      return {
        server: archived ? `archive:${archived.file}` : c.server,
        remote: anchored ? anchored.remote : c.remote,
        cache: anchored ? anchored.cache : c.cache,
        ...(anchored ? { expiry: 'report' as const, local: true } : c.observe ? { observe: c.observe } : {}),
        ...(c.pinning ? { pinning: c.pinning } : {}),
        registry: { listTags: (r) => registry.listTags(r, list), tagDigest: (r, tag) => registry.tagDigest(r, tag) },
        cosignSignatures: async (r, digest) =>
          (await readSignatures(new RegistryWriter(c.client, r, { crypto: ctx.crypto, readOnly: true }), digest))
            .signatures,
      };
    },
    catalog: (registry: string) => registryCatalog(ctx, registry, sources),
    cachedRepositories: (registry: string) => ctx.cachedRepositories(registry),
  };
}

/** A registry's repositories (paths) from its catalog, all pages (`GET /v2/_catalog`). */
export async function registryCatalog(
  ctx: ReadContext,
  registry: string,
  opts: Pick<AuditSources, 'pageSize'> = {},
): Promise<string[]> {
  const client = new RegistryClient(await ctx.registry(registry), { crypto: ctx.crypto });
  return client.catalog(registry, opts.pageSize ? { pageSize: opts.pageSize } : {});
}

/** Audits the targets' repositories (registries: every repository of their catalogs), streaming results. */
export function auditFor(
  ctx: ReadContext,
  targets: AuditTarget[],
  opts: AuditOptions & AuditSources = {},
): Promise<AuditReport> {
  return runAudit(targets, auditDependencies(ctx, opts), opts);
}
