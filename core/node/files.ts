import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { link, lstat, open, readlink, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { SignetError, type ErrorCode } from '../errors.js';

const MiB = 1024 * 1024;

/** Size caps for files a user names (a CA, a key, a config file): far above any real one. */
export const USER_FILE_CAPS = {
  /** PEM certificates, CA bundles, keys. */
  pem: 1 * MiB,
  /** docker's config.json, Signet's config file. */
  config: 4 * MiB,
} as const;

export interface UserFileOptions {
  /** Refuse a file larger than this. */
  maxBytes: number;
  /** What the file is, for the message: "CA file", "key file", "docker config file". */
  what: string;
  /** The code of the refusal (default BAD_INPUT). */
  code?: ErrorCode;
}

function kindOf(s: Stats): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isFIFO()) return 'a named pipe (FIFO)';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Refuses what is not a regular file, or is larger than the cap; the message names the file and what to do. */
function checkUserFile(path: string, s: Stats, opts: UserFileOptions): void {
  const code = opts.code ?? 'BAD_INPUT';
  if (!s.isFile()) {
    throw new SignetError(code, `the ${opts.what} ${path} is ${kindOf(s)}, not a regular file`, {
      hint: `choose the ${opts.what} itself (a regular file)`,
    });
  }
  if (s.size > opts.maxBytes) {
    throw new SignetError(
      code,
      `the ${opts.what} ${path} is ${s.size} bytes, over the limit of ${opts.maxBytes} bytes for ${opts.what}s`,
      { hint: `check that ${path} is the right file: a ${opts.what} is much smaller` },
    );
  }
}

// O_NONBLOCK: a FIFO swapped in after the check must not block the open (no such flag on Windows).
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Opens a file a user named, after checking (before and after opening: stat, then fstat) that it is
 * a regular file of at most `maxBytes` (symbolic links to one are followed). Errors of the file
 * system (ENOENT, EACCES) are thrown as they are, so callers keep their wording; refusals are SignetErrors.
 */
export async function openUserFile(path: string, opts: UserFileOptions): Promise<{ handle: FileHandle; size: number }> {
  checkUserFile(path, await stat(path), opts);
  const handle = await open(path, READ_FLAGS);
  try {
    const s = await handle.stat();
    checkUserFile(path, s, opts);
    return { handle, size: s.size };
  } catch (e) {
    await handle.close();
    throw e;
  }
}

