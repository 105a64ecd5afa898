/** The registry's tags of a repository (the Sign dialog's tag list), through core's registry client. */
import { parseImageReference } from '../../../core/registry/reference.js';
import { RegistryClient } from '../../../core/registry/registry-client.js';
import { splitArtifactTags } from '../../../core/registry/artifact-tags.js';
import { naturalSortBy } from '../../../core/trust/natural-sort.js';
import type { Handlers } from '../../ipc/contract.js';
import type { MainServices } from '../services.js';

export function tagHandlers(ctx: MainServices): Pick<Handlers, 'registry:tags'> {
  return {
    'registry:tags': async (reference) => {
      const ref = parseImageReference(reference);
      return ctx.withServices(
        'registry:tags',
        reference,
        async (services) => {
          const client = new RegistryClient(await services.registry(ref.domain), { crypto: services.crypto });
          const tags = await client.listTags(ref);
          // cosign's signature tags (sha256-<hex>.sig, ...) are artifacts, never image tags to sign
          const images = splitArtifactTags(tags ?? []).images;
          return { gun: ref.gun, found: tags !== undefined, tags: naturalSortBy(images, (t) => t) };
        },
        { progress: 'resolving' },
      );
    },
  };
}
