/**
 * What main checks about a file the user chose (in the native dialog, or the harness's stand-in)
 * before it reads or writes it: an absolute local path (a UNC path `\\server\share` or
 * `//server/share` is refused: a key export or a report must not go to, nor come from, a network
 * share unnoticed), and for a file to read, a regular file (not a folder, FIFO or device) under a
 * size cap for its purpose. Reading goes through one open file handle, so what was checked is
 * what is read.
 */
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { dirname, posix, win32 } from 'node:path';
import { SignetError } from '../../core/errors.js';
import type { OpenPurpose, SavePurpose } from '../ipc/contract.js';

export interface DialogFilter {
  name: string;
  extensions: string[];
}

export interface SaveRules {
  title: string;
  filters: DialogFilter[];
  /** Never over a file that is there, even when the dialog confirmed it (key exports). */
  neverReplace?: boolean;
}

export interface OpenRules {
  title: string;
  filters: DialogFilter[];
  /** A folder instead of a file. */
  directory?: boolean;
  /** The dialog may create a new folder (a folder to write into). */
  createDirectory?: boolean;
  /** Several files at once. */
  multiple?: boolean;
  /** Largest file accepted, in bytes. */
  maxBytes: number;
}

const KiB = 1024;
const MiB = 1024 * KiB;
const ALL: DialogFilter = { name: 'All files', extensions: ['*'] };

export const SAVE_RULES: { readonly [P in SavePurpose]: SaveRules } = {
  'audit-report': { title: 'Export the audit report', filters: [{ name: 'JSON', extensions: ['json'] }] },
  'audit-csv': { title: 'Export the audit report as CSV', filters: [{ name: 'CSV', extensions: ['csv'] }] },
  calendar: { title: 'Export the expiry calendar', filters: [{ name: 'iCalendar', extensions: ['ics'] }] },
  archive: { title: 'Export a trust archive', filters: [{ name: 'Trust archive (.tar.gz)', extensions: ['gz'] }] },
  'key-export': {
    title: 'Export a key',
    filters: [{ name: 'Key file', extensions: ['key'] }],
    neverReplace: true,
  },
  'cosign-key': {
    title: 'Export a key for cosign (NAME.key, and NAME.pub beside it)',
    filters: [{ name: 'cosign key', extensions: ['key'] }],
    neverReplace: true,
  },
};

export const OPEN_RULES: { readonly [P in OpenPurpose]: OpenRules } = {
  archive: {
    title: 'Open a trust archive',
    filters: [{ name: 'Trust archive (.tar.gz)', extensions: ['gz', 'tgz'] }, ALL],
    maxBytes: 256 * MiB,
  },
  'key-import': {
    title: 'Import a key file',
    filters: [{ name: 'Key file', extensions: ['key', 'pem'] }, ALL],
    maxBytes: 64 * KiB,
  },
  'trust-dir': { title: 'Import the keys of a trust dir', filters: [], directory: true, maxBytes: 0 },
  'archive-dir': {
    title: 'Choose a folder for the trust archives',
    filters: [],
    directory: true,
    createDirectory: true,
    maxBytes: 0,
  },
  'policy-dir': {
    title: 'Choose a folder for the cosign policies',
    filters: [],
    directory: true,
    createDirectory: true,
    maxBytes: 0,
  },
  'public-key': {
    title: 'Choose the signer’s public key',
    filters: [{ name: 'Public key or certificate', extensions: ['pub', 'crt', 'pem'] }, ALL],
    multiple: true,
    maxBytes: 64 * KiB,
  },
  'ca-certificate': {
    title: 'Choose a CA certificate',
    filters: [{ name: 'PEM certificate', extensions: ['pem', 'crt'] }, ALL],
    maxBytes: 1 * MiB,
  },
  // a shared library: loaded by path, never read by Signet itself
  'pkcs11-module': {
    title: 'Choose the PKCS#11 module of your token',
    filters: [{ name: 'PKCS#11 module', extensions: ['so', 'dylib', 'dll'] }, ALL],
    maxBytes: 64 * MiB,
  },
};

/** The file's name without its folder (what the renderer is shown). */
export function displayName(path: string, platform: NodeJS.Platform = process.platform): string {
  return (platform === 'win32' ? win32 : posix).basename(path);
}

const refused = (message: string, hint: string): SignetError => new SignetError('BAD_INPUT', message, { hint });

