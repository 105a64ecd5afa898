/** Signers: add one (its public keys from files, keys held here or a new key) or remove one, per repository. */
import { readPublicKeyFiles } from '../../../core/node/public-key-files.js';
import {
  addSigner,
  heldSignerKeys,
  removeSigner,
  removeSignerImpact,
  signerPublicKeys,
} from '../../../core/operations/index.js';
import { checkSignerName } from '../../../core/trust/roles.js';
import type { PublicKeyJSON } from '../../../core/tuf/types.js';
import type { AddSignerRequest, Handlers } from '../../ipc/contract.js';
import type { MainServices } from '../services.js';
import { outcomeDTO, publishedDTO } from './dto.js';
import { events } from './trust.js';

type SignerHandlers = Pick<Handlers, 'trust:addSigner' | 'trust:removeSignerPreview' | 'trust:removeSigner'>;

/**
 * The signer's public keys from every source the request names (core's rules: signer-keys.ts):
 * files chosen in main's dialog (read here, checked again as their handles are used), keys held
 * here and a new key (through a writer, so the broker asks passphrases). Once for all repositories.
 */
async function signerKeys(
  ctx: MainServices,
  req: AddSignerRequest,
): Promise<{ keys: PublicKeyJSON[]; newKeyId?: string }> {
  checkSignerName(req.name); // before a file is read or a key is created for a name that cannot be used
  const keys = req.publicKeyFiles?.length
    ? await ctx.files.useOpenAll(req.publicKeyFiles, 'public-key', async (files) =>
        signerPublicKeys(await readPublicKeyFiles(files), ctx.now()),
      )
    : [];
  if (!req.keyIds?.length && !req.newKey) return { keys };
  const held = await ctx.withWriter('trust:addSigner', undefined, (writer) =>
    heldSignerKeys(writer.keys, req.name, {
      ...(req.keyIds ? { keyIds: req.keyIds } : {}),
      newKey: req.newKey === true,
    }),
  );
  return { ...held, keys: [...keys, ...held.keys] };
}

export function signerHandlers(ctx: MainServices): SignerHandlers {
  return {
    'trust:addSigner': async (req) => {
      const { keys, newKeyId } = await signerKeys(ctx, req);
      const out = [];
      for (const reference of req.references) {
        const [o] = await ctx.withWriter('trust:addSigner', reference, (writer, op) =>
          addSigner(writer, req.name, keys, [reference], {
            ...events(op),
            ...(req.stageOnly ? { stageOnly: true } : {}),
          }),
        );
        out.push(
          outcomeDTO(o!, ({ published, ...r }) => ({
            ...r,
            ...(newKeyId !== undefined ? { newKeyId } : {}),
            ...(published ? { published: publishedDTO(published) } : {}),
          })),
        );
      }
      return out;
    },

    'trust:removeSignerPreview': (req) =>
      ctx.withWriter('trust:removeSignerPreview', req.reference, async (writer, op) => {
        op.progress('fetching');
        return removeSignerImpact(writer, req.name, req.reference);
      }),

    'trust:removeSigner': async (req) => {
      const out = [];
      for (const reference of req.references) {
        const [o] = await ctx.withWriter('trust:removeSigner', reference, (writer) =>
          removeSigner(writer, req.name, [reference], {
            confirm: async () => req.confirmed,
            ...(req.stageOnly ? { stageOnly: true } : {}),
          }),
        );
        out.push(
          outcomeDTO(o!, (r) => ({
            impact: r.impact,
            removed: r.removed,
            ...(r.published ? { published: publishedDTO(r.published) } : {}),
          })),
        );
      }
      return out;
    },
  };
}
