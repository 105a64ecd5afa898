/** Preload bundle entry (esbuild → dist/electron/preload.cjs). */
import { contextBridge, ipcRenderer } from 'electron';
import { exposeSignet } from './index.js';

exposeSignet(contextBridge, ipcRenderer);
