/**
 * The preload: `window.signet` with named methods only (electron/fiddle src/preload/preload.ts),
 * built from the contract's channel list. It never exposes ipcRenderer; listeners receive the
 * payload without the IpcRendererEvent and can be removed (on() returns an unsubscribe function).
 * Bundled to CommonJS (dist/electron/preload.cjs) requiring only 'electron', as a sandboxed
 * preload must be.
 */
import type { ContextBridge, IpcRenderer, IpcRendererEvent } from 'electron';
import { buildApi } from '../ipc/channels.js';

export function createPreloadApi(
  ipcRenderer: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>,
): Record<string, unknown> {
  return buildApi(
    (channel, args) => ipcRenderer.invoke(channel, ...args),
    (event, listener) => {
      const wrapped = (_e: IpcRendererEvent, payload: unknown): void => listener(payload);
      ipcRenderer.on(event, wrapped);
      return () => void ipcRenderer.removeListener(event, wrapped);
    },
  );
}

export function exposeSignet(
  contextBridge: Pick<ContextBridge, 'exposeInMainWorld'>,
  ipcRenderer: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>,
): void {
  contextBridge.exposeInMainWorld('signet', createPreloadApi(ipcRenderer));
}
