import { promisify } from 'node:util';
import { createGunzip, gzip } from 'node:zlib';
import { SignetError } from '../errors.js';
import { openArchive, type OpenedArchive } from '../history/archive/read-archive.js';
import { openUserFile, writeFileAtomic } from './files.js';
import { nodeCrypto } from './node-crypto.js';
import type { ArchiveFile } from '../operations/history.js';

const MiB = 1024 * 1024;

/** How much an archive may inflate to: a trust archive is JSON metadata, a few MiB at most. */
export interface ArchiveLimits {
  /** Refuse an archive whose tar is larger than this (and a compressed file larger than this). */
  maxBytes: number;
  /** Refuse an archive that inflates more than this many times its compressed size, … */
  maxRatio: number;
  /** … once its output is past this floor (small files inflate a lot, harmlessly). */
  ratioFloor: number;
}

export const ARCHIVE_LIMITS: ArchiveLimits = { maxBytes: 512 * MiB, maxRatio: 100, ratioFloor: 16 * MiB };

const gzipAsync = promisify(gzip);

/** Writes a trust archive (tar) gzip-compressed to `file`, whole or not at all (writeFileAtomic). */
export async function writeArchiveFile(file: string, tar: Uint8Array): Promise<number> {
  const gz = await gzipAsync(tar, { level: 9 }); // on the thread pool: the app's main process stays free
  try {
    await writeFileAtomic(file, gz);
  } catch (e) {
    throw new SignetError('CACHE_IO', `cannot write the archive ${file}: ${(e as Error).message}`, {
      hint: 'check that the directory exists and is writable',
      cause: e,
    });
  }
  return gz.length;
}

const refused = (file: string, why: string): SignetError =>
  new SignetError('BAD_ARCHIVE', `${file}: refused: ${why}`, {
    hint: 'A Signet trust archive holds a few MiB of metadata; this file is not one (or was made to exhaust memory). Use another copy.',
  });

/**
 * Inflates `file` on the thread pool (streaming zlib: the calling thread never waits on it), and stops
 * as soon as the output passes `maxBytes`, or `maxRatio` times the compressed bytes read so far once
 * past `ratioFloor`: memory stays within the cap, whatever the file claims.
 */
async function inflateCapped(file: string, limits: ArchiveLimits): Promise<Buffer> {
  const { handle } = await openUserFile(file, { maxBytes: limits.maxBytes, what: 'archive file', code: 'BAD_ARCHIVE' });
  const gunzip = createGunzip({ chunkSize: 64 * 1024 });
  const chunks: Buffer[] = [];
  let size = 0;
  const cap = `${limits.maxBytes / MiB} MiB`;
  const input = handle.createReadStream({ highWaterMark: 64 * 1024 });
  input.on('error', (e) => gunzip.destroy(e));
  input.pipe(gunzip);
  try {
    // leaving the loop (a refusal) destroys the inflater: nothing more is read or inflated
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limits.maxBytes) throw refused(file, `it inflates to more than ${cap} (the cap for an archive)`);
      if (size > limits.ratioFloor && size > limits.maxRatio * gunzip.bytesWritten)
        throw refused(
          file,
          `it inflates more than ${limits.maxRatio} times its compressed size (the cap for an archive past ${limits.ratioFloor / MiB} MiB)`,
        );
      chunks.push(chunk);
    }
  } catch (e) {
    if (e instanceof SignetError) throw e;
    throw new SignetError(
      'BAD_ARCHIVE',
      `${file}: not a gzip-compressed trust archive, or it is damaged (${(e as Error).message})`,
      {
        hint: 'The archive is damaged or is not a Signet trust archive (signet archive writes .tar.gz files); use another copy.',
        cause: e,
      },
    );
  } finally {
    input.destroy();
    await handle.close().catch(() => undefined); // the stream closes it too; closing twice is harmless
  }
  return Buffer.concat(chunks, size);
}

/**
 * Reads, un-gzips (capped: ARCHIVE_LIMITS) and checks a trust archive; every problem is a
 * BAD_ARCHIVE (or BAD_INPUT when the file cannot be read) naming the file.
 */
export async function readArchiveFile(file: string, limits: ArchiveLimits = ARCHIVE_LIMITS): Promise<OpenedArchive> {
  let tar: Buffer;
  try {
    tar = await inflateCapped(file, limits);
  } catch (e) {
    if (e instanceof SignetError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new SignetError(
      'BAD_INPUT',
      `cannot read the archive ${file}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
      { cause: e },
    );
  }
  return openArchive(new Uint8Array(tar.buffer, tar.byteOffset, tar.length), file, nodeCrypto);
}

/** The archive at `path` for core's history operations, read (and inflated, capped) when they open it. */
export function archiveFileAt(path: string, name: string = path): ArchiveFile {
  return { name, open: () => readArchiveFile(path) };
}
