import { parseReference, repositoryPart } from '../lib/reference.ts';
import type { RepositoriesSlice, SliceCreator } from './types.ts';
import { errorToShow } from './errors.ts';

export const repositoriesSlice: SliceCreator<RepositoriesSlice> = (set, get, api) => ({
  watched: [],
  discovered: [],
  selected: null,
  repositoriesError: null,
  repositoriesLoaded: false,

  async loadRepositories() {
    try {
      set({ watched: await api.repositories.list(), repositoriesError: null });
    } catch (e) {
      set({ repositoriesError: errorToShow(e) });
    }
    try {
      set({ discovered: await api.repositories.discovered() });
    } catch {
      /* discovery is a convenience: keys' GUNs still show */
    }
    set({ repositoriesLoaded: true });
  },

  async addRepository(reference) {
    if (reference.trim() === '') return false;
    const parsed = parseReference(reference.trim());
    if (!parsed.ok) {
      set({ repositoriesError: parsed.error });
      return false;
    }
    const ref = repositoryPart(parsed.ref);
    try {
      const watched = await api.repositories.add(ref);
      set({ watched, repositoriesError: null });
      // the main process normalises; select the entry it stored for this input (same GUN)
      const entry =
        watched.find((w) => w.reference === ref) ??
        watched.find((w) => w.gun === parsed.ref.gun) ??
        watched[watched.length - 1];
      const key = entry?.reference ?? ref;
      get().select(key);
      void get().loadView(key, { force: true });
      return true;
    } catch (e) {
      set({ repositoriesError: errorToShow(e) });
      return false;
    }
  },

  async removeRepository(reference) {
    try {
      const watched = await api.repositories.remove(reference);
      set((s) => ({ watched, selected: s.selected === reference ? null : s.selected, repositoriesError: null }));
    } catch (e) {
      set({ repositoriesError: errorToShow(e) });
    }
  },

  select(reference) {
    set({ selected: reference, section: 'repository' });
    const entry = get().views[reference];
    if (!entry) void get().loadView(reference);
  },
});
