/** TokenKeys over a stand-in driver: PIN tries, the token's own PIN state, the touch note, labels. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateEcdsaKey } from '../../../core/crypto/ecdsa.js';
import { SignetError, isSignetError } from '../../../core/errors.js';
import type { PassphraseRequest } from '../../../core/keystore/passphrase.js';
import { TokenKeys } from '../../../core/keystore/token-keys.js';
import { parseTokenKeyLabel, type PinState, type TokenDriver, type TokenKey } from '../../../core/keystore/token.js';
import { TEST_NOW } from '../../helpers/repo-builder.js';

function fakeDriver(opts: { pin: string; state?: PinState; afterWrong?: PinState }) {
  let state: PinState = opts.state ?? 'ok';
  let logged = false;
  const key = generateEcdsaKey();
  const keys: TokenKey[] = [{ token: 'yk', objectId: '02', label: 'root', publicKey: key.publicKey }];
  const signed: string[] = [];
  const driver: TokenDriver = {
    module: '/fake.so',
    listTokens: async () => [
      { label: 'yk', serial: '1', manufacturer: 'Yubico', model: 'YubiKey', p256: true, pin: state },
    ],
    listKeys: async () => keys,
    loggedIn: () => logged,
    login: async (_t, pin) => {
      if (pin !== opts.pin) {
        state = opts.afterWrong ?? 'count-low';
        throw new SignetError('TOKEN_PIN_INCORRECT', 'wrong PIN');
      }
      logged = true;
    },
    generateKey: async () => keys[0]!,
    importKey: async () => keys[0]!,
    writeCertificate: async () => undefined,
    sign: async (_t, id) => {
      signed.push(id);
      return new Uint8Array(64);
    },
    removeKey: async () => undefined,
    close: async () => undefined,
  };
  return { driver, keyId: key.canonicalId, signed };
}

const answering = (...pins: string[]) => {
  const asked: PassphraseRequest[] = [];
  return { asked, get: async (r: PassphraseRequest) => (asked.push(r), pins.shift()) };
};

test('the PIN is asked naming the token; a wrong one is asked again; the touch note comes before each signature', async () => {
  const { driver, keyId, signed } = fakeDriver({ pin: '123456' });
  const pins = answering('000000', '123456');
  const touched: string[] = [];
  const tokens = new TokenKeys(
    driver,
    pins,
    () => TEST_NOW,
    (t) => touched.push(t),
  );
  const key = await tokens.open(keyId);
  assert.deepEqual(
    pins.asked.map((r) => [r.format, r.token, r.attempt, r.keyId]),
    [
      ['pin', 'yk', 1, keyId],
      ['pin', 'yk', 2, keyId],
    ],
  );
  await key.sign(new Uint8Array([1]));
  assert.deepEqual([touched, signed], [['yk'], ['02']]);
  assert.deepEqual(
    (await tokens.list()).map((k) => [k.id, k.role, k.location, k.token]),
    [[keyId, 'root', 'hardware', 'yk']],
  );
});

test('when the token says one try is left, a wrong PIN is not asked again', async () => {
  const { driver, keyId } = fakeDriver({ pin: '123456', afterWrong: 'final-try' });
  const pins = answering('000000', '123456');
  const tokens = new TokenKeys(driver, pins, () => TEST_NOW);
  await assert.rejects(
    tokens.open(keyId),
    (e) => isSignetError(e, 'TOKEN_PIN_INCORRECT') && /one try is left/.test(e.hint ?? ''),
  );
  assert.equal(pins.asked.length, 1);
});

test('a locked PIN: TOKEN_PIN_LOCKED before any PIN is asked', async () => {
  const { driver, keyId } = fakeDriver({ pin: '123456', state: 'locked' });
  const pins = answering('123456');
  await assert.rejects(new TokenKeys(driver, pins, () => TEST_NOW).open(keyId), (e) =>
    isSignetError(e, 'TOKEN_PIN_LOCKED'),
  );
  assert.equal(pins.asked.length, 0);
});

test('labels: role, role and GUN, anything else a delegation key', () => {
  assert.deepEqual(parseTokenKeyLabel('root'), { role: 'root' });
  assert.deepEqual(parseTokenKeyLabel('targets registry.example.com:5000/team/app'), {
    role: 'targets',
    gun: 'registry.example.com:5000/team/app',
  });
  assert.deepEqual(parseTokenKeyLabel('Private key for PIV Authentication'), { role: 'delegation' });
});
