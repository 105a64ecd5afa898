/**
 * Trust pinning in Signet's config file (the file the CLI reads): read, change, and "Pin this
 * root". A pinned CA is set from a file chosen in main's dialog; the renderer sees its name only.
 */
import { readTrustPinningFile, signetConfigPath, type TrustPinningFile } from '../../../core/node/signet-config.js';
import { pinRootCertificates, updateTrustPins } from '../../../core/node/trust-pins.js';
import { rootCertificateIds } from '../../../core/tuf/trust-pinning.js';
import { SignetError } from '../../../core/errors.js';
import { archiveFileAt } from '../../../core/node/archive-file.js';
import { readArchivedFor, readView } from '../../../core/operations/index.js';
import type { Handlers, TrustPinsDTO } from '../../ipc/contract.js';
import { displayName } from '../files.js';
import type { MainServices } from '../services.js';

function pinsDTO(file: string, p: TrustPinningFile): TrustPinsDTO {
  const ca = Object.fromEntries(Object.entries(p.ca).map(([prefix, path]) => [prefix, displayName(path)]));
  return { file, certs: p.certs, ca, disableTofu: p.disable_tofu };
}

type PinHandlers = Pick<Handlers, 'pins:get' | 'pins:update' | 'pins:pinRoot' | 'pins:setCa' | 'pins:removeCa'>;

export function pinHandlers(ctx: MainServices): PinHandlers {
  const file = (): string => signetConfigPath(ctx.env);
  const currentCa = async (): Promise<Record<string, string>> => (await readTrustPinningFile(file())).ca;
  return {
    'pins:get': async () => pinsDTO(file(), await readTrustPinningFile(file())),
    'pins:update': async (patch) => pinsDTO(file(), await updateTrustPins(file(), patch)),
    'pins:setCa': (req) =>
      ctx.files.useOpen(req.file, 'ca-certificate', async (chosen) =>
        pinsDTO(file(), await updateTrustPins(file(), { ca: { ...(await currentCa()), [req.prefix]: chosen.path } })),
      ),
    'pins:removeCa': async (req) => {
      const { [req.prefix]: _gone, ...ca } = await currentCa();
      return pinsDTO(file(), await updateTrustPins(file(), { ca }));
    },
    'pins:pinRoot': ({ reference, archive }) =>
      ctx.withServices('pins:pinRoot', reference, async (services) => {
        const opened = archive === undefined ? undefined : ctx.archives.get(archive);
        if (archive !== undefined && !opened)
          throw new SignetError('BAD_INPUT', 'this archive is no longer open', { hint: 'open the archive file again' });
        // the root Signet trusts for it now (read and verified as for the view, pins applied), or the archive's
        const none = { localKeyIds: new Set<string>() };
        const { repo, ref } = opened
          ? await readArchivedFor(services, reference, archiveFileAt(opened.path, opened.name), none)
          : await readView(services, reference, none);
        return pinsDTO(file(), await pinRootCertificates(file(), ref.gun, rootCertificateIds(repo.root.signed)));
      }),
  };
}
