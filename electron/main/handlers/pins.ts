/** Trust pinning in Signet's config file (the file the CLI reads): read, change, and "Pin this root". */
import { readTrustPinningFile, signetConfigPath, type TrustPinningFile } from '../../../core/node/signet-config.js';
import { pinRootCertificates, updateTrustPins } from '../../../core/node/trust-pins.js';
import { rootCertificateIds } from '../../../core/tuf/trust-pinning.js';
import type { Handlers, TrustPinsDTO } from '../../ipc/contract.js';
import type { MainServices } from '../services.js';

function pinsDTO(file: string, p: TrustPinningFile): TrustPinsDTO {
  return { file, certs: p.certs, ca: p.ca, disableTofu: p.disable_tofu };
}

export function pinHandlers(ctx: MainServices): Pick<Handlers, 'pins:get' | 'pins:update' | 'pins:pinRoot'> {
  const file = (): string => signetConfigPath(ctx.env);
  return {
    'pins:get': async () => pinsDTO(file(), await readTrustPinningFile(file())),
    'pins:update': async (patch) => pinsDTO(file(), await updateTrustPins(file(), patch)),
    'pins:pinRoot': async ({ reference }) => {
      const services = await ctx.servicesFor(reference);
      try {
        // the root Signet trusts for it now (read and verified as for the view, pins applied)
        const { repo, ref } = await services.read(reference, new Set());
        return pinsDTO(file(), await pinRootCertificates(file(), ref.gun, rootCertificateIds(repo.root.signed)));
      } finally {
        services.close();
      }
    },
  };
}
