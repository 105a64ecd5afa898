/**
 * Private key files against real notary/docker output (the golden key files), OpenSSL-made legacy
 * keys and node:crypto (OpenSSL) as an independent decoder.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { children, parseDer } from '../../../core/crypto/asn1.js';
import { generateEcdsaKey, signWithKey } from '../../../core/crypto/ecdsa.js';
import {
  decryptPrivateKey,
  encryptPrivateKey,
  parsePublicKeyPem,
  publicKeyPem,
  readKeyFileHeaders,
} from '../../../core/crypto/key-file.js';
import { keyId } from '../../../core/crypto/key-id.js';
import { nobleCrypto } from '../../../core/crypto/noble-provider.js';
import { decodePem, encodePem } from '../../../core/crypto/pem.js';
import { isSignetError } from '../../../core/errors.js';
import { fromBase64, toBase64 } from '../../../core/util/bytes.js';
import { TEST_NOW } from '../../helpers/repo-builder.js';

const GOLDEN = join(import.meta.dirname, '../../fixtures/golden');
const tmp = mkdtempSync(join(tmpdir(), 'signet-keyfile-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

interface GoldenKey {
  file: string;
  id: string;
  role: string;
  gun?: string;
  passphrase: string;
  text: string;
}
const goldenKeys: GoldenKey[] = readFileSync(join(GOLDEN, 'KEYS.tsv'), 'utf8')
  .split('\n')
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => {
    const [file, role, gun, passphrase] = l.split('\t') as [string, string, string, string];
    const id = file
      .split('/')
      .pop()!
      .replace(/\.key$/, '');
    const g: GoldenKey = { file, id, role, passphrase, text: readFileSync(join(GOLDEN, file), 'utf8') };
    if (gun !== '-') g.gun = gun;
    return g;
  });

const code = (c: string) => (e: unknown) => isSignetError(e) && e.code === c;
const openssl = (args: string[], input?: string): string => execFileSync('openssl', args, { input, encoding: 'utf8' });
/** node:crypto's view of a key's public half: SPKI DER as base64 (what TUF `ecdsa`/`rsa` keys hold). */
const nodeSpki = (k: Parameters<typeof createPublicKey>[0]) =>
  createPublicKey(k).export({ type: 'spki', format: 'der' }).toString('base64');

describe('decryptPrivateKey on golden notary/docker key files', () => {
  it('has key files to test', () => assert.ok(goldenKeys.length >= 10));

  it('decrypts every file; canonical ID = file name; role/gun headers as in KEYS.tsv', () => {
    for (const g of goldenKeys) {
      const { key, role, gun } = decryptPrivateKey(g.text, g.passphrase);
      assert.equal(key.algorithm, 'ecdsa');
      assert.equal(key.canonicalId, g.id, g.file);
      assert.equal(keyId(key.publicKey, nobleCrypto), g.id);
      assert.equal(role, g.role);
      assert.equal(gun, g.gun);
      // node:crypto independently decrypts the same DER and derives the same public key
      const der = decodePem(g.text).bytes;
      const nodeKey = createPrivateKey({
        key: Buffer.from(der),
        format: 'der',
        type: 'pkcs8',
        passphrase: g.passphrase,
      });
      assert.equal(nodeSpki(nodeKey), key.publicKey.keyval.public);
    }
  });

  it('readKeyFileHeaders needs no passphrase', () => {
    for (const g of goldenKeys) {
      const info = readKeyFileHeaders(g.text);
      assert.deepEqual(info, {
        type: 'ENCRYPTED PRIVATE KEY',
        role: g.role,
        ...(g.gun ? { gun: g.gun } : {}),
        encrypted: true,
      });
    }
  });

  it('wrong or missing passphrase → KEY_WRONG_PASSPHRASE', () => {
    for (const g of goldenKeys) {
      assert.throws(() => decryptPrivateKey(g.text, g.passphrase + 'x'), code('KEY_WRONG_PASSPHRASE'));
      assert.throws(() => decryptPrivateKey(g.text, ''), code('KEY_WRONG_PASSPHRASE'));
      assert.throws(() => decryptPrivateKey(g.text, undefined), code('KEY_WRONG_PASSPHRASE'));
    }
  });

  it('re-encrypting with the golden salt and IV reproduces the golden file byte for byte', () => {
    for (const g of goldenKeys) {
      const { key, role, gun } = decryptPrivateKey(g.text, g.passphrase);
      // EncryptedPrivateKeyInfo → PBES2 params → [PBKDF2 [salt, iter], [aes256, iv]]
      const [alg] = children(parseDer(decodePem(g.text).bytes));
      const [kdf, enc] = children(children(alg!)[1]!);
      const salt = children(children(kdf!)[1]!)[0]!.value;
      const iv = children(enc!)[1]!.value;
      const again = encryptPrivateKey(key, g.passphrase, { role: role!, gun }, { salt, iv });
      assert.equal(again, g.text, g.file);
    }
  });
});

