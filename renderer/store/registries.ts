/** Registries added as a whole: their catalogs' repositories are listed in the sidebar. */
import type { ErrorDTO, RegistryListing } from '../../electron/ipc/contract.ts';
import { errorToShow } from './errors.ts';
import type { SliceCreator } from './types.ts';

export interface RegistriesSlice {
  registries: RegistryListing[];
  loadRegistries(): Promise<void>;
  /** The listing when added; the refusal (e.g. a registry without a catalog) otherwise. */
  addRegistry(registry: string): Promise<{ listing: RegistryListing } | { error: ErrorDTO }>;
  removeRegistry(registry: string): Promise<ErrorDTO | null>;
}

export const registriesSlice: SliceCreator<RegistriesSlice> = (set, get, api) => ({
  registries: [],

  async loadRegistries() {
    try {
      set({ registries: await api.repositories.registries() });
    } catch {
      /* listing registries is a convenience: their repositories can still be added by name */
    }
  },

  async addRegistry(registry) {
    try {
      const listing = await api.repositories.addRegistry(registry);
      set((s) => ({ registries: [...s.registries.filter((r) => r.registry !== listing.registry), listing] }));
      return { listing };
    } catch (e) {
      return { error: errorToShow(e) };
    }
  },

  async removeRegistry(registry) {
    try {
      const left = new Set(await api.repositories.removeRegistry(registry));
      set({ registries: get().registries.filter((r) => left.has(r.registry)) });
      return null;
    } catch (e) {
      return errorToShow(e);
    }
  },
});
