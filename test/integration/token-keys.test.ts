/**
 * Keys on a hardware token through the real PKCS#11 stack: SoftHSM2 behind pkcs11js, the crypto
 * service every signing path uses. Generated keys never leave the token; signatures verify;
 * a wrong PIN, a locked PIN, a token pulled out and a token without P-256 each give their error.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createRequire } from 'node:module';
import { isHardwareKey } from '../../core/crypto/held-key.js';
import { fromBase64, utf8 } from '../../core/util/bytes.js';
import { isSignetError } from '../../core/errors.js';
import { CryptoService } from '../../core/keystore/crypto-service.js';
import { MemoryKeyStore } from '../../core/keystore/memory-key-store.js';
import type { PassphraseRequest, PassphraseSource } from '../../core/keystore/passphrase.js';
import { TokenKeys } from '../../core/keystore/token-keys.js';
import { nodeCrypto } from '../../core/node/node-crypto.js';
import { Pkcs11Driver } from '../../core/node/pkcs11-driver.js';
import { nodeTokenKeys } from '../../core/node/token-context.js';
import { rootCertificateFor } from '../../core/crypto/root-cert.js';
import { certsFromKey } from '../../core/crypto/x509.js';
import { TEST_NOW } from '../helpers/repo-builder.js';
import { SOFTHSM_MODULE, TOKEN_PIN, softhsmUnavailable, startSoftHsm, type SoftHsm } from '../helpers/softhsm.js';

const skip = softhsmUnavailable();
let hsm: SoftHsm;

before(() => {
  if (skip) return;
  hsm = startSoftHsm();
  hsm.initToken('signet-a');
  hsm.initToken('signet-b');
  hsm.initToken('signet-gone');
});
after(() => hsm?.remove());

function answers(...list: Array<string | undefined>): PassphraseSource & { asked: PassphraseRequest[] } {
  const asked: PassphraseRequest[] = [];
  return {
    asked,
    async get(req) {
      asked.push(req);
      return list.shift();
    },
  };
}

function service(pins: PassphraseSource, driver = new Pkcs11Driver(SOFTHSM_MODULE)) {
  const store = new MemoryKeyStore('trust-dir');
  const tokens = new TokenKeys(driver, pins, () => TEST_NOW);
  return {
    store,
    tokens,
    driver,
    keys: new CryptoService({ stores: [store], passphrases: pins, now: () => TEST_NOW, tokens }),
  };
}

const verifies = (publicKey: string, message: Uint8Array, sig: string): boolean =>
  nodeCrypto.verify({
    method: 'ecdsa',
    keyType: 'ecdsa',
    publicKey: fromBase64(publicKey),
    message,
    signature: fromBase64(sig),
  });

test('a key generated on the token signs there, is listed as hardware and never readable', { skip }, async () => {
  const pins = answers(TOKEN_PIN);
  const { keys, store, driver } = service(pins);
  const { key, info } = await keys.generateKey('root', undefined, { token: 'signet-a' });
  assert.ok(isHardwareKey(key));
  assert.deepEqual(
    { location: info.location, token: info.token, role: info.role },
    { location: 'hardware', token: 'signet-a', role: 'root' },
  );
  assert.deepEqual(await store.list(), [], 'nothing is written to a software store');
  assert.equal(pins.asked.length, 1);
  assert.deepEqual(
    { format: pins.asked[0]!.format, token: pins.asked[0]!.token },
    { format: 'pin', token: 'signet-a' },
  );

  const listed = await keys.listKeys();
  assert.deepEqual(
    listed.map((k) => [k.id, k.location, k.token]),
    [[info.id, 'hardware', 'signet-a']],
  );
  const signer = await keys.signer(info.id);
  const msg = utf8('{"signed":"metadata"}');
  const sig = await signer.sign(msg);
  assert.equal(sig.method, 'ecdsa');
  assert.equal(fromBase64(sig.sig).length, 64, 'raw r||s as notary carries it');
  assert.ok(verifies(key.publicKey.keyval.public, msg, sig.sig));

  // a repository's root certificate signed on the token verifies with the key in it
  const cert = await rootCertificateFor(key, 'example.com/app', TEST_NOW);
  const [parsed] = certsFromKey(cert.publicKey);
  assert.equal(parsed!.subjectCN, 'example.com/app');
  const x509 = new X509Certificate(Buffer.from(parsed!.der));
  assert.ok(x509.verify(x509.publicKey), 'self-signed on the token');

  // on the token as notary lays it out: private key sensitive and never extractable, its certificate beside it
  const objects = execFileSync(
    'pkcs11-tool',
    ['--module', SOFTHSM_MODULE, '--token-label', 'signet-a', '--login', '--pin', TOKEN_PIN, '-O'],
    {
      env: { ...process.env, ...hsm.env },
    },
  ).toString();
  assert.match(
    objects,
    /Private Key Object; EC[\s\S]*label:\s+root[\s\S]*Access:\s+sensitive, always sensitive, never extractable/,
  );
  assert.match(objects, /Certificate Object; type = X\.509 cert\s+label:\s+root[\s\S]*subject:\s+DN: CN=root/);
  await driver.close();
});

test('a wrong PIN is asked again; three wrong ones stop with TOKEN_PIN_INCORRECT', { skip }, async () => {
  const retry = answers('000000', TOKEN_PIN);
  const a = service(retry);
  await a.keys.generateKey('targets', 'example.com/app', { token: 'signet-b' });
  assert.deepEqual(
    retry.asked.map((r) => r.attempt),
    [1, 2],
  );
  await a.driver.close();

  const wrong = answers('000000', '111111', '222222');
  const b = service(wrong);
  const [k] = (await b.keys.listKeys()).filter((x) => x.token === 'signet-b');
  await assert.rejects(
    b.keys.signer(k!.id),
    (e) => isSignetError(e, 'TOKEN_PIN_INCORRECT') && /signet-b/.test(e.message) && !!e.hint,
  );
  assert.equal(wrong.asked.length, 3);
  await b.driver.close();
});

test('a locked PIN is TOKEN_PIN_LOCKED, and no PIN is tried', { skip }, async () => {
  // SoftHSM never locks a PIN: the token's flags say it is locked, as a YubiKey's do after 3 wrong PINs
  const real = createRequire(import.meta.url)('pkcs11js') as typeof import('pkcs11js');
  class Locked extends real.PKCS11 {
    override C_GetTokenInfo(slot: Buffer) {
      const info = super.C_GetTokenInfo(slot);
      return { ...info, flags: info.flags | real.CKF_USER_PIN_LOCKED };
    }
  }
  const pins = answers(TOKEN_PIN);
  const { keys, driver } = service(pins, new Pkcs11Driver(SOFTHSM_MODULE, () => ({ ...real, PKCS11: Locked })));
  await assert.rejects(
    keys.generateKey('root', undefined, { token: 'signet-a' }),
    (e) => isSignetError(e, 'TOKEN_PIN_LOCKED') && /unblock|unlock/.test(e.hint ?? ''),
  );
  assert.equal(pins.asked.length, 0);
  await driver.close();
});

test('an absent token is TOKEN_ABSENT naming the tokens present', { skip }, async () => {
  const { keys, driver } = service(answers(TOKEN_PIN));
  await assert.rejects(
    keys.generateKey('root', undefined, { token: 'no-such-token' }),
    (e) => isSignetError(e, 'TOKEN_ABSENT') && /"signet-a"/.test(e.hint ?? ''),
  );
  await driver.close();
});

test('an existing key is copied to the token, its software copy kept as the backup', { skip }, async () => {
  const pins = answers('correct horse battery', 'correct horse battery', TOKEN_PIN, 'correct horse battery');
  const { keys, store, driver } = service(pins);
  const sw = new CryptoService({ stores: [store], passphrases: pins, now: () => TEST_NOW });
  const { info } = await sw.generateKey('alice');
  const copied = await keys.copyToToken(info.id, 'signet-a');
  assert.deepEqual([copied.id, copied.location, copied.token, copied.role], [info.id, 'hardware', 'signet-a', 'alice']);
  assert.ok(await store.get(info.id), 'the software copy is still there');
  const listed = (await keys.listKeys()).find((k) => k.id === info.id);
  assert.equal(listed?.location, 'hardware', 'the token copy is the one used');
  const signed = await (await keys.signer(info.id)).sign(utf8('x'));
  const pub = (await sw.unlock(info.id)).publicKey.keyval.public;
  assert.ok(verifies(pub, utf8('x'), signed.sig));
  // the software copy still exports (the backup); a key only on the token does not, and no PIN is asked for that
  assert.match(await keys.exportKey(info.id), /^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
  assert.equal((await keys.unlockSoftwareCopy(info.id)).canonicalId, info.id);
  const asked = pins.asked.length;
  const [only] = (await keys.listKeys()).filter((k) => k.location === 'hardware' && k.id !== info.id);
  await assert.rejects(
    keys.exportKey(only!.id),
    (e) => isSignetError(e, 'KEY_UNSUPPORTED') && e.message.includes(`is on the token "${only!.token}"`),
  );
  await assert.rejects(keys.unlockSoftwareCopy(only!.id), (e) => isSignetError(e, 'KEY_UNSUPPORTED'));
  assert.equal(pins.asked.length, asked);
  await driver.close();
});

test('a token pulled out after the key was found: signing fails with TOKEN_ABSENT', { skip }, async () => {
  const { keys, driver } = service(answers(TOKEN_PIN));
  const { info } = await keys.generateKey('bob', undefined, { token: 'signet-gone' });
  const signer = await keys.signer(info.id);
  hsm.deleteToken('signet-gone');
  await assert.rejects(
    signer.sign(utf8('x')),
    (e) => isSignetError(e, 'TOKEN_ABSENT') && /signet-gone/.test(e.message),
  );
  await driver.close();
});

test(
  'with no module named, the common module that sees a token is used (SoftHSM here, even beside OpenSC)',
  { skip },
  async () => {
    const tokens = nodeTokenKeys({ env: {} }, answers(), () => TEST_NOW);
    assert.ok(tokens, 'a common module is installed');
    try {
      const labels = (await tokens.listTokens()).map((t) => t.label).sort();
      assert.ok(labels.includes('signet-a') && labels.includes('signet-b'), labels.join(', '));
      assert.match(tokens.driver.module, /\/libsofthsm2\.so$/);
    } finally {
      await tokens.close();
    }
  },
);
