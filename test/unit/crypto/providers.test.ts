import { strict as assert } from 'node:assert';
import { constants, generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { p256 } from '@noble/curves/nist.js';
import { nobleCrypto } from '../../../core/crypto/noble-provider.js';
import type { CryptoProvider, VerifyRequest } from '../../../core/crypto/provider.js';
import { certsFromKey } from '../../../core/crypto/x509.js';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { canonicalBytes } from '../../../core/crypto/canonical-json.js';
import type { PublicKeyJSON } from '../../../core/tuf/types.js';

const GOLDEN = join(import.meta.dirname, '../../fixtures/golden');
const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const both: [string, CryptoProvider][] = [
  ['noble', nobleCrypto],
  ['node', nodeCrypto],
];

/** One VerifyRequest per golden signature, with the key that signed it. */
function goldenRequests(): VerifyRequest[] {
  const out: VerifyRequest[] = [];
  for (const repo of ['b-signers', 'c-new-repo', 'c-ecdsa-timestamp']) {
    const dir = join(GOLDEN, repo, 'metadata');
    const doc = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8'));
    const root = doc('root.json').signed;
    const delegationKeys = doc('targets.json').signed.delegations.keys;
    const files = [
      'root.json',
      'targets.json',
      'snapshot.json',
      'timestamp.json',
      ...readdirSync(join(dir, 'targets')).map((f) => `targets/${f}`),
    ];
    for (const f of files) {
      const { signed, signatures } = doc(f);
      for (const s of signatures) {
        const key: PublicKeyJSON = root.keys[s.keyid] ?? delegationKeys[s.keyid];
        const x509 = key.keytype === 'ecdsa-x509';
        out.push({
          method: s.method,
          keyType: key.keytype === 'ed25519' ? 'ed25519' : 'ecdsa',
          publicKey: x509 ? certsFromKey(key)[0]!.spki : new Uint8Array(Buffer.from(key.keyval.public, 'base64')),
          message: canonicalBytes(signed),
          signature: new Uint8Array(Buffer.from(s.sig, 'base64')),
        });
      }
    }
  }
  return out;
}

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  out[bit >> 3]! ^= 1 << (bit & 7);
  return out;
}

describe('crypto providers', () => {
  const requests = goldenRequests();

  it('hash identically', () => {
    const data = new TextEncoder().encode('signet');
    assert.deepEqual(nobleCrypto.sha256(data), nodeCrypto.sha256(data));
    assert.deepEqual(nobleCrypto.sha512(data), nodeCrypto.sha512(data));
    assert.equal(Buffer.from(nobleCrypto.sha256(data)).toString('hex').length, 64);
    assert.equal(
      Buffer.from(nobleCrypto.sha256(new Uint8Array())).toString('hex'),
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('both accept all 18 golden signatures (14 ecdsa, 4 eddsa)', () => {
    assert.equal(requests.length, 18);
    assert.equal(requests.filter((r) => r.method === 'eddsa').length, 4);
    for (const req of requests) {
      assert.equal(nobleCrypto.verify(req), true);
      assert.equal(nodeCrypto.verify(req), true);
    }
  });

  it('both reject a flipped bit in the signature or message, and a wrong-length signature', () => {
    for (const req of requests) {
      for (const [name, c] of both) {
        assert.equal(c.verify({ ...req, signature: flipBit(req.signature, 5) }), false, name);
        assert.equal(c.verify({ ...req, signature: flipBit(req.signature, 300) }), false, name);
        assert.equal(c.verify({ ...req, message: flipBit(req.message, 17) }), false, name);
        assert.equal(c.verify({ ...req, signature: req.signature.subarray(0, 63) }), false, name);
      }
    }
  });

  it('accept high-S ECDSA signatures (Go does not normalise s)', () => {
    const ecdsa = requests.filter((r) => r.method === 'ecdsa');
    const s = (sig: Uint8Array) => BigInt('0x' + Buffer.from(sig.subarray(32)).toString('hex'));
    const high = ecdsa.filter((r) => s(r.signature) > P256_N / 2n);
    assert.ok(high.length > 0, 'goldens contain high-S signatures');
    for (const req of ecdsa) {
      // The mirrored signature (r, n - s) is just as valid.
      const mirrored = req.signature.slice();
      mirrored.set(Buffer.from((P256_N - s(req.signature)).toString(16).padStart(64, '0'), 'hex'), 32);
      for (const [name, c] of both) assert.equal(c.verify({ ...req, signature: mirrored }), true, name);
    }
    const pub = p256.Point.fromBytes(new Uint8Array(Buffer.from(high[0]!.publicKey.subarray(-65)))).toBytes(false);
    assert.equal(p256.verify(high[0]!.signature, high[0]!.message, pub), false, 'noble default lowS rejects it');
  });

  it('agree on RSASSA-PSS (SHA-256, salt 32) and reject keys under 2048 bits', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const spki = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
    const message = new TextEncoder().encode('{"_type":"Targets"}');
    const signature = new Uint8Array(
      sign('sha256', message, { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }),
    );
    const req: VerifyRequest = { method: 'rsapss', keyType: 'rsa', publicKey: spki, message, signature };
    const salt20 = new Uint8Array(
      sign('sha256', message, { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 20 }),
    );
    const pkcs1 = new Uint8Array(sign('sha256', message, privateKey));
    for (const [name, c] of both) {
      assert.equal(c.verify(req), true, name);
      assert.equal(c.verify({ ...req, signature: flipBit(signature, 1000) }), false, name);
      assert.equal(c.verify({ ...req, signature: salt20 }), false, name);
      assert.equal(c.verify({ ...req, signature: pkcs1 }), false, name);
      assert.equal(c.verify({ ...req, signature: signature.subarray(1) }), false, name);
    }
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    const smallReq = { ...req, publicKey: new Uint8Array(small.export({ format: 'der', type: 'spki' })) };
    for (const [name, c] of both) assert.throws(() => c.verify(smallReq), /2048/, name);
  });

  it('agree on Ed25519 with fresh keys', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const raw = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' })).subarray(12);
    const message = new TextEncoder().encode('hello');
    const signature = new Uint8Array(sign(null, message, privateKey));
    const req: VerifyRequest = { method: 'eddsa', keyType: 'ed25519', publicKey: raw, message, signature };
    for (const [name, c] of both) {
      assert.equal(c.verify(req), true, name);
      assert.equal(c.verify({ ...req, message: flipBit(message, 0) }), false, name);
      assert.throws(() => c.verify({ ...req, publicKey: raw.subarray(1) }), /32 bytes/, name);
    }
  });

  it('throw for unsupported methods and method/key mismatches', () => {
    const req = requests[0]!;
    for (const [name, c] of both) {
      assert.throws(() => c.verify({ ...req, method: 'rsapkcs1v15' }), /unsupported/, name);
      assert.throws(() => c.verify({ ...req, method: 'eddsa' }), /unsupported/, name);
    }
  });
});
