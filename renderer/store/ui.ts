import type { SliceCreator } from './store.ts';
import type { UiSlice } from './types.ts';

export const uiSlice: SliceCreator<UiSlice> = (set) => ({
  section: 'repository',
  setSection: (section) => set({ section }),
  dialog: null,
  openDialog: (kind, props = {}) => set({ dialog: { kind, props } }),
  closeDialog: () => set({ dialog: null }),
});
