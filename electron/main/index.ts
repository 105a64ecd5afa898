/**
 * Electron entry point (dist/electron/main/index.js): the only module importing electron at runtime.
 * It registers app:// before anything else can run, then loads the app: its module graph evaluates
 * asynchronously (a top-level await), and Electron may emit 'ready' meanwhile, after which a scheme
 * can no longer be registered, nor userData moved (test/unit/electron/boot.test.ts boots this file
 * to prove the order).
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } from 'electron';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signetConfigDir } from '../../core/node/signet-config.js';
import { registerScheme } from './scheme.js';

registerScheme(protocol);
// one config folder with the CLI (settings.json, config.json, Electron's data); before 'ready'
app.setPath('userData', signetConfigDir(process.env));
const { defaultPaths, startApp } = await import('./app.js');
startApp(
  { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell },
  defaultPaths(dirname(fileURLToPath(import.meta.url))),
);
