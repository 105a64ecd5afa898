import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { canonicalBytes, canonicalString, encodeEnvelope } from '../../../core/crypto/canonical-json.js';

const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');

describe('canonicalString', () => {
  it('sorts keys recursively and drops whitespace', () => {
    const v = { b: 1, a: [true, false, null, { z: 'x', y: -2 }], _type: 'Root', A: {} };
    assert.equal(canonicalString(v), '{"A":{},"_type":"Root","a":[true,false,null,{"y":-2,"z":"x"}],"b":1}');
  });

  it('sorts keys by UTF-8 bytes, not UTF-16 code units', () => {
    // U+E000 encodes as EE 80 80, U+1F600 as F0 9F 98 80; UTF-16 would put the emoji first.
    assert.equal(
      canonicalString({ '\u{1F600}': 1, '\uE000': 2, é: 3, z: 4 }),
      '{"z":4,"é":3,"\uE000":2,"\u{1F600}":1}',
    );
    assert.equal(canonicalString({ ab: 1, a: 2 }), '{"a":2,"ab":1}');
  });

  it('escapes only quote and backslash, writing everything else raw', () => {
    assert.equal(canonicalString('quote"back\\slash'), '"quote\\"back\\\\slash"');
    assert.equal(canonicalString('t\tn\n<&>é\u2028'), '"t\tn\n<&>é\u2028"');
    assert.deepEqual(canonicalBytes('é'), new Uint8Array([0x22, 0xc3, 0xa9, 0x22]));
  });

  it('writes integers in full and rejects other numbers', () => {
    assert.equal(
      canonicalString([0, -0, 42, 1e21, -9007199254740991]),
      '[0,0,42,1000000000000000000000,-9007199254740991]',
    );
    for (const bad of [1.5, NaN, Infinity, -Infinity]) {
      assert.throws(() => canonicalString({ n: bad }), { code: 'BAD_INPUT', message: /non-integer/ });
    }
  });

  it('skips undefined properties and rejects values JSON cannot hold', () => {
    assert.equal(canonicalString({ a: undefined, b: 1 }), '{"b":1}');
    assert.throws(() => canonicalString([undefined]), { code: 'BAD_INPUT' });
    assert.throws(() => canonicalString(() => 1), { code: 'BAD_INPUT' });
  });

  it('writes own keys only, even when Object.prototype has an enumerable property', () => {
    Object.defineProperty(Object.prototype, 'zz', { value: 1, enumerable: true, configurable: true });
    Object.defineProperty(Object.prototype, 'a0', { value: 2, enumerable: true, configurable: true });
    try {
      assert.equal(canonicalString({ a: 1, b: { c: 2 } }), '{"a":1,"b":{"c":2}}');
      assert.equal(canonicalString({ b: 1, a: [{ y: 1, x: 2 }] }), '{"a":[{"x":2,"y":1}],"b":1}');
    } finally {
      delete (Object.prototype as Record<string, unknown>)['zz'];
      delete (Object.prototype as Record<string, unknown>)['a0'];
    }
  });
});

describe('encodeEnvelope', () => {
  const sigs = [{ keyid: 'ab', method: 'ecdsa', sig: 'AA==' }];

  it('emits the Go envelope with signatures in keyid, method, sig order', () => {
    const signed = { version: 1, _type: 'Timestamp' };
    assert.equal(
      text(encodeEnvelope(signed, [{ sig: 'AA==', method: 'eddsa', keyid: 'cd' }, ...sigs])),
      '{"signed":{"_type":"Timestamp","version":1},"signatures":[{"keyid":"cd","method":"eddsa","sig":"AA=="},{"keyid":"ab","method":"ecdsa","sig":"AA=="}]}',
    );
    assert.equal(text(encodeEnvelope({}, [])), '{"signed":{},"signatures":[]}');
  });

  it('applies Go HTML escaping to the whole file but not to the signed bytes', () => {
    const signed = { targets: { 'd<e>&fé\u2028g\u2029': 1 } };
    const file = text(encodeEnvelope(signed, sigs));
    assert.equal(
      file,
      '{"signed":{"targets":{"d\\u003ce\\u003e\\u0026fé\\u2028g\\u2029":1}},"signatures":[{"keyid":"ab","method":"ecdsa","sig":"AA=="}]}',
    );
    assert.equal(text(canonicalBytes(signed)), '{"targets":{"d<e>&fé\u2028g\u2029":1}}');
    assert.deepEqual(JSON.parse(file).signed, signed);
    assert.ok(!file.endsWith('\n'));
  });

  it('refuses control characters, which Go cannot publish', () => {
    assert.throws(() => encodeEnvelope({ targets: { 'a\tb': 1 } }, sigs), { code: 'BAD_INPUT', message: /U\+0009/ });
    assert.throws(() => encodeEnvelope({}, [{ keyid: 'a\u0000', method: 'ecdsa', sig: '' }]), { code: 'BAD_INPUT' });
  });
});
