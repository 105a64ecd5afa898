import { SignetError, isSignetError } from '../errors.js';
import type { ImageReference } from '../registry/reference.js';
import type { TrustedRepository } from '../notary/tuf-client.js';
import { roleToSigner } from '../trust/names.js';
import { RELEASES, checkSignerName, releasedEntry, sameMeta } from '../trust/roles.js';
import { planSign } from '../trust/sign.js';
import { fromBase64, toHex } from '../util/bytes.js';
import type { TrustWriter } from './writer.js';
import type { SignOptions, SignResult } from './sign-types.js';
import { signNewRepository } from './sign-new.js';
import { refuseStageOnlyInit, stageAndPublish, toRef } from './common.js';
import { pushLocalImage } from './local-image.js';

export type { SignOptions, SignResult } from './sign-types.js';

/** docker's "Existing signatures for tag": roles (not releases) whose entry equals the released one. */
export function existingSigners(repo: TrustedRepository, tag: string): string[] {
  const released = releasedEntry(repo, tag);
  if (!released) return [];
  const out: string[] = [];
  if (sameMeta(repo.targets.signed.targets[tag], released.meta)) out.push('targets');
  for (const [role, file] of repo.delegations)
    if (role !== RELEASES && sameMeta(file.signed.targets[tag], released.meta)) out.push(role);
  return out.map(roleToSigner).sort();
}

export function checkTagRef(ref: ImageReference): string {
  if (ref.tag === undefined) {
    if (ref.digest !== undefined) throw new SignetError('BAD_REFERENCE', 'cannot use a digest reference for IMAGE:TAG');
    throw new SignetError('BAD_REFERENCE', `no tag specified for ${ref.input}`);
  }
  return ref.tag;
}

/**
 * docker trust sign: on an existing repository the tag goes into every role the user can sign
 * (co-signing the released digest when the tag is signed, else the registry's digest; a tag the
 * registry does not have, or any tag with `local`, is pushed from the local Docker engine first);
 * a new repository is created with the user's root key, a new repository key and a first signer
 * (named after the registry login, or opts.signer) whose key is reused or created, and the tag is
 * signed into targets/releases and targets/NAME, all in one publish.
 */
export async function signTag(
  writer: TrustWriter,
  input: string | ImageReference,
  opts: SignOptions = {},
): Promise<SignResult> {
  const ref = toRef(input);
  const tag = checkTagRef(ref);
  if (opts.signer !== undefined) checkSignerName(opts.signer);
  const session = await writer.open(ref);
  let pushed = false;
  const push = async (notInRegistry: boolean) => {
    const r = await pushLocalImage(writer, session, ref, tag, {
      notInRegistry,
      ...(opts.onEvent ? { onEvent: opts.onEvent } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    pushed = true;
    return r;
  };
  const resolve = async () => {
    if (opts.local) return push(false);
    try {
      const m = await writer.registry(session).resolveTag(ref);
      return { hex: m.hex, size: m.size };
    } catch (e) {
      // as docker: a tag the registry does not have is taken from the engine, where there is one
      if (isSignetError(e, 'HTTP_NOT_FOUND') && writer.ctx.engine) return push(true);
      throw e;
    }
  };
  if (!session.repo) {
    if (opts.stageOnly) refuseStageOnlyInit(ref.gun);
    const r = await signNewRepository(writer, session, tag, resolve, opts);
    return pushed ? { ...r, source: 'local' } : r;
  }

  const repo = session.repo;
  const plan = await planSign(
    repo,
    tag,
    session.held,
    writer.ctx.crypto,
    resolve,
    opts.signer,
    opts.local === true || opts.fresh === true,
  );
  const { roles, changes } = plan;
  const result: SignResult = {
    gun: ref.gun,
    tag,
    digest: toHex(fromBase64(plan.meta.hashes['sha256']!)),
    size: plan.meta.length,
    source: pushed ? 'local' : plan.source,
    roles,
    unchanged: plan.unchanged,
    existingSigners: existingSigners(repo, tag),
  };
  if (changes.length === 0 && (await session.changes.list()).length === 0) return result;
  const published = await stageAndPublish(writer, session, changes, undefined, { stageOnly: opts.stageOnly === true });
  return published ? { ...result, published } : result;
}
