/**
 * One config folder for the CLI and the app: the app's old folder (Electron's userData on Linux,
 * ~/.config/Signet) is read once and its files moved into ~/.config/signet, saying so; a broken file
 * is never moved, overwritten or removed; the CLI and the app then name the same folder.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../../cli/main.js';
import { oldConfigDirs } from '../../../core/node/config-move.js';
import { loadTrustPinning, signetConfigDir, signetConfigPath } from '../../../core/node/signet-config.js';
import type { SettingsState, TrustPinsDTO } from '../../../electron/ipc/contract.js';
import { composeMain } from '../../../electron/main/compose.js';
import { prepareConfigFolder } from '../../../electron/main/config-folder.js';

const ID = 'a'.repeat(64);
const SETTINGS = `${JSON.stringify({ version: 1, trustServers: { 'r.example.com': 'https://n.example.com' } }, null, 2)}\n`;
const CONFIG = `${JSON.stringify({ trust_pinning: { certs: { 'r.example.com/a': [ID] } } })}\n`;

/** A home with the old folder holding `files`; the env the CLI and the app see. */
function home(files: Record<string, string>): { env: Record<string, string>; old: string; dir: string } {
  const h = mkdtempSync(join(tmpdir(), 'signet-move-'));
  const old = join(h, '.config', 'Signet');
  mkdirSync(old, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(old, name), text);
  const env = { HOME: h, DOCKER_CONFIG: join(h, 'docker'), SIGNET_DATA_DIR: join(h, 'data') };
  return { env, old, dir: join(h, '.config', 'signet') };
}

async function app(env: Record<string, string>, platform = 'linux') {
  const config = await prepareConfigFolder(env, platform);
  const g = composeMain({
    env,
    userDataDir: config.dir,
    configNotices: config.notices,
    emit: () => undefined,
    shell: 'harness',
    appVersion: '0',
    log: () => undefined,
  });
  const call = async <T>(channel: string, ...args: unknown[]): Promise<T> => {
    const r = await g.dispatch(channel, args);
    assert.ok(r.ok, `${channel}: ${JSON.stringify(r)}`);
    return r.value as T;
  };
  return { config, call };
}

async function cli(argv: string[], env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await main(argv, {
    stdout: () => undefined,
    stderr: (t) => void (stderr += t),
    env,
    now: () => new Date('2026-01-01T00:00:00Z'),
  });
  return { code, stderr };
}