/** An absolute local path, or a coded error: relative, UNC (`\\server\share`, `//server/share`), NUL. */
export function checkLocalPath(path: string, platform: NodeJS.Platform = process.platform): string {
  const name = displayName(path, platform);
  if (/^[\\/]{2}/.test(path))
    throw refused(
      `${name} is on a network share (${path.slice(0, 2)}server\\share): Signet reads and writes only local files`,
      'copy the file to a local folder first, or choose a local folder',
    );
  if (path.includes('\0')) throw refused('the chosen file name holds a NUL character', 'choose another file');
  const abs = platform === 'win32' ? /^[A-Za-z]:[\\/]/.test(path) : posix.isAbsolute(path);
  if (!abs) throw refused(`${name} is not an absolute path`, 'choose the file again in the dialog');
  // C:\a.txt:stream names an alternate data stream, not the file
  if (platform === 'win32' && path.indexOf(':', 2) >= 0)
    throw refused(`${name} names a stream of a file, not a file`, 'choose the file again in the dialog');
  return path;
}

const sizeText = (n: number): string => (n >= MiB ? `${n / MiB} MiB` : `${n / KiB} KiB`);

/** A file chosen to be read: a regular file (or a folder, when the purpose wants one) under the purpose's cap. */
export async function checkOpenTarget(path: string, purpose: OpenPurpose): Promise<void> {
  checkLocalPath(path);
  const rules = OPEN_RULES[purpose];
  const name = displayName(path);
  const st = await stat(path).catch((e: NodeJS.ErrnoException) => {
    throw refused(`cannot read ${name}: ${e.code ?? e.message}`, 'choose a file you can read');
  });
  if (rules.directory) {
    if (!st.isDirectory())
      throw refused(
        `${name} is not a folder`,
        purpose === 'policy-dir'
          ? 'choose (or create) the folder to write the policies into'
          : purpose === 'archive-dir'
            ? 'choose (or create) the folder to write the archives into'
            : 'choose the trust dir (the folder holding private/)',
      );
    return;
  }
  if (!st.isFile())
    throw refused(
      `${name} is not a regular file (a folder, pipe or device)`,
      'choose the file itself, not a folder or a device',
    );
  if (st.size > rules.maxBytes)
    throw refused(
      `${name} is ${st.size} bytes, more than a ${purpose} file can be (${sizeText(rules.maxBytes)})`,
      'check that this is the right file',
    );
}

/** Where a chosen file is to be written: its folder exists, and what is there (if anything) is a regular file. */
export async function checkSaveTarget(path: string, purpose: SavePurpose): Promise<{ exists: boolean }> {
  checkLocalPath(path);
  const name = displayName(path);
  const folder = await stat(dirname(path)).catch(() => undefined);
  if (!folder?.isDirectory())
    throw refused(`the folder for ${name} is not there any more`, 'choose a folder that exists');
  const st = await stat(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw refused(`cannot write ${name}: ${e.code ?? e.message}`, 'choose a folder you can write to');
  });
  if (!st) return { exists: false };
  if (!st.isFile())
    throw refused(`${name} is not a regular file (a folder, pipe or device)`, 'choose another file name');
  if (SAVE_RULES[purpose].neverReplace)
    throw refused(
      `${name} is there already; an exported key never replaces a file (it may be another key)`,
      'choose another file name, or move that file away first',
    );
  return { exists: true };
}

/** Reads a regular file of at most `maxBytes` through one descriptor (no swap between check and read). */
export async function readRegularFile(path: string, maxBytes: number): Promise<Buffer> {
  checkLocalPath(path);
  const name = displayName(path);
  // non-blocking: opening a FIFO for reading would otherwise wait for a writer
  const flags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
  const fh = await open(path, flags).catch((e: NodeJS.ErrnoException) => {
    throw refused(`cannot read ${name}: ${e.code ?? e.message}`, 'choose a file you can read');
  });
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw refused(`${name} is not a regular file`, 'choose the file itself');
    if (st.size > maxBytes)
      throw refused(`${name} is larger than ${sizeText(maxBytes)}`, 'check that this is the right file');
    // one byte more than its size: a file that grows while it is read is refused, not cut short
    const buf = Buffer.alloc(st.size + 1);
    let n = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, n, buf.length - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
      if (n === buf.length) throw refused(`${name} changed while it was read`, 'try again');
    }
    return buf.subarray(0, n);
  } finally {
    await fh.close();
  }
}
