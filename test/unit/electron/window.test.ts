import { test } from 'node:test';
import assert from 'node:assert/strict';
import { menuTemplate } from '../../../electron/main/menu.js';
import { APP_URL, CONTENT_SECURITY_POLICY, resolveAppFile } from '../../../electron/main/security.js';
import { createMainWindow, hardenSession } from '../../../electron/main/window.js';
import { appProtocolHandler } from '../../../electron/main/app.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Fn = (...a: any[]) => any;

class FakeWindow {
  static last: FakeWindow;
  handlers: Record<string, Fn> = {};
  windowOpen?: Fn;
  loaded?: string;
  webContents = {
    on: (ev: string, fn: Fn) => void (this.handlers[ev] = fn),
    setWindowOpenHandler: (fn: Fn) => void (this.windowOpen = fn),
  };
  constructor(readonly options: any) {
    FakeWindow.last = this;
  }
  once() {}
  show() {}
  async loadURL(url: string) {
    this.loaded = url;
  }
}

test('BrowserWindow options: isolated, sandboxed, no Node, web security on', () => {
  createMainWindow({ BrowserWindow: FakeWindow as never, preloadPath: '/app/preload.cjs' });
  const w = FakeWindow.last;
  const wp = w.options.webPreferences;
  assert.equal(wp.contextIsolation, true);
  assert.equal(wp.sandbox, true);
  assert.equal(wp.nodeIntegration, false);
  assert.equal(wp.nodeIntegrationInSubFrames, false);
  assert.equal(wp.webSecurity, true);
  assert.equal(wp.allowRunningInsecureContent, false);
  assert.equal(wp.webviewTag, false);
  assert.equal(wp.preload, '/app/preload.cjs');
  assert.equal(w.loaded, APP_URL);
  assert.equal(APP_URL, 'app://signet/index.html');
});

test('navigation, window.open and webviews are denied; https links go to the browser', () => {
  const opened: string[] = [];
  createMainWindow({ BrowserWindow: FakeWindow as never, preloadPath: '/p', openExternal: (u) => opened.push(u) });
  const w = FakeWindow.last;
  assert.deepEqual(w.windowOpen!({ url: 'https://docs.docker.com/' }), { action: 'deny' });
  assert.deepEqual(w.windowOpen!({ url: 'file:///etc/passwd' }), { action: 'deny' });
  let prevented = 0;
  const ev = { preventDefault: () => void prevented++ };
  w.handlers['will-navigate']!(ev, 'https://evil.example/');
  w.handlers['will-navigate']!(ev, APP_URL);
  w.handlers['will-redirect']!(ev, 'http://evil.example/');
  w.handlers['will-attach-webview']!(ev);
  assert.equal(prevented, 4);
  assert.deepEqual(opened, ['https://docs.docker.com/', 'https://evil.example/']);
});

test('session: permissions denied, CSP header on the app content', () => {
  let request: Fn = () => {};
  let check: Fn = () => true;
  let headers: Fn = () => {};
  hardenSession({
    setPermissionRequestHandler: (fn: Fn) => void (request = fn),
    setPermissionCheckHandler: (fn: Fn) => void (check = fn),
    webRequest: { onHeadersReceived: (fn: Fn) => void (headers = fn) },
  } as never);
  for (const perm of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
    let granted: boolean | undefined;
    request({}, perm, (g: boolean) => (granted = g));
    assert.equal(granted, false, perm);
    assert.equal(check({}, perm), false);
  }
  let out: any;
  headers(
    {
      url: 'app://signet/index.html',
      responseHeaders: { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] },
    },
    (r: any) => (out = r),
  );
  assert.deepEqual(out.responseHeaders['Content-Security-Policy'], [CONTENT_SECURITY_POLICY]);
  assert.equal(out.responseHeaders['content-security-policy'], undefined);
  headers({ url: 'https://example.com/', responseHeaders: {} }, (r: any) => (out = r));
  assert.deepEqual(out, {});
});

test('the CSP forbids remote and inline script, eval, objects and framing', () => {
  assert.match(CONTENT_SECURITY_POLICY, /default-src 'none'/);
  assert.match(CONTENT_SECURITY_POLICY, /script-src 'self'(;|$)/);
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-eval|script-src[^;]*unsafe-inline|\*|http:|https:/);
  assert.match(CONTENT_SECURITY_POLICY, /object-src 'none'/);
  assert.match(CONTENT_SECURITY_POLICY, /frame-ancestors 'none'/);
});

test('app:// serves only files under the renderer folder, with the CSP', async () => {
  const root = mkdtempSync(join(tmpdir(), 'signet-renderer-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html>');
  const h = appProtocolHandler(root);
  const ok = await h(new Request('app://signet/'));
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
  for (const u of [
    'app://signet/../../etc/passwd',
    'app://signet/%2e%2e/%2e%2e/etc/passwd',
    'app://other/index.html',
    'app://signet/missing.js',
  ]) {
    assert.equal((await h(new Request(u))).status, 404, u);
  }
  assert.equal(resolveAppFile(root, '/..%2f..%2fetc/passwd'), undefined);
});

test('menu: the usual roles, dev tools only in development', () => {
  const roles = (t: any[]): string[] =>
    t.flatMap((i) => [i.role, ...(Array.isArray(i.submenu) ? roles(i.submenu) : [])]).filter(Boolean);
  const mac = roles(menuTemplate('darwin', { dev: false }));
  assert.ok(['appMenu', 'fileMenu', 'editMenu', 'windowMenu', 'help', 'zoomIn'].every((r) => mac.includes(r)));
  assert.ok(!mac.includes('toggleDevTools'));
  const linuxDev = roles(menuTemplate('linux', { dev: true }));
  assert.ok(!linuxDev.includes('appMenu'));
  assert.ok(linuxDev.includes('toggleDevTools'));
});