describe('encryptPrivateKey', () => {
  const key = generateEcdsaKey();

  it('round-trips with random salt/IV and notary PBES2 parameters', () => {
    const pem = encryptPrivateKey(key, 'pass-phrase', { role: 'targets', gun: 'example.com/a/b' });
    assert.match(pem, /^-----BEGIN ENCRYPTED PRIVATE KEY-----\ngun: example.com\/a\/b\nrole: targets\n\n/);
    const back = decryptPrivateKey(pem, 'pass-phrase');
    assert.equal(back.key.canonicalId, key.canonicalId);
    assert.deepEqual(back.key.secret, key.secret);
    assert.deepEqual([back.role, back.gun], ['targets', 'example.com/a/b']);
  });

  it('openssl sees notary’s PBES2 layout (8-byte salt, 2048 iterations, no PRF, aes-256-cbc)', () => {
    const pem = encryptPrivateKey(key, 'pass-phrase', { role: 'alice' });
    const der = join(tmp, 'enc.der');
    writeFileSync(der, decodePem(pem).bytes);
    const dump = openssl(['asn1parse', '-inform', 'DER', '-in', der]);
    assert.match(dump, /PBES2/);
    assert.match(dump, /PBKDF2/);
    const lines = dump.split('\n');
    const pbkdf2 = lines.findIndex((l) => l.includes(':PBKDF2'));
    assert.match(lines[pbkdf2 + 2]!, /OCTET STRING +\[HEX DUMP\]:[0-9A-F]{16}$/); // 8-byte salt
    assert.match(lines[pbkdf2 + 3]!, /INTEGER +:0800$/); // 2048 iterations, then no keyLength/PRF
    assert.match(lines[pbkdf2 + 4]!, /cons: +SEQUENCE/);
    assert.match(lines[pbkdf2 + 5]!, /:aes-256-cbc$/);
    assert.match(lines[pbkdf2 + 6]!, /OCTET STRING +\[HEX DUMP\]:[0-9A-F]{32}$/); // 16-byte IV
    assert.doesNotMatch(dump, /hmacWith/);
  });

  it('node:crypto decrypts what we write once the headers are stripped', () => {
    const pem = encryptPrivateKey(key, 'pass-phrase', { role: 'root' });
    const stripped = pem.replace(/^role: .*\n\n/m, '');
    const nodeKey = createPrivateKey({ key: stripped, format: 'pem', passphrase: 'pass-phrase' });
    assert.equal(nodeSpki(nodeKey), key.publicKey.keyval.public);
    assert.throws(() => createPrivateKey({ key: stripped, format: 'pem', passphrase: 'wrong-phrase' }));
  });

  it('empty passphrase → unencrypted PRIVATE KEY (PKCS#8 v1, SEC1 with [0] and [1]) readable by node', () => {
    const pem = encryptPrivateKey(key, '', { role: 'alice' });
    assert.match(pem, /^-----BEGIN PRIVATE KEY-----\nrole: alice\n\n/);
    assert.equal(readKeyFileHeaders(pem).encrypted, false);
    assert.equal(decryptPrivateKey(pem, undefined).key.canonicalId, key.canonicalId);
    const der = decodePem(pem).bytes;
    const [version, , content] = children(parseDer(der));
    assert.deepEqual([...version!.value], [1]);
    const sec1 = children(parseDer(content!.value)).map((el) => el.tag);
    assert.deepEqual(sec1, [0x02, 0x04, 0xa0, 0xa1]);
    const nodeKey = createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
    assert.equal(nodeSpki(nodeKey), key.publicKey.keyval.public);
  });
});

