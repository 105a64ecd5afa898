import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSignetError } from '../../../core/errors.js';
import { CryptoService } from '../../../core/keystore/crypto-service.js';
import { TrustDirKeyStore } from '../../../core/node/trust-dir-key-store.js';
import { TEST_NOW } from '../../helpers/repo-builder.js';

const GOLDEN = join(import.meta.dirname, '..', '..', 'fixtures', 'golden');
/** KEYS.tsv: golden key files with their role, gun and passphrase. */
const KEYS = readFileSync(join(GOLDEN, 'KEYS.tsv'), 'utf8')
  .split('\n')
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => {
    const [file, role, gun, passphrase] = l.split('\t') as [string, string, string, string];
    const id = file.slice(file.lastIndexOf('/') + 1, -'.key'.length);
    return { file: join(GOLDEN, file), id, role, gun: gun === '-' ? undefined : gun, passphrase };
  });

let root: string;
before(() => {
  root = mkdtempSync(join(tmpdir(), 'signet-keys-'));
});
after(() => rmSync(root, { recursive: true, force: true }));
const mode = (p: string): number => statSync(p).mode & 0o777;
/** What the store reports as `created` for a file: its birth time when the filesystem has one, else nothing. */
const birth = (p: string): string | undefined => {
  const ms = statSync(p).birthtimeMs;
  return ms > 0 ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined;
};
const withBirth = <T extends object>(o: T, p: string): T & { created?: string } => {
  const created = birth(p);
  return created === undefined ? o : { ...o, created };
};

test('golden trust-dir keys copied in are listed with the role and gun of their headers', async () => {
  assert.equal(KEYS.length, 10);
  const trust = join(root, 'golden', 'trust');
  mkdirSync(join(trust, 'private'), { recursive: true });
  for (const k of KEYS) copyFileSync(k.file, join(trust, 'private', `${k.id}.key`));
  writeFileSync(join(trust, 'private', 'README.txt'), 'not a key');
  const store = new TrustDirKeyStore(trust);
  const listed = (await store.list()).sort((a, b) => a.id.localeCompare(b.id));
  const expected = KEYS.map((k) =>
    withBirth(
      k.gun
        ? { id: k.id, role: k.role, gun: k.gun, location: 'trust-dir' }
        : { id: k.id, role: k.role, location: 'trust-dir' },
      join(trust, 'private', `${k.id}.key`),
    ),
  );
  assert.deepEqual(
    listed,
    expected.sort((a, b) => a.id.localeCompare(b.id)),
  );
  for (const k of KEYS) assert.equal((await store.get(k.id))!.pem, readFileSync(k.file, 'utf8'));
  assert.equal(await store.get('0'.repeat(64)), undefined);
  assert.equal(await store.get('../../etc/passwd'), undefined);
});

test('a missing trust dir is an empty store', async () => {
  const store = new TrustDirKeyStore(join(root, 'nothing', 'trust'));
  assert.deepEqual(await store.list(), []);
  assert.equal(await store.get(KEYS[0]!.id), undefined);
  await store.remove(KEYS[0]!.id);
});

test('add: private/<id>.key, dirs 0700, files 0600, atomic (no temp files left), replaces; remove deletes', async () => {
  const trust = join(root, 'docker', 'trust');
  const store = new TrustDirKeyStore(trust);
  const k = KEYS.find((x) => x.role === 'targets')!;
  const pem = readFileSync(k.file, 'utf8');
  await store.add({ info: { id: k.id, role: k.role, gun: k.gun, location: 'trust-dir' }, pem });
  await store.add({ info: { id: k.id, role: k.role, gun: k.gun, location: 'trust-dir' }, pem });
  const file = join(trust, 'private', `${k.id}.key`);
  assert.equal(readFileSync(file, 'utf8'), pem);
  assert.equal(mode(file), 0o600);
  assert.equal(mode(join(trust, 'private')), 0o700);
  assert.equal(mode(trust), 0o700);
  assert.deepEqual(readdirSync(join(trust, 'private')), [`${k.id}.key`]);
  await assert.rejects(store.add({ info: { id: '../x', role: 'root', location: 'trust-dir' }, pem }), (e) =>
    isSignetError(e, 'KEY_STORE'),
  );
  const plain = '-----BEGIN PRIVATE KEY-----\nrole: root\n\nMIGH\n-----END PRIVATE KEY-----\n';
  await assert.rejects(
    store.add({ info: { id: k.id, role: 'root', location: 'trust-dir' }, pem: plain }),
    (e) => isSignetError(e, 'KEY_STORE') && /unencrypted/.test(e.message),
  );
  assert.equal(readFileSync(file, 'utf8'), pem);
  await store.remove(k.id);
  assert.deepEqual(readdirSync(join(trust, 'private')), []);
  await store.remove(k.id); // not there: not an error
});

