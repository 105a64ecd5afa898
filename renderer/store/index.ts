import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppState } from './types.ts';
import type { AppStore } from './store.ts';

export { createAppStore, type AppStore } from './store.ts';
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
