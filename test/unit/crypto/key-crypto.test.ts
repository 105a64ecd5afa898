/**
 * The key-crypto providers (core/crypto/key-crypto.ts): noble (the portable default) and node
 * (node:crypto, what the Node shells register) must be interchangeable: same PBKDF2/AES bytes, key
 * files written by one read by the other, signatures by one verified by both CryptoProviders, the
 * same KEY_WRONG_PASSPHRASE, and every golden notary key file readable with either. Also: with a
 * provider registered before the key modules load, the noble modules are never loaded.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ecdsaPrivateKey, ed25519PrivateKey, generateEcdsaKey, signWithKey } from '../../../core/crypto/ecdsa.js';
import {
  keyCrypto,
  keyCryptoRegistered,
  useKeyCrypto,
  type KeyCryptoProvider,
} from '../../../core/crypto/key-crypto.js';
import { decryptPrivateKey, encryptPrivateKey } from '../../../core/crypto/key-file.js';
import { keyId } from '../../../core/crypto/key-id.js';
import { loadNobleKeyCrypto } from '../../../core/crypto/noble-key-crypto.js';
import { nobleCrypto } from '../../../core/crypto/noble-provider.js';
import type { PrivateKey } from '../../../core/crypto/private-key.js';
import type { CryptoProvider } from '../../../core/crypto/provider.js';
import { isSignetError } from '../../../core/errors.js';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { nodeKeyCrypto } from '../../../core/node/node-key-crypto.js';
import { fromBase64, fromHex, toHex, utf8 } from '../../../core/util/bytes.js';

const ROOT = join(import.meta.dirname, '../../..');
const GOLDEN = join(ROOT, 'test/fixtures/golden');

// Evaluated before any registration: the default is noble.
const defaultName = keyCrypto().name;
const registeredAtStart = keyCryptoRegistered();
const noble = await loadNobleKeyCrypto();
const PROVIDERS: [string, KeyCryptoProvider][] = [
  ['noble', noble],
  ['node', nodeKeyCrypto],
];
const VERIFIERS: [string, CryptoProvider][] = [
  ['nobleCrypto', nobleCrypto],
  ['nodeCrypto', nodeCrypto],
];
after(() => useKeyCrypto(noble));

/** Runs `fn` with `provider` active for the key modules. */
function using<T>(provider: KeyCryptoProvider, fn: () => T): T {
  const before = keyCrypto();
  useKeyCrypto(provider);
  try {
    return fn();
  } finally {
    useKeyCrypto(before);
  }
}

const wrongPassphrase = (e: unknown) => isSignetError(e, 'KEY_WRONG_PASSPHRASE');

function verifyEcdsa(key: PrivateKey, message: Uint8Array, sig: Uint8Array, crypto: CryptoProvider): boolean {
  return crypto.verify({
    method: 'ecdsa',
    keyType: 'ecdsa',
    publicKey: fromBase64(key.publicKey.keyval.public),
    message,
    signature: sig,
  });
}

interface GoldenKey {
  file: string;
  id: string;
  passphrase: string;
  text: string;
}
const goldenKeys: GoldenKey[] = readFileSync(join(GOLDEN, 'KEYS.tsv'), 'utf8')
  .split('\n')
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => {
    const [file, , , passphrase] = l.split('\t') as [string, string, string, string];
    return {
      file,
      id: file
        .split('/')
        .pop()!
        .replace(/\.key$/, ''),
      passphrase,
      text: readFileSync(join(GOLDEN, file), 'utf8'),
    };
  });