test("notary's legacy layouts are listed read-only (role/gun from headers, else from the path)", async () => {
  const trust = join(root, 'legacy', 'trust');
  const [rootKey, targetsKey] = [KEYS.find((x) => x.role === 'root')!, KEYS.find((x) => x.role === 'targets')!];
  mkdirSync(join(trust, 'private', 'root_keys'), { recursive: true });
  mkdirSync(join(trust, 'private', 'tuf_keys', 'example.com', 'org', 'app'), { recursive: true });
  copyFileSync(rootKey.file, join(trust, 'private', 'root_keys', `${rootKey.id}_root.key`));
  // header-less legacy file: role and gun come from the path
  const bare = readFileSync(targetsKey.file, 'utf8')
    .replace(/^(gun|role): .*\n/gm, '')
    .replace('-----\n\n', '-----\n');
  const legacyPath = join(trust, 'private', 'tuf_keys', 'example.com', 'org', 'app', `${targetsKey.id}_targets.key`);
  writeFileSync(legacyPath, bare);
  const store = new TrustDirKeyStore(trust);
  const listed = (await store.list()).sort((a, b) => a.role.localeCompare(b.role));
  assert.deepEqual(listed, [
    withBirth(
      { id: rootKey.id, role: 'root', location: 'trust-dir' },
      join(trust, 'private', 'root_keys', `${rootKey.id}_root.key`),
    ),
    withBirth({ id: targetsKey.id, role: 'targets', gun: 'example.com/org/app', location: 'trust-dir' }, legacyPath),
  ]);
  assert.equal((await store.get(targetsKey.id))!.pem, bare);
  await assert.rejects(
    store.remove(targetsKey.id),
    (e) => isSignetError(e, 'KEY_STORE') && e.message.includes(legacyPath),
  );
  // a canonical copy wins over the legacy one and is what remove() deletes
  await store.add({
    info: { id: targetsKey.id, role: 'targets', gun: targetsKey.gun, location: 'trust-dir' },
    pem: readFileSync(targetsKey.file, 'utf8'),
  });
  assert.equal((await store.get(targetsKey.id))!.info.gun, targetsKey.gun);
});

test('CryptoService over the trust dir: unlock a golden key, generate into private/<id>.key', async () => {
  const trust = join(root, 'svc', 'trust');
  const alice = KEYS.find((x) => x.role === 'alice')!;
  mkdirSync(join(trust, 'private'), { recursive: true });
  copyFileSync(alice.file, join(trust, 'private', `${alice.id}.key`));
  const answers = [alice.passphrase, 'new root passphrase'];
  const svc = new CryptoService({
    now: () => TEST_NOW,
    stores: [new TrustDirKeyStore(trust)],
    passphrases: { get: async () => answers.shift() },
  });
  assert.equal((await svc.unlock(alice.id)).canonicalId, alice.id);
  const { info } = await svc.generateKey('root');
  const file = join(trust, 'private', `${info.id}.key`);
  assert.match(readFileSync(file, 'utf8'), /^-----BEGIN ENCRYPTED PRIVATE KEY-----\nrole: root\n\n/);
  assert.equal(mode(file), 0o600);
});

test("created: the key file's birth time where the filesystem records one, else none; never the mtime", async () => {
  const trust = join(root, 'birth', 'trust');
  const k = KEYS.find((x) => x.role === 'alice')!;
  const file = join(trust, 'private', `${k.id}.key`);
  mkdirSync(join(trust, 'private'), { recursive: true });
  copyFileSync(k.file, file);
  utimesSync(file, new Date('2001-02-03T04:05:06Z'), new Date('2001-02-03T04:05:06Z')); // an old mtime is not a creation time
  const store = new TrustDirKeyStore(trust);
  const [info] = await store.list();
  const expected = birth(file);
  assert.equal(info!.created, expected);
  assert.equal((await store.get(k.id))!.info.created, expected);
  assert.notEqual(info!.created, '2001-02-03T04:05:06Z');
  if (expected !== undefined) assert.match(expected, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
});
