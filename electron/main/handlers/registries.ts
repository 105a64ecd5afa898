/** Registries added as a whole ("Add registry", kept in the settings): their catalogs' repositories. */
import { parseAuditTarget } from '../../../core/audit/targets.js';
import { SignetError } from '../../../core/errors.js';
import type { Handlers, RegistryListing } from '../../ipc/contract.js';
import { toErrorDTO } from '../dispatch.js';
import type { MainServices } from '../services.js';
import { registryCatalog } from './audit.js';

/** `host[:port]` as core's audit reads a registry target; a repository is refused with what to do. */
function registryOf(input: string): string {
  const target = parseAuditTarget(input);
  if (target.kind !== 'registry')
    throw new SignetError('BAD_REFERENCE', `${input} is a repository, not a registry`, {
      hint: `add it in the Repository box, or add the registry ${target.ref.domain} as a whole`,
    });
  return target.registry;
}

export function registryHandlers(
  ctx: MainServices,
): Pick<Handlers, 'repositories:addRegistry' | 'repositories:registries' | 'repositories:removeRegistry'> {
  return {
    'repositories:addRegistry': async (input) => {
      const registry = registryOf(input);
      // read first: a registry without a catalog is refused with what to do, and not kept
      const repositories = await registryCatalog(ctx, registry, 'repositories:addRegistry');
      const current = (await ctx.settings.settings()).watchedRegistries;
      if (!current.includes(registry)) await ctx.settings.update({ watchedRegistries: [...current, registry] });
      return { registry, repositories };
    },

    'repositories:registries': async () => {
      const registries = (await ctx.settings.settings()).watchedRegistries;
      return Promise.all(
        registries.map(async (registry): Promise<RegistryListing> => {
          try {
            return { registry, repositories: await registryCatalog(ctx, registry, 'repositories:registries') };
          } catch (e) {
            return { registry, repositories: [], error: toErrorDTO(e) };
          }
        }),
      );
    },

    'repositories:removeRegistry': async (input) => {
      const current = (await ctx.settings.settings()).watchedRegistries;
      const next = current.filter((r) => r !== input);
      if (next.length === current.length) throw new SignetError('BAD_INPUT', `${input} is not an added registry`);
      await ctx.settings.update({ watchedRegistries: next });
      return next;
    },
  };
}
