import { SignetError } from '../errors.js';
import type { ImageReference } from '../registry/reference.js';
import { describeChange, type Change, type ChangeStore, type StagedChange } from '../trust/changelist.js';
import { planAddSigner } from '../trust/add-signer.js';
import { planRevoke } from '../trust/revoke.js';
import { planRotate, type RotatableRole } from '../trust/rotate.js';
import { checkSignerName } from '../trust/roles.js';
import type { RoleName } from '../tuf/types.js';
import type { TrustWriter } from './writer.js';
import {
  requireRepo,
  stageAndPublish,
  toRef,
  type EventOptions,
  type Published,
  type StageOnlyOption,
} from './common.js';
import { signerKey } from './sign-new.js';

export interface RevokeImpact {
  gun: string;
  /** Tags removed, per role. */
  removals: Array<{ role: RoleName; tag: string }>;
}

export interface RevokeOptions extends StageOnlyOption {
  /** Without a tag every released tag is revoked: true to go on, or a question to ask with the impact. Refused when absent. */
  confirmAll?: boolean | ((impact: RevokeImpact) => Promise<boolean>);
}

export interface RevokeResult extends RevokeImpact {
  tag?: string;
  /** The user declined revoking every tag; nothing was published. */
  cancelled?: boolean;
  published?: Published;
}

/** docker trust revoke: removes the tag (or, without one, every released tag) from each role the user can sign. */
export async function revoke(
  writer: TrustWriter,
  input: string | ImageReference,
  opts: RevokeOptions = {},
): Promise<RevokeResult> {
  const ref = toRef(input);
  if (ref.tag === undefined && ref.digest !== undefined)
    throw new SignetError('BAD_REFERENCE', 'cannot use a digest reference for IMAGE:TAG');
  const session = await writer.open(ref);
  const repo = requireRepo(session);
  const plan = planRevoke(repo, ref.tag, session.held, writer.ctx.crypto);
  const impact: RevokeImpact = { gun: ref.gun, removals: plan.removals };
  const base = { ...impact, ...(ref.tag !== undefined ? { tag: ref.tag } : {}) };
  if (ref.tag === undefined) {
    const ok = typeof opts.confirmAll === 'function' ? await opts.confirmAll(impact) : opts.confirmAll === true;
    if (!ok) return { ...base, cancelled: true };
  }
  const published = await stageAndPublish(writer, session, plan.changes, undefined, {
    stageOnly: opts.stageOnly === true,
  });
  return published ? { ...base, published } : base;
}

export interface RotateResult {
  gun: string;
  role: RotatableRole;
  /** Canonical ID of the new local key; '' when the server holds it. */
  newKeyId: string;
  serverManaged: boolean;
  published: Published;
}

/** notary key rotate: a new key for a base role replaces the old one in root.json (snapshot/timestamp may go to the server). */
export async function rotateKey(
  writer: TrustWriter,
  input: string | ImageReference,
  role: RotatableRole,
  opts: { serverManaged: boolean },
): Promise<RotateResult> {
  const ref = toRef(input);
  const session = await writer.open(ref);
  requireRepo(session);
  const plan = await planRotate({
    gun: ref.gun,
    role,
    serverManaged: opts.serverManaged,
    keys: writer.keys,
    remote: session.conn.remote,
    now: writer.now(),
  });
  const published = await stageAndPublish(writer, session, plan.changes);
  return { gun: ref.gun, role, newKeyId: plan.newKeyId, serverManaged: opts.serverManaged, published };
}

/** notary witness: re-signs roles unchanged (renewing their expiry, or restoring a role whose signatures no longer verify). */
export async function witness(
  writer: TrustWriter,
  input: string | ImageReference,
  roles: RoleName[],
): Promise<Published> {
  if (roles.length === 0) throw new SignetError('BAD_INPUT', 'name at least one role to witness');
  const ref = toRef(input);
  const session = await writer.open(ref);
  requireRepo(session);
  return stageAndPublish(
    writer,
    session,
    roles.map((role): Change => ({ type: 'witness', action: 'update', role })),
  );
}

