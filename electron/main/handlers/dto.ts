/** Core results → contract DTOs: only names, IDs, digests and dates; repositories and keys stay in main. */
import type { Published } from '../../../core/operations/index.js';
import { describeChange, type StagedChange } from '../../../core/trust/changelist.js';
import type { PublishedDTO, RepoOutcomeDTO, StagedChangeDTO, TrustView } from '../../ipc/contract.js';
import { toErrorDTO } from '../dispatch.js';
import { displayName } from '../files.js';

/** A trust view as the renderer sees it: a pinned CA file by its name only (main keeps where it is). */
export function viewDTO(view: TrustView): TrustView {
  const t = view.rootTrust;
  return t?.kind === 'ca' ? { ...view, rootTrust: { ...t, source: displayName(t.source) } } : view;
}

export function stagedDTO(c: StagedChange): StagedChangeDTO {
  return {
    id: c.id,
    description: describeChange(c.change),
    type: c.change.type,
    action: c.change.action,
    role: c.change.role,
  };
}

export function publishedDTO(p: Published): PublishedDTO {
  return { gun: p.gun, roles: [...p.roles], applied: p.applied.map(stagedDTO), carried: p.carried.map(stagedDTO) };
}

export function outcomeDTO<T, U>(
  o: { input: string; gun?: string; result?: T; error?: unknown },
  map: (r: T) => U,
): RepoOutcomeDTO<U> {
  return {
    reference: o.input,
    ...(o.gun !== undefined ? { gun: o.gun } : {}),
    ...(o.result !== undefined ? { result: map(o.result) } : {}),
    ...(o.error !== undefined ? { error: toErrorDTO(o.error) } : {}),
  };
}
