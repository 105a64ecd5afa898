/** ECDSA P-256 signatures between the two encodings in use: DER (X.509, cosign) and raw r‖s (TUF, the providers). */
import { children, integerValue, parseDer, TAG } from './asn1.js';
import { derInteger, derSequence } from '../util/der-writer.js';

/** An ECDSA signature's DER (SEQUENCE { r, s }) as the 64-byte r ‖ s the providers verify; undefined when malformed. */
export function ecdsaRaw(der: Uint8Array): Uint8Array | undefined {
  try {
    const [r, s, extra] = children(parseDer(der, TAG.SEQUENCE)).map((el) => integerValue(el));
    if (r === undefined || s === undefined || extra !== undefined) return undefined;
    const out = new Uint8Array(64);
    for (const [value, offset] of [
      [r, 0],
      [s, 32],
    ] as const) {
      let v = value;
      for (let i = 31; i >= 0; i--, v >>= 8n) out[offset + i] = Number(v & 0xffn);
      if (v !== 0n) return undefined;
    }
    return out;
  } catch {
    return undefined;
  }
}

/** ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } from a raw 64-byte r‖s signature. */
export function ecdsaDer(raw: Uint8Array): Uint8Array {
  return derSequence(derInteger(raw.subarray(0, 32)), derInteger(raw.subarray(32, 64)));
}
