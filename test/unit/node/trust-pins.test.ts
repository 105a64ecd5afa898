/**
 * Changing the pins in Signet's config file (the app's Settings and "Pin this root"): checked
 * before anything is written, written whole, the rest of the file kept, a broken file never
 * overwritten; the root certificate IDs a root pins.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isSignetError } from '../../../core/errors.js';
import { loadTrustPinning, readTrustPinningFile } from '../../../core/node/signet-config.js';
import { pinGun, pinRootCertificates, updateTrustPins } from '../../../core/node/trust-pins.js';
import { rootCertificateIds } from '../../../core/tuf/trust-pinning.js';
import type { RootSigned } from '../../../core/tuf/types.js';

const GOLDEN = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/golden/b-signers/metadata/root.json');
const root = (JSON.parse(readFileSync(GOLDEN, 'utf8')) as { signed: RootSigned }).signed;
const ROOT_CERT = 'bd902fd28cb85a53a299ee3e503e80f8e3896afb152e62b6b16a772305f75e7b';
const ID = 'a'.repeat(64);
const ID2 = 'b'.repeat(64);

function configFile(content?: object | string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'signet-pins-')), 'config.json');
  if (content !== undefined) writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const code = (c: string) => (e: unknown) => isSignetError(e, c as never);

test('a root pins its certificate IDs (the root role keys that are certificates), not bare keys', () => {
  assert.deepEqual(rootCertificateIds(root), [ROOT_CERT]);
});

test('pins are stored under the GUN core reads them by; a tag, bad IDs or an empty list are refused', async () => {
  assert.equal(pinGun('example/app'), 'docker.io/example/app');
  assert.equal(pinGun('127.0.0.1:5000/team/app'), '127.0.0.1:5000/team/app');
  const file = configFile();
  const written = await updateTrustPins(file, { certs: { 'example/app': [ID, ID] } });
  assert.deepEqual(written.certs, { 'docker.io/example/app': [ID] });
  assert.deepEqual((await loadTrustPinning(file)).certs, { 'docker.io/example/app': [ID] }, 'what the CLI then reads');
  await assert.rejects(updateTrustPins(file, { certs: { 'example/app:v1': [ID] } }), code('BAD_INPUT'));
  await assert.rejects(updateTrustPins(file, { certs: { 'a b': [ID] } }), code('BAD_INPUT'));
  await assert.rejects(updateTrustPins(file, { certs: { 'example/app': ['abc'] } }), code('BAD_INPUT'));
  await assert.rejects(updateTrustPins(file, { certs: { 'example/app': [] } }), code('BAD_INPUT'));
  assert.deepEqual(
    (await readTrustPinningFile(file)).certs,
    { 'docker.io/example/app': [ID] },
    'refusals wrote nothing',
  );
});

test('a CA pin needs a readable file holding a certificate (relative: from the config file); disable_tofu; the rest of the file is kept', async () => {
  const file = configFile({ remote_server: { url: 'https://notary.example.com' } });
  const cert = Buffer.from(root.keys[ROOT_CERT]!.keyval.public, 'base64').toString('utf8');
  writeFileSync(join(dirname(file), 'team-ca.pem'), cert);
  writeFileSync(join(dirname(file), 'not-a-cert.pem'), 'hello');
  await updateTrustPins(file, { ca: { 'registry.example.com/team/': 'team-ca.pem' }, disableTofu: true });
  const pinning = await loadTrustPinning(file);
  assert.equal(pinning.ca!['registry.example.com/team/']!.source, join(dirname(file), 'team-ca.pem'));
  assert.equal(pinning.disableTofu, true);
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')).remote_server, { url: 'https://notary.example.com' });
  await assert.rejects(
    updateTrustPins(file, { ca: { 'r/': '/nowhere/ca.pem' } }),
    (e) => isSignetError(e, 'BAD_INPUT') && /cannot read the CA file \/nowhere\/ca\.pem for "r\/"/.test(e.message),
  );
  await assert.rejects(
    updateTrustPins(file, { ca: { 'r/': 'not-a-cert.pem' } }),
    (e) => isSignetError(e, 'BAD_INPUT') && /holds no PEM certificate/.test(e.message),
  );
  await assert.rejects(updateTrustPins(file, { ca: { ' ': 'team-ca.pem' } }), code('BAD_INPUT'));
  // only the parts given change
  await updateTrustPins(file, { disableTofu: false });
  assert.deepEqual(Object.keys((await readTrustPinningFile(file)).ca), ['registry.example.com/team/']);
});

test('"Pin this root" adds certs[gun] and keeps the other pins; a root without certificates cannot be pinned', async () => {
  const file = configFile({ trust_pinning: { certs: { 'docker.io/library/alpine': [ID2] } } });
  const written = await pinRootCertificates(file, '127.0.0.1:5000/team/app', rootCertificateIds(root));
  assert.deepEqual(written.certs, { 'docker.io/library/alpine': [ID2], '127.0.0.1:5000/team/app': [ROOT_CERT] });
  await assert.rejects(pinRootCertificates(file, '127.0.0.1:5000/team/app', []), code('BAD_INPUT'));
});

test('a config file that cannot be read is never overwritten: the error names it', async () => {
  const broken = '{"trust_pinning": {"certs": {"x": "not-a-list"}}}';
  const file = configFile(broken);
  await assert.rejects(updateTrustPins(file, { disableTofu: true }), code('BAD_CONFIG'));
  await assert.rejects(pinRootCertificates(file, 'example.com/a', [ID]), code('BAD_CONFIG'));
  assert.equal(readFileSync(file, 'utf8'), broken);
});
