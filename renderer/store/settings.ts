import type { SettingsState, SettingsView } from '../../electron/ipc/contract.ts';
import { registryOf } from '../lib/reference.ts';
import type { AppStore, SettingsSlice, SliceCreator } from './types.ts';
import { errorToShow } from './errors.ts';

/** The registries whose trust server differs between two settings. */
function changedRegistries(before: SettingsView, after: SettingsView): Set<string> {
  const out = new Set<string>();
  for (const r of new Set([...Object.keys(before.trustServers), ...Object.keys(after.trustServers)]))
    if (before.trustServers[r] !== after.trustServers[r]) out.add(r);
  return out;
}

const sameMap = (a: Record<string, string>, b: Record<string, string>): boolean =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

export const settingsSlice: SliceCreator<SettingsSlice> = (set, get, api) => ({
  settings: null,
  appInfo: null,
  settingsError: null,

  async loadSettings() {
    try {
      const [settings, appInfo] = await Promise.all([api.settings.get(), api.app.info()]);
      set({ settings, appInfo, settingsError: null });
    } catch (e) {
      set({ settingsError: errorToShow(e) });
    }
  },

  async updateSettings(patch) {
    const before = get().settings?.settings;
    try {
      const { notSaved, ...settings } = await api.settings.update(patch);
      applied(set, get, before, settings);
      // where new keys go (and why not, when the keychain is missing) may have changed
      void api.app.info().then(
        (appInfo) => set({ appInfo }),
        () => undefined,
      );
      return notSaved !== undefined ? { notSaved } : null;
    } catch (e) {
      return errorToShow(e);
    }
  },

  async setCaFile(host, handle) {
    const before = get().settings?.settings;
    try {
      applied(set, get, before, await api.settings.setCaFile({ host, file: handle }));
      return null;
    } catch (e) {
      return errorToShow(e);
    }
  },

  async removeCaFile(host) {
    const before = get().settings?.settings;
    try {
      applied(set, get, before, await api.settings.removeCaFile({ host }));
      return null;
    } catch (e) {
      return errorToShow(e);
    }
  },
});

/** Keeps the new settings; trust data read with a trust server or CA file that changed is read again. */
function applied(
  set: AppStore['setState'],
  get: AppStore['getState'],
  before: SettingsView | undefined,
  settings: SettingsState,
): void {
  set({ settings, settingsError: null });
  if (!before) return;
  const registries = changedRegistries(before, settings.settings);
  const allCas = !sameMap(before.caFiles, settings.settings.caFiles);
  for (const [reference, entry] of Object.entries(get().views)) {
    const registry = entry.view ? registryOf(entry.view.gun) : registryOf(reference);
    if (allCas || (registry !== undefined && registries.has(registry))) void get().loadView(reference, { force: true });
  }
}
