/**
 * Keys remembered on tokens: an unplugged token's keys are named ("not inserted"), still count as
 * the user's, and never stand in for a software copy or for another key that can sign.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateEcdsaKey } from '../../../core/crypto/ecdsa.js';
import { SignetError, isSignetError } from '../../../core/errors.js';
import { CryptoService } from '../../../core/keystore/crypto-service.js';
import { MemoryKeyStore } from '../../../core/keystore/memory-key-store.js';
import {
  InMemoryTokenKeyMemory,
  afterListing,
  formatTokenKeyMemory,
  parseTokenKeyMemory,
} from '../../../core/keystore/token-key-memory.js';
import { TokenKeys } from '../../../core/keystore/token-keys.js';
import type { TokenDriver, TokenKey } from '../../../core/keystore/token.js';
import { keySignerLookup } from '../../../core/trust/key-signers.js';
import { nobleCrypto } from '../../../core/crypto/noble-provider.js';
import { TEST_NOW } from '../../helpers/repo-builder.js';

/** Tokens that can be pulled out and put back; keys made with `add`. */
function tokensDriver() {
  const onToken = new Map<string, TokenKey[]>();
  const present = new Set<string>();
  let logged = new Set<string>();
  const need = (t: string): void => {
    if (!present.has(t)) throw new SignetError('TOKEN_ABSENT', `the token "${t}" is not present`);
  };
  const driver: TokenDriver = {
    module: '/fake.so',
    listTokens: async () =>
      [...present].map(
        (label) => ({ label, serial: label, manufacturer: 'x', model: 'x', p256: true, pin: 'ok' }) as const,
      ),
    listKeys: async (t) => (need(t), onToken.get(t) ?? []),
    loggedIn: (t) => logged.has(t),
    login: async (t) => (need(t), void logged.add(t)),
    generateKey: async () => assert.fail('not used'),
    importKey: async () => assert.fail('not used'),
    writeCertificate: async () => undefined,
    sign: async (t) => (need(t), new Uint8Array(64)),
    removeKey: async (t, id) =>
      void onToken.set(
        t,
        (onToken.get(t) ?? []).filter((k) => k.objectId !== id),
      ),
    close: async () => void (logged = new Set()),
  };
  return {
    driver,
    add(token: string, label: string) {
      const key = generateEcdsaKey();
      const list = onToken.get(token) ?? [];
      list.push({ token, objectId: String(list.length + 1), label, publicKey: key.publicKey });
      onToken.set(token, list);
      present.add(token);
      return key;
    },
    plug: (t: string) => present.add(t),
    unplug: (t: string) => present.delete(t),
  };
}

const pins = { get: async () => '123456' };
const fresh = (driver: TokenDriver, memory: InMemoryTokenKeyMemory) =>
  new TokenKeys(driver, pins, () => TEST_NOW, undefined, memory);

test('a key seen on a token is remembered; unplugged, it is listed as absent and named when used', async () => {
  const hw = tokensDriver();
  const memory = new InMemoryTokenKeyMemory();
  const root = hw.add('yk', 'root');
  assert.deepEqual(
    (await fresh(hw.driver, memory).list()).map((k) => k.id),
    [root.canonicalId],
  );
  assert.deepEqual(await memory.read(), [{ id: root.canonicalId, token: 'yk', role: 'root' }]);

  hw.unplug('yk');
  const later = fresh(hw.driver, memory); // the next command
  assert.deepEqual(await later.list(), []);
  assert.deepEqual(await later.absent(), [
    { id: root.canonicalId, token: 'yk', role: 'root', location: 'hardware', absent: true },
  ]);
  await assert.rejects(
    later.open(root.canonicalId),
    (e) =>
      isSignetError(e, 'TOKEN_ABSENT') &&
      e.message === `key ${root.canonicalId.slice(0, 7)} is on the token "yk", which is not inserted` &&
      /insert the token "yk"/.test(e.hint ?? ''),
  );

  hw.plug('yk');
  const back = fresh(hw.driver, memory);
  assert.equal((await back.open(root.canonicalId)).canonicalId, root.canonicalId);
  assert.deepEqual(await back.absent(), []);
});

test('a key deleted from a token that answers is forgotten; keys of other tokens are kept', async () => {
  const hw = tokensDriver();
  const memory = new InMemoryTokenKeyMemory();
  const a = hw.add('yk', 'root');
  const b = hw.add('hsm', 'alice');
  await fresh(hw.driver, memory).list();
  hw.unplug('hsm');
  await hw.driver.removeKey('yk', '1'); // another tool deleted it
  const now = fresh(hw.driver, memory);
  await assert.rejects(now.open(a.canonicalId), (e) => isSignetError(e, 'KEY_NOT_FOUND'));
  assert.deepEqual(
    (await memory.read()).map((k) => [k.token, k.id]),
    [['hsm', b.canonicalId]],
  );
});

