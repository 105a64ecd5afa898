/** `window.signet`, derived from the IPC contract (for the renderer's tsconfig to include). */
import type { SignetApi } from './ipc/contract.js';

declare global {
  interface Window {
    readonly signet: SignetApi;
  }
}

export {};
