import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { base64ToHex, base64ToHexAll, fromBase64, toHex } from '../../../core/util/bytes.js';

const refHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

test('toHex matches Buffer hex for every length 0–80 and every byte value', () => {
  for (let n = 0; n <= 80; n++) {
    const b = new Uint8Array(randomBytes(n));
    assert.equal(toHex(b), refHex(b));
  }
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  assert.equal(toHex(all), refHex(all));
});

test('base64ToHex equals toHex(fromBase64()) on canonical and odd inputs, and throws where it throws', () => {
  for (let n = 0; n <= 70; n++) {
    for (let k = 0; k < 5; k++) {
      const b64 = randomBytes(n).toString('base64');
      assert.equal(base64ToHex(b64), toHex(fromBase64(b64)), b64);
    }
  }
  // forgiving forms atob accepts (no padding, whitespace, non-zero trailing bits) go the slow way
  for (const odd of ['YQ', 'YWI', 'YW Jj', 'YR==', 'YWJ=', 'Y\nWJj'])
    assert.equal(base64ToHex(odd), toHex(fromBase64(odd)), JSON.stringify(odd));
  for (const bad of ['Y', 'Y===', '*AAA', 'AA=A', 'é123', 'YQ==YQ==']) {
    assert.throws(() => fromBase64(bad));
    assert.throws(() => base64ToHex(bad), JSON.stringify(bad));
  }
});

test('base64ToHexAll equals base64ToHex of each (undefined gives ""), canonical or not, and throws where it throws', () => {
  const samples = [
    undefined,
    'q83vEjRWeJA=',
    'q83vEjRWeJB=', // padding bits set
    'q83vEjRWeJA', // no padding
    '',
    'AA==',
    'AAAA',
    Buffer.from(Array.from({ length: 32 }, (_, i) => i * 7)).toString('base64'),
    Buffer.from(Array.from({ length: 64 }, (_, i) => 255 - i)).toString('base64'),
  ];
  for (let round = 0; round < 50; round++) {
    const list = Array.from({ length: 1 + (round % 9) * 7 }, (_, i) => samples[(i * 31 + round) % samples.length]);
    assert.deepEqual(
      base64ToHexAll(list),
      list.map((b) => (b === undefined ? '' : base64ToHex(b))),
    );
  }
  assert.throws(() => base64ToHexAll(['AA==', '%%%%']));
});
