/**
 * Root certificates against the golden notary-made root cert (same key, GUN, serial and time must
 * give the same TBSCertificate bytes), OpenSSL's and node:crypto's X.509 parsers, and x509.ts.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { children, parseDer } from '../../../core/crypto/asn1.js';
import { generateEcdsaKey } from '../../../core/crypto/ecdsa.js';
import { decryptPrivateKey } from '../../../core/crypto/key-file.js';
import { canonicalKeyId, keyId } from '../../../core/crypto/key-id.js';
import { nobleCrypto } from '../../../core/crypto/noble-provider.js';
import { decodePem, encodePem } from '../../../core/crypto/pem.js';
import { createRootCertificate } from '../../../core/crypto/root-cert.js';
import { certsFromKey, parseCertificatePem } from '../../../core/crypto/x509.js';
import { isSignetError } from '../../../core/errors.js';
import { fromBase64, fromUtf8, toHex } from '../../../core/util/bytes.js';
import { derInteger, derOid, derTime } from '../../../core/util/der-writer.js';

const GOLDEN = join(import.meta.dirname, '../../fixtures/golden');
const REPO = 'c-new-repo';
const GOLDEN_ROOT_KEY = 'a5c26f3e12dc6895af82428d66f3ac7e72462b8d548531cf21e9ef52a59fe64b';

const rootJson = JSON.parse(readFileSync(join(GOLDEN, REPO, 'metadata/root.json'), 'utf8')).signed;
const goldenCertId: string = rootJson.roles.root.keyids[0];
const goldenPem = fromUtf8(fromBase64(rootJson.keys[goldenCertId].keyval.public));
const goldenGun = readFileSync(join(GOLDEN, REPO, 'GUN'), 'utf8').trim();

const openssl = (args: string[], input: string): string => execFileSync('openssl', args, { input, encoding: 'utf8' });
/** `openssl asn1parse` with offsets/lengths removed: the element tree, types and fixed values. */
const asn1Shape = (pem: string): string =>
  openssl(['asn1parse', '-i'], pem)
    .split('\n')
    .map((l) =>
      l
        .replace(/^\s*\d+:d=(\d+)\s+hl=\d+ l=\s*\d+ /, '$1 ')
        .replace(/:[0-9A-F]{30,}$/, ':<serial>')
        .trimEnd(),
    )
    .join('\n');

