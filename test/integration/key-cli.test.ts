/**
 * `signet key ...` against the REAL peers (docker CLI 28 client, notary CLI 0.7.0, openssl; no engine,
 * no server) and, for --keychain, a real gnome-keyring on a private D-Bus (test/helpers/keyring.ts).
 * The command runs in-process (keyCommand), exactly as cli/main.ts runs it.
 */
import { strict as assert } from 'node:assert';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { keyCommand, KEY_USAGE } from '../../cli/commands/key.js';
import type { InteractiveIO } from '../../cli/write-command.js';
import { KEY_ROTATE_USAGE } from '../../cli/commands/rotate.js';
import { generateEcdsaKey } from '../../core/crypto/ecdsa.js';
import { decryptPrivateKey, encryptPrivateKey, parsePublicKeyPem } from '../../core/crypto/key-file.js';
import { isSignetError } from '../../core/errors.js';
import { ok, run, type RunResult } from '../helpers/identity.js';
import { keyringUnavailable, startKeyring, type Keyring } from '../helpers/keyring.js';

const REPO = 'repo-passphrase';
const ROOT = 'root-passphrase';
const tmp = mkdtempSync(join(tmpdir(), 'signet-key-cli-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** The host environment minus DOCKER_ and NOTARY_ settings, HOME in the temp dir, no engine. */
function env(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !/^(DOCKER_|NOTARY_|SIGNET_)/.test(k)) out[k] = v;
  return { ...out, HOME: tmp, DOCKER_HOST: `unix://${tmp}/no-engine.sock`, DOCKER_CLI_HINTS: 'false', ...extra };
}
const passEnv = {
  DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE: ROOT,
  DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE: REPO,
  NOTARY_ROOT_PASSPHRASE: ROOT,
  NOTARY_TARGETS_PASSPHRASE: REPO,
  NOTARY_SNAPSHOT_PASSPHRASE: REPO,
  NOTARY_DELEGATION_PASSPHRASE: REPO,
};

let seq = 0;
/** A fresh DOCKER_CONFIG (0700); its trust dir is `<config>/trust`. */
function dockerConfig(name: string): string {
  const dir = join(tmp, `${name}-${++seq}`, 'docker');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}
function freshDir(name: string): string {
  const dir = join(tmp, `${name}-${++seq}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** `signet key ...args` in-process with DOCKER_CONFIG = config and docker's passphrase variables. */
async function signet(
  config: string,
  args: string[],
  extra: Record<string, string | undefined> = {},
  answers?: string[],
): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: InteractiveIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: env({ DOCKER_CONFIG: config, ...passEnv, ...extra }),
    now: () => new Date(),
    ...(answers ? { readLine: async () => answers.shift() } : {}),
  };
  const code = await keyCommand(args, io);
  return { code, stdout, stderr };
}
const docker = (config: string, args: string[], extra: Record<string, string | undefined> = {}): Promise<RunResult> =>
  run('docker', args, env({ DOCKER_CONFIG: config, ...passEnv, ...extra }));
const notary = (trustDir: string, args: string[], extra: Record<string, string | undefined> = {}): Promise<RunResult> =>
  run('notary', ['-d', trustDir, ...args], env({ ...passEnv, ...extra }));

const trustOf = (config: string): string => join(config, 'trust');
const privateDir = (config: string): string => join(config, 'trust', 'private');
const keyFiles = (config: string): string[] =>
  existsSync(privateDir(config))
    ? readdirSync(privateDir(config))
        .filter((f) => f.endsWith('.key'))
        .sort()
    : [];
const onlyKeyId = (config: string): string => {
  const files = keyFiles(config);
  assert.equal(files.length, 1, `one key file expected, got ${files.join(', ')}`);
  return files[0]!.slice(0, -4);
};
const mode = (path: string): number => statSync(path).mode & 0o777;
const noStackTrace = (r: RunResult): void => assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
/** A PEM with the role name and base64 body lines abstracted, to compare layouts. */
const shape = (pem: string, role: string): string =>
  pem.replace(`role: ${role}\n`, 'role: NAME\n').replace(/^[A-Za-z0-9+/=]+$/gm, 'B64');

it('prints its usage with --help; takes global flags before the subcommand; `key rotate` is rotate.ts', async () => {
  const cfg = dockerConfig('help');
  const r = await signet(cfg, ['--help']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, KEY_USAGE);
  assert.match(KEY_USAGE, /generate NAME \[--dir DIR\]/);
  assert.equal((await signet(cfg, ['list', '--help'])).stdout, KEY_USAGE);
  // cli/main.ts forwards `signet --server URL key ...` globals before the subcommand
  const listed = await signet(cfg, ['--server', 'https://127.0.0.1:1', 'list']);
  assert.deepEqual([listed.code, listed.stdout], [0, 'No signing keys found.\n']);
  const rotate = await signet(cfg, ['--server=https://127.0.0.1:1', 'rotate', '--help']);
  assert.deepEqual([rotate.code, rotate.stdout], [0, KEY_ROTATE_USAGE]);
});

describe('(1) key generate is docker trust key generate', () => {
  it('same messages, .pub layout, header, modes and key file as docker; notary lists the key with its role', async () => {
    const ours = dockerConfig('gen-signet');
    const theirs = dockerConfig('gen-docker');
    const D = freshDir('pubs');
    const r = await signet(ours, ['generate', 'alice', '--dir', D]);
    assert.equal(r.code, 0, r.stderr);
    const alicePub = join(D, 'alice.pub');
    assert.equal(
      r.stdout,
      `Generating key for alice...\nSuccessfully generated and loaded private key. Corresponding public key available: ${alicePub}\n`,
    );
    assert.equal(r.stderr, '');
    const d = ok(await docker(theirs, ['trust', 'key', 'generate', 'bob', '--dir', D]), 'docker trust key generate');
    assert.equal(d.stdout.replaceAll('bob', 'alice'), r.stdout, 'same output as docker');

    // the .pub files: same PEM layout, header and mode
    const bobPub = join(D, 'bob.pub');
    const [a, b] = [readFileSync(alicePub, 'utf8'), readFileSync(bobPub, 'utf8')];
    assert.match(a, /^-----BEGIN PUBLIC KEY-----\nrole: alice\n\n/);
    assert.equal(shape(a, 'alice'), shape(b, 'bob'));
    assert.equal(a.length - 'alice'.length, b.length - 'bob'.length);
    assert.equal(mode(alicePub), 0o600);
    assert.equal(mode(bobPub), 0o600);

    // the private key files: same layout (role header, no gun), modes 0600 in 0700 dirs
    const id = onlyKeyId(ours);
    const mine = readFileSync(join(privateDir(ours), `${id}.key`), 'utf8');
    const dockers = readFileSync(join(privateDir(theirs), `${onlyKeyId(theirs)}.key`), 'utf8');
    assert.match(mine, /^-----BEGIN ENCRYPTED PRIVATE KEY-----\nrole: alice\n\n/);
    assert.equal(shape(mine, 'alice'), shape(dockers, 'bob'));
    assert.equal(mode(join(privateDir(ours), `${id}.key`)), 0o600);
    assert.equal(mode(privateDir(ours)), 0o700);
    assert.equal(mode(trustOf(ours)), 0o700);

    // the .pub holds the public half of the stored key
    const key = decryptPrivateKey(mine, REPO);
    assert.equal(key.key.canonicalId, id);
    assert.equal(key.role, 'alice');
    assert.deepEqual(parsePublicKeyPem(a, new Date()), key.key.publicKey);

    const listed = ok(await notary(trustOf(ours), ['key', 'list']), 'notary key list').stdout;
    assert.match(listed, new RegExp(`^alice\\s+${id}\\s`, 'm'));
  });

  it('refuses exactly as docker does: bad name, missing dir, existing .pub (nothing written)', async () => {
    const ours = dockerConfig('gen-err-signet');
    const theirs = dockerConfig('gen-err-docker');
    const D = freshDir('pubs-err');
    writeFileSync(join(D, 'taken.pub'), 'x\n');
    for (const args of [
      ['Bad', '--dir', D],
      ['a.b', '--dir', D],
      ['fine', '--dir', join(D, 'missing')],
      ['taken', '--dir', D],
    ]) {
      const want = await docker(theirs, ['trust', 'key', 'generate', ...args]);
      const got = await signet(ours, ['generate', ...args]);
      assert.equal(want.code, 1, want.stderr);
      assert.equal(got.code, 1, got.stderr);
      assert.equal(got.stderr, want.stderr, `same error as docker for ${args.join(' ')}`);
      assert.equal(got.stdout, want.stdout);
      noStackTrace(got);
    }
    assert.deepEqual(keyFiles(ours), []);
    assert.deepEqual(keyFiles(theirs), []);
  });
});

describe('(2) docker-made keys: list and export to notary', () => {
  it('lists a `docker trust key generate` key; its export is imported by `notary key import` with the same ID', async () => {
    const cfg = dockerConfig('carol');
    ok(
      await docker(cfg, ['trust', 'key', 'generate', 'carol', '--dir', freshDir('carol-pub')]),
      'docker trust key generate carol',
    );
    const id = onlyKeyId(cfg);

    const table = await signet(cfg, ['list']);
    assert.equal(table.code, 0, table.stderr);
    const lines = table.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^ROLE\s+GUN\s+KEY ID\s+LOCATION$/);
    assert.match(lines[1]!, new RegExp(`^carol\\s+${id}\\s+trust dir$`), 'a signer key: no GUN');
    const json = await signet(cfg, ['list', '--format', 'json']);
    assert.deepEqual(JSON.parse(json.stdout), [{ role: 'carol', id, location: 'trust-dir', locations: ['trust-dir'] }]);

    const out = join(freshDir('carol-export'), 'carol.pem');
    const exp = await signet(cfg, ['export', id.slice(0, 7), '--output', out]);
    assert.equal(exp.code, 0, exp.stderr);
    assert.equal(mode(out), 0o600);
    const pem = readFileSync(out, 'utf8');
    assert.match(pem, new RegExp(`^-----BEGIN ENCRYPTED PRIVATE KEY-----\\npath: ${id}\\nrole: carol\\n\\n`));
    assert.equal(decryptPrivateKey(pem, REPO).key.canonicalId, id, 'still encrypted with the same passphrase');

    // never overwrites
    const again = await signet(cfg, ['export', id, '--output', out]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, new RegExp(`^refusing to overwrite ${out}\\n`));
    assert.equal(readFileSync(out, 'utf8'), pem);

    // stdout export is the same PEM
    const toStdout = await signet(cfg, ['export', id]);
    assert.equal(toStdout.code, 0);
    assert.equal(shape(toStdout.stdout, 'carol'), shape(pem, 'carol'));

    const other = join(freshDir('notary-other'), 'trust');
    ok(await notary(other, ['key', 'import', out]), 'notary key import');
    assert.match(ok(await notary(other, ['key', 'list'])).stdout, new RegExp(`^carol\\s+${id}\\s`, 'm'));
    const imported = readFileSync(join(other, 'private', `${id}.key`), 'utf8');
    assert.equal(decryptPrivateKey(imported, REPO).key.canonicalId, id);
  });
});

describe('(3) key load is docker trust key load', () => {
  it('loads an unencrypted PKCS#8 key as docker does (role signer, encrypted with the repository passphrase)', async () => {
    const dir = freshDir('load-plain');
    const file = join(dir, 'plain.key');
    ok(
      await run('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file], env()),
      'openssl genpkey',
    );
    chmodSync(file, 0o600);
    const expected = decryptPrivateKey(readFileSync(file, 'utf8'), undefined).key.canonicalId;
    const ours = dockerConfig('load-signet');
    const theirs = dockerConfig('load-docker');
    const r = await signet(ours, ['load', file]);
    const d = ok(await docker(theirs, ['trust', 'key', 'load', file]), 'docker trust key load');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `Loading key from "${file}"...\nSuccessfully imported key from ${file}\n`);
    assert.equal(r.stdout, d.stdout, 'same output as docker');
    assert.deepEqual(keyFiles(ours), [`${expected}.key`]);
    assert.deepEqual(keyFiles(theirs), [`${expected}.key`]);
    const mine = readFileSync(join(privateDir(ours), `${expected}.key`), 'utf8');
    assert.equal(
      shape(mine, 'signer'),
      shape(readFileSync(join(privateDir(theirs), `${expected}.key`), 'utf8'), 'signer'),
    );
    assert.deepEqual(
      [decryptPrivateKey(mine, REPO).key.canonicalId, decryptPrivateKey(mine, REPO).role],
      [expected, 'signer'],
    );
    assert.match(ok(await notary(trustOf(ours), ['key', 'list'])).stdout, new RegExp(`^signer\\s+${expected}\\s`, 'm'));

    // --name
    const named = dockerConfig('load-named');
    assert.equal((await signet(named, ['load', '--name', 'ops', file])).code, 0);
    assert.equal(decryptPrivateKey(readFileSync(join(privateDir(named), `${expected}.key`), 'utf8'), REPO).role, 'ops');
  });

  it('really imports an encrypted notary key (docker 28 prints success and writes nothing), keeping its passphrase', async () => {
    const dir = freshDir('load-enc');
    const out = join(dir, 'erin');
    ok(
      await notary(join(dir, 'scratch'), ['key', 'generate', 'ecdsa', '--role', 'erin', '-o', out], {
        NOTARY_DELEGATION_PASSPHRASE: 'file-passphrase',
        NOTARY_ERIN_PASSPHRASE: 'file-passphrase',
      }),
      'notary key generate',
    );
    const file = `${out}-key.pem`;
    chmodSync(file, 0o600);
    const source = readFileSync(file, 'utf8');
    assert.match(source, /^-----BEGIN ENCRYPTED PRIVATE KEY-----\nrole: erin\n/);
    const id = decryptPrivateKey(source, 'file-passphrase').key.canonicalId;
    const cfg = dockerConfig('load-enc');
    const r = await signet(cfg, ['load', file], { DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE: 'file-passphrase' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `Loading key from "${file}"...\nSuccessfully imported key from ${file}\n`);
    assert.deepEqual(keyFiles(cfg), [`${id}.key`]);
    const stored = readFileSync(join(privateDir(cfg), `${id}.key`), 'utf8');
    assert.equal(
      stored,
      source,
      'stored unchanged: same encryption, same role header (the file role wins over the default name, as in docker)',
    );
    assert.equal(decryptPrivateKey(stored, 'file-passphrase').key.canonicalId, id);
    assert.match(ok(await notary(trustOf(cfg), ['key', 'list'])).stdout, new RegExp(`^erin\\s+${id}\\s`, 'm'));
  });

  it("refuses a key file readable or writable by others with docker's message; nothing is written", async () => {
    const dir = freshDir('load-perm');
    const file = join(dir, 'open.key');
    writeFileSync(file, encryptPrivateKey(generateEcdsaKey(), '', { role: '' }), { mode: 0o644 });
    chmodSync(file, 0o644);
    const ours = dockerConfig('perm-signet');
    const theirs = dockerConfig('perm-docker');
    const r = await signet(ours, ['load', file]);
    const d = await docker(theirs, ['trust', 'key', 'load', file]);
    assert.equal(r.code, 1);
    assert.equal(d.code, 1);
    assert.equal(r.stdout, `Loading key from "${file}"...\n`);
    assert.equal(
      r.stderr,
      `refusing to load key from ${file}: private key file ${file} must not be readable or writable by others\n`,
    );
    assert.equal(r.stderr, d.stderr, 'same error as docker');
    assert.deepEqual(keyFiles(ours), []);
    // a missing file and a public key file: docker's messages too
    for (const f of [join(dir, 'missing.key'), join(dir, 'pub.pem')]) {
      if (f.endsWith('pub.pem'))
        writeFileSync(
          f,
          '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n',
          { mode: 0o600 },
        );
      const [s, t] = [await signet(ours, ['load', f]), await docker(theirs, ['trust', 'key', 'load', f])];
      assert.equal(s.code, 1);
      assert.equal(s.stderr, t.stderr);
      assert.equal(s.stdout, t.stdout);
    }
    assert.deepEqual(keyFiles(ours), []);
  });
});

describe('(5) wrong passphrase', () => {
  it('load: a wrong DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE is a clear error, exit 1, nothing written', async () => {
    const file = join(freshDir('wrong'), 'enc.key');
    writeFileSync(file, encryptPrivateKey(generateEcdsaKey(), 'right-passphrase', { role: 'gina' }), { mode: 0o600 });
    const cfg = dockerConfig('wrong');
    const r = await signet(cfg, ['load', file], { DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE: 'wrong-passphrase' });
    assert.equal(r.code, 1);
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(
      lines[0],
      `error importing key from ${file}: cannot load key from provided file ${file}: could not decrypt key`,
    );
    assert.match(
      lines[1]!,
      /^ {2}cause: wrong passphrase for gina key .*DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE.*\[KEY_WRONG_PASSPHRASE\]$/,
    );
    assert.match(lines[2]!, /^ {2}hint: fix or unset DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE$/);
    noStackTrace(r);
    assert.deepEqual(keyFiles(cfg), []);
    assert.ok(!existsSync(privateDir(cfg)) || readdirSync(privateDir(cfg)).length === 0, 'not even a temp file');
  });

  it('passwd: a wrong old passphrase changes nothing', async () => {
    const cfg = dockerConfig('wrong-passwd');
    assert.equal((await signet(cfg, ['generate', 'hank', '--dir', freshDir('hank')])).code, 0);
    const id = onlyKeyId(cfg);
    const before = readFileSync(join(privateDir(cfg), `${id}.key`), 'utf8');
    const r = await signet(cfg, ['passwd', id], {
      DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE: 'not-the-passphrase',
      SIGNET_NEW_PASSPHRASE: 'new-passphrase',
    });
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      new RegExp(
        `^cannot change the passphrase of key ${id}\\n {2}cause: wrong passphrase .*\\[KEY_WRONG_PASSPHRASE\\]\\n`,
      ),
    );
    noStackTrace(r);
    assert.equal(readFileSync(join(privateDir(cfg), `${id}.key`), 'utf8'), before);
  });
});

describe('(6) key passwd', () => {
  it('re-encrypts: the key then decrypts only with the new passphrase (and notary reads it with the new one)', async () => {
    const cfg = dockerConfig('passwd');
    assert.equal((await signet(cfg, ['generate', 'ivy', '--dir', freshDir('ivy')])).code, 0);
    const id = onlyKeyId(cfg);
    const file = join(privateDir(cfg), `${id}.key`);
    const r = await signet(cfg, ['passwd', id.slice(0, 10)], { SIGNET_NEW_PASSPHRASE: 'a-new-passphrase' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `Successfully updated passphrase for key ID: ${id}\n`);
    const pem = readFileSync(file, 'utf8');
    assert.match(pem, /^-----BEGIN ENCRYPTED PRIVATE KEY-----\nrole: ivy\n\n/);
    assert.equal(mode(file), 0o600);
    assert.equal(decryptPrivateKey(pem, 'a-new-passphrase').key.canonicalId, id);
    assert.throws(
      () => decryptPrivateKey(pem, REPO),
      (e) => isSignetError(e, 'KEY_WRONG_PASSPHRASE'),
    );
    // notary decrypts it with the new passphrase only (key passwd needs the old one)
    assert.notEqual(
      (await notary(trustOf(cfg), ['key', 'passwd', id], { NOTARY_DELEGATION_PASSPHRASE: REPO })).code,
      0,
    );
    ok(
      await notary(trustOf(cfg), ['key', 'passwd', id], { NOTARY_DELEGATION_PASSPHRASE: 'a-new-passphrase' }),
      'notary key passwd',
    );
  });

  it("never takes the new passphrase from docker's variables: without SIGNET_NEW_PASSPHRASE or a terminal it refuses", async () => {
    const cfg = dockerConfig('passwd-nonew');
    assert.equal((await signet(cfg, ['generate', 'jo', '--dir', freshDir('jo')])).code, 0);
    const id = onlyKeyId(cfg);
    const before = readFileSync(join(privateDir(cfg), `${id}.key`), 'utf8');
    const r = await signet(cfg, ['passwd', id]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cause: cannot ask for the new passphrase .*SIGNET_NEW_PASSPHRASE is not set/);
    assert.match(r.stderr, /hint: set SIGNET_NEW_PASSPHRASE, or run in a terminal/);
    assert.equal(readFileSync(join(privateDir(cfg), `${id}.key`), 'utf8'), before);
  });
});

describe('key remove', () => {
  it('needs -y or a typed ID prefix; warns before deleting a root key', async () => {
    const cfg = dockerConfig('remove');
    const root = generateEcdsaKey();
    mkdirSync(privateDir(cfg), { recursive: true, mode: 0o700 });
    writeFileSync(join(privateDir(cfg), `${root.canonicalId}.key`), encryptPrivateKey(root, ROOT, { role: 'root' }), {
      mode: 0o600,
    });
    const refused = await signet(cfg, ['remove', root.canonicalId.slice(0, 7)]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /refusing to delete key \w+ without confirmation\n {2}hint: pass -y/);
    assert.deepEqual(keyFiles(cfg), [`${root.canonicalId}.key`]);
    const r = await signet(cfg, ['remove', root.canonicalId, '-y']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^Warning: \w+ is a root key and this is the only copy/);
    assert.equal(r.stdout, `Deleted ${root.canonicalId} (role root) from the trust dir.\n`);
    assert.deepEqual(keyFiles(cfg), []);
    // typed confirmation: the 7-character ID prefix, anything else deletes nothing
    assert.equal((await signet(cfg, ['generate', 'kim', '--dir', freshDir('kim')])).code, 0);
    const kim = onlyKeyId(cfg);
    const no = await signet(cfg, ['remove', kim], {}, ['y']);
    assert.equal(no.code, 1);
    assert.equal(
      no.stderr,
      `Deleting key ${kim} (role kim) from the trust dir.\nType the first 7 characters of its ID to confirm: Aborted: nothing was deleted.\n`,
    );
    assert.deepEqual(keyFiles(cfg), [`${kim}.key`]);
    const yes = await signet(cfg, ['remove', kim], {}, [` ${kim.slice(0, 7)} `]);
    assert.equal(yes.code, 0, yes.stderr);
    assert.equal(yes.stdout, `Deleted ${kim} (role kim) from the trust dir.\n`);
    assert.deepEqual(keyFiles(cfg), []);
    const missing = await signet(cfg, ['remove', root.canonicalId, '-y']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^no private key with ID \w+ in the trust dir/);
  });
});

// The keyring tools are installed by .ci/run; in CI their absence is a failure, never a silent skip.
const missingKeyring = keyringUnavailable();
if (missingKeyring && process.env['CI']) throw new Error(`keychain tests cannot run: ${missingKeyring}`);

describe('(4) --keychain, against a real private gnome-keyring', { skip: missingKeyring }, () => {
  let keyring: Keyring;
  let savedBus: string | undefined;
  before(async () => {
    keyring = await startKeyring();
    // libsecret connects on first use and keeps that connection: one keyring for this whole file
    savedBus = process.env['DBUS_SESSION_BUS_ADDRESS'];
    process.env['DBUS_SESSION_BUS_ADDRESS'] = keyring.address;
  });
  after(async () => {
    if (savedBus === undefined) delete process.env['DBUS_SESSION_BUS_ADDRESS'];
    else process.env['DBUS_SESSION_BUS_ADDRESS'] = savedBus;
    await keyring?.stop();
  });

  it('generate into the keychain, list both stores, copy a trust-dir key in, export for notary, remove', async () => {
    const cfg = dockerConfig('keychain');
    const D = freshDir('keychain-pub');
    const gen = await signet(cfg, ['generate', 'dave', '--dir', D, '--keychain']);
    assert.equal(gen.code, 0, gen.stderr);
    assert.equal(
      gen.stdout,
      `Generating key for dave...\nSuccessfully generated and loaded private key. Corresponding public key available: ${join(D, 'dave.pub')}\n`,
    );
    assert.equal(mode(join(D, 'dave.pub')), 0o600);
    assert.deepEqual(keyFiles(cfg), [], 'the private key is not in the trust dir');
    const listed = JSON.parse((await signet(cfg, ['list', '--keychain', '--format', 'json'])).stdout) as Array<{
      role: string;
      id: string;
      locations: string[];
    }>;
    assert.equal(listed.length, 1);
    const dave = listed[0]!;
    assert.deepEqual([dave.role, dave.locations], ['dave', ['keychain']]);
    const table = (await signet(cfg, ['list', '--keychain'])).stdout;
    assert.match(table, new RegExp(`^dave\\s+${dave.id}\\s+keychain$`, 'm'));
    assert.doesNotMatch(
      (await signet(cfg, ['list'])).stdout,
      /dave/,
      'without --keychain only the trust dir is listed',
    );

    // a docker-made trust-dir key, copied into the keychain (verified by decrypting the stored entry)
    ok(await docker(cfg, ['trust', 'key', 'generate', 'frank', '--dir', D]), 'docker trust key generate frank');
    const frank = onlyKeyId(cfg);
    const copy = await signet(cfg, ['import', '--from-trust-dir', frank.slice(0, 8), '--keychain']);
    assert.equal(copy.code, 0, copy.stderr);
    assert.equal(copy.stdout, `Copied key ${frank} (role frank) from the trust dir into the keychain (verified)\n`);
    assert.deepEqual(keyFiles(cfg), [`${frank}.key`], 'a copy: the trust-dir file stays');
    const both = await signet(cfg, ['list', '--keychain']);
    assert.match(both.stdout, new RegExp(`^frank\\s+${frank}\\s+keychain, trust dir$`, 'm'));
    const lines = both.stdout
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) => l.split(/\s+/)[0]);
    assert.deepEqual(lines, ['dave', 'frank'], 'sorted by role');

    // export from the keychain: notary imports it into another trust dir with the same ID
    for (const [id, role] of [
      [frank, 'frank'],
      [dave.id, 'dave'],
    ] as const) {
      const out = join(freshDir('keychain-export'), `${role}.pem`);
      const exp = await signet(cfg, ['export', id, '--keychain', '--output', out]);
      assert.equal(exp.code, 0, exp.stderr);
      assert.equal(mode(out), 0o600);
      const other = join(freshDir('keychain-notary'), 'trust');
      ok(await notary(other, ['key', 'import', out]), 'notary key import');
      assert.match(ok(await notary(other, ['key', 'list'])).stdout, new RegExp(`^${role}\\s+${id}\\s`, 'm'));
      const back = decryptPrivateKey(readFileSync(join(other, 'private', `${id}.key`), 'utf8'), REPO).key;
      assert.equal(back.canonicalId, id);
      if (role === 'dave')
        assert.deepEqual(
          parsePublicKeyPem(readFileSync(join(D, 'dave.pub'), 'utf8'), new Date()),
          back.publicKey,
          'dave.pub is the keychain key',
        );
    }

    // --move: into the keychain, then gone from the trust dir
    ok(await docker(cfg, ['trust', 'key', 'generate', 'gus', '--dir', D]), 'docker trust key generate gus');
    const gus = keyFiles(cfg)
      .map((f) => f.slice(0, -4))
      .find((id) => id !== frank)!;
    const moved = await signet(cfg, ['import', '--from-trust-dir', gus, '--move', '--keychain']);
    assert.equal(moved.code, 0, moved.stderr);
    assert.deepEqual(keyFiles(cfg), [`${frank}.key`]);
    assert.match((await signet(cfg, ['list', '--keychain'])).stdout, new RegExp(`^gus\\s+${gus}\\s+keychain$`, 'm'));

    // a wrong passphrase: nothing reaches the keychain
    const hal = generateEcdsaKey();
    writeFileSync(
      join(privateDir(cfg), `${hal.canonicalId}.key`),
      encryptPrivateKey(hal, 'hal-passphrase', { role: 'hal' }),
      { mode: 0o600 },
    );
    const wrong = await signet(cfg, ['import', '--from-trust-dir', hal.canonicalId, '--keychain']);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /\[KEY_WRONG_PASSPHRASE\]/);
    assert.doesNotMatch(
      (await signet(cfg, ['list', '--keychain'])).stdout,
      new RegExp(`${hal.canonicalId}\\s+keychain`),
    );

    // remove from the keychain
    const rm = await signet(cfg, ['remove', dave.id, '-y', '--keychain']);
    assert.equal(rm.code, 0, rm.stderr);
    assert.equal(rm.stdout, `Deleted ${dave.id} (role dave) from the keychain.\n`);
    assert.doesNotMatch((await signet(cfg, ['list', '--keychain'])).stdout, /dave/);
  });
});
