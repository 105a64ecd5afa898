/** A minimal DER reader: enough to walk X.509 certificates and SubjectPublicKeyInfo structures. */

/** One DER element. `bytes` is the whole TLV; `value` its contents. */
export interface Der {
  tag: number;
  bytes: Uint8Array;
  value: Uint8Array;
}

/** Universal tags used by X.509. */
export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  SEQUENCE: 0x30,
  SET: 0x31,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
} as const;

/** DER errors are plain Errors; callers (x509.ts) wrap them into coded SignetErrors. */
function fail(what: string): never {
  throw new Error(`DER: ${what}`);
}

/** Reads the element starting at `offset` (single-byte tags only, definite lengths up to 4 bytes). */
export function readDer(buf: Uint8Array, offset = 0): Der {
  if (offset + 2 > buf.length) fail('truncated header');
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) fail('multi-byte tags are not supported');
  let len = buf[offset + 1]!;
  let pos = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) fail('unsupported length encoding');
    if (pos + n > buf.length) fail('truncated length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[pos + i]!;
    pos += n;
  }
  if (pos + len > buf.length) fail('element runs past the end');
  return { tag, bytes: buf.subarray(offset, pos + len), value: buf.subarray(pos, pos + len) };
}

/** Parses `buf` as exactly one element (no trailing bytes), optionally of a given tag. */
export function parseDer(buf: Uint8Array, tag?: number): Der {
  const el = readDer(buf, 0);
  if (el.bytes.length !== buf.length) fail('trailing bytes');
  if (tag !== undefined) expectTag(el, tag);
  return el;
}

/** Returns `el` when it has `tag`, else throws. */
export function expectTag(el: Der, tag: number): Der {
  if (el.tag !== tag) fail(`expected tag 0x${tag.toString(16)}, got 0x${el.tag.toString(16)}`);
  return el;
}

/** The child elements of a constructed element (SEQUENCE, SET, context tag). */
export function children(el: Der): Der[] {
  const out: Der[] = [];
  for (let pos = 0; pos < el.value.length;) {
    const child = readDer(el.value, pos);
    out.push(child);
    pos += child.bytes.length;
  }
  return out;
}

/** Dotted form of an OBJECT IDENTIFIER, e.g. "1.2.840.10045.2.1". */
export function oidString(el: Der): string {
  const v = expectTag(el, TAG.OID).value;
  if (v.length === 0) fail('empty OID');
  const parts: number[] = [];
  let acc = 0;
  for (const b of v) {
    acc = acc * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(acc);
      acc = 0;
    }
  }
  const first = parts.shift()!;
  const a = first < 80 ? Math.floor(first / 40) : 2;
  return [a, first - a * 40, ...parts].join('.');
}

/** Contents of a BIT STRING with no unused bits (public keys, signatures). */
export function bitStringBytes(el: Der): Uint8Array {
  const v = expectTag(el, TAG.BIT_STRING).value;
  if (v.length === 0 || v[0] !== 0) fail('BIT STRING with unused bits');
  return v.subarray(1);
}

/** A non-negative INTEGER as a bigint. */
export function integerValue(el: Der): bigint {
  const v = expectTag(el, TAG.INTEGER).value;
  if (v.length === 0 || v[0]! & 0x80) fail('negative or empty INTEGER');
  let n = 0n;
  for (const b of v) n = (n << 8n) | BigInt(b);
  return n;
}

/** A UTCTime (years 1950–2049) or GeneralizedTime `YYYYMMDDHHMMSSZ` as a Date. */
export function timeValue(el: Der): Date {
  const s = String.fromCharCode(...el.value);
  let m: RegExpExecArray | null;
  let year: number;
  if (el.tag === TAG.UTC_TIME && (m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s))) {
    year = Number(m[1]) + (Number(m[1]) < 50 ? 2000 : 1900);
  } else if (el.tag === TAG.GENERALIZED_TIME && (m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s))) {
    year = Number(m[1]);
  } else {
    return fail(`bad time ${JSON.stringify(s)}`);
  }
  const [mo, d, h, mi, se] = m.slice(2, 7).map(Number) as [number, number, number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(year, mo - 1, d);
  date.setUTCHours(h, mi, se, 0);
  return date;
}

/** Decodes a directory string (UTF8String, PrintableString, IA5String, T61String, BMPString). */
export function stringValue(el: Der): string {
  if (el.tag === TAG.UTF8_STRING) return new TextDecoder('utf-8', { fatal: true }).decode(el.value);
  if (el.tag === 0x1e) {
    let s = '';
    for (let i = 0; i + 1 < el.value.length; i += 2) s += String.fromCharCode((el.value[i]! << 8) | el.value[i + 1]!);
    return s;
  }
  return String.fromCharCode(...el.value);
}
