/** Watched repositories (kept in the settings file). */
import { listCachedGuns } from '../../../core/node/file-metadata-cache.js';
import { SignetError } from '../../../core/errors.js';
import { parseImageReference } from '../../../core/registry/reference.js';
import type { DiscoveredRepository, Handlers, WatchedRepository } from '../../ipc/contract.js';
import type { MainServices } from '../services.js';

function describe(reference: string): WatchedRepository {
  const ref = parseImageReference(reference);
  return { reference, gun: ref.gun, registry: ref.domain };
}

async function list(ctx: MainServices): Promise<WatchedRepository[]> {
  const out: WatchedRepository[] = [];
  for (const r of (await ctx.settings.settings()).watchedRepositories) {
    try {
      out.push(describe(r));
    } catch {
      /* validated on write; an entry core no longer accepts is skipped, not fatal */
    }
  }
  return out;
}

async function discovered(ctx: MainServices): Promise<DiscoveredRepository[]> {
  const watched = new Set((await list(ctx)).map((r) => r.gun));
  const found = new Map<string, DiscoveredRepository>();
  const add = (gun: string, source: DiscoveredRepository['source']): void => {
    if (watched.has(gun) || found.has(gun)) return;
    try {
      const ref = parseImageReference(gun);
      found.set(ref.gun, { gun: ref.gun, registry: ref.domain, source });
    } catch {
      /* not an image name (e.g. a notary-only GUN): skipped */
    }
  };
  const keys = await ctx.withWriter('repositories:discovered', undefined, (w) => w.keys.listKeys());
  for (const k of keys) if (k.gun) add(k.gun, 'keys');
  for (const gun of await listCachedGuns(ctx.trustDir)) add(gun, 'cache');
  return [...found.values()].sort((a, b) => a.gun.localeCompare(b.gun));
}

export function repositoryHandlers(
  ctx: MainServices,
): Pick<Handlers, 'repositories:list' | 'repositories:discovered' | 'repositories:add' | 'repositories:remove'> {
  return {
    'repositories:list': () => list(ctx),
    'repositories:discovered': () => discovered(ctx),
    'repositories:add': async (reference) => {
      const ref = parseImageReference(reference);
      if (ref.tag !== undefined || ref.digest !== undefined) {
        throw new SignetError('BAD_REFERENCE', `watch a repository, not a tag or digest: ${reference}`, {
          hint: `add ${ref.input.replace(/[:@][^/]*$/, '')}`,
        });
      }
      const current = (await ctx.settings.settings()).watchedRepositories;
      if (!current.some((r) => describe(r).gun === ref.gun))
        await ctx.settings.update({ watchedRepositories: [...current, reference] });
      return list(ctx);
    },
    'repositories:remove': async (reference) => {
      const gun = parseImageReference(reference).gun;
      const current = (await ctx.settings.settings()).watchedRepositories;
      const next = current.filter((r) => r !== reference && describe(r).gun !== gun);
      if (next.length === current.length)
        throw new SignetError('BAD_INPUT', `${reference} is not a watched repository`);
      await ctx.settings.update({ watchedRepositories: next });
      return list(ctx);
    },
  };
}
