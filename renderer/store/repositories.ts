import type { SliceCreator } from './store.ts';
import type { RepositoriesSlice } from './types.ts';
import { toErrorDTO } from './errors.ts';

/** "host:5000/team/app:v1" or "team/app@sha256:…" → the repository part (Signet watches repositories, not tags). */
export function repositoryPart(reference: string): string {
  let r = reference.trim();
  const at = r.indexOf('@');
  if (at >= 0) r = r.slice(0, at);
  const colon = r.lastIndexOf(':');
  if (colon > r.lastIndexOf('/')) r = r.slice(0, colon);
  return r;
}

export const repositoriesSlice: SliceCreator<RepositoriesSlice> = (set, get, api) => ({
  watched: [],
  discovered: [],
  trustServers: {},
  selected: null,
  repositoriesError: null,

  async loadRepositories() {
    try {
      const [watched, settings] = await Promise.all([api.listRepositories(), api.settings().catch(() => undefined)]);
      set({ watched, repositoriesError: null, ...(settings ? { trustServers: settings.settings.trustServers } : {}) });
    } catch (e) {
      set({ repositoriesError: toErrorDTO(e) });
    }
    try {
      set({ discovered: await api.discoveredRepositories() });
    } catch {
      /* discovery is a convenience: keys' GUNs still show */
    }
  },

  async addRepository(reference) {
    const ref = repositoryPart(reference);
    if (ref === '') return false;
    try {
      const watched = await api.addRepository(ref);
      set({ watched, repositoriesError: null });
      // the main process normalises; select the entry it stored for this input (same GUN)
      const entry = watched.find((w) => w.reference === ref) ?? watched[watched.length - 1];
      const key = entry?.reference ?? ref;
      get().select(key);
      void get().loadView(key, { force: true });
      return true;
    } catch (e) {
      set({ repositoriesError: toErrorDTO(e) });
      return false;
    }
  },

  async removeRepository(reference) {
    try {
      const watched = await api.removeRepository(reference);
      set((s) => ({ watched, selected: s.selected === reference ? null : s.selected, repositoriesError: null }));
    } catch (e) {
      set({ repositoriesError: toErrorDTO(e) });
    }
  },

  select(reference) {
    set({ selected: reference, section: 'repository' });
    const entry = get().views[reference];
    if (!entry) void get().loadView(reference);
  },
});