describe('legacy and foreign key formats', () => {
  const ecKey = join(tmp, 'ec.pem');
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', ecKey]);
  const expectedSpki = nodeSpki({ key: readFileSync(ecKey, 'utf8'), format: 'pem' });

  it('reads plain SEC1 `EC PRIVATE KEY` from openssl ec', () => {
    const pem = openssl(['ec', '-in', ecKey]);
    assert.match(pem, /BEGIN EC PRIVATE KEY/);
    const { key, role } = decryptPrivateKey(pem, undefined);
    assert.equal(key.publicKey.keyval.public, expectedSpki);
    assert.equal(role, undefined);
  });

  it('reads `openssl ecparam -genkey` output with its EC PARAMETERS block first', () => {
    const pem = openssl(['ecparam', '-name', 'prime256v1', '-genkey']);
    assert.match(pem, /^-----BEGIN EC PARAMETERS-----/);
    assert.equal(decryptPrivateKey(pem, undefined).key.algorithm, 'ecdsa');
  });

  it('reads RFC 1423 encrypted `EC PRIVATE KEY` from openssl ec -aes256 / -aes128', () => {
    for (const cipher of ['-aes256', '-aes128']) {
      const pem = openssl(['ec', '-in', ecKey, cipher, '-passout', 'pass:legacy-pass']);
      assert.match(pem, /Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-/);
      assert.equal(readKeyFileHeaders(pem).encrypted, true);
      assert.equal(decryptPrivateKey(pem, 'legacy-pass').key.publicKey.keyval.public, expectedSpki);
      assert.throws(() => decryptPrivateKey(pem, 'legacy-pasS'), code('KEY_WRONG_PASSPHRASE'));
    }
  });

  it('reads openssl pkcs8 -topk8 (PBES2 with hmacWithSHA256) and its CRLF form', () => {
    const pem = openssl(['pkcs8', '-topk8', '-in', ecKey, '-v2', 'aes-256-cbc', '-passout', 'pass:p8-pass']);
    assert.equal(decryptPrivateKey(pem, 'p8-pass').key.publicKey.keyval.public, expectedSpki);
    assert.equal(decryptPrivateKey(pem.replace(/\n/g, '\r\n'), 'p8-pass').key.publicKey.keyval.public, expectedSpki);
    assert.throws(() => decryptPrivateKey(pem, 'p8-pasS'), code('KEY_WRONG_PASSPHRASE'));
  });

  it('reads RSA (PKCS#1 and PKCS#8) with the Go-form SPKI public key; refuses to sign with it', () => {
    const pkcs1 = openssl(['genrsa', '-traditional', '2048']);
    assert.match(pkcs1, /BEGIN RSA PRIVATE KEY/);
    const { key } = decryptPrivateKey(pkcs1, undefined);
    assert.equal(key.algorithm, 'rsa');
    assert.equal(key.publicKey.keyval.public, nodeSpki({ key: pkcs1, format: 'pem' }));
    const pkcs8 = createPrivateKey(pkcs1).export({ type: 'pkcs8', format: 'pem' }).toString();
    assert.equal(decryptPrivateKey(pkcs8, undefined).key.canonicalId, key.canonicalId);
    // notary writes RSA PKCS#8 without the NULL parameter; our re-encryption reads back the same
    assert.equal(
      decryptPrivateKey(encryptPrivateKey(key, 'rsa-pass', { role: 'x' }), 'rsa-pass').key.canonicalId,
      key.canonicalId,
    );
    assert.throws(() => signWithKey(key, new Uint8Array(1)), code('KEY_UNSUPPORTED'));
  });

  it('reads Ed25519: notary’s OID with 96 raw bytes, and RFC 8410 PKCS#8', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
    const pub = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
    // notary form built by hand: PKCS#8 v0, OID 1.3.6.1.4.1.11591.15.1, OCTET STRING pub‖seed‖pub
    const raw = Buffer.concat([pub, seed, pub]);
    const notaryDer = Buffer.concat([Buffer.from('3072020100300b06092b06010401da470f010460', 'hex'), raw]);
    const a = decryptPrivateKey(encodePem('PRIVATE KEY', notaryDer, { role: 'snapshot' }), undefined).key;
    assert.equal(a.algorithm, 'ed25519');
    assert.equal(a.publicKey.keyval.public, pub.toString('base64'));
    assert.equal(a.publicKey.keytype, 'ed25519');
    // our writer produces exactly that layout
    assert.deepEqual(Buffer.from(decodePem(encryptPrivateKey(a, '', { role: 'snapshot' })).bytes), notaryDer);
    const b = decryptPrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), undefined).key;
    assert.equal(b.canonicalId, a.canonicalId);
    assert.equal(decryptPrivateKey(encodePem('ED25519 PRIVATE KEY', raw), undefined).key.canonicalId, a.canonicalId);
  });

  it('P-384 keys and 3DES-encrypted legacy PEM → KEY_UNSUPPORTED', () => {
    const p384 = openssl(['ecparam', '-name', 'secp384r1', '-genkey', '-noout']);
    assert.throws(() => decryptPrivateKey(p384, undefined), code('KEY_UNSUPPORTED'));
    const des = openssl(['ec', '-in', ecKey, '-des3', '-passout', 'pass:legacy-pass']);
    assert.throws(() => decryptPrivateKey(des, 'legacy-pass'), code('KEY_UNSUPPORTED'));
  });

  it('unknown PEM type → KEY_UNSUPPORTED naming it; garbage → BAD_INPUT', () => {
    assert.throws(
      () => decryptPrivateKey(encodePem('DSA PRIVATE KEY', new Uint8Array([0x30, 0])), undefined),
      (e: unknown) => code('KEY_UNSUPPORTED')(e) && /DSA PRIVATE KEY/.test((e as Error).message),
    );
    assert.throws(() => decryptPrivateKey('hello', 'x'), code('BAD_INPUT'));
    assert.throws(
      () => decryptPrivateKey(encodePem('PRIVATE KEY', new Uint8Array([0x30, 1, 0])), undefined),
      code('BAD_INPUT'),
    );
  });
});

