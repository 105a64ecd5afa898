/**
 * The renderer cannot name a file path, on any channel. Every channel that used to take a path
 * (audit export, key import and export, archives, signer public keys, CA files in Settings and in
 * the trust pinning) refuses the old request and a path in place of the handle; and for EVERY
 * channel, a valid request with any one of its strings swapped for a path (POSIX, Windows, UNC,
 * home-relative, file: URL) is refused by the guards before any handler runs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RequestChannel } from '../../../electron/ipc/contract.js';
import { BadArgumentsError, isPathShaped, parseArgs } from '../../../electron/ipc/guards.js';

const KEY = '0123456789abcdef'.repeat(4);
const FILE = 'f0'.repeat(16);
const OP = 'op-0123456789';

const PATHS = [
  '/home/u/.bashrc',
  '/etc/ssl/ca.pem',
  'C:\\Users\\u\\key.key',
  'c:/Users/u/key.key',
  '\\\\server\\share\\key.key',
  '//server/share/key.key',
  '~/.docker/trust',
  'file:///home/u/.bashrc',
];

const refused = (channel: RequestChannel, args: unknown[]): void =>
  assert.throws(() => parseArgs(channel, args), BadArgumentsError, `${channel} ${JSON.stringify(args)}`);

/** A valid request per channel (the record is keyed by every channel: a new one must add its sample). */
const VALID: { readonly [K in RequestChannel]: unknown[] } = {
  'app:info': [],
  'repositories:list': [],
  'repositories:add': ['registry.example.com/team/app'],
  'repositories:remove': ['registry.example.com/team/app'],
  'repositories:discovered': [],
  'repositories:addRegistry': ['registry.example.com:5000'],
  'repositories:registries': [],
  'repositories:removeRegistry': ['registry.example.com:5000'],
  'audit:run': [{ operationId: OP, targets: ['registry.example.com/team/app'], warnDays: 30 }],
  'audit:cancel': [{ operationId: OP }],
  'audit:export': [{ operationId: OP, format: 'json', file: FILE }],
  'migrate:plan': [{ operationId: OP, targets: ['registry.example.com/team/app'], concurrency: 4 }],
  'migrate:run': [{ operationId: OP, targets: ['registry.example.com:5000'] }],
  'migrate:cancel': [{ operationId: OP }],
  'migrate:exportPolicies': [{ operationId: OP, folder: FILE, targets: ['registry.example.com/team/app'] }],
  'engine:localImages': ['registry.example.com/team/app'],
  'engine:push': [{ operationId: OP, reference: 'registry.example.com/team/app:v1' }],
  'engine:cancel': [{ operationId: OP }],
  'trust:view': ['registry.example.com/team/app'],
  'trust:resolveDigest': ['registry.example.com/team/app:v1'],
  'trust:rawMetadata': ['registry.example.com/team/app'],
  'trust:signingPlan': [{ reference: 'registry.example.com/team/app:v1', signer: 'alice' }],
  'trust:sign': [{ reference: 'registry.example.com/team/app:v1', signer: 'alice', fresh: true }],
  'trust:initialize': [{ reference: 'registry.example.com/team/app', signer: 'alice' }],
  'trust:addSigner': [{ name: 'alice', publicKeyFiles: [FILE], references: ['registry.example.com/team/app'] }],
  'trust:removeSignerPreview': [{ name: 'alice', reference: 'registry.example.com/team/app' }],
  'trust:removeSigner': [{ name: 'alice', references: ['registry.example.com/team/app'], confirmed: true }],
  'trust:revoke': [{ reference: 'registry.example.com/team/app:v1' }],
  'trust:stagedChanges': ['registry.example.com/team/app'],
  'trust:publishStaged': ['registry.example.com/team/app'],
  'trust:discardStaged': [{ reference: 'registry.example.com/team/app', ids: ['000001'] }],
  'trust:rotateKey': [{ reference: 'registry.example.com/team/app', role: 'snapshot', serverManaged: true }],
  'trust:witness': [{ reference: 'registry.example.com/team/app', roles: ['targets/alice'] }],
  'registry:tags': ['registry.example.com/team/app'],
  'pins:get': [],
  'pins:update': [{ certs: { 'registry.example.com/team/app': [KEY] }, disableTofu: true }],
  'pins:pinRoot': [{ reference: 'registry.example.com/team/app' }],
  'pins:setCa': [{ prefix: 'registry.example.com/team/', file: FILE }],
  'pins:removeCa': [{ prefix: 'registry.example.com/team/' }],
  'keys:list': [],
  'keys:generate': [{ role: 'alice', gun: 'registry.example.com/team/app', token: 'yubikey-5' }],
  'keys:tokens': [],
  'keys:setTokenModule': [{ file: FILE }],
  'keys:resetTokenModule': [{ off: true }],
  'keys:copyToToken': [{ keyId: 'ab'.repeat(32), token: 'yubikey-5', removeSoftwareCopy: false }],
  'keys:import': [{ file: FILE, role: 'alice' }],
  'keys:export': [{ keyId: KEY, file: FILE }],
  'keys:exportCosign': [{ keyId: KEY, file: FILE }],
  'keys:changePassphrase': [{ keyId: KEY }],
  'keys:delete': [{ keyId: KEY }],
  'keys:forgetTokenKey': [{ keyId: KEY }],
  'keys:forgetPassphrase': [{ keyId: KEY }],
  'keys:backupReminder': [],
  'keys:acknowledgeBackup': [{ keyIds: [KEY] }],
  'settings:get': [],
  'settings:update': [
    {
      trustServers: { 'registry.example.com': 'https://notary.example.com' },
      watchedRepositories: ['registry.example.com/team/app'],
      watchedRegistries: ['registry.example.com:5000'],
    },
  ],
  'settings:setCaFile': [{ host: 'notary.example.com:4443', file: FILE }],
  'settings:removeCaFile': [{ host: 'notary.example.com:4443' }],
  'files:chooseSave': [{ purpose: 'archive', suggestedName: 'app.trust.tar.gz' }],
  'files:chooseOpen': [{ purpose: 'archive' }],
  'history:read': [{ reference: 'registry.example.com/team/app', archive: FILE }],
  'history:diff': [{ reference: 'registry.example.com/team/app', from: '1', to: 'latest' }],
  'history:openArchive': [{ file: FILE }],
  'history:writeArchive': [{ reference: 'registry.example.com/team/app', file: FILE }],
  'history:writeArchives': [{ references: ['registry.example.com/team/app', 'docker.io/team/app'], folder: FILE }],
  'passphrase:answer': [{ requestId: 'abcdef0123456789', passphrase: '/home/u is a fine passphrase' }],
  'passphrase:cancel': [{ requestId: 'abcdef0123456789' }],
};

