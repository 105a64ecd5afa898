/**
 * A minimal DER encoder (X.690), the write-side twin of core/crypto/asn1.ts. Just enough to build
 * what Go's encoding/asn1 emits for notary: certificates, SubjectPublicKeyInfo, PKCS#8, SEC1.
 * Every function returns one complete TLV, so structures are built by nesting calls.
 */
import { concatBytes, utf8 } from './bytes.js';

/** Encodes a definite length: short form below 128, else the minimal long form. */
function encodeLength(len: number): Uint8Array {
  if (len < 0x80) return new Uint8Array([len]);
  const bytes: number[] = [];
  for (let n = len; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return new Uint8Array([0x80 | bytes.length, ...bytes]);
}

/** One TLV with the given tag byte and contents. */
export function derTlv(tag: number, value: Uint8Array): Uint8Array {
  return concatBytes(new Uint8Array([tag]), encodeLength(value.length), value);
}

/** SEQUENCE of already-encoded elements. */
export function derSequence(...items: Uint8Array[]): Uint8Array {
  return derTlv(0x30, concatBytes(...items));
}

/** SET of already-encoded elements. DER wants SET OF sorted; callers here only ever pass one. */
export function derSet(...items: Uint8Array[]): Uint8Array {
  const sorted = [...items].sort(compareBytes);
  return derTlv(0x31, concatBytes(...sorted));
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * INTEGER. A bigint/number is encoded in minimal two's complement; a byte array is taken as an
 * unsigned big-endian magnitude (leading zeros stripped, a 0x00 added when the top bit is set, as
 * Go does for serials and SEC1/PKCS#1 fields).
 */
export function derInteger(value: bigint | number | Uint8Array): Uint8Array {
  if (value instanceof Uint8Array) {
    let start = 0;
    while (start < value.length - 1 && value[start] === 0) start++;
    const mag = value.length === 0 ? new Uint8Array([0]) : value.subarray(start);
    return derTlv(0x02, mag[0]! & 0x80 ? concatBytes(new Uint8Array([0]), mag) : mag);
  }
  let n = BigInt(value);
  const bytes: number[] = [];
  // Emit bytes until the remaining value is pure sign extension of the last byte's top bit.
  for (;;) {
    const b = Number(n & 0xffn);
    bytes.unshift(b);
    n >>= 8n;
    if ((n === 0n && !(b & 0x80)) || (n === -1n && b & 0x80)) break;
  }
  return derTlv(0x02, new Uint8Array(bytes));
}

/** OBJECT IDENTIFIER from dotted form, e.g. "1.2.840.10045.2.1". */
export function derOid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map((s) => BigInt(s));
  if (arcs.length < 2) throw new Error(`DER: bad OID ${dotted}`);
  const out: number[] = [];
  const push = (arc: bigint): void => {
    const chunk: number[] = [Number(arc & 0x7fn)];
    for (arc >>= 7n; arc > 0n; arc >>= 7n) chunk.unshift(Number(arc & 0x7fn) | 0x80);
    out.push(...chunk);
  };
  push(arcs[0]! * 40n + arcs[1]!);
  for (const arc of arcs.slice(2)) push(arc);
  return derTlv(0x06, new Uint8Array(out));
}

/** OCTET STRING. */
export function derOctetString(value: Uint8Array): Uint8Array {
  return derTlv(0x04, value);
}

/** BIT STRING of whole bytes (keys, signatures): no unused bits. */
export function derBitString(value: Uint8Array, unusedBits = 0): Uint8Array {
  return derTlv(0x03, concatBytes(new Uint8Array([unusedBits]), value));
}

/**
 * A named-bit BIT STRING (keyUsage): bit 0 is the MSB of the first byte. Trailing zero bits are
 * dropped and counted as unused, which is DER's rule and what Go's x509 emits (05 A0 for bits 0, 2).
 */
export function derNamedBits(bits: number[]): Uint8Array {
  const bitLength = bits.length === 0 ? 0 : Math.max(...bits) + 1;
  const bytes = new Uint8Array(Math.ceil(bitLength / 8));
  for (const bit of bits) bytes[bit >> 3]! |= 0x80 >> (bit & 7);
  return derBitString(bytes, bytes.length * 8 - bitLength);
}

/** NULL. */
export function derNull(): Uint8Array {
  return new Uint8Array([0x05, 0x00]);
}

/** BOOLEAN (DER: true is 0xFF). */
export function derBoolean(value: boolean): Uint8Array {
  return new Uint8Array([0x01, 0x01, value ? 0xff : 0x00]);
}

/** UTF8String. */
export function derUtf8String(text: string): Uint8Array {
  return derTlv(0x0c, utf8(text));
}

/** PrintableString; throws when `text` has characters outside the PrintableString set. */
export function derPrintableString(text: string): Uint8Array {
  if (!isPrintableString(text)) throw new Error(`DER: not a PrintableString: ${JSON.stringify(text)}`);
  return derTlv(0x13, utf8(text));
}

/**
 * True when Go's encoding/asn1 would pick PrintableString for an untagged string: A-Z a-z 0-9
 * and ` '()+,-./:=?` only ('*' and '&' are rejected when marshalling). Otherwise Go uses UTF8String,
 * e.g. for a GUN with '_' in it.
 */
export function isPrintableString(text: string): boolean {
  return /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(text);
}

/** A directory string the way Go marshals a Go `string`: PrintableString if possible, else UTF8String. */
export function derGoString(text: string): Uint8Array {
  return isPrintableString(text) ? derPrintableString(text) : derUtf8String(text);
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * A certificate time per RFC 5280 §4.1.2.5 (and Go): UTCTime `YYMMDDHHMMSSZ` for years 1950–2049,
 * GeneralizedTime `YYYYMMDDHHMMSSZ` otherwise. Fractional seconds are dropped.
 */
export function derTime(date: Date): Uint8Array {
  const y = date.getUTCFullYear();
  const rest =
    pad2(date.getUTCMonth() + 1) +
    pad2(date.getUTCDate()) +
    pad2(date.getUTCHours()) +
    pad2(date.getUTCMinutes()) +
    pad2(date.getUTCSeconds()) +
    'Z';
  if (y >= 1950 && y < 2050) return derTlv(0x17, utf8(pad2(y % 100) + rest));
  return derTlv(0x18, utf8(String(y).padStart(4, '0') + rest));
}

/** Context-specific [n] EXPLICIT: a constructed tag wrapping one complete element. */
export function derExplicit(tagNumber: number, inner: Uint8Array): Uint8Array {
  return derTlv(0xa0 | tagNumber, inner);
}
