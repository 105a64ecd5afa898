import { randomBytes } from 'node:crypto';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import { SignetError } from '../errors.js';
import { openArchive, type OpenedArchive } from '../history/archive/read-archive.js';
import { nodeCrypto } from './node-crypto.js';

/** Writes a trust archive (tar) gzip-compressed to `file`, whole or not at all (temp file + rename). */
export async function writeArchiveFile(file: string, tar: Uint8Array): Promise<number> {
  const gz = gzipSync(tar, { level: 9 });
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, gz, { flag: 'wx' });
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw new SignetError('CACHE_IO', `cannot write the archive ${file}: ${(e as Error).message}`, {
      hint: 'check that the directory exists and is writable',
      cause: e,
    });
  }
  return gz.length;
}

/** Reads, un-gzips and checks a trust archive; every problem is a BAD_ARCHIVE (or BAD_INPUT) naming the file. */
export async function readArchiveFile(file: string): Promise<OpenedArchive> {
  let gz: Buffer;
  try {
    gz = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SignetError(
      'BAD_INPUT',
      `cannot read the archive ${file}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
      {
        cause: e,
      },
    );
  }
  let tar: Buffer;
  try {
    tar = gunzipSync(gz);
  } catch (e) {
    throw new SignetError(
      'BAD_ARCHIVE',
      `${file}: not a gzip-compressed trust archive, or it is damaged (${(e as Error).message})`,
      {
        hint: 'The archive is damaged or is not a Signet trust archive (signet archive writes .tar.gz files); use another copy.',
        cause: e,
      },
    );
  }
  return openArchive(new Uint8Array(tar.buffer, tar.byteOffset, tar.length), file, nodeCrypto);
}
