/**
 * What signing a tag will do, before it is done: the Sign dialog shows this, and signTag then does
 * exactly this (the roles come from the same signingRoles, the new-repository signer from the same
 * firstSignerName). No key is unlocked, nothing is staged, the registry is not asked.
 */
import { isSignetError } from '../errors.js';
import type { ImageReference } from '../registry/reference.js';
import { RELEASES, roleToSigner } from '../trust/names.js';
import { releasedEntry, sameMeta } from '../trust/roles.js';
import { heldKeysOf, signingRoles } from '../trust/sign.js';
import type { RoleName } from '../tuf/types.js';
import { base64ToHex } from '../util/bytes.js';
import { byteCompare } from '../util/compare.js';
import { toRef } from './common.js';
import { firstSignerName } from './sign-new.js';
import { checkTagRef, existingSigners } from './sign.js';
import type { TrustWriter } from './writer.js';

export interface SigningPlan {
  gun: string;
  tag: string;
  /** Roles the signature goes into. */
  roles: RoleName[];
  /** role → canonical IDs of your keys that sign it (empty for a role whose key is created on the way). */
  keys: Record<RoleName, string[]>;
  /** Signers (delegations) you hold a key of: the choices for "sign as". */
  signers: string[];
  /** Roles that already hold this tag with the same digest (left as they are). */
  unchanged: RoleName[];
  /** The tag is signed already: signing co-signs this digest, the registry is not asked. */
  existing?: { digest: string; size: number; signers: string[] };
  /** The repository has no trust data: signing creates it first (docker trust sign). */
  creates?: {
    /** The first signer's name (the chosen one, else the registry login); absent when neither exists. */
    signer?: string;
    /** Why there is no signer name (no registry login, or a login name that cannot name a signer). */
    signerProblem?: string;
    /** The root key that will be reused (canonical ID); absent: a new root key is created. */
    rootKeyId?: string;
  };
  /** Changes staged earlier that will be published along. */
  staged: number;
}

export async function signingPlan(
  writer: TrustWriter,
  input: string | ImageReference,
  opts: { signer?: string; rootKeyId?: string; fresh?: boolean } = {},
): Promise<SigningPlan> {
  const ref = toRef(input);
  const tag = checkTagRef(ref);
  const session = await writer.open(ref);
  const staged = (await session.changes.list()).length;
  const repo = session.repo;
  if (!repo) {
    let signer: string | undefined;
    let signerProblem: string | undefined;
    try {
      signer = await firstSignerName(writer, session, opts.signer);
    } catch (e) {
      if (!isSignetError(e)) throw e;
      signerProblem = e.message;
    }
    const roots = (await writer.keys.listKeys()).filter((k) => k.role === 'root').map((k) => k.id);
    const rootKeyId = opts.rootKeyId ?? roots.sort()[0];
    const own = signer !== undefined ? `targets/${signer}` : undefined;
    const signerKeys = signer !== undefined ? (await writer.keys.listKeys()).filter((k) => k.role === signer) : [];
    const mine = signerKeys
      .map((k) => k.id)
      .sort()
      .slice(0, 1);
    return {
      gun: ref.gun,
      tag,
      roles: own ? [RELEASES, own] : [RELEASES],
      keys: own ? { [RELEASES]: mine, [own]: mine } : {},
      signers: signer !== undefined ? [signer] : [],
      unchanged: [],
      creates: {
        ...(signer !== undefined ? { signer } : {}),
        ...(signerProblem !== undefined ? { signerProblem } : {}),
        ...(rootKeyId !== undefined ? { rootKeyId } : {}),
      },
      staged,
    };
  }
  const crypto = writer.ctx.crypto;
  // shown in this order: targets, targets/releases, then the signers by name (signing order does not matter)
  const rank = (r: RoleName): number => (r === 'targets' ? 0 : r === RELEASES ? 1 : 2);
  const roles = signingRoles(repo, tag, session.held, crypto, opts.signer).sort(
    (a, b) => rank(a) - rank(b) || byteCompare(a, b),
  );
  const keys: Record<RoleName, string[]> = {};
  for (const role of roles) keys[role] = heldKeysOf(repo, role, session.held, crypto);
  const signers = (repo.targets.signed.delegations.roles ?? [])
    .map((r) => r.name)
    .filter((name) => name.split('/').length === 2 && name !== RELEASES)
    .filter((name) => heldKeysOf(repo, name, session.held, crypto).length > 0)
    .map(roleToSigner)
    .sort();
  // fresh: the registry's digest is signed (a local image just pushed), not the one signed before
  const released = opts.fresh ? undefined : releasedEntry(repo, tag);
  const current = (role: RoleName) =>
    (role === 'targets' ? repo.targets : repo.delegations.get(role))?.signed.targets[tag];
  return {
    gun: ref.gun,
    tag,
    roles,
    keys,
    signers,
    unchanged: released ? roles.filter((r) => sameMeta(current(r), released.meta)) : [],
    ...(released
      ? {
          existing: {
            digest: base64ToHex(released.meta.hashes['sha256']!),
            size: released.meta.length,
            signers: existingSigners(repo, tag),
          },
        }
      : {}),
    staged,
  };
}
