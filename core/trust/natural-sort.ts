/**
 * Natural string order as docker sorts tags and signers (github.com/fvbommel/sortorder
 * NaturalLess): digit runs compare by value, other bytes bytewise, digits before non-digits.
 */
export function naturalLess(a: string, b: string): boolean {
  const s1 = utf8Bytes(a);
  const s2 = utf8Bytes(b);
  let i = 0;
  let j = 0;
  while (i < s1.length && j < s2.length) {
    const c1 = s1[i]!;
    const c2 = s2[j]!;
    const d1 = isDigit(c1);
    const d2 = isDigit(c2);
    if (d1 !== d2) return d1;
    if (!d1) {
      if (c1 !== c2) return c1 < c2;
      i++;
      j++;
      continue;
    }
    while (i < s1.length && s1[i] === 0x30) i++;
    while (j < s2.length && s2[j] === 0x30) j++;
    const nz1 = i;
    const nz2 = j;
    while (i < s1.length && isDigit(s1[i]!)) i++;
    while (j < s2.length && isDigit(s2[j]!)) j++;
    if (i - nz1 !== j - nz2) return i - nz1 < j - nz2;
    const n1 = bytesKey(s1, nz1, i);
    const n2 = bytesKey(s2, nz2, j);
    if (n1 !== n2) return n1 < n2;
    if (nz1 !== nz2) return nz1 < nz2;
  }
  return s1.length < s2.length;
}

export function naturalCompare(a: string, b: string): number {
  return naturalLess(a, b) ? -1 : naturalLess(b, a) ? 1 : 0;
}

/** Bytewise (Go `sort.Strings`) comparison of UTF-8 strings. */
export function byteCompare(a: string, b: string): number {
  const x = utf8Bytes(a);
  const y = utf8Bytes(b);
  const n = Math.min(x.length, y.length);
  for (let k = 0; k < n; k++) if (x[k] !== y[k]) return x[k]! - y[k]!;
  return x.length - y.length;
}

const encoder = new TextEncoder();
function utf8Bytes(s: string): Uint8Array {
  return encoder.encode(s);
}
function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
function bytesKey(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}
