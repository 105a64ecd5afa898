import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REQUEST_CHANNELS } from '../../../electron/ipc/channels.js';
import { BadArgumentsError, guards, parseArgs } from '../../../electron/ipc/guards.js';

const KEY = '0123456789abcdef'.repeat(4);
/** A handle as main's file dialog returns it. */
const FILE = 'f0'.repeat(16);
const FILE2 = 'e1'.repeat(16);
const bad = (fn: () => unknown) => assert.throws(fn, BadArgumentsError);

test('every channel has a guard', () => {
  assert.deepEqual(Object.keys(guards).sort(), [...REQUEST_CHANNELS].sort());
});

test('no-argument channels refuse arguments', () => {
  assert.deepEqual(parseArgs('app:info', []), []);
  bad(() => parseArgs('app:info', ['x']));
  bad(() => parseArgs('keys:list', [{}]));
});

test('references: strings without spaces or control characters', () => {
  assert.deepEqual(parseArgs('trust:view', ['127.0.0.1:5000/example/app:v1']), ['127.0.0.1:5000/example/app:v1']);
  for (const x of [undefined, null, 1, {}, [], '', 'a b', 'a\nb', 'x'.repeat(600)])
    bad(() => parseArgs('trust:view', [x]));
});

test('objects: exact fields, typed values, no prototypes', () => {
  assert.deepEqual(parseArgs('trust:sign', [{ reference: 'example/app:v1', signer: 'alice' }]), [
    { reference: 'example/app:v1', signer: 'alice' },
  ]);
  assert.deepEqual(parseArgs('trust:sign', [{ reference: 'example/app:v1' }]), [{ reference: 'example/app:v1' }]);
  bad(() => parseArgs('trust:sign', [{ reference: 'example/app:v1', passphrase: 'x' }]));
  bad(() => parseArgs('trust:sign', [{ reference: 'example/app:v1', signer: 3 }]));
  bad(() => parseArgs('trust:sign', [Object.assign(Object.create({ polluted: true }), { reference: 'a' })]));
  bad(() => parseArgs('trust:sign', [JSON.parse('{"reference":"a","__proto__":{"x":1}}')]));
  bad(() => parseArgs('trust:rotateKey', [{ reference: 'a', role: 'targets/alice', serverManaged: false }]));
  assert.deepEqual(parseArgs('trust:rotateKey', [{ reference: 'a', role: 'snapshot', serverManaged: true }]), [
    { reference: 'a', role: 'snapshot', serverManaged: true },
  ]);
  bad(() => parseArgs('trust:removeSigner', [{ name: 'alice', references: ['a'] }]));
  bad(() => parseArgs('trust:addSigner', [{ name: 'alice', publicKeyFiles: [], references: ['a'] }]));
  bad(() => parseArgs('trust:addSigner', [{ name: 'alice', publicKeyFiles: ['relative.pub'], references: ['a'] }]));
});

test('add signer: keys from files, held key IDs or a new key; at least one', () => {
  const base = { name: 'alice', references: ['example/app'] };
  assert.deepEqual(parseArgs('trust:addSigner', [{ ...base, publicKeyFiles: [FILE, FILE2] }]), [
    { ...base, publicKeyFiles: [FILE, FILE2] },
  ]);
  bad(() => parseArgs('trust:addSigner', [{ ...base, publicKeyFiles: [FILE, FILE] }]));
  assert.deepEqual(parseArgs('trust:addSigner', [{ ...base, keyIds: [KEY], stageOnly: true }]), [
    { ...base, keyIds: [KEY], stageOnly: true },
  ]);
  assert.deepEqual(parseArgs('trust:addSigner', [{ ...base, newKey: true }]), [{ ...base, newKey: true }]);
  assert.deepEqual(parseArgs('trust:addSigner', [{ ...base, publicKeyFiles: [FILE], keyIds: [KEY], newKey: false }]), [
    { ...base, publicKeyFiles: [FILE], keyIds: [KEY], newKey: false },
  ]);
  bad(() => parseArgs('trust:addSigner', [base]));
  bad(() => parseArgs('trust:addSigner', [{ ...base, newKey: false }]));
  bad(() => parseArgs('trust:addSigner', [{ ...base, newKey: 'yes' }]));
  bad(() => parseArgs('trust:addSigner', [{ ...base, keyIds: [] }]));
  bad(() => parseArgs('trust:addSigner', [{ ...base, keyIds: ['alice'] }]));
  bad(() => parseArgs('trust:addSigner', [{ ...base, keyIds: [KEY, KEY] }]));
  bad(() => parseArgs('trust:addSigner', [{ ...base, keyIds: KEY }]));
  bad(() => parseArgs('trust:addSigner', [{ ...base, newKey: true, publicKey: 'PEM' }]));
});

