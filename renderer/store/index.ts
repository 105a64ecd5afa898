import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { gunOf } from '../lib/reference.ts';
import type { AppState, AppStore } from './types.ts';

export { createAppStore } from './store.ts';
export type * from './types.ts';

export const StoreContext = createContext<AppStore | null>(null);

export function useAppStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useApp outside <StoreContext.Provider>');
  return store;
}

/** Reads a slice of the app state; re-renders when the selected value changes. */
export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(useAppStore(), selector);
}

/** A repository's GUN: its trust view's, else core's normalisation of the reference (for a repository without trust data). */
export function useGun(reference: string): string {
  return useApp((s) => s.views[reference]?.view?.gun) ?? gunOf(reference);
}
