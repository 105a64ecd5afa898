const encoder = new TextEncoder();

/**
 * Bytewise comparison of strings as UTF-8: Go's `sort.Strings`, and the key order of canonical
 * JSON (Go sorts map keys by their bytes). UTF-16 code unit order agrees with it except where a
 * surrogate meets U+E000–U+FFFF, so only then are the UTF-8 bytes compared. A lone surrogate is
 * encoded as U+FFFD there, as Go's JSON decoder turns it into one: the order matches the bytes written.
 */
export function byteCompare(a: string, b: string): number {
  const n = a.length < b.length ? a.length : b.length;
  for (let k = 0; k < n; k++) {
    const x = a.charCodeAt(k);
    const y = b.charCodeAt(k);
    if (x !== y) {
      if ((x >= 0xd800 && x <= 0xdfff) || (y >= 0xd800 && y <= 0xdfff)) return utf8Compare(a, b);
      return x - y;
    }
  }
  return a.length - b.length;
}

function utf8Compare(a: string, b: string): number {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  const n = Math.min(x.length, y.length);
  for (let k = 0; k < n; k++) if (x[k] !== y[k]) return x[k]! - y[k]!;
  return x.length - y.length;
}
