/**
 * App lifecycle with Electron injected (so it type-checks and unit-tests without the binary):
 * single instance, app:// protocol, hardened session and window, native menu, IPC registration.
 */
import type * as Electron from 'electron';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { composeMain } from './compose.js';
import { prepareConfigFolder } from './config-folder.js';
import { electronDialogs } from './dialogs.js';
import { eventSender, registerIpc, TrustedSenders } from './ipc.js';
import { keychainUnavailable, loadKeytar } from './keychain.js';
import { menuTemplate } from './menu.js';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, contentType, resolveAppFile, withCsp } from './security.js';
import { createMainWindow, hardenContents, hardenSession } from './window.js';

export type ElectronModule = Pick<
  typeof Electron,
  'app' | 'BrowserWindow' | 'ipcMain' | 'Menu' | 'protocol' | 'session' | 'shell' | 'dialog'
>;

export interface AppPaths {
  /** dist/ of the packaged or built app. */
  distDir: string;
  /** Folder of the built renderer (index.html). */
  rendererDir: string;
  preloadPath: string;
  iconPath?: string;
}

export { registerScheme } from './scheme.js';

/** Serves only files under the renderer folder, with the CSP header. */
export function appProtocolHandler(rendererDir: string) {
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST ? resolveAppFile(rendererDir, url.pathname) : undefined;
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      const headers = withCsp({ 'Content-Type': contentType(file) });
      return new Response(body, {
        status: 200,
        headers: Object.entries(headers).map(([k, v]) => [k, v.join(', ')] as [string, string]),
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  };
}

export function startApp(electron: ElectronModule, paths: AppPaths): void {
  const { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } = electron;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  // app:// was registered by index.ts before anything else loaded (scheme.ts)
  const openExternal = (url: string): void => void shell.openExternal(url);
  const trusted = new TrustedSenders(APP_ORIGIN);
  let main: Electron.BrowserWindow | undefined;

  app.on('second-instance', () => {
    if (!main) return;
    if (main.isMinimized()) main.restore();
    main.focus();
  });
  app.on('web-contents-created', (_e, contents) => hardenContents(contents, openExternal));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  void app.whenReady().then(async () => {
    const keytarNote = await keychainUnavailable(loadKeytar);
    const config = await prepareConfigFolder(process.env);
    for (const notice of config.notices) console.warn(notice.message);
    const graph = composeMain({
      env: process.env,
      userDataDir: config.dir,
      configNotices: config.notices,
      emit: eventSender(() => BrowserWindow.getAllWindows().map((w) => w.webContents), trusted),
      shell: 'electron',
      appVersion: app.getVersion(),
      // file and confirmation dialogs are main's own, modal to the window
      dialogs: electronDialogs(
        dialog,
        () => main,
        () => app.getPath('documents'),
      ),
      ...(keytarNote === undefined
        ? { keytar: loadKeytar }
        : { keychainNote: `OS keychain not reachable: ${keytarNote}` }),
    });
    registerIpc(ipcMain, trusted, graph.dispatch, {
      onRefused: (channel, reason) => console.warn(`refused ${channel}: ${reason}`),
    });
    // the cache and history writes a refresh handed over (trust:view) end before the app does
    let settled = false;
    app.on('before-quit', (e) => {
      if (settled) return;
      e.preventDefault();
      void graph.services.writesSettled().finally(() => {
        settled = true;
        app.quit();
      });
    });
    hardenSession(session.defaultSession);
    protocol.handle(APP_SCHEME, appProtocolHandler(paths.rendererDir));
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate(process.platform, { dev: !app.isPackaged, actions: { about: () => app.showAboutPanel() } }),
      ),
    );

    const open = (): void => {
      main = createMainWindow({
        BrowserWindow,
        preloadPath: paths.preloadPath,
        openExternal,
        ...(paths.iconPath ? { iconPath: paths.iconPath } : {}),
      });
      trusted.add(main.webContents);
      main.on('closed', () => {
        graph.broker.cancelAll();
        main = undefined;
      });
    };
    open();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) open();
    });
  });
}

/** Paths relative to the compiled main (dist/electron/main/index.js). */
export function defaultPaths(mainDir: string): AppPaths {
  const distDir = join(mainDir, '..', '..');
  return {
    distDir,
    rendererDir: join(distDir, 'renderer'),
    preloadPath: join(distDir, 'electron', 'preload.cjs'),
    iconPath: join(distDir, '..', 'assets', 'icon.png'),
  };
}
