/**
 * The one hardened window (Electron security checklist; electron/fiddle src/main/windows.ts):
 * sandboxed, isolated renderer without Node; navigation, new windows, webviews and every
 * permission request denied; CSP on the app's responses.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import { APP_URL, isAppUrl, withCsp } from './security.js';

export interface WindowDeps {
  /** Electron's BrowserWindow class (a fake in tests). */
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  preloadPath: string;
  iconPath?: string;
  /** Opens https links in the user's browser (shell.openExternal); other URLs are dropped. */
  openExternal?: (url: string) => void;
  url?: string;
}

export function windowOptions(preloadPath: string, iconPath?: string): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    title: 'Signet',
    show: false,
    backgroundColor: '#ffffff',
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  };
}

function openIfHttps(url: string, openExternal?: (url: string) => void): void {
  try {
    if (new URL(url).protocol === 'https:') openExternal?.(url);
  } catch {
    /* not a URL: nothing to open */
  }
}

/**
 * Denies navigation away from the app, new windows (https links go to the browser), webviews and
 * redirects. Applied to every webContents the app creates (app 'web-contents-created').
 */
const hardened = new WeakSet<object>();

export function hardenContents(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  openExternal?: (url: string) => void,
): void {
  if (hardened.has(contents)) return; // once per webContents (window creation and app 'web-contents-created' both call this)
  hardened.add(contents);
  contents.setWindowOpenHandler(({ url }) => {
    openIfHttps(url, openExternal);
    return { action: 'deny' };
  });
  const block = (event: { preventDefault(): void }, url: string): void => {
    event.preventDefault();
    if (!isAppUrl(url)) openIfHttps(url, openExternal);
  };
  contents.on('will-navigate', block);
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Session-wide: deny every permission request and check, and put our CSP on app responses. */
export function hardenSession(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'webRequest'>,
): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback(isAppUrl(details.url) ? { responseHeaders: withCsp(details.responseHeaders) } : {});
  });
}

export function createMainWindow(deps: WindowDeps): BrowserWindow {
  const win = new deps.BrowserWindow(windowOptions(deps.preloadPath, deps.iconPath));
  hardenContents(win.webContents, deps.openExternal);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(deps.url ?? APP_URL);
  return win;
}
