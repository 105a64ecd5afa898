import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { isSignetError } from '../../../core/errors.js';
import { CryptoService } from '../../../core/keystore/crypto-service.js';
import { MemoryKeyStore } from '../../../core/keystore/memory-key-store.js';
import type { PassphraseRequest } from '../../../core/keystore/passphrase.js';
import {
  ChainedPassphraseSource,
  EnvPassphraseSource,
  ROOT_KEY_WARNING,
  TtyPassphraseSource,
} from '../../../core/node/passphrase-sources.js';
import { TEST_NOW } from '../../helpers/repo-builder.js';

const ID = '949ba79' + '0'.repeat(57);
const req = (role: string, over: Partial<PassphraseRequest> = {}): PassphraseRequest => ({
  keyId: ID,
  role,
  isNew: false,
  attempt: 1,
  ...over,
});

/** Fake terminal: `typed` is what the user enters; `out()` the transcript written to the output. */
function fakeTty(typed: string, opts: { isTTY?: boolean } = {}) {
  const input = Object.assign(new PassThrough(), {
    isTTY: opts.isTTY ?? false,
    rawModes: [] as boolean[],
  }) as PassThrough & {
    isTTY: boolean;
    rawModes: boolean[];
    setRawMode?: (m: boolean) => void;
  };
  if (opts.isTTY) input.setRawMode = (m: boolean) => void input.rawModes.push(m);
  input.write(typed);
  let text = '';
  const output = new Writable({ write: (c, _e, cb) => ((text += String(c)), cb()) });
  return { input, output, out: () => text };
}

test("env: docker's variables (root vs every other role), no length check, given up after the first attempt", async () => {
  const env = { DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE: 'r', DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE: 'repo' };
  const src = new EnvPassphraseSource(env);
  assert.equal(await src.get(req('root')), 'r');
  assert.equal(await src.get(req('root', { isNew: true })), 'r', 'new keys: env vars skip the length check');
  for (const role of ['targets', 'snapshot', 'alice', 'delegation', 'releases'])
    assert.equal(await src.get(req(role)), 'repo', role);
  assert.equal(await src.get(req('root', { attempt: 2 })), undefined);
  assert.ok(isSignetError(src.gaveUp(req('root', { attempt: 2 })), 'KEY_WRONG_PASSPHRASE'));
  const none = new EnvPassphraseSource({ DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE: '' });
  assert.equal(await none.get(req('targets')), undefined, 'an empty variable counts as unset');
  assert.equal(none.unavailable(req('targets')), 'DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE is not set');
  assert.equal(none.unavailable(req('root')), 'DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE is not set');
});

test("tty: docker's exact transcript for too short -> enter -> repeat (docker trust key generate carol)", async () => {
  const t = fakeTty('short\nlong-enough-1\nlong-enough-1\n');
  const src = new TtyPassphraseSource({ input: t.input, output: t.output });
  assert.equal(await src.get(req('carol', { isNew: true })), 'long-enough-1');
  assert.equal(
    t.out(),
    'Enter passphrase for new carol key with ID 949ba79: \n' +
      'Passphrase is too short. Please use a password manager to generate and store a good random passphrase.\n' +
      'Enter passphrase for new carol key with ID 949ba79: \n' +
      'Repeat passphrase for new carol key with ID 949ba79: \n',
  );
});

test('tty: six-line warning before a new root key; mismatch retried; input trimmed; passphrases never echoed', async () => {
  const t = fakeTty('  root-secret-1  \nroot-secret-2\nroot-secret-1\n root-secret-1\n');
  const src = new TtyPassphraseSource({ input: t.input, output: t.output });
  assert.equal(await src.get(req('root', { isNew: true })), 'root-secret-1');
  assert.equal(ROOT_KEY_WARNING.split('\n').length, 6);
  assert.equal(
    t.out(),
    `${ROOT_KEY_WARNING}\n` +
      'Enter passphrase for new root key with ID 949ba79: \n' +
      'Repeat passphrase for new root key with ID 949ba79: \n' +
      'Passphrases do not match. Please retry.\n' +
      'Enter passphrase for new root key with ID 949ba79: \n' +
      'Repeat passphrase for new root key with ID 949ba79: \n',
  );
  assert.ok(t.out().startsWith('You are about to create a new root signing key passphrase.'));
  assert.ok(!t.out().includes('secret'));
});

