/** The registry's tags of a repository (the Sign dialog's tag list), through core's registry client. */
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { parseImageReference } from '../../../core/registry/reference.js';
import { RegistryClient } from '../../../core/registry/registry-client.js';
import { naturalSortBy } from '../../../core/trust/natural-sort.js';
import type { Handlers } from '../../ipc/contract.js';
import type { MainServices } from '../services.js';

export function tagHandlers(ctx: MainServices): Pick<Handlers, 'registry:tags'> {
  return {
    'registry:tags': async (reference) => {
      const ref = parseImageReference(reference);
      const op = ctx.operation('registry:tags', reference);
      const services = await ctx.servicesFor(reference);
      try {
        op.progress('resolving', ref.gun);
        const client = new RegistryClient(await services.registryClient(ref.domain), { crypto: nodeCrypto });
        const tags = await client.listTags(ref);
        op.progress('done', ref.gun);
        return { gun: ref.gun, found: tags !== undefined, tags: naturalSortBy(tags ?? [], (t) => t) };
      } catch (e) {
        op.progress('failed', ref.gun);
        throw e;
      } finally {
        services.close();
      }
    },
  };
}