describe('createRootCertificate', () => {
  const goldenKey = decryptPrivateKey(
    readFileSync(join(GOLDEN, REPO, 'private/c-alice', `${GOLDEN_ROOT_KEY}.key`), 'utf8'),
    'root-passphrase',
  ).key;

  it('reproduces the golden TBSCertificate byte for byte from the same key, GUN, serial and time', () => {
    const golden = decodePem(goldenPem).bytes;
    const [gTbs] = children(parseDer(golden));
    const serial = children(gTbs!)[1]!.value;
    const notBefore = parseCertificatePem(goldenPem)[0]!.notBefore;
    const mine = createRootCertificate(goldenKey, goldenGun, new Date(notBefore.getTime() + 999), serial);
    const [tbs] = children(parseDer(decodePem(mine.pem).bytes));
    assert.equal(toHex(tbs!.bytes), toHex(gTbs!.bytes));
    assert.equal(canonicalKeyId(mine.publicKey, nobleCrypto), GOLDEN_ROOT_KEY);
  });

  it('has the golden cert’s exact ASN.1 shape per openssl (random serial)', () => {
    const mine = createRootCertificate(generateEcdsaKey(), goldenGun, new Date());
    assert.equal(asn1Shape(mine.pem).replace(/\d{12}Z/g, 'T'), asn1Shape(goldenPem).replace(/\d{12}Z/g, 'T'));
  });

  it('openssl x509 -text shows the same fields as the golden cert', () => {
    const now = new Date('2031-05-06T07:08:09.876Z');
    const mine = createRootCertificate(generateEcdsaKey(), 'example.com/org/app', now);
    const text = openssl(['x509', '-noout', '-text'], mine.pem);
    const golden = openssl(['x509', '-noout', '-text'], goldenPem);
    const section = (t: string) => t.slice(t.indexOf('X509v3 extensions:'), t.indexOf('Signature Value'));
    assert.equal(section(text), section(golden));
    assert.match(text, /Version: 3 \(0x2\)/);
    assert.match(text, /Issuer: CN = example.com\/org\/app\n/);
    assert.match(text, /Subject: CN = example.com\/org\/app\n/);
    assert.match(text, /Not Before: May {2}6 07:08:09 2031 GMT/);
    assert.match(text, /Not After : May {2}3 07:08:09 2041 GMT/); // + 3650 days
    assert.match(text, /Signature Algorithm: ecdsa-with-SHA256/);
    assert.match(text, /ASN1 OID: prime256v1/);
    assert.doesNotMatch(text, /Key Identifier/);
  });

  it('node:crypto verifies the self-signature; IDs and Go PEM form are right; x509.ts parses it', () => {
    const key = generateEcdsaKey();
    const now = new Date();
    const cert = createRootCertificate(key, 'docker.io/library/alpine', now);
    const x = new X509Certificate(cert.pem);
    assert.ok(x.verify(x.publicKey));
    assert.equal(x.issuer, x.subject); // (checkIssued is false, as for golden: no keyCertSign usage)
    assert.equal(x.ca, false);
    assert.equal(x.subject, 'CN=docker.io/library/alpine');
    assert.equal(x.toString(), cert.pem);
    assert.equal(x.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'), key.publicKey.keyval.public);
    assert.equal(BigInt('0x' + x.serialNumber) < 2n ** 128n, true);
    assert.equal(encodePem('CERTIFICATE', decodePem(cert.pem).bytes), cert.pem);
    assert.match(
      cert.pem,
      /^-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/]{64}\n)+[A-Za-z0-9+/=]{1,64}\n-----END CERTIFICATE-----\n$/,
    );
    assert.equal(cert.publicKey.keytype, 'ecdsa-x509');
    assert.equal(cert.keyId, keyId(cert.publicKey, nobleCrypto));
    assert.notEqual(cert.keyId, key.canonicalId);
    assert.equal(canonicalKeyId(cert.publicKey, nobleCrypto), key.canonicalId);
    const [parsed] = certsFromKey(cert.publicKey);
    assert.equal(parsed!.subjectCN, 'docker.io/library/alpine');
    assert.equal(parsed!.isCA, false);
    assert.equal(parsed!.notBefore.getTime(), Math.floor(now.getTime() / 1000) * 1000);
    assert.equal(parsed!.notAfter.getTime() - parsed!.notBefore.getTime(), 3650 * 86400_000);
    assert.deepEqual(x.publicKey.asymmetricKeyDetails, { namedCurve: 'prime256v1' });
  });

  it('uses UTF8String for GUNs Go would not put in a PrintableString, GeneralizedTime from 2050', () => {
    const cert = createRootCertificate(generateEcdsaKey(), 'docker.io/my_org/my_app', new Date('2045-01-01T00:00:00Z'));
    const text = openssl(['asn1parse'], cert.pem);
    assert.match(text, /UTF8STRING\s+:docker.io\/my_org\/my_app/);
    assert.match(text, /UTCTIME\s+:450101000000Z/);
    assert.match(text, /GENERALIZEDTIME\s+:20541230000000Z/);
    assert.equal(certsFromKey(cert.publicKey)[0]!.subjectCN, 'docker.io/my_org/my_app');
    assert.ok(new X509Certificate(cert.pem).verify(new X509Certificate(cert.pem).publicKey));
  });

  it('refuses non-ECDSA keys', () => {
    const rsa = { ...generateEcdsaKey(), algorithm: 'rsa' as const };
    assert.throws(
      () => createRootCertificate(rsa, 'x', new Date()),
      (e: unknown) => isSignetError(e, 'KEY_UNSUPPORTED'),
    );
  });
});

describe('der-writer', () => {
  it('encodes INTEGERs with minimal two’s complement and sign padding', () => {
    const hex = (b: Uint8Array) => toHex(b);
    assert.equal(hex(derInteger(0)), '020100');
    assert.equal(hex(derInteger(127)), '02017f');
    assert.equal(hex(derInteger(128)), '02020080');
    assert.equal(hex(derInteger(-1)), '0201ff');
    assert.equal(hex(derInteger(-129)), '0202ff7f');
    assert.equal(hex(derInteger(2048n)), '02020800');
    assert.equal(hex(derInteger(new Uint8Array([0, 0, 0x83, 1]))), '0203008301');
    assert.equal(hex(derInteger(new Uint8Array([0, 0]))), '020100');
  });

  it('encodes OIDs and times', () => {
    assert.equal(toHex(derOid('1.2.840.10045.3.1.7')), '06082a8648ce3d030107');
    assert.equal(toHex(derOid('1.3.6.1.4.1.11591.15.1')), '06092b06010401da470f01');
    assert.equal(fromUtf8(derTime(new Date('1999-12-31T23:59:59.9Z')).subarray(2)), '991231235959Z');
    assert.equal(derTime(new Date('2050-01-01T00:00:00Z'))[0], 0x18);
    assert.equal(derTime(new Date('1949-12-31T00:00:00Z'))[0], 0x18);
  });
});
