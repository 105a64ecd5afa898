/**
 * Metadata corruptions for negative tests (after notary's tuf/testutils/swizzler.go). Each takes the
 * bytes of a signed file and returns altered bytes; none re-signs, so signatures no longer match
 * unless the caller re-signs.
 */
type Envelope = { signed: Record<string, unknown>; signatures: Array<{ keyid: string; method: string; sig: string }> };

const parse = (bytes: Uint8Array): Envelope => JSON.parse(new TextDecoder().decode(bytes)) as Envelope;
const emit = (e: Envelope): Uint8Array => new TextEncoder().encode(JSON.stringify(e));

/** Flips one bit of every signature. */
export function flipSignatureBit(bytes: Uint8Array): Uint8Array {
  const e = parse(bytes);
  for (const s of e.signatures) {
    const raw = Buffer.from(s.sig, 'base64');
    raw[10] = raw[10]! ^ 0x01;
    s.sig = raw.toString('base64');
  }
  return emit(e);
}

/** Attributes every signature to a key the role does not know. */
export function signByUnknownKey(bytes: Uint8Array): Uint8Array {
  const e = parse(bytes);
  for (const s of e.signatures) s.keyid = 'f'.repeat(64);
  return emit(e);
}

/** Changes a field inside `signed` (signature then fails) */
export function setSignedField(bytes: Uint8Array, field: string, value: unknown): Uint8Array {
  const e = parse(bytes);
  e.signed[field] = value;
  return emit(e);
}

/** Cuts the file in half: not JSON any more. */
export function truncate(bytes: Uint8Array): Uint8Array {
  return bytes.subarray(0, Math.floor(bytes.length / 2));
}

/** Appends whitespace so the file is longer than its pinned length. */
export function pad(bytes: Uint8Array, extra: number): Uint8Array {
  const out = new Uint8Array(bytes.length + extra);
  out.set(bytes);
  out.fill(0x20, bytes.length);
  return out;
}
