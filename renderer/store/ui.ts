import type { SliceCreator, UiSlice } from './types.ts';

export const uiSlice: SliceCreator<UiSlice> = (set) => ({
  section: 'repository',
  setSection: (section) => set({ section }),
  dialog: null,
  openDialog: (request) => set({ dialog: request }),
  closeDialog: () => set({ dialog: null }),
});
