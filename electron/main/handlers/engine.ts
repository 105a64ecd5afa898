/**
 * The local Docker engine for the Sign dialog: its images of a repository, and pushing one (core's
 * pushImage: docker's login as X-Registry-Auth, the digest read from the registry) with its layers
 * as `engine:progress` events and Cancel.
 */
import { SignetError } from '../../../core/errors.js';
import { localImages, pushImage } from '../../../core/operations/index.js';
import { parseImageReference } from '../../../core/registry/reference.js';
import type { Handlers } from '../../ipc/contract.js';
import type { MainServices } from '../services.js';

type EngineHandlers = Pick<Handlers, 'engine:localImages' | 'engine:push' | 'engine:cancel'>;

export function engineHandlers(ctx: MainServices): EngineHandlers {
  const running = new Map<string, AbortController>();
  const emit = ctx.opts.emit;
  return {
    'engine:localImages': (reference) =>
      ctx.withWriter('engine:localImages', reference, (writer) =>
        localImages(writer.ctx, parseImageReference(reference)),
      ),

    'engine:push': async ({ operationId, reference }) => {
      if (running.has(operationId))
        throw new SignetError('BAD_INPUT', `the push ${operationId} is running already`, {
          hint: 'start each push with a new operation ID',
        });
      const controller = new AbortController();
      running.set(operationId, controller);
      try {
        return await ctx.withWriter('engine:push', reference, (writer) =>
          pushImage(writer.ctx, reference, {
            signal: controller.signal,
            onEvent: (e) => {
              if (e.type === 'push-start') emit('engine:progress', { operationId, engine: e.engine });
              else if (e.type === 'push-layer') emit('engine:progress', { operationId, layer: { ...e.layer } });
              else if (e.type === 'pushed')
                emit('engine:progress', {
                  operationId,
                  pushed: { digest: e.digest.replace(/^sha256:/, ''), size: e.size },
                });
            },
          }),
        );
      } finally {
        running.delete(operationId);
      }
    },

    'engine:cancel': async ({ operationId }) => {
      const controller = running.get(operationId);
      controller?.abort();
      return { cancelled: controller !== undefined };
    },
  };
}
