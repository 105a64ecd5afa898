/**
 * The built desktop entry boots: dist/electron/main/index.js runs under Node with a recording
 * stand-in for 'electron' (no Electron binary here). What fails first on a real desktop is checked:
 * the entry loads as an ES module with its imports, app:// is registered before 'ready', the
 * preload the window names exists, and app://signet/index.html is served with the CSP.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const root = resolve(import.meta.dirname, '..', '..', '..');
const entry = join(root, 'dist', 'electron', 'main', 'index.js');

test('the compiled Electron entry boots: scheme before ready, preload on disk, app:// serves the renderer with the CSP', (t) => {
  for (const f of [
    entry,
    join(root, 'dist', 'electron', 'preload.cjs'),
    join(root, 'dist', 'renderer', 'index.html'),
  ]) {
    assert.ok(existsSync(f), `${f} is built (npm run build)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'signet-boot-'));
  const reportFile = join(dir, 'report.json');
  const r = spawnSync(process.execPath, ['--import', join(root, 'test/helpers/fake-electron/register.mjs'), entry], {
    env: {
      PATH: process.env['PATH'],
      HOME: dir,
      DOCKER_CONFIG: join(dir, 'docker'),
      SIGNET_CONFIG: join(dir, 'signet.json'),
      FAKE_ELECTRON_USERDATA: join(dir, 'userData'),
      FAKE_ELECTRON_REPORT: reportFile,
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent', // no keychain: the app says so and goes on
    },
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(r.status, 0, `the entry exited ${r.status}: ${r.stderr}`);
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  t.diagnostic(JSON.stringify(report.events.map((e: { type: string }) => e.type)));
  const scheme = report.events.find((e: { type: string }) => e.type === 'registerSchemesAsPrivileged');
  assert.ok(scheme, 'app:// is registered');
  assert.equal(scheme.beforeReady, true, 'registerSchemesAsPrivileged runs before ready (Electron throws otherwise)');
  assert.deepEqual(scheme.schemes[0].scheme, 'app');
  // Electron's data goes into the CLI's config folder, set before 'ready' (Electron ignores it after)
  const userData = report.events.find((e: { type: string; name?: string }) => e.type === 'setPath');
  assert.deepEqual(userData, {
    type: 'setPath',
    beforeReady: true,
    name: 'userData',
    path: join(dir, '.config', 'signet'),
  });
  const handle = report.events.find((e: { type: string }) => e.type === 'protocol.handle');
  assert.equal(handle.beforeReady, false, 'protocol.handle runs once ready');
  assert.equal(report.window.preloadExists, true, `the preload ${report.window.preload} exists`);
  assert.equal(report.window.webPreferences.sandbox, true);
  assert.equal(report.loadedUrl, 'app://signet/index.html');
  assert.ok(report.ipcChannels > 20, 'every request channel has a handler');
  assert.equal(report.appResponse.status, 200);
  assert.match(report.appResponse.contentType, /text\/html/);
  assert.match(report.appResponse.csp, /default-src 'none'|script-src 'self'/);
  assert.equal(report.appResponse.hasRoot, true, 'the built renderer page is served');
});