test('key IDs, chosen files and import requests', () => {
  assert.deepEqual(parseArgs('keys:export', [{ keyId: KEY, file: FILE }]), [{ keyId: KEY, file: FILE }]);
  bad(() => parseArgs('keys:export', [{ keyId: KEY.toUpperCase(), file: FILE }]));
  bad(() => parseArgs('keys:export', [{ keyId: KEY, file: FILE.toUpperCase() }]));
  assert.deepEqual(parseArgs('keys:import', [{ trustDir: FILE }]), [{ trustDir: FILE }]);
  assert.deepEqual(parseArgs('keys:import', [{ file: FILE, role: 'alice' }]), [{ file: FILE, role: 'alice' }]);
  bad(() => parseArgs('keys:import', [{ trustDir: FILE, file: FILE2 }]));
});

test('file dialogs: a purpose, a suggested name without a folder', () => {
  assert.deepEqual(parseArgs('files:chooseSave', [{ purpose: 'archive', suggestedName: 'app.trust.tar.gz' }]), [
    { purpose: 'archive', suggestedName: 'app.trust.tar.gz' },
  ]);
  assert.deepEqual(parseArgs('files:chooseOpen', [{ purpose: 'ca-certificate' }]), [{ purpose: 'ca-certificate' }]);
  bad(() => parseArgs('files:chooseSave', [{ purpose: 'anything' }]));
  bad(() => parseArgs('files:chooseSave', [{ purpose: 'key-import' }])); // an open purpose
  bad(() => parseArgs('files:chooseOpen', [{ purpose: 'key-export' }])); // a save purpose
  for (const suggestedName of ['../.bashrc', 'dir/x.json', 'C:x', '..', 'a\nb', ''])
    bad(() => parseArgs('files:chooseSave', [{ purpose: 'audit-report', suggestedName }]));
  bad(() => parseArgs('files:chooseOpen', [{ purpose: 'archive', defaultPath: '/home/u' }]));
});

test('passphrase answers: request ID format, passphrase string, never echoed in errors', () => {
  const ok = parseArgs('passphrase:answer', [
    { requestId: 'abcdef0123456789', passphrase: 'p a s s \u00e9', remember: true },
  ]);
  assert.deepEqual(ok, [{ requestId: 'abcdef0123456789', passphrase: 'p a s s \u00e9', remember: true }]);
  bad(() => parseArgs('passphrase:answer', [{ requestId: '../../x', passphrase: 'pw' }]));
  try {
    parseArgs('passphrase:answer', [{ requestId: 'abcdef0123456789', passphrase: 'hunter2-secret', remember: 'yes' }]);
    assert.fail('should throw');
  } catch (e) {
    assert.doesNotMatch((e as Error).message, /hunter2/);
  }
});

test('settings patches are validated field by field', () => {
  assert.deepEqual(
    parseArgs('settings:update', [
      { keyStore: 'trust-dir', trustServers: { 'registry.example.com': 'https://notary.example.com' } },
    ]),
    [{ keyStore: 'trust-dir', trustServers: { 'registry.example.com': 'https://notary.example.com' } }],
  );
  bad(() => parseArgs('settings:update', [{ keyStore: 'file' }]));
  bad(() => parseArgs('settings:update', [{ trustServers: { r: 'ftp://x' } }]));
  bad(() => parseArgs('settings:update', [{ caPaths: { r: 'relative/ca.crt' } }]));
  // the window never names the PKCS#11 module: it is chosen in main's Open dialog (keys:setTokenModule)
  bad(() => parseArgs('settings:update', [{ pkcs11Module: '/usr/lib/softhsm/libsofthsm2.so' }]));
  bad(() => parseArgs('settings:update', [{ caPaths: { 'notary.example.com:4443': '/etc/ssl/ca.pem' } }]));
  assert.deepEqual(parseArgs('settings:setCaFile', [{ host: 'notary.example.com:4443', file: FILE }]), [
    { host: 'notary.example.com:4443', file: FILE },
  ]);
  bad(() => parseArgs('settings:setCaFile', [{ host: 'notary.example.com:4443', file: '/etc/ssl/ca.pem' }]));
  bad(() => parseArgs('settings:update', [{ version: 2 }]));
});

