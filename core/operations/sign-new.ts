import { SignetError } from '../errors.js';
import type { Change } from '../trust/changelist.js';
import { planAddSigner } from '../trust/add-signer.js';
import { RELEASES, checkSignerName } from '../trust/roles.js';
import { targetMeta } from '../trust/sign.js';
import type { PublicKeyJSON } from '../tuf/types.js';
import { loginUsername, stageAndPublish } from './common.js';
import type { SignOptions, SignResult } from './sign-types.js';
import type { TrustWriter, WriteSession } from './writer.js';

/** The signer key: the first held key (by ID) whose role header is the signer name, else a new one (docker getOrGenerateNotaryKey). */
export async function signerKey(writer: TrustWriter, name: string): Promise<{ id: string; publicKey: PublicKeyJSON }> {
  const held = (await writer.keys.listKeys())
    .filter((k) => k.role === name)
    .map((k) => k.id)
    .sort();
  const key = held.length > 0 ? await writer.keys.unlock(held[0]!) : (await writer.keys.generateKey(name)).key;
  return { id: key.canonicalId, publicKey: key.publicKey };
}

/** The first signer's name for a new repository: opts.signer, else the registry login username. */
export async function firstSignerName(
  writer: TrustWriter,
  session: WriteSession,
  signer: string | undefined,
): Promise<string> {
  if (signer !== undefined) return signer;
  const user = await loginUsername(writer, session);
  const gun = session.conn.ref.gun;
  if (user === undefined) {
    throw new SignetError(
      'BAD_INPUT',
      `${gun} has no trust data yet, and signing it first needs a signer name: no registry login found for ${session.conn.ref.domain}`,
      {
        hint: `log in to the registry (docker login ${session.conn.ref.domain}): the first signer is named after the username, as docker does; or pass --signer NAME`,
      },
    );
  }
  try {
    checkSignerName(user);
  } catch (e) {
    throw new SignetError(
      'BAD_INPUT',
      `the registry username "${user}" cannot name a signer: ${(e as Error).message}`,
      { hint: 'pass --signer NAME', cause: e },
    );
  }
  return user;
}

export async function signNewRepository(
  writer: TrustWriter,
  session: WriteSession,
  tag: string,
  resolve: () => Promise<{ hex: string; size: number }>,
  opts: SignOptions,
): Promise<SignResult> {
  const gun = session.conn.ref.gun;
  const name = await firstSignerName(writer, session, opts.signer);
  const target = await resolve(); // before creating any key: a missing tag should cost nothing
  const meta = targetMeta(target.hex, target.size);
  opts.onEvent?.({ type: 'initializing', gun });
  const init = await writer.initial(session, opts.rootKeyId !== undefined ? { rootKeyId: opts.rootKeyId } : {});
  const key = await signerKey(writer, name);
  const role = `targets/${name}`;
  const changes: Change[] = [
    ...planAddSigner(name, [key.publicKey]),
    { type: 'target', action: 'create', role: RELEASES, path: tag, meta },
    { type: 'target', action: 'create', role, path: tag, meta },
  ];
  const published = await stageAndPublish(writer, session, changes, init);
  opts.onEvent?.({ type: 'initialized', gun });
  return {
    gun,
    tag,
    digest: target.hex,
    size: target.size,
    source: 'registry',
    roles: [RELEASES, role],
    unchanged: [],
    existingSigners: [],
    created: {
      signer: name,
      signerKeyId: key.id,
      rootKeyId: init.rootKeyId,
      createdRootKey: init.createdRootKey,
      targetsKeyId: init.targetsKeyId,
    },
    published,
  };
}
