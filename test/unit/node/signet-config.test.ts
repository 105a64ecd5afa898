/** Signet's config file: notary's trust_pinning format, where it lives, what a bad file says. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isSignetError } from '../../../core/errors.js';
import {
  loadTrustPinning,
  readTrustPinningFile,
  signetConfigPath,
  writeTrustPinningFile,
} from '../../../core/node/signet-config.js';

const ID = 'a'.repeat(64);

test('the config file lives where each OS keeps config; SIGNET_CONFIG wins', () => {
  assert.equal(signetConfigPath({ SIGNET_CONFIG: '/x/c.json' }, 'linux', '/home/u'), '/x/c.json');
  assert.equal(signetConfigPath({}, 'linux', '/home/u'), '/home/u/.config/signet/config.json');
  assert.equal(signetConfigPath({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/u'), '/cfg/signet/config.json');
  assert.equal(signetConfigPath({}, 'darwin', '/Users/u'), '/Users/u/Library/Application Support/Signet/config.json');
  assert.match(
    signetConfigPath({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u'),
    /Signet[\\/]config\.json$/,
  );
});

test('a notary config.json is read as it is; CA paths are relative to the file; a missing file means no pins', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'signet-cfg-'));
  const file = join(dir, 'config.json');
  assert.deepEqual(await loadTrustPinning(file), { certs: {}, ca: {}, disableTofu: false });
  writeFileSync(join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  writeFileSync(
    file,
    JSON.stringify({
      remote_server: { url: 'https://notary.example.com' },
      trust_pinning: { certs: { 'r/a': [ID] }, ca: { 'r/': 'ca.pem' }, disable_tofu: true },
    }),
  );
  const p = await loadTrustPinning(file);
  assert.deepEqual(p.certs, { 'r/a': [ID] });
  assert.equal(p.ca!['r/']!.source, join(dir, 'ca.pem'));
  assert.match(p.ca!['r/']!.pem, /BEGIN CERTIFICATE/);
  assert.equal(p.disableTofu, true);
});

test('writing trust_pinning keeps the rest of the file (a notary config stays a notary config)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'signet-cfg-'));
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ remote_server: { url: 'https://n' }, trust_dir: '~/.notary' }));
  await writeTrustPinningFile(file, { certs: { g: [ID] }, ca: {}, disable_tofu: false });
  const json = JSON.parse(readFileSync(file, 'utf8'));
  assert.deepEqual(json.remote_server, { url: 'https://n' });
  assert.equal(json.trust_dir, '~/.notary');
  assert.deepEqual((await readTrustPinningFile(file)).certs, { g: [ID] });
});

test('a bad file or an unreadable CA file: BAD_CONFIG naming the file and the entry', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'signet-cfg-'));
  const file = join(dir, 'config.json');
  writeFileSync(file, '{ not json');
  await assert.rejects(
    loadTrustPinning(file),
    (e) => isSignetError(e, 'BAD_CONFIG') && e.message.startsWith(`${file}: not valid JSON`),
  );
  writeFileSync(file, JSON.stringify({ trust_pinning: { disable_tofu: 'yes' } }));
  await assert.rejects(
    loadTrustPinning(file),
    (e) => isSignetError(e, 'BAD_CONFIG') && /disable_tofu must be true or false/.test(e.message),
  );
  writeFileSync(file, JSON.stringify({ trust_pinning: { ca: { 'r/': 'missing.pem' } } }));
  await assert.rejects(
    loadTrustPinning(file),
    (e) => isSignetError(e, 'BAD_CONFIG') && e.message.includes(join(dir, 'missing.pem')) && e.message.includes('"r/"'),
  );
});
