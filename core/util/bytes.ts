/** Byte helpers on Uint8Array: UTF-8, hex, standard base64 with padding (Go's []byte JSON form). */
const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Decodes UTF-8, throwing on invalid sequences (metadata must be valid UTF-8). */
export function fromUtf8(bytes: Uint8Array): string {
  return strictDecoder.decode(bytes);
}

/** "00".."ff" by byte value. */
const HEX: string[] = Array.from({ length: 256 }, (_, i) => (i < 16 ? '0' : '') + i.toString(16));

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!]!;
  return out;
}

/** Standard base64 alphabet value by char code (0–127), -1 elsewhere. */
const B64: Int8Array = (() => {
  const t = new Int8Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < 64; i++) t[alphabet.charCodeAt(i)] = i;
  return t;
})();

/** ASCII codes of the hex digits, and a scratch buffer for base64ToHex's output. */
const HEX_DIGITS = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const latin1 = new TextDecoder('latin1');
let hexScratch = new Uint8Array(256);

/**
 * Writes the hex digits of canonical padded base64 `b64` (length a multiple of 4, `=` only at the
 * end) into `out` from `o`; returns the end offset, or -1 when `b64` is not canonical base64 (then
 * nothing is promised about `out`). `out` must hold (b64.length / 4) * 6 more bytes.
 */
function hexDigitsInto(b64: string, out: Uint8Array, o: number): number {
  const n = b64.length;
  if (n === 0 || n % 4 !== 0) return -1;
  const pad = b64.charCodeAt(n - 1) === 0x3d ? (b64.charCodeAt(n - 2) === 0x3d ? 2 : 1) : 0;
  const end = n - pad;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < end; i++) {
    const c = b64.charCodeAt(i);
    const v = c < 128 ? B64[c]! : -1;
    if (v < 0) return -1;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      const b = (acc >> bits) & 0xff;
      out[o++] = HEX_DIGITS[b >> 4]!;
      out[o++] = HEX_DIGITS[b & 15]!;
    }
  }
  return o;
}

function scratch(need: number): Uint8Array {
  if (hexScratch.length < need) hexScratch = new Uint8Array(need);
  return hexScratch;
}

/**
 * `toHex(fromBase64(b64))` without the intermediate binary string, byte array and string
 * concatenations: hex digits go into one scratch buffer, decoded into one flat string. Canonical
 * padded base64 is decoded here; anything else goes through fromBase64 so that its (forgiving or
 * throwing) behaviour is unchanged.
 */
export function base64ToHex(b64: string): string {
  const out = scratch((b64.length >> 2) * 6 + 6);
  const end = hexDigitsInto(b64, out, 0);
  return end < 0 ? toHex(fromBase64(b64)) : latin1.decode(out.subarray(0, end));
}

/**
 * {@link base64ToHex} of many strings ('' for undefined): the hex digits of all of them go into one
 * buffer and one decoded string, which each result is a slice of. A decode call per digest costs more
 * than the digest (5,000 targets per file).
 */
export function base64ToHexAll(list: readonly (string | undefined)[]): string[] {
  let need = 0;
  for (let i = 0; i < list.length; i++) need += ((list[i]?.length ?? 0) >> 2) * 6 + 6;
  const out = scratch(need);
  const ends = new Int32Array(list.length); // -1: not canonical base64, converted on its own
  let o = 0;
  for (let i = 0; i < list.length; i++) {
    const b64 = list[i];
    const end = b64 === undefined ? o : hexDigitsInto(b64, out, o);
    ends[i] = end;
    if (end >= 0) o = end;
  }
  const all = latin1.decode(out.subarray(0, o));
  const result = new Array<string>(list.length);
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const end = ends[i]!;
    if (end < 0) {
      result[i] = base64ToHex(list[i]!);
      continue;
    }
    result[i] = all.slice(start, end);
    start = end;
  }
  return result;
}

export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new Error(`not a hex string: ${hex.slice(0, 20)}`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function toBase64(bytes: Uint8Array): string {
  let bin = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    bin += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(bin);
}

export function fromBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