test('tty: existing key prompt, "Passphrase incorrect" on attempt 2, per-role cache on first attempts, EOF cancels', async () => {
  const t = fakeTty('first\nsecond\n');
  const src = new TtyPassphraseSource({ input: t.input, output: t.output });
  assert.equal(await src.get(req('targets')), 'first');
  assert.equal(
    await src.get(req('targets', { keyId: 'abcdef0' + '1'.repeat(57) })),
    'first',
    'cached for the alias, as docker does',
  );
  assert.equal(await src.get(req('targets', { attempt: 2 })), 'second');
  assert.equal(
    t.out(),
    'Enter passphrase for repository key with ID 949ba79: \n' +
      'Passphrase incorrect. Please retry.\n' +
      'Enter passphrase for repository key with ID 949ba79: \n',
  );
  t.input.end();
  assert.equal(await src.get(req('alice')), undefined);
});

test('tty: too many unusable new passphrases -> KEY_CANCELLED "Too many attempts"', async () => {
  const t = fakeTty('a\nb\nc\nd\ne\n');
  const src = new TtyPassphraseSource({ input: t.input, output: t.output, cache: false });
  await assert.rejects(
    src.get(req('alice', { isNew: true })),
    (e) => isSignetError(e, 'KEY_CANCELLED') && /^Too many attempts/.test(e.message),
  );
  assert.equal(t.out().split('Passphrase is too short.').length - 1, 4);
});

test('tty: raw mode on a terminal (no echo): backspace edits, Enter ends, Ctrl-C cancels, raw mode restored', async () => {
  const t = fakeTty('', { isTTY: true });
  const src = new TtyPassphraseSource({ input: t.input, output: t.output, cache: false });
  const p = src.get(req('alice'));
  setTimeout(() => t.input.write('ab\u007fc'), 5);
  setTimeout(() => t.input.write('d\r'), 10);
  assert.equal(await p, 'acd');
  assert.deepEqual(t.input.rawModes, [true, false]);
  const q = src.get(req('alice'));
  setTimeout(() => t.input.write('xy\u0003'), 5);
  assert.equal(await q, undefined);
  assert.deepEqual(t.input.rawModes, [true, false, true, false]);
  assert.ok(!t.out().includes('acd'));
  assert.equal(src.unavailable(), undefined);
  assert.equal(new TtyPassphraseSource({ input: fakeTty('').input }).unavailable(), 'standard input is not a terminal');
});

test('chained: env when set (TTY untouched), else the TTY, else KEY_CANCELLED naming the variable', async () => {
  const tty = fakeTty('from-tty\n', { isTTY: true });
  const ttySrc = new TtyPassphraseSource({ input: tty.input, output: tty.output });
  const chained = new ChainedPassphraseSource([
    new EnvPassphraseSource({ DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE: 'env-root' }),
    ttySrc,
  ]);
  assert.equal(await chained.get(req('root')), 'env-root');
  assert.equal(tty.out(), '');
  assert.equal(await chained.get(req('targets')), 'from-tty');

  const pipe = new ChainedPassphraseSource([
    new EnvPassphraseSource({}),
    new TtyPassphraseSource({ input: fakeTty('').input }),
  ]);
  await assert.rejects(pipe.get(req('targets')), (e) => {
    assert.ok(isSignetError(e, 'KEY_CANCELLED'));
    assert.equal(
      e.message,
      'cannot ask for the passphrase for repository key with ID 949ba79: DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE is not set and standard input is not a terminal',
    );
    assert.match(e.hint ?? '', /set DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE/);
    return true;
  });
});