/** Every way to swap one string (a value or a record key) of `x` for `path`. */
function* withOnePath(x: unknown, path: string): Generator<unknown> {
  if (typeof x === 'string') yield path;
  else if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++)
      for (const v of withOnePath(x[i], path)) yield x.map((e, j) => (j === i ? v : e));
  } else if (x !== null && typeof x === 'object') {
    for (const [k, val] of Object.entries(x)) {
      if (k === 'passphrase') continue; // a passphrase may be anything
      for (const v of withOnePath(val, path)) yield { ...x, [k]: v };
      if (!/^[a-z][A-Za-z]*$/.test(k)) {
        // a record's key (a registry, a repository): a path there is refused too
        const { [k]: moved, ...rest } = x as Record<string, unknown>;
        yield { ...rest, [path]: moved };
      }
    }
  }
}

test('every channel’s sample request is valid (the samples below mean something)', () => {
  for (const [channel, args] of Object.entries(VALID)) parseArgs(channel as RequestChannel, args);
});

test('for every channel, a path in place of any string of a valid request is refused', () => {
  let tried = 0;
  for (const [channel, args] of Object.entries(VALID))
    for (const path of PATHS)
      for (const variant of withOnePath(args, path)) {
        refused(channel as RequestChannel, variant as unknown[]);
        tried++;
      }
  assert.ok(tried > 400, `${tried} variants tried`);
});

