/**
 * POSIX ustar (pax-free) writing and reading, just what trust archives need: regular files and
 * hard links, names split into prefix/name, fixed mode and owner, octal fields, header checksums.
 */
import { SignetError } from '../../errors.js';
import { concatBytes, fromUtf8, utf8 } from '../../util/bytes.js';

export type TarEntry = { path: string; bytes: Uint8Array } | { path: string; linkTo: string };

const BLOCK = 512;

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

/** Splits a path into ustar's prefix (≤155 bytes) and name (≤100 bytes) at a slash. */
function splitName(path: string): [string, string] {
  const bytes = utf8(path).length;
  if (bytes <= 100) return ['', path];
  for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (utf8(prefix).length <= 155 && utf8(name).length <= 100 && name !== '') return [prefix, name];
  }
  throw new SignetError('BAD_INPUT', `archive path too long for a tar header: ${path}`);
}

function header(path: string, size: number, type: '0' | '1', linkTo: string, mtime: number): Uint8Array {
  const h = new Uint8Array(BLOCK);
  const put = (offset: number, text: string) => h.set(utf8(text), offset);
  const [prefix, name] = splitName(path);
  if (utf8(linkTo).length > 100) throw new SignetError('BAD_INPUT', `archive link target too long: ${linkTo}`);
  put(0, name);
  put(100, octal(0o644, 8));
  put(108, octal(0, 8));
  put(116, octal(0, 8));
  put(124, octal(size, 12));
  put(136, octal(mtime, 12));
  put(148, '        ');
  put(156, type);
  put(157, linkTo);
  put(257, 'ustar\u000000');
  put(345, prefix);
  let sum = 0;
  for (const b of h) sum += b;
  put(148, sum.toString(8).padStart(6, '0') + '\0 ');
  return h;
}

/** A tar stream of the entries in order, every entry with modification time `mtime` (seconds). */
export function writeTar(entries: TarEntry[], mtime: number): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const e of entries) {
    if ('linkTo' in e) {
      parts.push(header(e.path, 0, '1', e.linkTo, mtime));
      continue;
    }
    parts.push(header(e.path, e.bytes.length, '0', '', mtime), e.bytes);
    const pad = (BLOCK - (e.bytes.length % BLOCK)) % BLOCK;
    if (pad > 0) parts.push(new Uint8Array(pad));
  }
  parts.push(new Uint8Array(2 * BLOCK));
  return concatBytes(...parts);
}

function field(h: Uint8Array, offset: number, length: number): string {
  const raw = h.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return fromUtf8(end === -1 ? raw : raw.subarray(0, end));
}

/**
 * Reads a tar stream into its entries (regular files and hard links; directories are skipped).
 * Throws BAD_ARCHIVE saying what is wrong and where (`what` names the file for the message).
 */
export function readTar(tar: Uint8Array, what: string): TarEntry[] {
  const bad = (msg: string) => new SignetError('BAD_ARCHIVE', `${what}: ${msg}`);
  const out: TarEntry[] = [];
  for (let off = 0; ;) {
    if (off + BLOCK > tar.length) throw bad('the tar data ends without its end-of-archive marker (truncated)');
    const h = tar.subarray(off, off + BLOCK);
    if (h.every((b) => b === 0)) return out;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
    const stored = parseInt(field(h, 148, 8).trim(), 8);
    if (stored !== sum) throw bad(`tar header at byte ${off} is damaged (checksum ${stored}, expected ${sum})`);
    const prefix = field(h, 345, 155);
    const path = prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100);
    const size = parseInt(field(h, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(h[156]!);
    if (!Number.isSafeInteger(size) || size < 0) throw bad(`tar entry ${path} has a bad size`);
    const start = off + BLOCK;
    if (start + size > tar.length) throw bad(`tar entry ${path} is cut short (truncated)`);
    if (type === '0' || type === '\0') out.push({ path, bytes: tar.slice(start, start + size) });
    else if (type === '1') out.push({ path, linkTo: field(h, 157, 100) });
    else if (type !== '5') throw bad(`tar entry ${path} has type "${type}", which a trust archive never holds`);
    off = start + Math.ceil(size / BLOCK) * BLOCK;
  }
}