describe('public key PEM', () => {
  it('publicKeyPem writes docker’s NAME.pub form; parsePublicKeyPem reads it back', () => {
    const key = generateEcdsaKey();
    const pem = publicKeyPem(key.publicKey, 'alice');
    assert.match(
      pem,
      /^-----BEGIN PUBLIC KEY-----\nrole: alice\n\n[A-Za-z0-9+/]{64}\n[A-Za-z0-9+/=]{1,64}\n-----END PUBLIC KEY-----\n$/,
    );
    assert.deepEqual(parsePublicKeyPem(pem, TEST_NOW), key.publicKey);
    assert.equal(nodeSpki({ key: pem.replace(/^role: .*\n\n/m, ''), format: 'pem' }), key.publicKey.keyval.public);
  });

  it('rejects Ed25519 public keys like docker, accepts RSA', () => {
    const ed = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    assert.throws(() => parsePublicKeyPem(ed, TEST_NOW), code('KEY_UNSUPPORTED'));
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    assert.equal(parsePublicKeyPem(rsa, TEST_NOW).keytype, 'rsa');
    assert.throws(() => parsePublicKeyPem(encodePem('EC PRIVATE KEY', new Uint8Array(2)), TEST_NOW), code('BAD_INPUT'));
  });

  it('a CERTIFICATE gives the same ecdsa-x509 key root.json lists; expired certs are refused', () => {
    const root = JSON.parse(readFileSync(join(GOLDEN, 'c-new-repo/metadata/root.json'), 'utf8')).signed;
    const rootId: string = root.roles.root.keyids[0];
    const certPem = Buffer.from(root.keys[rootId].keyval.public, 'base64').toString();
    const inValidity = new Date('2027-01-01T00:00:00Z');
    const parsed = parsePublicKeyPem(certPem.replace(/\n/g, '\r\n'), inValidity);
    assert.equal(keyId(parsed, nobleCrypto), rootId);
    assert.equal(parsed.keyval.public, toBase64(fromBase64(root.keys[rootId].keyval.public)));
    assert.throws(() => parsePublicKeyPem(certPem, new Date('2040-01-01T00:00:00Z')), code('BAD_INPUT'));
    assert.throws(() => parsePublicKeyPem(certPem, new Date('2020-01-01T00:00:00Z')), code('BAD_INPUT'));
  });
});