test('the crypto service: an absent token key counts as held, a software copy signs instead, others are not blocked', async () => {
  const hw = tokensDriver();
  const memory = new InMemoryTokenKeyMemory();
  const onlyOnToken = hw.add('yk', 'alice');
  const copied = hw.add('yk', 'bob');
  const store = new MemoryKeyStore('keychain');
  const service = () => {
    const tokens = fresh(hw.driver, memory);
    return new CryptoService({
      stores: [store],
      passphrases: { get: async () => 'pass phrase 1' },
      now: () => TEST_NOW,
      tokens,
    });
  };
  await service().listKeys(); // seen once
  // bob's key also has a software copy (kept as the backup when it went on the token)
  const { encryptPrivateKey } = await import('../../../core/crypto/key-file.js');
  await store.add({
    info: { id: copied.canonicalId, role: 'bob', location: 'keychain' },
    pem: encryptPrivateKey(copied, 'pass phrase 1', { role: 'bob' }),
  });
  hw.unplug('yk');

  const keys = service();
  assert.deepEqual(
    (await keys.listKeys()).map((k) => [k.id, k.location, k.absent ?? false]).sort(),
    [
      [copied.canonicalId, 'keychain', false],
      [onlyOnToken.canonicalId, 'hardware', true],
    ].sort(),
  );
  assert.equal(await keys.hasKey(onlyOnToken.canonicalId), true);
  await assert.rejects(
    keys.unlock(onlyOnToken.canonicalId),
    (e) => isSignetError(e, 'TOKEN_ABSENT') && /"yk"/.test(e.message),
  );
  await assert.rejects(keys.removeKey(onlyOnToken.canonicalId), (e) => isSignetError(e, 'TOKEN_ABSENT'));
  assert.equal((await keys.unlock(copied.canonicalId)).canonicalId, copied.canonicalId, 'the software copy signs');

  // a role listing both keys: the one that can sign signs; with none left, the token is named
  const lookup = keySignerLookup(keys, nobleCrypto);
  const listed = { [onlyOnToken.canonicalId]: onlyOnToken.publicKey, [copied.canonicalId]: copied.publicKey };
  assert.equal((await lookup.signersFor(Object.keys(listed), listed, 1)).length, 1);
  await assert.rejects(lookup.signersFor(Object.keys(listed), listed, 2), (e) => isSignetError(e, 'TOKEN_ABSENT'));
  await assert.rejects(lookup.signersFor([onlyOnToken.canonicalId], listed), (e) => isSignetError(e, 'TOKEN_ABSENT'));
});

test('the memory file: written sorted, read leniently (a broken or foreign entry is dropped)', () => {
  const id = (c: string) => c.repeat(64);
  const next = afterListing(
    [
      { id: id('b'), token: 'gone', role: 'root' },
      { id: id('a'), token: 'yk', role: 'old' },
    ],
    new Set(['yk']),
    [{ id: id('c'), token: 'yk', role: 'targets', gun: 'example.com/app' }],
  );
  assert.deepEqual(next, [
    { id: id('b'), token: 'gone', role: 'root' },
    { id: id('c'), token: 'yk', role: 'targets', gun: 'example.com/app' },
  ]);
  assert.deepEqual(parseTokenKeyMemory(formatTokenKeyMemory(next)), next);
  assert.deepEqual(parseTokenKeyMemory('{"keys": [{"id": "xyz", "token": "t", "role": "r"}, 7, null]}'), []);
  assert.deepEqual(parseTokenKeyMemory('not json'), []);
});

test('forgetting: only a key whose token is out; it stays on the token and is listed again when the token is back', async () => {
  const hw = tokensDriver();
  const memory = new InMemoryTokenKeyMemory();
  const a = hw.add('yk', 'alice');
  await assert.rejects(fresh(hw.driver, memory).forget(a.canonicalId), (e) => isSignetError(e, 'BAD_INPUT'));
  hw.unplug('yk');
  const out = fresh(hw.driver, memory);
  await out.forget(a.canonicalId);
  assert.deepEqual(await out.absent(), []);
  assert.deepEqual(await memory.read(), []);
  await assert.rejects(out.forget(a.canonicalId), (e) => isSignetError(e, 'KEY_NOT_FOUND'));
  hw.plug('yk');
  assert.deepEqual(
    (await fresh(hw.driver, memory).list()).map((k) => k.id),
    [a.canonicalId],
  );
  assert.equal((await memory.read()).length, 1, 'remembered again');
});
