import { strict as assert } from 'node:assert';
import { type KeyObject, constants, createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { keyId } from '../../../core/crypto/key-id.js';
import { nobleCrypto } from '../../../core/crypto/noble-provider.js';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { canonicalBytes } from '../../../core/crypto/canonical-json.js';
import type { FileMeta, PublicKeyJSON, RootSigned, SignatureJSON, SignedFile } from '../../../core/tuf/types.js';
import {
  checkExpiry,
  checkFileMeta,
  checkVersion,
  resolveRoleKeys,
  validateRootCerts,
  verifySignatures,
} from '../../../core/tuf/verify.js';

const b64 = (b: Uint8Array | Buffer) => Buffer.from(b).toString('base64');
const NOW = new Date('2026-11-27T01:00:00Z');
const GUN = '127.0.0.1:5000/example/signer-demo';

// Throwaway certificates made with openssl for these tests (P-256 unless named rsa).
const CERTS = {
  wildcard: `
-----BEGIN CERTIFICATE-----
MIIBlzCCAT6gAwIBAgIUEuVqy4I4XcFzV7B+YYRtQGssKJcwCgYIKoZIzj0EAwIw
IzEhMB8GA1UEAwwYMTI3LjAuMC4xOjUwMDAvZXhhbXBsZS8qMB4XDTI2MTEyNzAx
Mzg1NFoXDTM2MTEyNDAxMzg1NFowIzEhMB8GA1UEAwwYMTI3LjAuMC4xOjUwMDAv
ZXhhbXBsZS8qMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEdVuTl7gPtYeQv8UQ
2j9voGldeCYzYS2rKSeBpD/v8PqmW8bwMsLnAuNEALgsbmWqC16NXvDIMGtVCJfW
ARALraNQME4wHQYDVR0OBBYEFB19n8IZGiIRJ+vuhaKFypVBEfMHMB8GA1UdIwQY
MBaAFB19n8IZGiIRJ+vuhaKFypVBEfMHMAwGA1UdEwEB/wQCMAAwCgYIKoZIzj0E
AwIDRwAwRAIgbdiK/NIZfvjLZk5bB4FvEZe8QmagGuyXImiw/NNJmVsCIF7Ogp6m
YmcPAJ82M3sK6Bkemu2d33BdN476UANVSDtR
-----END CERTIFICATE-----
`,
  ca: `
-----BEGIN CERTIFICATE-----
MIIBrzCCAVWgAwIBAgIUf3A4/9sFpUz2wRzr/BAtjucPcbEwCgYIKoZIzj0EAwIw
LTErMCkGA1UEAwwiMTI3LjAuMC4xOjUwMDAvZXhhbXBsZS9zaWduZXItZGVtbzAe
Fw0yNjExMjcwMTM4NTRaFw0zNjExMjQwMTM4NTRaMC0xKzApBgNVBAMMIjEyNy4w
LjAuMTo1MDAwL2V4YW1wbGUvc2lnbmVyLWRlbW8wWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAR1W5OXuA+1h5C/xRDaP2+gaV14JjNhLaspJ4GkP+/w+qZbxvAywucC
40QAuCxuZaoLXo1e8Mgwa1UIl9YBEAuto1MwUTAdBgNVHQ4EFgQUHX2fwhkaIhEn
6+6FooXKlUER8wcwHwYDVR0jBBgwFoAUHX2fwhkaIhEn6+6FooXKlUER8wcwDwYD
VR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiEAgUXC0LUUj9AJ/Ub5DL8E
7hD3nnNNrYyi5WbEDroPBfUCICF8nOzrUNUBaAZQymvei3p5dDWGYS7lsekEr4rW
qPF+
-----END CERTIFICATE-----
`,
  sha1: `
-----BEGIN CERTIFICATE-----
MIIBqTCCAVGgAwIBAgIUQqnrZMKr2ogdBdHKYudpW1UHSAAwCQYHKoZIzj0EATAt
MSswKQYDVQQDDCIxMjcuMC4wLjE6NTAwMC9leGFtcGxlL3NpZ25lci1kZW1vMB4X
DTI2MTEyNzAxMzg1NFoXDTM2MTEyNDAxMzg1NFowLTErMCkGA1UEAwwiMTI3LjAu
MC4xOjUwMDAvZXhhbXBsZS9zaWduZXItZGVtbzBZMBMGByqGSM49AgEGCCqGSM49
AwEHA0IABHVbk5e4D7WHkL/FENo/b6BpXXgmM2EtqykngaQ/7/D6plvG8DLC5wLj
RAC4LG5lqgtejV7wyDBrVQiX1gEQC62jUDBOMB0GA1UdDgQWBBQdfZ/CGRoiESfr
7oWihcqVQRHzBzAfBgNVHSMEGDAWgBQdfZ/CGRoiESfr7oWihcqVQRHzBzAMBgNV
HRMBAf8EAjAAMAkGByqGSM49BAEDRwAwRAIgUpL5bYDnA1f45/vdoa+0W59MN3WH
Eys/Sfvw0y7FWaUCIGm/7XIbQt3bnz8TATzL/zusEoTwVu6V721AcHcuHgJp
-----END CERTIFICATE-----
`,
  rsa: `
-----BEGIN CERTIFICATE-----
MIIDEjCCAfqgAwIBAgIUYw3gjMxjPAhWZtTTCZ4Tdmqyd/wwDQYJKoZIhvcNAQEL
BQAwGjEYMBYGA1UEAwwPZXhhbXBsZS5jb20vcnNhMB4XDTI2MTEyNzAxMzg1N1oX
DTM2MTEyNDAxMzg1N1owGjEYMBYGA1UEAwwPZXhhbXBsZS5jb20vcnNhMIIBIjAN
BgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEApGHRd+eZ3VITyLg7c7ELuUnRMkom
Egc22I6nKuCLTYFbpVc+4myJklYrD2XSYOIS4ZvRV80rrMia14eVmpKCvzSyzNcp
fJLDmP7XprVQpnstj9+CjVMv1xqHpXotTUwF5011a0lllYSxdzpM09g8Riy8NL7B
bB46lQNA2qw7CMGSSPCZkCXHC5qN/EZO80kkjt+c8ukO0qXsGjOS5D4xX8cK4Dfx
9hnnHX2/3Ef1HH8YRjAgQ4VrTcZwz5G6RLF/rwRXJn5QkI/gokYWJuUv4sRqSr9H
J/IFCAG3Fekfur5E9Kjs8UQlNEld/2b7v2Q+ZysPGr1ziQaqxQszyKCQuwIDAQAB
o1AwTjAdBgNVHQ4EFgQUM7Ob2t+OhC7opY1enF5avjGj1ngwHwYDVR0jBBgwFoAU
M7Ob2t+OhC7opY1enF5avjGj1ngwDAYDVR0TAQH/BAIwADANBgkqhkiG9w0BAQsF
AAOCAQEANr3MjfyCfP/yt9NbGTMYkYSystwR8QGvotA1TWq5/Rs+8IKLDz1iobCZ
rS/Q1b74XD1lL/lVmDAnrbd1Ia+5FypftwSrR68m1lwwBLOh5sYV3aycPYJ7R5i9
Md4fyVt4Nqyj/GqbSThtbVhYHSCOqhgRs617ziN/iHjafkgWCArI1eFMb6aLqGS1
G23KjV731FxO2DttPgCdiRm6zOSSq9nSoQTkMNNecFaC1fsLlGGELSqY3K7xS4jd
2Flhl/MqKHTUpFsH5sOj5z/MwayHOluj3rlMromSV/OcDxqfQ8fPTM3ymEITkQBK
3rpP3oMr3Ngc0dh/GOJpYCcUVZD8Eg==
-----END CERTIFICATE-----
`,
};
const RSA_CERT_KEY = `
-----BEGIN PRIVATE KEY-----
MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQCkYdF355ndUhPI
uDtzsQu5SdEySiYSBzbYjqcq4ItNgVulVz7ibImSVisPZdJg4hLhm9FXzSusyJrX
h5WakoK/NLLM1yl8ksOY/temtVCmey2P34KNUy/XGoelei1NTAXnTXVrSWWVhLF3
OkzT2DxGLLw0vsFsHjqVA0DarDsIwZJI8JmQJccLmo38Rk7zSSSO35zy6Q7Spewa
M5LkPjFfxwrgN/H2Gecdfb/cR/UcfxhGMCBDhWtNxnDPkbpEsX+vBFcmflCQj+Ci
RhYm5S/ixGpKv0cn8gUIAbcV6R+6vkT0qOzxRCU0SV3/Zvu/ZD5nKw8avXOJBqrF
CzPIoJC7AgMBAAECggEAG0WjVApXq7FnWOC/9FTGRipqC7bjlBAgWFNqhqGUWvqA
MvFDnJs3Q9EJ+dcBzVMUoNuSIsgGW/c4QVPcTTXLfV+H3pY/6swKqYJ2UtE4HTbI
e1swtLO9dymOobSgeXeIbzSZq4AU23aVXtuMTYVNkrLvUqznOEHXpEtS4jS64pu+
0DafciBDBTfarRr/q+Fu4w7rcPdC6t4GbS41dPh11F9wFn4SWKZSkCBCYlgk0Hd4
9noLZvJgE3k2DWn/6gJg6agKH+cbaY5DiIJSxwOI7qNKhuD0ehAylA987CLLnkuO
pP/JWZNbwL86x2BRFLssXuYJOamoC9FZybpMQo+duQKBgQDO1rPz/7Dpu11Ah4e/
gP6xfeExwDtTP+MpucvCd3ryQXM3CayPzhGN+OIf+AAhgBHNMKP6UPPa0s7udYsl
QFFLY2IjmP3VF+IhlS4nZbT3VMMXq1/AJ5E4G7n9OT3/ZQ640BP0brYZWef3sc88
Nn9AzUvFi01G3NWBsU+VBKtdRQKBgQDLc83ao78S0aSwcDU67KA6T/rmGm9Ll6LH
YwEG8ygv0YTQGJtTrttHZ0RJKbN39hPufA9vgD3Q2s9ac9ROhkOlhTmHBQI0ljAK
L+tVHlLDFjqOQcWtx2hv9oU/lJTn8X/fAbPISD3qmwvHexQfkmaHyEriEMVvq1XI
Eld8RqgV/wKBgQCeKNzHqe/cehHPYxMxI3EdxZSqF0UF3mdUo6akF/qiPdvc7P/P
opIXzoUSTu/Crgxuq0/n+3jMDcB/5M+2d1zyWZdUgwsto6qdZVY6d/IN4fmgIsH/
zAGmNsVcVSYMIXlFZo6rrPB/qBjRdVxyvXVG1vSmpGM92WVFW5Dv8PccRQKBgQCo
70WVMLZt1+oaH3HztZvuD49UFcsoR4cAbLLjpHBQFHdlm6kOOXkWtya6YYgGKiyu
sBDZEvFBRQ88GkXF1jLBc/gqpvwH0lWdf+C20vEB0Klaij6sZ5HOtjI6cxOZ7Kuy
7uTrfyD6dze2sfoppRTB1oxnXmmyqeAWuzQtmzXi3QKBgEApX247AFDR/prkmcbx
YUbFj72jLLH0hifsxlV65iTLddrmq0TCZYZR06nbQNSxf5OkYbMUH1x5PzkCapFL
CfpQFtQkssLpgrVwVn86YVrlkYS0SE0zoTsPJQjMp4+9z1ROp9KUX6widylOyzmI
85aWAjv+6UIN9deN+HWUWUwU
-----END PRIVATE KEY-----
`;

const certKey = (pem: string, keytype = 'ecdsa-x509'): PublicKeyJSON => ({
  keytype,
  keyval: { private: null, public: b64(Buffer.from(pem.trim() + '\n')) },
});

interface TestKey {
  id: string;
  key: PublicKeyJSON;
  priv: KeyObject;
}

function ecdsaKey(): TestKey {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const key: PublicKeyJSON = {
    keytype: 'ecdsa',
    keyval: { private: null, public: b64(publicKey.export({ format: 'der', type: 'spki' })) },
  };
  return { id: keyId(key, nobleCrypto), key, priv: privateKey };
}

function sigBy(k: TestKey, signed: unknown, method = 'ecdsa'): SignatureJSON {
  const msg = canonicalBytes(signed);
  const sig =
    k.key.keytype === 'rsa-x509'
      ? sign('sha256', msg, { key: k.priv, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
      : sign('sha256', msg, { key: k.priv, dsaEncoding: 'ieee-p1363' });
  return { keyid: k.id, method, sig: b64(sig) };
}

function file(signatures: SignatureJSON[], signed: unknown = BODY): SignedFile {
  return { role: 'targets', raw: new Uint8Array(), signedValue: signed, signed: signed as any, signatures };
}

const BODY = {
  _type: 'Targets',
  delegations: { keys: {}, roles: [] },
  expires: '2029-11-26T00:38:10Z',
  targets: { 'a<b': { hashes: { sha256: 'AA==' }, length: 1 } },
  version: 3,
};
const [A, B, C] = [ecdsaKey(), ecdsaKey(), ecdsaKey()];
const KEYS = { [A.id]: A.key, [B.id]: B.key, [C.id]: C.key };
const ROLE2 = { keyids: [A.id, B.id], threshold: 2 };

describe('verifySignatures', () => {
  for (const [name, crypto] of [
    ['noble', nobleCrypto],
    ['node', nodeCrypto],
  ] as const) {
    it(`counts distinct valid role keys against the threshold (${name})`, () => {
      assert.deepEqual(verifySignatures(file([sigBy(A, BODY), sigBy(B, BODY)]), 'targets', KEYS, ROLE2, crypto), [
        A.id,
        B.id,
      ]);
      // Extra signatures from keys outside the role are ignored.
      assert.deepEqual(
        verifySignatures(file([sigBy(C, BODY), sigBy(B, BODY), sigBy(A, BODY)]), 'targets', KEYS, ROLE2, crypto),
        [B.id, A.id],
      );
      const oneTwice = file([sigBy(A, BODY), sigBy(A, BODY), sigBy(C, BODY)]);
      assert.throws(() => verifySignatures(oneTwice, 'targets', KEYS, ROLE2, crypto), {
        code: 'TUF_THRESHOLD',
        message: 'targets: valid signatures did not meet threshold (1/2 keys)',
      });
      const badB = { ...sigBy(B, BODY), sig: sigBy(B, { ...BODY, version: 4 }).sig };
      assert.throws(() => verifySignatures(file([sigBy(A, BODY), badB]), 'targets', KEYS, ROLE2, crypto), {
        code: 'TUF_THRESHOLD',
      });
    });

    it(`distinguishes bad signatures from unknown keys (${name})`, () => {
      const role1 = { keyids: [A.id], threshold: 1 };
      const forged = { ...sigBy(A, BODY), sig: sigBy(A, { ...BODY, version: 4 }).sig };
      assert.throws(() => verifySignatures(file([forged]), 'targets', KEYS, role1, crypto), {
        code: 'TUF_BAD_SIGNATURE',
        message: new RegExp(`^targets: no valid signature \\(${A.id.slice(0, 7)}: ecdsa signature does not verify\\)$`),
      });
      assert.throws(() => verifySignatures(file([sigBy(A, BODY, 'eddsa')]), 'targets', KEYS, role1, crypto), {
        code: 'TUF_BAD_SIGNATURE',
        message: /unsupported signature method "eddsa"/,
      });
      assert.throws(() => verifySignatures(file([sigBy(C, BODY)]), 'targets', KEYS, role1, crypto), {
        code: 'TUF_UNKNOWN_KEY',
        message: 'targets: metadata is not signed by any of its keys (1 keys, threshold 1)',
      });
      assert.throws(() => verifySignatures(file([]), 'targets', KEYS, role1, crypto), {
        code: 'TUF_UNKNOWN_KEY',
        message: /has no signatures/,
      });
      // A listed keyid with no key in `keys` cannot verify anything.
      assert.throws(() => verifySignatures(file([sigBy(A, BODY)]), 'targets', { [B.id]: B.key }, role1, crypto), {
        code: 'TUF_UNKNOWN_KEY',
      });
    });

    it(`rejects a key whose ID does not match its content (${name})`, () => {
      const swapped = { [A.id]: B.key };
      assert.throws(
        () => verifySignatures(file([sigBy(A, BODY)]), 'targets', swapped, { keyids: [A.id], threshold: 1 }, crypto),
        {
          code: 'TUF_BAD_SIGNATURE',
          message: `targets: key listed as ${A.id} has ID ${B.id}`,
        },
      );
    });

    it(`verifies x509 keys with the certificate's public key, including rsa-x509 PSS (${name})`, () => {
      const rsa: TestKey = { key: certKey(CERTS.rsa, 'rsa-x509'), priv: createPrivateKey(RSA_CERT_KEY), id: '' };
      rsa.id = keyId(rsa.key, crypto);
      const sig = sigBy(rsa, BODY, 'rsapss');
      assert.deepEqual(
        verifySignatures(file([sig]), 'root', { [rsa.id]: rsa.key }, { keyids: [rsa.id], threshold: 1 }, crypto),
        [rsa.id],
      );
      const tampered = file([sig], { ...BODY, version: 9 });
      assert.throws(
        () => verifySignatures(tampered, 'root', { [rsa.id]: rsa.key }, { keyids: [rsa.id], threshold: 1 }, crypto),
        { code: 'TUF_BAD_SIGNATURE' },
      );
    });
  }

  it('signs over the unescaped canonical form', () => {
    const sig = sigBy(A, BODY);
    assert.ok(canonicalBytes(BODY).includes('<'.charCodeAt(0)));
    assert.deepEqual(verifySignatures(file([sig]), 'targets', KEYS, { keyids: [A.id], threshold: 1 }, nobleCrypto), [
      A.id,
    ]);
  });

  it('resolveRoleKeys keeps only listed keys that exist', () => {
    assert.deepEqual(Object.keys(resolveRoleKeys(KEYS, { keyids: [B.id, 'ff'], threshold: 1 })), [B.id]);
    assert.deepEqual(resolveRoleKeys(KEYS, { keyids: ['__proto__'], threshold: 1 }), {});
  });
});

describe('checkExpiry / checkVersion', () => {
  it('expires strictly after the expiry instant', () => {
    checkExpiry('timestamp', '2026-12-11T00:38:19.5Z', new Date('2026-12-11T00:38:19.5Z'));
    assert.throws(() => checkExpiry('timestamp', '2026-12-11T00:38:19.201204269Z', new Date('2026-12-11T00:38:20Z')), {
      code: 'TUF_EXPIRED',
      message: 'timestamp expired at 2026-12-11T00:38:19Z',
    });
    assert.throws(() => checkExpiry('snapshot', new Date('2026-11-26T00:00:00Z'), NOW), {
      code: 'TUF_EXPIRED',
      message: /^snapshot expired/,
    });
  });

  it('allows equal and newer versions, rejects older ones', () => {
    checkVersion('targets', 3, undefined);
    checkVersion('targets', 3, 3);
    checkVersion('targets', 4, 3);
    assert.throws(() => checkVersion('targets', 2, 3), {
      code: 'TUF_ROLLBACK',
      message: 'targets: version 2 is older than the trusted version 3',
    });
  });
});

describe('checkFileMeta', () => {
  const raw = new TextEncoder().encode('{"signed":{}}');
  const sha256 = b64(nodeCrypto.sha256(raw));
  const sha512 = b64(nodeCrypto.sha512(raw));
  const meta = (hashes: Record<string, string>, length = raw.length): FileMeta => ({ hashes, length });

  it('accepts matching bytes and ignores unknown algorithms', () => {
    checkFileMeta('snapshot', raw, meta({ sha256, sha512 }), nobleCrypto);
    checkFileMeta('snapshot', raw, meta({ sha512, md5: 'xx' }), nodeCrypto);
  });

  it('rejects length, hash and missing-hash problems', () => {
    assert.throws(() => checkFileMeta('snapshot', raw, meta({ sha256 }, 12), nobleCrypto), {
      code: 'TUF_LENGTH_MISMATCH',
      message: 'snapshot: got 13 bytes, expected 12',
    });
    assert.throws(() => checkFileMeta('snapshot', raw, meta({ sha256, sha512: sha256 }), nobleCrypto), {
      code: 'TUF_HASH_MISMATCH',
      message: /sha512/,
    });
    assert.throws(
      () =>
        checkFileMeta(
          'snapshot',
          raw.map((b, i) => (i === 3 ? b ^ 1 : b)),
          meta({ sha256 }),
          nobleCrypto,
        ),
      { code: 'TUF_HASH_MISMATCH', message: /sha256/ },
    );
    assert.throws(() => checkFileMeta('snapshot', raw, meta({ md5: 'xx' }), nobleCrypto), {
      code: 'TUF_HASH_MISMATCH',
      message: /no sha256 or sha512/,
    });
  });
});

describe('validateRootCerts', () => {
  const golden = JSON.parse(
    readFileSync(join(import.meta.dirname, '../../fixtures/golden/b-signers/metadata/root.json'), 'utf8'),
  ).signed as RootSigned;
  const withRootKey = (key: PublicKeyJSON, gun = GUN): [RootSigned, string] => [
    { ...golden, keys: { ...golden.keys, x: key }, roles: { ...golden.roles, root: { keyids: ['x'], threshold: 1 } } },
    gun,
  ];

  it('accepts the golden root and a wildcard CN that covers the GUN', () => {
    validateRootCerts(golden, GUN, NOW, nobleCrypto);
    validateRootCerts(...withRootKey(certKey(CERTS.wildcard)), NOW, nobleCrypto);
    assert.throws(
      () => validateRootCerts(...withRootKey(certKey(CERTS.wildcard), '127.0.0.1:5000/other/x'), NOW, nobleCrypto),
      { code: 'TUF_BAD_ROOT', message: /CN/ },
    );
  });

  it('rejects a wrong CN, expiry, future NotBefore, CA leaves and SHA-1', () => {
    assert.throws(() => validateRootCerts(golden, '127.0.0.1:5000/example/other', NOW, nobleCrypto), {
      code: 'TUF_BAD_ROOT',
      message:
        'root: certificate of key bd902fd has CN "127.0.0.1:5000/example/signer-demo", expected "127.0.0.1:5000/example/other"',
    });
    assert.throws(() => validateRootCerts(golden, GUN, new Date('2036-11-25T00:00:00Z'), nobleCrypto), {
      code: 'TUF_BAD_ROOT',
      message: 'root: certificate of key bd902fd expired at 2036-11-24T00:38:09Z',
    });
    validateRootCerts(golden, GUN, new Date('2026-11-26T00:38:10Z'), nobleCrypto); // NotBefore within a day
    assert.throws(() => validateRootCerts(golden, GUN, new Date('2026-11-26T00:38:08Z'), nobleCrypto), {
      code: 'TUF_BAD_ROOT',
      message: /not valid before 2026-11-27T00:38:09Z/,
    });
    assert.throws(() => validateRootCerts(...withRootKey(certKey(CERTS.ca)), NOW, nobleCrypto), {
      code: 'TUF_BAD_ROOT',
      message: /is a CA/,
    });
    assert.throws(() => validateRootCerts(...withRootKey(certKey(CERTS.sha1)), NOW, nobleCrypto), {
      code: 'TUF_BAD_ROOT',
      message: /weak signature algorithm \(1\.2\.840\.10045\.4\.1\)/,
    });
    const garbage = {
      keytype: 'ecdsa-x509',
      keyval: { private: null, public: b64(Buffer.from('not a pem')) },
    } as PublicKeyJSON;
    assert.throws(() => validateRootCerts(...withRootKey(garbage), NOW, nobleCrypto), {
      code: 'TUF_BAD_ROOT',
      message: /cannot be parsed/,
    });
  });
});
