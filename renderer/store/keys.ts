import type { KeysSlice, SliceCreator } from './types.ts';
import { errorToShow } from './errors.ts';

export const keysSlice: SliceCreator<KeysSlice> = (set, _get, api) => ({
  keys: [],
  keysStatus: 'idle',
  keysError: null,
  async loadKeys() {
    set({ keysStatus: 'loading' });
    try {
      set({ keys: await api.keys.list(), keysStatus: 'ready', keysError: null });
    } catch (e) {
      set({ keysStatus: 'error', keysError: errorToShow(e) });
    }
  },
});