/** Reads a file a user named (see openUserFile), never more than `maxBytes`. */
export async function readUserFile(path: string, opts: UserFileOptions): Promise<Buffer> {
  const { handle, size } = await openUserFile(path, opts);
  try {
    const buf = Buffer.alloc(size);
    let n = 0;
    while (n < size) {
      const { bytesRead } = await handle.read(buf, n, size - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
    }
    return buf.subarray(0, n);
  } finally {
    await handle.close();
  }
}

/** readUserFile, synchronously (for the TLS options docker reads per host). */
export function readUserFileSync(path: string, opts: UserFileOptions): Buffer {
  checkUserFile(path, statSync(path), opts);
  const fd = openSync(path, READ_FLAGS);
  try {
    const s = fstatSync(fd);
    checkUserFile(path, s, opts);
    const buf = Buffer.alloc(s.size);
    let n = 0;
    while (n < s.size) {
      const read = readSync(fd, buf, n, s.size - n, n);
      if (read === 0) break;
      n += read;
    }
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** A private key file to import or load (PEM text): a regular file of at most USER_FILE_CAPS.pem bytes. */
export async function readKeyFile(path: string): Promise<string> {
  return (await readUserFile(path, { maxBytes: USER_FILE_CAPS.pem, what: 'key file' })).toString('utf8');
}

export interface AtomicWriteOptions {
  /** Mode of the new file (default 0o666, less the umask); 0o600 for anything private. */
  mode?: number;
  /** Never replace a file: fail with EEXIST when `path` exists (the check and the write are one step). */
  exclusive?: boolean;
  /** Tests only: runs after the data is flushed and before it takes the file's name. */
  beforeCommit?: (tmp: string) => void | Promise<void>;
}

/** Codes of a file system without hard links (FAT, some network shares), for exclusive writes. */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK', 'EXDEV']);

/** fsync of the directory, so the new name survives a power cut (not possible on Windows: skipped). */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const d = await open(dir, 'r');
  try {
    await d.sync();
  } catch (e) {
    if (!['EINVAL', 'ENOTSUP', 'EBADF', 'EISDIR'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
  } finally {
    await d.close();
  }
}

/**
 * The one way Signet writes a file: a temp file in the same directory, written, fsync'd, then
 * renamed over `path` (or, `exclusive`, hard-linked to it, failing with EEXIST if it exists), then
 * the directory fsync'd. A reader sees the old file or the new one, never half of one; a failure
 * leaves no temp file behind and the old file as it was. Errors are the file system's (errno codes).
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  opts: AtomicWriteOptions = {},
): Promise<void> {
  // a symlink is written through, as a shell's `>` does (a new file never replaces a link exclusively: it exists)
  if (!opts.exclusive) path = await linkTarget(path);
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let fh: FileHandle | undefined = await open(tmp, 'wx', opts.mode ?? 0o666);
  try {
    if (opts.mode !== undefined) await fh.chmod(opts.mode); // whatever the umask
    await fh.writeFile(data);
    await fh.sync();
    await fh.close();
    fh = undefined;
    await opts.beforeCommit?.(tmp);
    if (opts.exclusive) await commitExclusive(tmp, path);
    else await rename(tmp, path);
  } catch (e) {
    await fh?.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await syncDir(dir);
}

/** The file a symlink at `path` names (its final target, however many links); `path` itself when it is no link. */
async function linkTarget(path: string): Promise<string> {
  try {
    if (!(await lstat(path)).isSymbolicLink()) return path;
  } catch {
    return path; // nothing there yet
  }
  try {
    return await realpath(path);
  } catch {
    // a dangling link: the file it names is made, as `>` makes it
    return resolve(dirname(path), await readlink(path));
  }
}

async function commitExclusive(tmp: string, path: string): Promise<void> {
  try {
    await link(tmp, path);
  } catch (e) {
    if (!NO_LINKS.has((e as NodeJS.ErrnoException).code ?? '')) throw e;
    // No hard links here: reserve the name exclusively, then rename over the empty reservation.
    await (await open(path, 'wx', 0o600)).close();
    try {
      await rename(tmp, path);
    } catch (e2) {
      await unlink(path).catch(() => undefined);
      throw e2;
    }
    return;
  }
  await unlink(tmp).catch(() => undefined); // the file is written; a stray link is only clutter
}

/**
 * Writes a new file with mode 0600 (writeFileAtomic). `atomic`: replacing what is there (docker's
 * AtomicWriteFile); otherwise created exclusively, failing with EEXIST when the file is there.
 */
export async function writeNewFile(path: string, text: string, opts: { atomic: boolean }): Promise<void> {
  await writeFileAtomic(path, text, { mode: 0o600, exclusive: !opts.atomic });
}

/** An exported key file: never over another file (it may be another key), 0600, flushed. */
export async function writeKeyFile(path: string, pem: string): Promise<void> {
  try {
    await writeNewFile(path, pem, { atomic: false });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new SignetError('BAD_INPUT', `refusing to overwrite ${path}`, {
        hint: 'choose another file name, or delete that file first',
      });
    }
    throw new SignetError('BAD_INPUT', `cannot write ${path}: ${(e as Error).message}`, {
      hint: 'choose a folder you can write to',
      cause: e,
    });
  }
}

/**
 * Several exported key files that belong together (cosign's PREFIX.key and PREFIX.pub): refused
 * before anything is written when any of them exists; written in order, each like writeKeyFile; if
 * one fails, those already written are removed again, so none is left without the others.
 */
export async function writeKeyFiles(files: { path: string; text: string }[]): Promise<void> {
  for (const f of files) {
    // (an lstat that fails for another reason than a missing file lets the write report it)
    const there = await lstat(f.path).then(
      () => true,
      () => false,
    );
    if (there) {
      throw new SignetError('BAD_INPUT', `refusing to overwrite ${f.path}`, {
        hint: 'choose another name, or delete that file first',
      });
    }
  }
  const written: string[] = [];
  try {
    for (const f of files) {
      await writeKeyFile(f.path, f.text);
      written.push(f.path);
    }
  } catch (e) {
    for (const p of written) await unlink(p).catch(() => undefined);
    throw e;
  }
}
