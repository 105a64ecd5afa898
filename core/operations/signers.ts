import { SignetError } from '../errors.js';
import type { ImageReference } from '../registry/reference.js';
import type { InitResult } from '../trust/initialize.js';
import { planAddSigner } from '../trust/add-signer.js';
import { planRemoveSigner, type RemoveSignerPlan } from '../trust/remove-signer.js';
import { checkSignerName } from '../trust/roles.js';
import type { PublicKeyJSON } from '../tuf/types.js';
import type { TrustWriter, WriteSession } from './writer.js';
import {
  refuseStageOnlyInit,
  stageAndPublish,
  toRef,
  type EventOptions,
  type Published,
  type StageOnlyOption,
} from './common.js';

/** One repository's outcome in a multi-repository operation; `error` when it failed (others go on, as in docker). */
export interface RepoOutcome<T> {
  input: string;
  gun?: string;
  result?: T;
  error?: unknown;
}

export interface AddSignerResult {
  /** The repository did not exist and was created (with the user's root key and a new repository key). */
  initialized?: { rootKeyId: string; targetsKeyId: string; createdRootKey: boolean };
  /** Undefined with stageOnly (the changes were staged, not published). */
  published?: Published;
}

const inputName = (i: string | ImageReference): string => (typeof i === 'string' ? i : i.input);

async function eachRepo<T>(
  inputs: Array<string | ImageReference>,
  fn: (ref: ImageReference) => Promise<T>,
): Promise<RepoOutcome<T>[]> {
  const out: RepoOutcome<T>[] = [];
  for (const input of inputs) {
    try {
      const ref = toRef(input);
      out.push({ input: inputName(input), gun: ref.gun, result: await fn(ref) });
    } catch (error) {
      out.push({ input: inputName(input), error });
    }
  }
  return out;
}

/**
 * docker trust signer add: `targets/NAME` with the keys (threshold 1, all paths) and the same keys in
 * `targets/releases`, signed with the repository key; a repository without trust data is created
 * first, in the same publish. Repositories are processed one by one; a failure does not stop the rest.
 */
export async function addSigner(
  writer: TrustWriter,
  name: string,
  publicKeys: PublicKeyJSON[],
  inputs: Array<string | ImageReference>,
  opts: EventOptions & StageOnlyOption = {},
): Promise<RepoOutcome<AddSignerResult>[]> {
  checkSignerName(name);
  if (publicKeys.length === 0)
    throw new SignetError('BAD_INPUT', 'path to a public key must be provided using the `--key` flag');
  return eachRepo(inputs, async (ref) => {
    const session = await writer.open(ref);
    let init: InitResult | undefined;
    if (!session.repo && opts.stageOnly) refuseStageOnlyInit(ref.gun);
    if (!session.repo) {
      opts.onEvent?.({ type: 'initializing', gun: ref.gun });
      init = await writer.initial(session);
    }
    const published = await stageAndPublish(writer, session, planAddSigner(name, publicKeys), init, {
      stageOnly: opts.stageOnly === true,
    });
    if (init) opts.onEvent?.({ type: 'initialized', gun: ref.gun });
    return {
      ...(init
        ? {
            initialized: {
              rootKeyId: init.rootKeyId,
              targetsKeyId: init.targetsKeyId,
              createdRootKey: init.createdRootKey,
            },
          }
        : {}),
      ...(published ? { published } : {}),
    };
  });
}

/** What removing a signer does to a repository, shown before asking. */
export interface RemoveSignerImpact {
  gun: string;
  signer: string;
  /** Tags that nobody can pull with content trust after the removal (released only via this signer). */
  orphanedTags: string[];
  /** Canonical IDs of the signer's keys. */
  removedKeys: string[];
  /** No key is left in targets/releases, so that role goes too. */
  releasesRemoved: boolean;
}

export interface RemoveSignerResult {
  impact: RemoveSignerImpact;
  /** False when the user declined; nothing was published. */
  removed: boolean;
  published?: Published;
}

export interface RemoveSignerOptions extends StageOnlyOption {
  /** Asked when the removal makes tags unpullable; resolve true to go on. Without it such removals are refused. */
  confirm?: (impact: RemoveSignerImpact) => Promise<boolean>;
}

/**
 * docker trust signer remove, fixed: the signer's keys leave targets/releases and targets/NAME is
 * deleted, in one publish. When tags become unpullable (the signer holds the last valid signature
 * of targets/releases) `confirm` is asked with the exact tags first.
 */
export async function removeSigner(
  writer: TrustWriter,
  name: string,
  inputs: Array<string | ImageReference>,
  opts: RemoveSignerOptions = {},
): Promise<RepoOutcome<RemoveSignerResult>[]> {
  if (name === 'releases') throw new SignetError('BAD_INPUT', 'releases is a reserved keyword and cannot be removed');
  checkSignerName(name);
  return eachRepo(inputs, async (ref) => {
    const session = await writer.open(ref);
    const { impact, plan } = impactOf(writer, session, name);
    if (plan.orphanedTags.length > 0) {
      if (!opts.confirm) {
        throw new SignetError(
          'BAD_INPUT',
          `removing ${name} makes ${plan.orphanedTags.join(', ')} unpullable in ${ref.gun}`,
          { hint: 'confirm the removal (signer remove -f)' },
        );
      }
      if (!(await opts.confirm(impact))) return { impact, removed: false };
    }
    const published = await stageAndPublish(writer, session, plan.changes, undefined, {
      stageOnly: opts.stageOnly === true,
    });
    return { impact, removed: true, ...(published ? { published } : {}) };
  });
}

function impactOf(
  writer: TrustWriter,
  session: WriteSession,
  name: string,
): { impact: RemoveSignerImpact; plan: RemoveSignerPlan } {
  const { ref } = session.conn;
  const repo = session.repo;
  const role = `targets/${name}`;
  if (!repo || !(repo.targets.signed.delegations.roles ?? []).some((r) => r.name === role)) {
    throw new SignetError('BAD_INPUT', `no signer ${name} for repository ${ref.input}`);
  }
  const plan = planRemoveSigner(repo, name, writer.ctx.crypto);
  const impact: RemoveSignerImpact = {
    gun: ref.gun,
    signer: name,
    orphanedTags: plan.orphanedTags,
    removedKeys: plan.removedKeys,
    releasesRemoved: plan.releasesRemoved,
  };
  return { impact, plan };
}

/** What removing a signer would do to one repository (the preview removeSigner asks about), without doing it. */
export async function removeSignerImpact(
  writer: TrustWriter,
  name: string,
  input: string | ImageReference,
): Promise<RemoveSignerImpact> {
  checkSignerName(name);
  return impactOf(writer, await writer.open(toRef(input)), name).impact;
}
