/** Trust handlers: read a repository's trust data, and every write operation, through core. */
import { readPublicKeyFiles } from '../../../core/node/public-key-files.js';
import { heldSignerKeys, signerPublicKeys } from '../../../core/operations/signer-keys.js';
import {
  addSigner,
  discardStaged,
  initRepo,
  publishStaged,
  removeSigner,
  removeSignerImpact,
  revoke,
  rotateKey,
  signTag,
  signingPlan,
  stagedChanges,
  readView,
  verifiedMetadataFiles,
  witness,
  type OperationEvent,
} from '../../../core/operations/index.js';
import { SignetError } from '../../../core/errors.js';
import { parseImageReference } from '../../../core/registry/reference.js';
import { RegistryClient } from '../../../core/registry/registry-client.js';
import { checkSignerName } from '../../../core/trust/roles.js';
import type { PublicKeyJSON } from '../../../core/tuf/types.js';
import type { AddSignerRequest, Handlers, ImagePlatformDTO } from '../../ipc/contract.js';
import type { MainServices, Operation } from '../services.js';
import { outcomeDTO, publishedDTO, stagedDTO, viewDTO } from './dto.js';

type TrustHandlers = Pick<Handlers, Extract<keyof Handlers, `trust:${string}`>>;

const events = (op: Operation) => ({
  onEvent: (e: OperationEvent) => op.progress(e.type === 'initializing' ? 'initializing' : 'publishing', e.gun),
});

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

export function trustHandlers(ctx: MainServices): TrustHandlers {
  return {
    'trust:view': (reference) =>
      ctx.withServices(
        'trust:view',
        reference,
        async (services) => viewDTO((await readView(services, reference, { serverKeys: true })).view),
        { progress: 'fetching' },
      ),

    'trust:resolveDigest': async (reference) => {
      const ref = parseImageReference(reference);
      if (ref.tag === undefined) throw new SignetError('BAD_REFERENCE', `no tag specified for ${reference}`);
      return ctx.withServices(
        'trust:resolveDigest',
        reference,
        async (services) => {
          const conn = await services.connect(ref);
          const m = await new RegistryClient(conn.client, { crypto: services.crypto }).resolveTag(ref);
          const platforms = m.platforms?.map((p): ImagePlatformDTO => ({
            os: p.os,
            architecture: p.architecture,
            ...(p.variant ? { variant: p.variant } : {}),
            digest: p.digest,
            size: p.size,
          }));
          return {
            gun: ref.gun,
            tag: ref.tag!,
            digest: m.hex,
            size: m.size,
            mediaType: m.mediaType,
            ...(platforms ? { platforms } : {}),
          };
        },
        { progress: 'resolving' },
      );
    },

    'trust:rawMetadata': (reference) =>
      ctx.withServices('trust:rawMetadata', reference, async (services) =>
        verifiedMetadataFiles(await services.connect(parseImageReference(reference)), {
          crypto: services.crypto,
          now: services.now(),
          offline: services.offline,
        }),
      ),

    'trust:signingPlan': (req) =>
      ctx.withWriter('trust:signingPlan', req.reference, async (writer, op) => {
        op.progress('fetching');
        return signingPlan(writer, req.reference, {
          ...(req.signer !== undefined ? { signer: req.signer } : {}),
          ...(req.rootKeyId !== undefined ? { rootKeyId: req.rootKeyId } : {}),
        });
      }),

    'trust:sign': (req) =>
      ctx.withWriter('trust:sign', req.reference, async (writer, op) => {
        op.progress('fetching');
        const r = await signTag(writer, req.reference, {
          ...(req.signer !== undefined ? { signer: req.signer } : {}),
          ...(req.rootKeyId !== undefined ? { rootKeyId: req.rootKeyId } : {}),
          ...(req.stageOnly ? { stageOnly: true } : {}),
          ...events(op),
        });
        const { published, ...rest } = r;
        return { ...rest, ...(published ? { published: publishedDTO(published) } : {}) };
      }),

    'trust:initialize': (req) =>
      ctx.withWriter('trust:initialize', req.reference, async (writer, op) => {
        const r = await initRepo(writer, req.reference, {
          ...(req.rootKeyId !== undefined ? { rootKeyId: req.rootKeyId } : {}),
          ...(req.signer !== undefined ? { signer: req.signer } : {}),
          ...events(op),
        });
        return { ...r, published: publishedDTO(r.published) };
      }),

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

    'trust:revoke': (req) =>
      ctx.withWriter('trust:revoke', req.reference, async (writer, op) => {
        op.progress('fetching');
        const r = await revoke(writer, req.reference, {
          confirmAll: req.confirmAll === true,
          ...(req.stageOnly ? { stageOnly: true } : {}),
        });
        const { published, ...rest } = r;
        return {
          ...rest,
          removals: r.removals.map((x) => ({ role: x.role, tag: x.tag })),
          ...(published ? { published: publishedDTO(published) } : {}),
        };
      }),

    'trust:stagedChanges': (reference) =>
      ctx.withWriter('trust:stagedChanges', reference, async (writer) =>
        (await stagedChanges(writer, reference)).map(stagedDTO),
      ),

    'trust:publishStaged': (reference) =>
      ctx.withWriter('trust:publishStaged', reference, async (writer, op) => {
        op.progress('fetching');
        return publishedDTO(await publishStaged(writer, reference));
      }),

    'trust:discardStaged': (req) =>
      ctx.withWriter('trust:discardStaged', req.reference, async (writer) =>
        (await discardStaged(writer, req.reference, req.ids)).map(stagedDTO),
      ),

    'trust:rotateKey': (req) =>
      ctx.withWriter('trust:rotateKey', req.reference, async (writer, op) => {
        op.progress('fetching');
        const r = await rotateKey(writer, req.reference, req.role, { serverManaged: req.serverManaged });
        return { ...r, published: publishedDTO(r.published) };
      }),

    'trust:witness': (req) =>
      ctx.withWriter('trust:witness', req.reference, async (writer, op) => {
        op.progress('fetching');
        return publishedDTO(await witness(writer, req.reference, req.roles));
      }),
  };
}
