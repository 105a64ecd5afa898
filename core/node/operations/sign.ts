import { SignetError } from '../../errors.js';
import { nodeCrypto } from '../node-crypto.js';
import type { ImageReference } from '../../registry/reference.js';
import type { Change } from '../../trust/changelist.js';
import type { TrustedRepository } from '../../notary/tuf-client.js';
import type { PublicKeyJSON, RoleName } from '../../tuf/types.js';
import { planAddSigner } from '../../trust/add-signer.js';
import { roleToSigner } from '../../trust/names.js';
import { RELEASES, checkSignerName, releasedEntry, sameMeta } from '../../trust/roles.js';
import { planSign, targetMeta } from '../../trust/sign.js';
import { fromBase64, toHex } from '../../util/bytes.js';
import type { TrustWriter, WriteSession } from '../trust-writer.js';
import {
  loginUsername,
  refuseStageOnlyInit,
  stageAndPublish,
  toRef,
  type EventOptions,
  type Published,
  type StageOnlyOption,
} from './common.js';

export interface SignOptions extends EventOptions, StageOnlyOption {
  /** Signer (delegation) name: on a new repository the first signer (default: the registry login
   *  username, as docker); on an existing one, sign only as this signer (and into releases). */
  signer?: string;
}

export interface SignResult {
  gun: string;
  tag: string;
  /** Hex sha256 of the manifest, as docker trust inspect prints it. */
  digest: string;
  size: number;
  /** 'existing': co-signed the released digest (no registry access); 'registry': resolved the tag. */
  source: 'registry' | 'existing';
  roles: RoleName[];
  /** Roles that already held this exact entry. */
  unchanged: RoleName[];
  /** Who had signed the released digest before (docker names: "Repo Admin", signer names), sorted. */
  existingSigners: string[];
  /** Set when the repository was created by this signing. */
  created?: { signer: string; signerKeyId: string; rootKeyId: string; createdRootKey: boolean; targetsKeyId: string };
  /** Undefined when nothing had to change (the tag was already signed identically everywhere), or with stageOnly. */
  published?: Published;
}

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

function checkTagRef(ref: ImageReference): string {
  if (ref.tag === undefined) {
    if (ref.digest !== undefined) throw new SignetError('BAD_REFERENCE', 'cannot use a digest reference for IMAGE:TAG');
    throw new SignetError('BAD_REFERENCE', `no tag specified for ${ref.input}`);
  }
  return ref.tag;
}

/**
 * docker trust sign, without an engine: on an existing repository the tag goes into every role the
 * user can sign (co-signing the released digest when the tag is signed, else the registry's digest);
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
  const resolve = async () => {
    const m = await writer.registry(session).resolveTag(ref);
    return { hex: m.digest.replace(/^sha256:/, ''), size: m.size };
  };
  if (!session.repo) {
    if (opts.stageOnly) refuseStageOnlyInit(ref.gun);
    return signNewRepository(writer, session, tag, resolve, opts);
  }

  const repo = session.repo;
  const plan = await planSign(repo, tag, session.held, nodeCrypto, resolve);
  let roles = plan.roles;
  let changes = plan.changes;
  if (opts.signer !== undefined) {
    const own = `targets/${opts.signer}`;
    if (!roles.includes(own)) {
      throw new SignetError(
        'NO_SIGNING_KEYS',
        `you cannot sign as ${opts.signer} in ${ref.gun}: you hold no key of ${own}, or it does not exist`,
        {
          hint: `sign without --signer to use every role you hold keys for (${roles.join(', ')})`,
        },
      );
    }
    roles = roles.filter((r) => r === own || r === RELEASES);
    changes = changes.filter((c) => c.type === 'target' && roles.includes(c.role));
  }
  const result: SignResult = {
    gun: ref.gun,
    tag,
    digest: toHex(fromBase64(plan.meta.hashes['sha256']!)),
    size: plan.meta.length,
    source: plan.source,
    roles,
    unchanged: plan.unchanged.filter((r) => roles.includes(r)),
    existingSigners: existingSigners(repo, tag),
  };
  if (changes.length === 0 && (await session.changes.list()).length === 0) return result;
  const published = await stageAndPublish(writer, session, changes, undefined, { stageOnly: opts.stageOnly === true });
  return published ? { ...result, published } : result;
}

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
async function firstSignerName(
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

async function signNewRepository(
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
  const init = await writer.initial(session);
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
