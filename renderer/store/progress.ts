import type { Api } from '../api.ts';
import type { AppStore, ProgressSlice } from './types.ts';
import { uiNow } from '../lib/clock.ts';

export const progressSlice = (
  set: AppStore['setState'],
  get: AppStore['getState'],
  _api: Api,
  lingerMs: number,
): ProgressSlice => ({
  operations: {},
  onProgress(event) {
    const now = uiNow();
    set((s) => {
      const prev = s.operations[event.operationId];
      return {
        operations: {
          ...s.operations,
          [event.operationId]: {
            ...prev,
            ...event,
            gun: event.gun ?? prev?.gun,
            startedAt: prev?.startedAt ?? now,
            updatedAt: now,
          },
        },
      };
    });
    if (event.step === 'done' || event.step === 'failed') {
      setTimeout(() => get().clearOperation(event.operationId), lingerMs);
    }
  },
  clearOperation(operationId) {
    set((s) => {
      if (!(operationId in s.operations)) return s;
      const { [operationId]: _gone, ...rest } = s.operations;
      return { operations: rest };
    });
  },
});
