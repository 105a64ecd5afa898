/**
 * History slice: each repository's (or opened archive's) history as main computed it, the trust
 * archives opened in this session, and which view of a repository is shown (trust data, trust
 * graph, history). An archive is shown where a repository is, under the key `archive:<id>` (the
 * ID main gave the opened archive; main alone knows where its file is).
 */
import type { HistoryRequest } from '../../electron/ipc/contract.ts';
import { errorToShow } from './errors.ts';
import type { HistorySlice, SliceCreator } from './types.ts';
import { uiNow } from '../lib/clock.ts';
import { gunOf } from '../lib/reference.ts';

/** The key an opened archive is selected and its history stored under. */
export const archiveKey = (id: string): string => `archive:${id}`;
export const isArchiveKey = (key: string): boolean => key.startsWith('archive:');

export const historySlice: SliceCreator<HistorySlice> = (set, get, api) => ({
  histories: {},
  archives: {},
  repositoryTab: 'trust',
  setRepositoryTab: (repositoryTab) => set({ repositoryTab }),

  async loadHistory(key, opts = {}) {
    const current = get().histories[key];
    if (current?.status === 'loading') return;
    if (current?.status === 'ready' && !opts.force) return;
    const archive = isArchiveKey(key) ? get().archives[key.slice('archive:'.length)] : undefined;
    const request: HistoryRequest = archive
      ? { reference: archive.archive.gun, archive: archive.id }
      : { reference: key };
    set((s) => ({ histories: { ...s.histories, [key]: { ...current, status: 'loading', stale: false } } }));
    // the trust data changed while this was read: read it again once this answer is in
    const again = (): void => {
      if (get().histories[key]?.stale) void get().loadHistory(key, { force: true });
    };
    try {
      const history = await api.history.read(request);
      const stale = get().histories[key]?.stale;
      set((s) => ({ histories: { ...s.histories, [key]: { status: 'ready', history, fetchedAt: uiNow(), stale } } }));
      again();
    } catch (e) {
      // a failed refresh keeps what was shown before, labelled with the error
      set((s) => {
        const before = s.histories[key]?.history;
        return {
          histories: {
            ...s.histories,
            [key]: {
              status: 'error',
              error: errorToShow(e),
              fetchedAt: uiNow(),
              ...(before ? { history: before } : {}),
              stale: s.histories[key]?.stale,
            },
          },
        };
      });
      again();
    }
  },

  trustDataChanged(gun) {
    for (const [key, entry] of Object.entries(get().histories)) {
      if (isArchiveKey(key) || (entry.history?.gun ?? gunOf(key)) !== gun) continue;
      if (entry.status === 'loading')
        set((s) => ({ histories: { ...s.histories, [key]: { ...s.histories[key]!, stale: true } } }));
      else void get().loadHistory(key, { force: true });
    }
  },

  async openArchive(handle) {
    const opened = await api.history.openArchive({ file: handle });
    const key = archiveKey(opened.id);
    set((s) => ({
      archives: { ...s.archives, [opened.id]: opened },
      histories: { ...s.histories, [key]: { status: 'ready', history: opened.history, fetchedAt: uiNow() } },
      selected: key,
      section: 'repository',
    }));
    return opened;
  },

  closeArchive(id) {
    const key = archiveKey(id);
    set((s) => {
      const archives = { ...s.archives };
      const histories = { ...s.histories };
      delete archives[id];
      delete histories[key];
      return { archives, histories, selected: s.selected === key ? null : s.selected };
    });
  },

  selectArchive(id) {
    set({ selected: archiveKey(id), section: 'repository' });
  },
});