test('one folder per OS: the lowercase XDG folder on Linux (the old one is Electron’s "Signet"), Electron’s own elsewhere', () => {
  assert.equal(signetConfigDir({}, 'linux', '/home/u'), '/home/u/.config/signet');
  assert.equal(signetConfigDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/u'), '/cfg/signet');
  assert.deepEqual(oldConfigDirs({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/u'), ['/cfg/Signet']);
  // macOS and Windows: Electron's userData for "Signet" already was this folder; nothing to move
  assert.equal(signetConfigDir({}, 'darwin', '/Users/u'), '/Users/u/Library/Application Support/Signet');
  assert.deepEqual(oldConfigDirs({}, 'darwin', '/Users/u'), []);
  assert.deepEqual(oldConfigDirs({ APPDATA: 'C:\\R' }, 'win32', 'C:\\u'), []);
  for (const platform of ['linux', 'darwin', 'win32'])
    assert.equal(dirname(signetConfigPath({}, platform, '/h')), signetConfigDir({}, platform, '/h'), platform);
});

test('the old folder’s settings.json and config.json are read and moved once, with a notice in the app', async () => {
  const { env, old, dir } = home({ 'settings.json': SETTINGS, 'config.json': CONFIG });
  const { config, call } = await app(env);
  assert.equal(config.dir, dir);
  assert.equal(readFileSync(join(dir, 'settings.json'), 'utf8'), SETTINGS, 'the same bytes');
  assert.equal(readFileSync(join(dir, 'config.json'), 'utf8'), CONFIG);
  assert.ok(!existsSync(join(old, 'settings.json')) && !existsSync(join(old, 'config.json')), 'moved, not copied');

  const state = await call<SettingsState>('settings:get');
  assert.equal(state.file, join(dir, 'settings.json'));
  assert.deepEqual(state.settings.trustServers, { 'r.example.com': 'https://n.example.com' }, 'the moved settings');
  assert.deepEqual(
    state.notices?.map((n) => n.message),
    [
      `Moved ${join(old, 'settings.json')} to ${join(dir, 'settings.json')}: the app and the CLI keep their settings in one folder, ${dir}.`,
      `Moved ${join(old, 'config.json')} to ${join(dir, 'config.json')}: the app and the CLI keep their settings in one folder, ${dir}.`,
    ],
  );
  const pins = await call<TrustPinsDTO>('pins:get');
  assert.equal(pins.file, join(dir, 'config.json'));
  assert.deepEqual(pins.certs, { 'r.example.com/a': [ID] });
  // saving a setting keeps the notice for the session
  await call('settings:update', { keyStore: 'trust-dir' });
  assert.equal((await call<SettingsState>('settings:get')).notices?.length, 2);

  // once: the next start finds nothing to move, and an old file that reappears is not read
  writeFileSync(join(old, 'settings.json'), '{"version":1,"trustServers":{"x.example.com":"https://y"}}');
  const again = await app(env);
  assert.deepEqual(again.config.notices, []);
  assert.equal(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).keyStore, 'trust-dir');
  assert.ok(existsSync(join(old, 'settings.json')), 'left alone');
});

test('a broken file in the old folder is never moved, overwritten or removed: kept and reported', async () => {
  const broken = '{"version": 1, "trustServers": ';
  const { env, old, dir } = home({ 'settings.json': broken, 'config.json': '{"trust_pinning": {"certs": 3}}' });
  const { config, call } = await app(env);
  assert.equal(readFileSync(join(old, 'settings.json'), 'utf8'), broken, 'untouched');
  assert.equal(readFileSync(join(old, 'config.json'), 'utf8'), '{"trust_pinning": {"certs": 3}}');
  assert.ok(!existsSync(join(dir, 'settings.json')) && !existsSync(join(dir, 'config.json')), 'nothing moved');
  assert.deepEqual(
    config.notices.map((n) => n.kind),
    ['kept', 'kept'],
  );
  assert.match(
    config.notices[0]!.message,
    new RegExp(
      `^${join(old, 'settings.json')} was not moved to ${dir}: it is not valid JSON \\(.+\\)\\. It is left where it was and not used; fix it \\(it is moved at the next start\\) or remove it\\.$`,
    ),
  );
  assert.match(config.notices[1]!.message, /config\.json was not moved .*: trust_pinning\.certs is not an object\./);
  // the app runs on defaults in the new folder; saving writes there, never over the broken file
  const state = await call<SettingsState>('settings:get');
  assert.deepEqual(state.settings.trustServers, {});
  assert.equal(state.notices?.length, 2);
  await call('settings:update', { keyStore: 'trust-dir' });
  assert.equal(readFileSync(join(old, 'settings.json'), 'utf8'), broken);
  assert.ok(existsSync(join(dir, 'settings.json')));
});

test('the new folder wins: when it has the file, the old one is neither read nor touched', async () => {
  const { env, old, dir } = home({ 'settings.json': SETTINGS });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'settings.json'), '{"version":1}');
  const { config } = await app(env);
  assert.deepEqual(config.notices, []);
  assert.equal(readFileSync(join(dir, 'settings.json'), 'utf8'), '{"version":1}');
  assert.equal(readFileSync(join(old, 'settings.json'), 'utf8'), SETTINGS);
});

test('a CA pinned by a path relative to the old folder still names the same file after the move', async () => {
  const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  const { env, old, dir } = home({ 'config.json': JSON.stringify({ trust_pinning: { ca: { 'r/': 'team-ca.pem' } } }) });
  writeFileSync(join(old, 'team-ca.pem'), pem);
  const { config } = await app(env);
  assert.match(config.notices[0]!.message, /its CA files are now named by full path, still in .*Signet\)\.$/);
  const pinning = await loadTrustPinning(join(dir, 'config.json'));
  assert.equal(pinning.ca!['r/']!.source, join(old, 'team-ca.pem'));
  assert.equal(pinning.ca!['r/']!.pem, pem);
});

test('SIGNET_CONFIG names another config file: only settings.json is moved, config.json stays', async () => {
  const { env, old, dir } = home({ 'settings.json': SETTINGS, 'config.json': CONFIG });
  const { config, call } = await app({ ...env, SIGNET_CONFIG: join(dir, '..', 'notary.json') });
  assert.equal(config.notices.length, 1);
  assert.ok(existsSync(join(old, 'config.json')));
  assert.equal((await call<TrustPinsDTO>('pins:get')).file, join(dir, '..', 'notary.json'));
});

test('the CLI moves an old config.json once (a line on stderr), and the app then names the same folder', async () => {
  const { env, old, dir } = home({ 'config.json': CONFIG });
  const first = await cli(['key', 'list'], env);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(
    first.stderr,
    `signet: Moved ${join(old, 'config.json')} to ${join(dir, 'config.json')}: the app and the CLI keep their settings in one folder, ${dir}.\n`,
  );
  assert.equal((await cli(['key', 'list'], env)).stderr, '', 'said once');
  const { config, call } = await app(env);
  assert.deepEqual(config.notices, []);
  assert.equal(dirname((await call<SettingsState>('settings:get')).file), dir);
  const pins = await call<TrustPinsDTO>('pins:get');
  assert.equal(pins.file, join(dir, 'config.json'));
  assert.deepEqual(pins.certs, { 'r.example.com/a': [ID] }, 'the pins the CLI moved');
});

test('the CLI keeps a broken config.json where it is and says why', async () => {
  const { env, old, dir } = home({ 'config.json': 'not json' });
  const r = await cli(['key', 'list'], env);
  assert.match(r.stderr, new RegExp(`^signet: ${join(old, 'config.json')} was not moved to ${dir}: not valid JSON`));
  assert.equal(readFileSync(join(old, 'config.json'), 'utf8'), 'not json');
  assert.ok(!existsSync(join(dir, 'config.json')));
});