test('chained + CryptoService: a wrong env passphrase is tried once, then KEY_WRONG_PASSPHRASE naming the variable', async () => {
  const id = '3bd9b97dba420dbfceb8a3aab98667ab0edde39ebd3150cbbfc1c7a7ab7e1029';
  const pem = readFileSync(
    join(import.meta.dirname, '..', '..', 'fixtures', 'golden', 'b-signers', 'private', 'b-alice', `${id}.key`),
    'utf8',
  );
  const store = new MemoryKeyStore();
  await store.add({ info: { id, role: 'alice', location: 'memory' }, pem });
  const tty = fakeTty('', { isTTY: true });
  const wrong = new ChainedPassphraseSource([
    new EnvPassphraseSource({ DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE: 'wrong' }),
    new TtyPassphraseSource({ input: tty.input, output: tty.output }),
  ]);
  await assert.rejects(
    new CryptoService({ now: () => TEST_NOW, stores: [store], passphrases: wrong }).unlock(id),
    (e) => {
      assert.ok(isSignetError(e, 'KEY_WRONG_PASSPHRASE'));
      assert.match(e.message, /alice key with ID 3bd9b97 \(from DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE\)/);
      return true;
    },
  );
  assert.equal(tty.out(), '', 'no fallback to the terminal once the variable is set');
  const right = new ChainedPassphraseSource([
    new EnvPassphraseSource({ DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE: 'repo-passphrase' }),
  ]);
  assert.equal(
    (await new CryptoService({ now: () => TEST_NOW, stores: [store], passphrases: right }).unlock(id)).canonicalId,
    id,
  );
});

test("cosign passwords: COSIGN_PASSWORD (set but empty counts, as in cosign), never docker's variables", async () => {
  const cosign = (over: Partial<PassphraseRequest> = {}) => req('cosign', { format: 'cosign', keyId: '', ...over });
  const docker = { DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE: 'r', DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE: 'repo' };
  const src = new EnvPassphraseSource({ ...docker, COSIGN_PASSWORD: 'cpw' });
  assert.equal(await src.get(cosign()), 'cpw');
  assert.equal(await src.get(req('cosign')), 'repo', 'a signer named "cosign" is a notary key');
  assert.equal(await new EnvPassphraseSource({ COSIGN_PASSWORD: '' }).get(cosign()), '');
  const unset = new EnvPassphraseSource(docker);
  assert.equal(await unset.get(cosign()), undefined);
  assert.equal(unset.unavailable(cosign()), 'COSIGN_PASSWORD is not set');
  const gaveUp = src.gaveUp(cosign({ attempt: 2 }));
  assert.ok(isSignetError(gaveUp, 'KEY_WRONG_PASSPHRASE'));
  assert.match(gaveUp.message, /the cosign private key \(from COSIGN_PASSWORD\)/);

  const pipe = new ChainedPassphraseSource([unset, new TtyPassphraseSource({ input: fakeTty('').input })]);
  await assert.rejects(pipe.get(cosign()), (e) => {
    assert.ok(isSignetError(e, 'KEY_CANCELLED'));
    assert.match(e.message, /^cannot ask for the password for the cosign private key: COSIGN_PASSWORD is not set/);
    assert.match(e.hint ?? '', /set COSIGN_PASSWORD/);
    return true;
  });
});

test("cosign passwords on the terminal: cosign's prompts, a new one asked twice, never cached", async () => {
  const t = fakeTty('cosign-pass-1\ncosign-pass-1\nold-one\nagain-one\nsigner-pass\n');
  const src = new TtyPassphraseSource({ input: t.input, output: t.output });
  assert.equal(await src.get(req('cosign', { format: 'cosign', isNew: true })), 'cosign-pass-1');
  assert.equal(await src.get(req('cosign', { format: 'cosign', keyId: '' })), 'old-one');
  assert.equal(await src.get(req('cosign', { format: 'cosign', keyId: '' })), 'again-one', 'not from a cache');
  assert.equal(await src.get(req('cosign')), 'signer-pass', 'a signer named "cosign" is asked its own');
  assert.equal(
    t.out(),
    'Enter password for the cosign copy of key 949ba79: \n' +
      'Enter password for the cosign copy of key 949ba79 again: \n' +
      'Enter password for the cosign private key: \n' +
      'Enter password for the cosign private key: \n' +
      'Enter passphrase for cosign key with ID 949ba79: \n',
  );
});