export interface InitRepoOptions extends EventOptions {
  /** Root key to use (canonical ID); default: the first root key held, else a new one. */
  rootKeyId?: string;
  /** A new root key even when one is held (`--root-token`: made on the token, once the server answered). */
  newRootKey?: boolean;
  /** Also add a first signer with the user's key for that name (reused or created). */
  signer?: string;
}

export interface InitRepoResult {
  gun: string;
  rootKeyId: string;
  targetsKeyId: string;
  createdRootKey: boolean;
  signer?: { name: string; keyId: string };
  published: Published;
}

/** Creates a repository's trust data (docker's layout: server-managed snapshot), optionally with a first signer. */
export async function initRepo(
  writer: TrustWriter,
  input: string | ImageReference,
  opts: InitRepoOptions = {},
): Promise<InitRepoResult> {
  const ref = toRef(input);
  if (opts.signer !== undefined) checkSignerName(opts.signer);
  const session = await writer.open(ref);
  if (session.repo)
    throw new SignetError('BAD_INPUT', `${ref.gun} already has trust data`, {
      hint: 'it is already initialized: sign tags or add signers',
    });
  opts.onEvent?.({ type: 'initializing', gun: ref.gun });
  const init = await writer.initial(session, {
    ...(opts.rootKeyId !== undefined ? { rootKeyId: opts.rootKeyId } : {}),
    ...(opts.newRootKey ? { newRootKey: true } : {}),
  });
  const key = opts.signer !== undefined ? await signerKey(writer, opts.signer) : undefined;
  const changes = key ? planAddSigner(opts.signer!, [key.publicKey]) : [];
  const published = await stageAndPublish(writer, session, changes, init);
  opts.onEvent?.({ type: 'initialized', gun: ref.gun });
  return {
    gun: ref.gun,
    rootKeyId: init.rootKeyId,
    targetsKeyId: init.targetsKeyId,
    createdRootKey: init.createdRootKey,
    ...(key ? { signer: { name: opts.signer!, keyId: key.id } } : {}),
    published,
  };
}

export interface StagedItem extends StagedChange {
  description: string;
}

function storeFor(writer: TrustWriter, input: string | ImageReference): { gun: string; store: ChangeStore } {
  const ref = toRef(input);
  return { gun: ref.gun, store: writer.ctx.changes(ref.gun) };
}

/** The changes staged for a repository (notary status), oldest first; no server is contacted. */
export async function stagedChanges(writer: TrustWriter, input: string | ImageReference): Promise<StagedItem[]> {
  const { store } = storeFor(writer, input);
  return (await store.list()).map((c) => ({ ...c, description: describeChange(c.change) }));
}

/** Publishes everything staged (notary publish); a repository without trust data is created first. */
export async function publishStaged(writer: TrustWriter, input: string | ImageReference): Promise<Published> {
  const ref = toRef(input);
  const session = await writer.open(ref);
  const staged = await session.changes.list();
  if (staged.length === 0) throw new SignetError('BAD_INPUT', `no staged changes for ${ref.gun}`);
  const init = session.repo ? undefined : await writer.initial(session);
  const result = await writer.publish(session, init);
  return { gun: ref.gun, roles: result.published, applied: result.applied, carried: [], repo: result.repo };
}

/** Drops staged changes (all, or the given IDs); returns what was dropped. No server is contacted. */
export async function discardStaged(
  writer: TrustWriter,
  input: string | ImageReference,
  ids?: string[],
): Promise<StagedChange[]> {
  const { gun, store } = storeFor(writer, input);
  const all = await store.list();
  const drop = ids === undefined ? all : all.filter((c) => ids.includes(c.id));
  const unknown = (ids ?? []).filter((id) => !all.some((c) => c.id === id));
  if (unknown.length > 0)
    throw new SignetError('BAD_INPUT', `no staged change ${unknown.join(', ')} for ${gun}`, {
      hint: `list them with \`signet status ${gun}\``,
    });
  await store.remove(drop.map((c) => c.id));
  return drop;
}
