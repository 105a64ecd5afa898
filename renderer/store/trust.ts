import type { SliceCreator, TrustSlice } from './types.ts';
import { errorToShow } from './errors.ts';
import { uiNow } from '../lib/clock.ts';
import type { TrustView } from '../../electron/ipc/contract.ts';

/** performance.mark names the UI benchmark reads (test/bench/ui-bench.ts). */
export const MARK_DATA = 'signet:view-data';

/** Every role file's version: any publish (a write here, or by anyone else) changes it. */
const versionsOf = (view: TrustView | undefined): string =>
  view ? view.roles.map((r) => `${r.role}@${r.version}`).join(' ') : 'none';

export const trustSlice: SliceCreator<TrustSlice> = (set, get, api) => ({
  views: {},
  raw: {},

  async loadView(reference, opts = {}) {
    const current = get().views[reference];
    if (current?.status === 'loading') return;
    if (current?.status === 'ready' && !opts.force) return;
    set((s) => ({ views: { ...s.views, [reference]: { ...current, status: 'loading' } } }));
    try {
      const view = await api.trust.view(reference);
      globalThis.performance?.mark?.(MARK_DATA, { detail: { reference, tags: view.signedTags.length } });
      set((s) => ({ views: { ...s.views, [reference]: { status: 'ready', view, fetchedAt: uiNow() } } }));
      // the trust data changed since the last answer (a write finished, here or elsewhere): its history too
      if (current?.fetchedAt !== undefined && versionsOf(current.view) !== versionsOf(view))
        get().trustDataChanged(view.gun);
    } catch (e) {
      // a failed refresh keeps what was shown before (labelled with the error)
      set((s) => {
        const before = s.views[reference]?.view;
        return {
          views: {
            ...s.views,
            [reference]: {
              status: 'error',
              error: errorToShow(e),
              fetchedAt: uiNow(),
              ...(before ? { view: before } : {}),
            },
          },
        };
      });
    }
  },

  async loadRaw(reference) {
    set((s) => ({ raw: { ...s.raw, [reference]: { status: 'loading' } } }));
    try {
      const roles = await api.trust.rawMetadata(reference);
      set((s) => ({ raw: { ...s.raw, [reference]: { status: 'ready', roles } } }));
    } catch {
      // auditors' extra: hidden when it cannot be read
      set((s) => ({ raw: { ...s.raw, [reference]: { status: 'unavailable' } } }));
    }
  },
});
