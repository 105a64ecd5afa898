/**
 * KeychainKeyStore against a REAL gnome-keyring (Secret Service) on a private D-Bus session bus,
 * started by test/helpers/keyring.ts: headless, no display, no user session needed (runs as root in CI).
 */
import { softwareKey } from '../../core/crypto/held-key.js';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decryptPrivateKey } from '../../core/crypto/key-file.js';
import { isSignetError } from '../../core/errors.js';
import { CryptoService } from '../../core/keystore/crypto-service.js';
import { KEYCHAIN_SERVICE, KeychainKeyStore, type KeytarLike } from '../../core/node/keychain-key-store.js';
import { TrustDirKeyStore } from '../../core/node/trust-dir-key-store.js';
import { keyringUnavailable, startKeyring, type Keyring } from '../helpers/keyring.js';
import { TEST_NOW } from '../helpers/repo-builder.js';

const root = join(import.meta.dirname, '..', '..');
const GOLDEN = join(root, 'test', 'fixtures', 'golden');
const ROOT_ID = 'b1a65867554d793ab4cdba6c259ae71a58bb0ac439b8e87ba506d60b5cbe0b80';
const TARGETS_ID = 'cddee04cf5ce4f22e996059c6af7e8063e98032caf93957dd17ab495f49f3e77';
const ALICE_ID = '3bd9b97dba420dbfceb8a3aab98667ab0edde39ebd3150cbbfc1c7a7ab7e1029';
const ADMIN = join(GOLDEN, 'b-signers', 'private', 'b-admin');
const ALICE_FILE = join(GOLDEN, 'b-signers', 'private', 'b-alice', `${ALICE_ID}.key`);
const pemOf = (file: string): string => readFileSync(file, 'utf8');
const keytar = createRequire(import.meta.url)('keytar') as KeytarLike;

// The keyring tools are installed by .ci/run; in CI their absence is a failure, never a silent skip.
const missing = keyringUnavailable();
if (missing && process.env['CI']) throw new Error(`keychain tests cannot run: ${missing}`);
const skip = missing;
let keyring: Keyring;
let work: string;
let savedBus: string | undefined;

