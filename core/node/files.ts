import { chmod, open, rename, rm } from 'node:fs/promises';
import { SignetError } from '../errors.js';

/**
 * Writes a new file with mode 0600, flushed to disk before it counts as written. `atomic`: through
 * a temp file and rename (docker's AtomicWriteFile, replacing what is there); otherwise created
 * exclusively, failing with EEXIST when the file is there.
 */
export async function writeNewFile(path: string, text: string, opts: { atomic: boolean }): Promise<void> {
  const target = opts.atomic ? `${path}.${process.pid}.${Date.now()}.tmp` : path;
  const fh = await open(target, 'wx', 0o600);
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } catch (e) {
    await fh.close().catch(() => undefined);
    await rm(target, { force: true }).catch(() => undefined);
    throw e;
  }
  await fh.close();
  await chmod(target, 0o600);
  if (opts.atomic) {
    try {
      await rename(target, path);
    } catch (e) {
      await rm(target, { force: true }).catch(() => undefined);
      throw e;
    }
  }
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
