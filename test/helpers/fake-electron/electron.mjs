/**
 * A recording stand-in for the 'electron' module, enough for the app's main entry to boot: it
 * emits 'ready' one macrotask after the entry graph is evaluated (as Electron does for an ES module
 * entry), then writes what the app did to $FAKE_ELECTRON_REPORT and exits once the window loaded
 * its URL and the app:// handler answered for it.
 */
import { existsSync, writeFileSync } from 'node:fs';

const report = { events: [], ipcChannels: 0 };
let isReady = false;
let resolveReady;
const ready = new Promise((r) => (resolveReady = r));
const log = (type, extra = {}) => report.events.push({ type, beforeReady: !isReady, ...extra });
let protocolHandler;

async function finish(url) {
  try {
    const res = await protocolHandler(new Request(url));
    const body = await res.text();
    report.appResponse = {
      status: res.status,
      csp: res.headers.get('content-security-policy'),
      contentType: res.headers.get('content-type'),
      hasRoot: body.includes('id="root"'),
    };
  } catch (e) {
    report.appResponse = { error: String(e) };
  }
  writeFileSync(process.env.FAKE_ELECTRON_REPORT, JSON.stringify(report));
  process.exit(0);
}

export const app = {
  requestSingleInstanceLock: () => (log('singleInstanceLock'), true),
  quit: () => log('quit'),
  on: (event) => log('app.on', { event }),
  whenReady: () => ready,
  paths: {},
  getPath(name) {
    log('getPath', { name });
    return this.paths[name] ?? process.env.FAKE_ELECTRON_USERDATA;
  },
  setPath(name, path) {
    log('setPath', { name, path });
    this.paths[name] = path;
  },
  getVersion: () => '0.0.0-test',
  isPackaged: false,
  showAboutPanel() {},
};

export const protocol = {
  registerSchemesAsPrivileged: (schemes) => log('registerSchemesAsPrivileged', { schemes }),
  handle: (scheme, handler) => {
    protocolHandler = handler;
    log('protocol.handle', { scheme });
  },
};

let nextId = 1;
export class BrowserWindow {
  static all = [];
  static getAllWindows() {
    return BrowserWindow.all;
  }
  constructor(options) {
    BrowserWindow.all.push(this);
    const preload = options.webPreferences?.preload;
    report.window = {
      preload,
      preloadExists: !!preload && existsSync(preload),
      webPreferences: options.webPreferences,
    };
    log('BrowserWindow');
    this.webContents = {
      id: nextId++,
      on() {},
      once() {},
      setWindowOpenHandler() {},
      send() {},
      isDestroyed: () => false,
    };
  }
  once() {}
  on() {}
  show() {}
  isMinimized() {
    return false;
  }
  async loadURL(url) {
    report.loadedUrl = url;
    log('loadURL', { url });
    await finish(url);
  }
}

export const ipcMain = {
  handle: () => void report.ipcChannels++,
  on() {},
  removeHandler() {},
};
export const Menu = { buildFromTemplate: (t) => t, setApplicationMenu: () => log('setApplicationMenu') };
export const session = {
  defaultSession: {
    setPermissionRequestHandler() {},
    setPermissionCheckHandler() {},
    webRequest: { onHeadersReceived() {} },
  },
};
export const shell = { openExternal() {} };
export const dialog = {};
export default { app, protocol, BrowserWindow, ipcMain, Menu, session, shell, dialog };

setTimeout(() => {
  isReady = true;
  log('ready');
  resolveReady();
}, 0);
