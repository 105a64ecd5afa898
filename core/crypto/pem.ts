/**
 * PEM exactly as Go's encoding/pem writes it, because notary and docker byte-compare or hash it:
 * root certificates are re-encoded and hashed for key IDs (protocol §3.3), and key files are
 * `pem.Encode` blocks with `role:`/`gun:` headers (§9).
 */
import { fromBase64, toBase64 } from '../util/bytes.js';

/** One PEM block. Header names are case-sensitive, as in Go. */
export interface PemBlock {
  type: string;
  headers: Record<string, string>;
  bytes: Uint8Array;
}

const LINE = 64;

/**
 * Go `pem.Encode`: `-----BEGIN T-----\n`, headers `Key: value\n` with `Proc-Type` first and the
 * rest sorted by key, a blank line after headers (only when there are any), base64 in 64-character
 * lines each ending `\n`, `-----END T-----\n`.
 */
export function encodePem(type: string, der: Uint8Array, headers: Record<string, string> = {}): string {
  let out = `-----BEGIN ${type}-----\n`;
  const keys = Object.keys(headers);
  for (const k of keys) if (k.includes(':')) throw new Error(`PEM: header key ${JSON.stringify(k)} contains a colon`);
  if (keys.length > 0) {
    const rest = keys.filter((k) => k !== 'Proc-Type').sort(byCodeUnit);
    const ordered = keys.includes('Proc-Type') ? ['Proc-Type', ...rest] : rest;
    for (const k of ordered) out += `${k}: ${headers[k]}\n`;
    out += '\n';
  }
  const b64 = toBase64(der);
  for (let i = 0; i < b64.length; i += LINE) out += b64.slice(i, i + LINE) + '\n';
  return out + `-----END ${type}-----\n`;
}

/** Go's sort.Strings order (bytewise; same as UTF-16 order for the ASCII names used here). */
function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Every PEM block in `text`, in order. Tolerant like Go's `pem.Decode`: CRLF line ends, trailing
 * spaces, text before/between blocks. Headers are the `Key: value` lines right after BEGIN, up to
 * a blank line or the first line without a colon. Throws when a block is unterminated or its body
 * is not base64.
 */
export function decodePemBlocks(text: string): PemBlock[] {
  const lines = text.split(/\r?\n/).map((l) => l.replace(/[ \t\r]+$/, ''));
  const blocks: PemBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const begin = /^-----BEGIN (.*)-----$/.exec(lines[i]!);
    if (!begin) continue;
    const type = begin[1]!;
    const headers: Record<string, string> = {};
    let body = '';
    let inHeaders = true;
    let j = i + 1;
    for (; j < lines.length && lines[j] !== `-----END ${type}-----`; j++) {
      const line = lines[j]!;
      if (inHeaders) {
        const colon = line.indexOf(':');
        if (line === '') {
          inHeaders = false;
          continue;
        }
        if (colon >= 0) {
          headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
          continue;
        }
        inHeaders = false;
      }
      body += line.trim();
    }
    if (j >= lines.length) throw new Error(`PEM: no END line for ${type}`);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length % 4 !== 0) {
      throw new Error(`PEM: ${type} body is not valid base64`);
    }
    blocks.push({ type, headers, bytes: fromBase64(body) });
    i = j;
  }
  return blocks;
}

/** The first PEM block in `text`; throws when there is none. */
export function decodePem(text: string): PemBlock {
  const first = decodePemBlocks(text)[0];
  if (!first) throw new Error('PEM: no PEM block found');
  return first;
}