describe('key-crypto providers', () => {
  it('noble is the default when nothing is registered', () => {
    assert.equal(registeredAtStart, false);
    assert.equal(defaultName, 'noble');
  });

  it('PBKDF2 (HMAC-SHA1 and -SHA256) and AES-CBC give the same bytes', () => {
    const salt = fromHex('0011223344556677');
    const iv = fromHex('000102030405060708090a0b0c0d0e0f');
    for (const hash of ['sha1', 'sha256'] as const) {
      const [a, b] = PROVIDERS.map(([, p]) => toHex(p.pbkdf2(hash, utf8('pässphrase'), salt, 2048, 32)));
      assert.equal(a, b, hash);
    }
    // RFC 6070 vector: PBKDF2-HMAC-SHA1("password", "salt", 2, 20)
    for (const [name, p] of PROVIDERS) {
      assert.equal(
        toHex(p.pbkdf2('sha1', utf8('password'), utf8('salt'), 2, 20)),
        'ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957',
        name,
      );
    }
    for (const keyLen of [16, 24, 32]) {
      const key = new Uint8Array(keyLen).map((_, i) => i * 7 + 1);
      for (const len of [0, 1, 15, 16, 17, 100]) {
        const plain = new Uint8Array(len).map((_, i) => i);
        const [ca, cb] = PROVIDERS.map(([, p]) => p.aesCbcEncrypt(key, iv, plain));
        assert.equal(toHex(ca!), toHex(cb!), `AES-${keyLen * 8}, ${len} bytes`);
        for (const [name, p] of PROVIDERS) assert.equal(toHex(p.aesCbcDecrypt(key, iv, ca!)), toHex(plain), name);
      }
    }
  });

  it('AES-CBC decryption with the wrong key fails the padding check in both', () => {
    const iv = new Uint8Array(16);
    const ciphertext = noble.aesCbcEncrypt(new Uint8Array(32).fill(1), iv, utf8('a private key, say'));
    // this key happens to give invalid padding (checked against both); ~1/256 of wrong keys would not
    const wrong = new Uint8Array(32).fill(2);
    for (const [name, p] of PROVIDERS) assert.throws(() => p.aesCbcDecrypt(wrong, iv, ciphertext), name);
  });

  it('P-256: same public key from a scalar; invalid scalars throw in both', () => {
    const n = fromHex('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
    for (const [gen, g] of PROVIDERS) {
      const { secret, publicPoint } = g.p256Generate();
      assert.equal(secret.length, 32);
      assert.equal(publicPoint.length, 65);
      for (const [name, p] of PROVIDERS)
        assert.equal(toHex(p.p256PublicFromSecret(secret)), toHex(publicPoint), `${gen} → ${name}`);
    }
    for (const [name, p] of PROVIDERS) {
      for (const bad of [new Uint8Array(32), n, new Uint8Array(32).fill(0xff), new Uint8Array(31).fill(1)]) {
        assert.throws(() => p.p256PublicFromSecret(bad), `${name}: ${toHex(bad)}`);
      }
    }
  });

  it('Ed25519: same public key and (deterministic) signature', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const seed = new Uint8Array(Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url'));
    const msg = utf8('snapshot bytes');
    const [a, b] = PROVIDERS.map(([, p]) => [toHex(p.ed25519PublicFromSeed(seed)), toHex(p.ed25519Sign(seed, msg))]);
    assert.deepEqual(a, b);
    for (const [name, p] of PROVIDERS) {
      const key = using(p, () => ed25519PrivateKey(seed));
      const sig = using(p, () => signWithKey(key, msg)).signature;
      for (const [vName, v] of VERIFIERS) {
        assert.ok(
          v.verify({
            method: 'eddsa',
            keyType: 'ed25519',
            publicKey: fromBase64(key.publicKey.keyval.public),
            message: msg,
            signature: sig,
          }),
          `${name}/${vName}`,
        );
      }
    }
  });

  it('a P-256 key made with one provider signs with the other; both CryptoProviders verify; IDs agree', () => {
    const msg = utf8('{"signed":{"_type":"Targets"}}');
    for (const [genName, gen] of PROVIDERS) {
      const key = using(gen, () => generateEcdsaKey());
      assert.equal(key.canonicalId, keyId(key.publicKey, nodeCrypto));
      for (const [name, p] of PROVIDERS) {
        const again = using(p, () => ecdsaPrivateKey(key.secret));
        assert.deepEqual(again.publicKey, key.publicKey);
        assert.equal(again.canonicalId, key.canonicalId);
        const { method, signature } = using(p, () => signWithKey(key, msg));
        assert.equal(method, 'ecdsa');
        assert.equal(signature.length, 64);
        for (const [vName, v] of VERIFIERS) {
          assert.ok(verifyEcdsa(key, msg, signature, v), `${genName} key, ${name} signs, ${vName} verifies`);
          assert.ok(!verifyEcdsa(key, utf8('other'), signature, v), `${vName} rejects another message`);
        }
      }
      assert.throws(
        () => using(gen, () => ecdsaPrivateKey(new Uint8Array(32))),
        (e: unknown) => isSignetError(e, 'BAD_INPUT'),
      );
    }
  });

  it('key files: same bytes with a fixed salt/IV, each reads the other, wrong passphrase → KEY_WRONG_PASSPHRASE', () => {
    const key = generateEcdsaKey();
    const opts = { salt: fromHex('0102030405060708'), iv: fromHex('0f0e0d0c0b0a09080706050403020100') };
    const [pa, pb] = PROVIDERS.map(([, p]) =>
      using(p, () => encryptPrivateKey(key, 'secret', { role: 'targets', gun: 'example.com/app' }, opts)),
    );
    assert.equal(pa, pb);
    for (const [writer, w] of PROVIDERS) {
      const pem = using(w, () => encryptPrivateKey(key, 'secret', { role: 'targets' }));
      for (const [reader, r] of PROVIDERS) {
        const { key: read, role } = using(r, () => decryptPrivateKey(pem, 'secret'));
        assert.equal(read.canonicalId, key.canonicalId, `${writer} → ${reader}`);
        assert.equal(toHex(read.secret), toHex(key.secret));
        assert.equal(role, 'targets');
        for (const wrong of ['Secret', '', 'secret ']) {
          assert.throws(
            () => using(r, () => decryptPrivateKey(pem, wrong)),
            wrongPassphrase,
            `${writer} → ${reader}, "${wrong}"`,
          );
        }
      }
    }
  });

  it('legacy RFC 1423 encrypted PEM (AES-128/256) decrypts with both; wrong passphrase → KEY_WRONG_PASSPHRASE', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const spki = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    for (const cipher of ['aes-128-cbc', 'aes-256-cbc']) {
      const pem = privateKey.export({ type: 'sec1', format: 'pem', cipher, passphrase: 'legacy' }) as string;
      assert.match(pem, /Proc-Type: 4,ENCRYPTED/);
      for (const [name, p] of PROVIDERS) {
        assert.equal(
          using(p, () => decryptPrivateKey(pem, 'legacy')).key.publicKey.keyval.public,
          spki,
          `${name} ${cipher}`,
        );
        assert.throws(() => using(p, () => decryptPrivateKey(pem, 'not-legacy')), wrongPassphrase, `${name} ${cipher}`);
      }
    }
  });

  it('every golden notary key file decrypts with both providers to its file-name ID; wrong passphrase fails alike', () => {
    assert.ok(goldenKeys.length >= 10);
    for (const g of goldenKeys) {
      const secrets = PROVIDERS.map(([name, p]) => {
        const { key } = using(p, () => decryptPrivateKey(g.text, g.passphrase));
        assert.equal(key.canonicalId, g.id, `${name}: ${g.file}`);
        assert.throws(
          () => using(p, () => decryptPrivateKey(g.text, `${g.passphrase}x`)),
          wrongPassphrase,
          `${name}: ${g.file}`,
        );
        return toHex(key.secret);
      });
      assert.equal(secrets[0], secrets[1], g.file);
    }
  });

  it('registered before the key modules load, the noble modules are never loaded (fresh process)', () => {
    const script = `
      import { keyCrypto, useKeyCrypto } from './core/crypto/key-crypto.js';
      import { nodeKeyCrypto } from './core/node/node-key-crypto.js';
      useKeyCrypto(nodeKeyCrypto);
      const { generateEcdsaKey, signWithKey } = await import('./core/crypto/ecdsa.js');
      const { decryptPrivateKey, encryptPrivateKey } = await import('./core/crypto/key-file.js');
      const { nobleKeyCrypto } = await import('./core/crypto/noble-key-crypto.js');
      const key = generateEcdsaKey();
      signWithKey(key, new Uint8Array(3));
      decryptPrivateKey(encryptPrivateKey(key, 'p', { role: 'targets' }), 'p');
      let loaded = true;
      try { nobleKeyCrypto.sha256(new Uint8Array(1)); } catch { loaded = false; }
      console.log(JSON.stringify({ active: keyCrypto().name, nobleLoaded: loaded }));
    `;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.deepEqual(JSON.parse(out.trim().split('\n').pop()!), { active: 'node', nobleLoaded: false });
  });
});