test('the channels that took a path: the old request is refused, and so is a path as the handle', () => {
  const old: Array<[RequestChannel, unknown]> = [
    ['audit:export', { operationId: OP, format: 'json', path: '/home/u/.bashrc', replace: true }],
    ['history:writeArchive', { reference: 'example/app', file: '/home/u/.bashrc' }],
    ['history:openArchive', { file: '/home/u/app.trust.tar.gz' }],
    ['history:read', { reference: 'example/app', archive: '/home/u/app.trust.tar.gz' }],
    ['history:diff', { reference: 'example/app', archive: '/home/u/a.tar.gz', from: '1', to: '2' }],
    ['keys:import', { path: '/home/u/.docker/trust/private/x.key', role: 'alice' }],
    ['keys:import', { trustDir: '/home/u/.docker/trust' }],
    ['keys:export', { keyId: KEY, path: '\\\\server\\share\\root.key' }],
    ['keys:exportCosign', { keyId: KEY, path: '/home/me/cosign.key' }],
    ['trust:addSigner', { name: 'alice', publicKeyPaths: ['/home/alice.pub'], references: ['example/app'] }],
    ['settings:update', { caPaths: { 'notary.example.com:4443': '/etc/ssl/ca.pem' } }],
    ['pins:update', { ca: { 'registry.example.com/team/': '/etc/ssl/team-ca.pem' } }],
    ['pins:update', { ca: { 'registry.example.com/team/': 'team-ca.pem' } }],
  ];
  for (const [channel, request] of old) refused(channel, [request]);
  // a handle is 32 hex characters: nothing else passes for one, a path least of all
  for (const file of [...PATHS, 'app.trust.tar.gz', 'F0'.repeat(16), 'f0'.repeat(15), 'f0'.repeat(17)]) {
    refused('audit:export', [{ operationId: OP, format: 'csv', file }]);
    refused('keys:export', [{ keyId: KEY, file }]);
    refused('keys:import', [{ file }]);
    refused('keys:import', [{ trustDir: file }]);
    refused('history:openArchive', [{ file }]);
    refused('history:writeArchive', [{ reference: 'example/app', file }]);
    refused('history:writeArchives', [{ references: ['example/app'], folder: file }]);
    refused('trust:addSigner', [{ name: 'alice', publicKeyFiles: [file], references: ['example/app'] }]);
    refused('settings:setCaFile', [{ host: 'notary.example.com:4443', file }]);
    refused('pins:setCa', [{ prefix: 'registry.example.com/team/', file }]);
    refused('migrate:exportPolicies', [{ operationId: OP, folder: file }]);
  }
});

test('the refusal names the field, and that files are chosen in Signet’s dialog', () => {
  assert.throws(
    () => parseArgs('keys:generate', [{ role: 'alice', gun: '/home/u/.bashrc' }]),
    (e: Error) => e.message === 'request.gun: expected no file path (files are chosen in Signet’s file dialog)',
  );
  assert.throws(
    () => parseArgs('trust:view', ['C:\\Users\\u\\.docker']),
    (e: Error) => /^request: expected /.test(e.message) && !/Users/.test(e.message),
  );
});

test('path-shaped: absolute, UNC, home-relative and file: URLs; not references, URLs or names', () => {
  for (const p of PATHS) assert.equal(isPathShaped(p), true, p);
  for (const s of ['registry.example.com/team/app', 'https://notary.example.com', 'alice', 'targets/releases', '1'])
    assert.equal(isPathShaped(s), false, s);
});
