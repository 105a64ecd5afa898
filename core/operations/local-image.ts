/**
 * Signing a local image as docker trust sign does: the tag is pushed from the Docker engine, and
 * what is signed is the digest and size the registry then serves for it (never the engine's own
 * messages: podman's carry no usable digest). Also the engine's images of a repository for a shell
 * to offer.
 */
import type { EngineClient, LocalImage } from '../engine/engine-client.js';
import { noImage } from '../engine/engine-client.js';
import { encodeRegistryAuth } from '../engine/registry-auth.js';
import { SignetError, isSignetError } from '../errors.js';
import type { ImageReference } from '../registry/reference.js';
import { RegistryClient } from '../registry/registry-client.js';
import type { CancelSignal } from '../util/pool.js';
import { toRef, type OperationEvent } from './common.js';
import type { TrustContext } from './context.js';
import type { TrustWriter, WriteSession } from './writer.js';

export interface LocalPushOptions {
  onEvent?: (e: OperationEvent) => void;
  signal?: CancelSignal;
  /** Why the engine is asked (said when it cannot be): the tag is not in the registry. */
  notInRegistry?: boolean;
}

/** The engine, or ENGINE_UNREACHABLE saying none can be used here. */
async function openEngine(ctx: TrustContext): Promise<EngineClient> {
  if (!ctx.engine) {
    throw new SignetError('ENGINE_UNREACHABLE', 'no Docker engine can be used here to push a local image', {
      hint: 'push the image with docker first, then sign the tag the registry has',
    });
  }
  const engine = await ctx.engine();
  try {
    await engine.ping();
  } catch (e) {
    engine.close();
    throw e;
  }
  return engine;
}

/** Pushes `ref`'s repository at `tag` from the engine, then reads the pushed manifest from the registry. */
export function pushLocalImage(
  writer: TrustWriter,
  session: WriteSession,
  ref: ImageReference,
  tag: string,
  opts: LocalPushOptions = {},
): Promise<{ hex: string; size: number }> {
  return push(writer.ctx, writer.registry(session), ref, tag, opts);
}

/** The app's Push step: IMAGE:TAG pushed from the engine; the digest and size the registry then serves. */
export async function pushImage(
  ctx: TrustContext,
  input: string | ImageReference,
  opts: LocalPushOptions = {},
): Promise<{ gun: string; tag: string; digest: string; size: number }> {
  const ref = toRef(input);
  const tag = ref.tag;
  if (tag === undefined) throw new SignetError('BAD_REFERENCE', `no tag specified for ${ref.input}`);
  const conn = await ctx.connect(ref);
  const r = await push(ctx, new RegistryClient(conn.client, { crypto: ctx.crypto }), ref, tag, opts);
  return { gun: ref.gun, tag, digest: r.hex, size: r.size };
}

async function push(
  ctx: TrustContext,
  registry: RegistryClient,
  ref: ImageReference,
  tag: string,
  opts: LocalPushOptions,
): Promise<{ hex: string; size: number }> {
  const gun = ref.gun;
  let engine: EngineClient;
  try {
    engine = await openEngine(ctx);
  } catch (e) {
    if (!opts.notInRegistry || !isSignetError(e, 'ENGINE_UNREACHABLE')) throw e;
    throw new SignetError('ENGINE_UNREACHABLE', `${gun}:${tag} is not in the registry, and ${lower(e.message)}`, {
      hint: `push ${gun}:${tag} first (or start the Docker engine that holds it: Docker, or podman system service, with DOCKER_HOST pointing at it)`,
      cause: e,
    });
  }
  try {
    if (!(await engine.hasImage(ref, tag))) {
      const e = noImage(ref, tag, engine.address);
      if (!opts.notInRegistry) throw e;
      throw new SignetError(
        'ENGINE_NO_IMAGE',
        `${gun}:${tag} is neither in the registry nor a local image of the Docker engine at ${engine.address}`,
        { hint: e.hint ?? '' },
      );
    }
    opts.onEvent?.({ type: 'push-start', gun, tag, engine: engine.address });
    const creds = await ctx.credentials(ref.domain);
    await engine.push(ref, tag, {
      registryAuth: encodeRegistryAuth(creds, ref.domain),
      onLayer: (layer) => opts.onEvent?.({ type: 'push-layer', gun, layer }),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } finally {
    engine.close();
  }
  const m = await registry.resolveTag({ ...ref, tag });
  opts.onEvent?.({ type: 'pushed', gun, tag, digest: m.digest, size: m.size });
  return { hex: m.hex, size: m.size };
}

export type LocalImages = { engine: string; images: LocalImage[] } | { engine?: string; unavailable: string };

/** The engine's tags of `ref`'s repository; `unavailable` says why there are none to show (no engine). */
export async function localImages(ctx: TrustContext, ref: ImageReference): Promise<LocalImages> {
  let engine: EngineClient;
  try {
    engine = await openEngine(ctx);
  } catch (e) {
    if (!isSignetError(e, 'ENGINE_UNREACHABLE')) throw e;
    return { unavailable: e.message };
  }
  try {
    return { engine: engine.address, images: await engine.localImages(ref) };
  } finally {
    engine.close();
  }
}

function lower(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
