import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REQUEST_CHANNELS } from '../../../electron/ipc/channels.js';
import { BadArgumentsError, guards, parseArgs } from '../../../electron/ipc/guards.js';

const KEY = '0123456789abcdef'.repeat(4);
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
  bad(() => parseArgs('trust:addSigner', [{ name: 'alice', publicKeyPaths: [], references: ['a'] }]));
  bad(() => parseArgs('trust:addSigner', [{ name: 'alice', publicKeyPaths: ['relative.pub'], references: ['a'] }]));
});

test('add signer: keys from files, held key IDs or a new key; at least one', () => {
  const base = { name: 'alice', references: ['example/app'] };
  assert.deepEqual(parseArgs('trust:addSigner', [{ ...base, publicKeyPaths: ['/k/alice.pub'] }]), [
    { ...base, publicKeyPaths: ['/k/alice.pub'] },
  ]);
  assert.deepEqual(parseArgs('trust:addSigner', [{ ...base, keyIds: [KEY], stageOnly: true }]), [
    { ...base, keyIds: [KEY], stageOnly: true },
  ]);
  assert.deepEqual(parseArgs('trust:addSigner', [{ ...base, newKey: true }]), [{ ...base, newKey: true }]);
  assert.deepEqual(
    parseArgs('trust:addSigner', [{ ...base, publicKeyPaths: ['/k/a.pub'], keyIds: [KEY], newKey: false }]),
    [{ ...base, publicKeyPaths: ['/k/a.pub'], keyIds: [KEY], newKey: false }],
  );
  bad(() => parseArgs('trust:addSigner', [base]));
  bad(() => parseArgs('trust:addSigner', [{ ...base, newKey: false }]));
  bad(() => parseArgs('trust:addSigner', [{ ...base, newKey: 'yes' }]));
  bad(() => parseArgs('trust:addSigner', [{ ...base, keyIds: [] }]));
  bad(() => parseArgs('trust:addSigner', [{ ...base, keyIds: ['alice'] }]));
  bad(() => parseArgs('trust:addSigner', [{ ...base, keyIds: [KEY, KEY] }]));
  bad(() => parseArgs('trust:addSigner', [{ ...base, keyIds: KEY }]));
  bad(() => parseArgs('trust:addSigner', [{ ...base, newKey: true, publicKey: 'PEM' }]));
});

test('key IDs, paths and import requests', () => {
  assert.deepEqual(parseArgs('keys:export', [{ keyId: KEY, path: '/tmp/k.key' }]), [
    { keyId: KEY, path: '/tmp/k.key' },
  ]);
  bad(() => parseArgs('keys:export', [{ keyId: KEY.toUpperCase(), path: '/tmp/k.key' }]));
  bad(() => parseArgs('keys:export', [{ keyId: KEY, path: 'k.key' }]));
  assert.deepEqual(parseArgs('keys:import', [{ trustDir: '/home/u/.docker/trust' }]), [
    { trustDir: '/home/u/.docker/trust' },
  ]);
  assert.deepEqual(parseArgs('keys:import', [{ path: 'C:\\keys\\a.key', role: 'alice' }]), [
    { path: 'C:\\keys\\a.key', role: 'alice' },
  ]);
  bad(() => parseArgs('keys:import', [{ trustDir: '/x', path: '/y' }]));
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
    'request.passphrase: expected no such field (allowed: reference, signer, rootKeyId, stageOnly)',
  );
  assert.equal(
    message(() => parseArgs('trust:addSigner', [base])),
    'request: expected the signer’s key: publicKeyPaths, keyIds or newKey: true',
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