before(async () => {
  if (skip) return;
  work = mkdtempSync(join(tmpdir(), 'signet-keychain-'));
  keyring = await startKeyring();
  // libsecret reads this when keytar first connects and keeps that connection: one keyring per process
  savedBus = process.env['DBUS_SESSION_BUS_ADDRESS'];
  process.env['DBUS_SESSION_BUS_ADDRESS'] = keyring.address;
});
after(async () => {
  if (skip) return;
  if (savedBus === undefined) delete process.env['DBUS_SESSION_BUS_ADDRESS'];
  else process.env['DBUS_SESSION_BUS_ADDRESS'] = savedBus;
  await keyring?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** Runs test/helpers/keychain-probe.ts in a child node with `env`; returns its JSON answer. */
async function probe(
  env: NodeJS.ProcessEnv,
  ...args: string[]
): Promise<{ ok: boolean; result?: unknown; code?: string; message?: string; hint?: string }> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', join(root, 'test', 'helpers', 'keychain-probe.ts'), ...args],
    {
      cwd: root,
      env,
      timeout: 60000,
    },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

test('add / get / list / remove against the real Secret Service', { skip }, async () => {
  const store = new KeychainKeyStore({ service: 'Signet test basic' });
  assert.deepEqual(await store.list(), []);
  const targets = {
    id: TARGETS_ID,
    role: 'targets',
    gun: '127.0.0.1:5000/example/signer-demo',
    location: 'keychain' as const,
  };
  await store.add({ info: targets, pem: pemOf(join(ADMIN, `${TARGETS_ID}.key`)) });
  await store.add({
    info: { id: ROOT_ID, role: 'root', location: 'keychain' },
    pem: pemOf(join(ADMIN, `${ROOT_ID}.key`)),
  });
  const got = (await store.get(TARGETS_ID))!;
  assert.match(got.info.created ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, 'the entry records when it was added');
  assert.deepEqual(got, {
    info: { ...targets, created: got.info.created },
    pem: pemOf(join(ADMIN, `${TARGETS_ID}.key`)),
  });
  assert.deepEqual(
    (await store.list()).map((k) => [k.id, k.role, k.gun]),
    [
      [ROOT_ID, 'root', undefined],
      [TARGETS_ID, 'targets', targets.gun],
    ],
  );
  await store.remove(ROOT_ID);
  await store.remove(ROOT_ID); // not there: not an error
  assert.equal(await store.get(ROOT_ID), undefined);
  assert.deepEqual(
    (await store.list()).map((k) => k.id),
    [TARGETS_ID],
  );
  await assert.rejects(
    store.add({
      info: { id: ALICE_ID, role: 'alice', location: 'keychain' },
      pem: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n',
    }),
    (e) => isSignetError(e, 'KEY_STORE') && /unencrypted/.test(e.message),
  );
});

test(
  'import a golden trust-dir key into the keychain via CryptoService; export is byte-identical and decrypts',
  { skip },
  async () => {
    const trust = join(work, 'docker', 'trust');
    mkdirSync(join(trust, 'private'), { recursive: true });
    copyFileSync(ALICE_FILE, join(trust, 'private', `${ALICE_ID}.key`));
    const keychain = new KeychainKeyStore();
    const asked: string[] = [];
    const svc = new CryptoService({
      now: () => TEST_NOW,
      stores: [keychain, new TrustDirKeyStore(trust)],
      passphrases: { get: async (r) => (asked.push(`${r.role}/${r.attempt}`), 'repo-passphrase') },
    });
    const fileStore = new TrustDirKeyStore(trust);
    const info = await svc.importKey((await fileStore.get(ALICE_ID))!.pem);
    assert.match(
      info.created ?? '',
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/,
      'the keychain records when the key was added',
    );
    assert.deepEqual(info, { id: ALICE_ID, role: 'alice', location: 'keychain', created: info.created });
    assert.deepEqual(asked, ['alice/1']);
    assert.deepEqual(
      (await svc.listKeys()).map((k) => [k.id, k.location]),
      [[ALICE_ID, 'keychain']],
      'listed once, from the keychain',
    );

    const exported = await svc.exportKey(ALICE_ID);
    assert.equal(exported, pemOf(ALICE_FILE));
    assert.equal(decryptPrivateKey(exported, 'repo-passphrase').key.canonicalId, ALICE_ID);

    // what is really in the Secret Service: JSON {role, pem, created}, the PEM still encrypted
    const raw = await keytar.getPassword(KEYCHAIN_SERVICE, ALICE_ID);
    assert.ok(raw);
    assert.deepEqual(JSON.parse(raw), { role: 'alice', pem: pemOf(ALICE_FILE), created: info.created });
    assert.ok(raw.includes('ENCRYPTED PRIVATE KEY'));
    assert.ok(
      !raw.includes('-----BEGIN PRIVATE KEY-----') && !/[^D] PRIVATE KEY-----\\n/.test(raw),
      'no unencrypted PEM',
    );
    assert.ok(!raw.includes('repo-passphrase'), 'no passphrase');
  },
);

test('a generated key goes to the keychain encrypted and unlocks from a fresh service', { skip }, async () => {
  const answers = ['keychain root passphrase', 'keychain root passphrase'];
  const svc = new CryptoService({
    now: () => TEST_NOW,
    stores: [new KeychainKeyStore()],
    passphrases: { get: async () => answers.shift() },
  });
  const { key } = await svc.generateKey('root');
  const raw = (await keytar.getPassword(KEYCHAIN_SERVICE, key.canonicalId))!;
  assert.match(JSON.parse(raw).pem, /^-----BEGIN ENCRYPTED PRIVATE KEY-----\nrole: root\n\n/);
  const again = new CryptoService({
    now: () => TEST_NOW,
    stores: [new KeychainKeyStore()],
    passphrases: { get: async () => answers.shift() },
  });
  assert.deepEqual(softwareKey(await again.unlock(key.canonicalId), 'test').secret, softwareKey(key, 'test').secret);
});

test('a second KeychainKeyStore, in this process and in another one, sees the keys', { skip }, async () => {
  const other = new KeychainKeyStore();
  assert.ok((await other.list()).some((k) => k.id === ALICE_ID && k.role === 'alice'));
  const child = await probe(keyring.env, 'list');
  assert.equal(child.ok, true, JSON.stringify(child));
  assert.ok((child.result as Array<{ id: string }>).some((k) => k.id === ALICE_ID));
});

test('a locked keyring gives KEY_STORE with a clear message and hint', { skip }, async () => {
  const locked = await startKeyring({ unlock: false });
  try {
    const r = await probe(locked.env, 'add', ALICE_ID, 'alice', ALICE_FILE);
    assert.equal(r.ok, false);
    assert.equal(r.code, 'KEY_STORE', JSON.stringify(r));
    assert.match(r.message!, /^cannot store key 3bd9b97\w+ in the keychain: /);
    assert.match(r.hint!, /login keyring is missing or locked/);
  } finally {
    await locked.stop();
  }
});

test('no Secret Service at all gives KEY_STORE saying so', { skip }, async () => {
  const { DBUS_SESSION_BUS_ADDRESS: _bus, DISPLAY: _display, ...rest } = keyring.env;
  for (const env of [{ ...rest, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(work, 'no-such-bus')}` }, rest]) {
    const r = await probe(env, 'list');
    assert.equal(r.code, 'KEY_STORE', JSON.stringify(r));
    assert.match(r.message!, /^cannot list the keys in the keychain: /);
    assert.match(r.hint!, /No Secret Service is reachable on the D-Bus session bus/);
  }
});
