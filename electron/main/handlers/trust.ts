/** Trust handlers: read a repository's trust data, and every write operation but signers (signers.ts), through core. */
import {
  discardStaged,
  initRepo,
  publishStaged,
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
import type { Handlers, ImagePlatformDTO } from '../../ipc/contract.js';
import type { MainServices, Operation } from '../services.js';
import { publishedDTO, stagedDTO, viewDTO } from './dto.js';

/** Signers (trust:addSigner, trust:removeSigner…) are in signers.ts. */
type SignerChannels = 'trust:addSigner' | 'trust:removeSignerPreview' | 'trust:removeSigner';
type TrustHandlers = Omit<Pick<Handlers, Extract<keyof Handlers, `trust:${string}`>>, SignerChannels>;

export const events = (op: Operation) => ({
  onEvent: (e: OperationEvent) => {
    if (e.type === 'initializing' || e.type === 'initialized')
      op.progress(e.type === 'initializing' ? 'initializing' : 'publishing', e.gun);
  },
});

export function trustHandlers(ctx: MainServices): TrustHandlers {
  return {
    'trust:view': (reference) =>
      ctx.withServices(
        'trust:view',
        reference,
        async (services) => {
          // a refresh: what the server keys are is remembered, the cache written behind the answer
          const opts = { serverKeys: true, serverKeyMemo: ctx.serverKeyIds, writeBehind: ctx.writeBehind };
          return viewDTO((await readView(services, reference, opts)).view);
        },
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
          ...(req.fresh ? { fresh: true } : {}),
        });
      }),

    'trust:sign': (req) =>
      ctx.withWriter('trust:sign', req.reference, async (writer, op) => {
        op.progress('fetching');
        const r = await signTag(writer, req.reference, {
          ...(req.signer !== undefined ? { signer: req.signer } : {}),
          ...(req.rootKeyId !== undefined ? { rootKeyId: req.rootKeyId } : {}),
          ...(req.stageOnly ? { stageOnly: true } : {}),
          ...(req.fresh ? { fresh: true } : {}),
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
