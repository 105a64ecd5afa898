import type { SliceCreator } from './store.ts';
import type { KeysSlice } from './types.ts';
import { toErrorDTO } from './errors.ts';

export const keysSlice: SliceCreator<KeysSlice> = (set, _get, api) => ({
  keys: [],
  keysStatus: 'idle',
  keysError: null,
  async loadKeys() {
    set({ keysStatus: 'loading' });
    try {
      set({ keys: await api.listKeys(), keysStatus: 'ready', keysError: null });
    } catch (e) {
      set({ keysStatus: 'error', keysError: toErrorDTO(e) });
    }
  },
});