test('errors name the field and what was expected, never the value', () => {
  const message = (fn: () => unknown): string => {
    try {
      fn();
    } catch (e) {
      assert.ok(e instanceof BadArgumentsError);
      return e.message;
    }
    assert.fail('should throw');
  };
  const base = { name: 'alice', references: ['example/app'] };
  assert.equal(
    message(() => parseArgs('trust:addSigner', [{ ...base, keyIds: ['alice-secret'] }])),
    'request.keyIds[0]: expected a key ID (64 hex characters)',
  );
  assert.equal(
    message(() => parseArgs('trust:sign', [{ reference: 'a', passphrase: 'hunter2' }])),
    'request.passphrase: expected no such field (allowed: reference, signer, rootKeyId, stageOnly, fresh)',
  );
  assert.equal(
    message(() => parseArgs('trust:addSigner', [base])),
    'request: expected the signer’s key: publicKeyFiles, keyIds or newKey: true',
  );
  assert.equal(
    message(() => parseArgs('keys:list', ['x'])),
    'arguments: expected none',
  );
  assert.equal(
    message(() => parseArgs('trust:view', [])),
    'arguments: expected exactly one argument',
  );
  assert.equal(
    message(() => parseArgs('settings:update', [{ trustServers: { r: 'ftp://notary' } }])),
    'request.trustServers.r: expected an http(s) URL',
  );
  assert.doesNotMatch(
    message(() => parseArgs('passphrase:answer', [{ requestId: 'x', passphrase: 'hunter2' }])),
    /hunter2/,
  );
  assert.doesNotMatch(
    message(() => parseArgs('trust:view', ['hunter2\n'])),
    /hunter2/,
  );
});

test('an optional field may be absent or undefined; no-argument channels take an explicit undefined', () => {
  assert.deepEqual(parseArgs('trust:sign', [{ reference: 'a', signer: undefined }])[0].signer, undefined);
  assert.deepEqual(parseArgs('keys:list', [undefined]), []);
  assert.deepEqual(parseArgs('trust:revoke', [{ reference: 'a' }]), [{ reference: 'a' }]);
});

test('only plain objects: class instances, arrays and maps are refused', () => {
  bad(() => parseArgs('settings:update', [new Map()]));
  bad(() => parseArgs('settings:update', [new Date()]));
  bad(() => parseArgs('settings:update', [[]]));
  bad(() => parseArgs('settings:update', [{ trustServers: new Map([['r', 'https://n']]) }]));
  assert.deepEqual(parseArgs('settings:update', [Object.assign(Object.create(null), { keyStore: 'keychain' })]), [
    { keyStore: 'keychain' },
  ]);
});

test('history channels: a reference, an opened archive’s ID or offline (not both), points as text', () => {
  assert.deepEqual(parseArgs('history:read', [{ reference: 'example/app' }]), [{ reference: 'example/app' }]);
  assert.deepEqual(parseArgs('history:read', [{ reference: 'example/app', archive: FILE }]), [
    { reference: 'example/app', archive: FILE },
  ]);
  assert.deepEqual(parseArgs('history:read', [{ reference: 'example/app', offline: true }]), [
    { reference: 'example/app', offline: true },
  ]);
  bad(() => parseArgs('history:read', [{ reference: 'example/app', archive: FILE, offline: true }]));
  bad(() => parseArgs('history:read', [{ reference: 'example/app', archive: '/tmp/a.tar.gz' }]));
  bad(() => parseArgs('history:read', [{ reference: 'example/app', archive: 'a.tar.gz' }]));
  bad(() => parseArgs('history:read', ['example/app']));
  const diff = { reference: 'example/app', from: '4', to: '2026-12-01T10:30:00Z' };
  assert.deepEqual(parseArgs('history:diff', [diff]), [diff]);
  bad(() => parseArgs('history:diff', [{ ...diff, to: undefined }]));
  bad(() => parseArgs('history:diff', [{ ...diff, from: 'x'.repeat(65) }]));
  bad(() => parseArgs('history:diff', [{ ...diff, from: '4\n5' }]));
  assert.deepEqual(parseArgs('history:openArchive', [{ file: FILE }]), [{ file: FILE }]);
  bad(() => parseArgs('history:openArchive', [{ file: 'C:\\backup\\app.tar.gz' }]));
  bad(() => parseArgs('history:openArchive', [{ file: FILE, reference: 'example/app' }]));
  assert.deepEqual(parseArgs('history:writeArchive', [{ reference: 'example/app', file: FILE }]), [
    { reference: 'example/app', file: FILE },
  ]);
  bad(() => parseArgs('history:writeArchive', [{ reference: 'example/app' }]));
});
