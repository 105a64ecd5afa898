/** Electron entry point (dist/electron/main/index.js): the only module importing electron at runtime. */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } from 'electron';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultPaths, startApp } from './app.js';

startApp(
  { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell },
  defaultPaths(dirname(fileURLToPath(import.meta.url))),
);
