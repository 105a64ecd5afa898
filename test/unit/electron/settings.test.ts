import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SettingsStore, defaultSettings, settingsView } from '../../../electron/main/settings.js';

const dir = () => mkdtempSync(join(tmpdir(), 'signet-settings-'));

test('missing file: defaults, no problem', async () => {
  const s = new SettingsStore(dir());
  const st = await s.get();
  assert.deepEqual(st.settings, defaultSettings());
  assert.equal(st.problem, undefined);
});

test('update writes atomically (no temp files left) and reads back', async () => {
  const d = dir();
  const s = new SettingsStore(d);
  await Promise.all([
    s.update({ watchedRepositories: ['example/app'] }),
    s.update({ trustServers: { 'registry.example.com': 'https://notary.example.com' } }),
  ]);
  assert.deepEqual(readdirSync(d), ['settings.json']);
  assert.equal(statSync(join(d, 'settings.json')).mode & 0o777, 0o600);
  const fresh = await new SettingsStore(d).get();
  assert.deepEqual(fresh.settings.watchedRepositories, ['example/app']);
  assert.deepEqual(fresh.settings.trustServers, { 'registry.example.com': 'https://notary.example.com' });
});

for (const [name, text] of [
  ['invalid JSON', '{"version":1,'],
  ['wrong type', '{"version":1,"keyStore":"plaintext-file"}'],
  ['unknown version', '{"version":7}'],
] as const) {
  test(`corrupt file (${name}): kept aside as settings.json.corrupt-<time> and reported, never silently reset`, async () => {
    const d = dir();
    writeFileSync(join(d, 'settings.json'), text);
    const s = new SettingsStore(d, { now: () => new Date('2026-11-27T01:02:03.456Z'), warn: () => {} });
    const st = await s.get();
    assert.deepEqual(st.settings, defaultSettings());
    assert.ok(st.problem);
    assert.equal(st.problem.keptAs, join(d, 'settings.json.corrupt-2026-11-27T01-02-03-456Z'));
    assert.equal(readFileSync(st.problem.keptAs, 'utf8'), text, 'the corrupt file is kept byte for byte');
    assert.match(st.problem.message, /kept as/);
    const after = await s.update({ keyStore: 'trust-dir' });
    assert.equal(after.problem, undefined);
    assert.deepEqual(readdirSync(d).sort(), ['settings.json', 'settings.json.corrupt-2026-11-27T01-02-03-456Z']);
  });
}

test('the PKCS#11 module: kept by path (or off) in the file, never shown to the window, never set by it', async () => {
  const d = dir();
  const s = new SettingsStore(d);
  await s.update({ pkcs11Module: '/usr/lib/softhsm/libsofthsm2.so' });
  assert.equal((await new SettingsStore(d).get()).settings.pkcs11Module, '/usr/lib/softhsm/libsofthsm2.so');
  assert.equal('pkcs11Module' in settingsView(await s.get()).settings, false, 'the path stays in main');
  await s.update({ pkcs11Module: 'off' });
  assert.equal((await new SettingsStore(d).get()).settings.pkcs11Module, 'off');
  await s.update({ pkcs11Module: undefined });
  assert.equal((await new SettingsStore(d).get()).settings.pkcs11Module, undefined);
  // a relative path in the file is refused as any other bad setting
  writeFileSync(join(d, 'settings.json'), JSON.stringify({ version: 1, pkcs11Module: 'libsofthsm2.so' }));
  assert.ok((await new SettingsStore(d).get()).problem);
});
