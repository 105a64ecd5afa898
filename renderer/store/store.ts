/**
 * The renderer's state: one zustand store made of per-domain slices (repositories, trust views,
 * keys, ui, progress, settings). Slices hold identifiers, names, digests and dates only, never key material.
 * The store is created with an {@link Api} so tests can pass a fake one.
 */
import { createStore } from 'zustand/vanilla';
import type { Api } from '../api.ts';
import { repositoriesSlice } from './repositories.ts';
import { trustSlice } from './trust.ts';
import { keysSlice } from './keys.ts';
import { uiSlice } from './ui.ts';
import { progressSlice } from './progress.ts';
import { settingsSlice } from './settings.ts';
import { registriesSlice } from './registries.ts';
import { auditSlice } from './audit.ts';
import { historySlice } from './history.ts';
import type { AppState, AppStore } from './types.ts';

export interface StoreOptions {
  /** How long a finished operation stays in the progress bar (ms). */
  progressLingerMs?: number;
}

export function createAppStore(api: Api, opts: StoreOptions = {}): AppStore {
  return createStore<AppState>()((set, get) => ({
    ...repositoriesSlice(set, get, api),
    ...trustSlice(set, get, api),
    ...keysSlice(set, get, api),
    ...uiSlice(set, get, api),
    ...progressSlice(set, get, api, opts.progressLingerMs ?? 1500),
    ...settingsSlice(set, get, api),
    ...registriesSlice(set, get, api),
    ...auditSlice(set, get, api),
    ...historySlice(set, get, api),
  }));
}
