/**
 * Writes the policy folder of `signet migrate --policy-dir` (core/cosign-policy's files). A re-run
 * updates the files (policies follow the migration; unchanged files are left as they are), each
 * written atomically with its mode. Nothing lands outside the folder: a path that is absolute or
 * climbs out is refused, and so is a symbolic link, or anything but a folder, where a folder goes.
 */
import { lstat, mkdir, readFile, realpath } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { PolicyFile } from '../cosign-policy/types.js';
import { SignetError } from '../errors.js';
import { writeFileAtomic } from './files.js';

const FILE_MODE = 0o644;
const DIR_MODE = 0o755;

function refuse(message: string, hint: string, cause?: unknown): SignetError {
  return new SignetError('BAD_INPUT', message, { hint, cause });
}

/** The path's components, or a refusal when it is not a plain relative path. */
function components(path: string): string[] {
  const parts = path.split('/');
  const bad = parts.some((p) => p === '' || p === '.' || p === '..' || /[\\\u0000:]/.test(p) || p !== p.trim());
  if (bad || path.length > 1024) {
    throw refuse(
      `policy file path ${JSON.stringify(path)} is not a plain relative path`,
      'this is a bug in Signet: report it',
    );
  }
  return parts;
}

async function kindAt(path: string): Promise<'missing' | 'dir' | 'file' | 'other'> {
  try {
    const s = await lstat(path);
    return s.isDirectory() ? 'dir' : s.isFile() ? 'file' : 'other';
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw e;
  }
}

/** Creates `root/parts...` folder by folder, refusing a link or a file on the way. */
async function folder(root: string, parts: string[]): Promise<string> {
  let at = root;
  for (const part of parts) {
    at = join(at, part);
    const kind = await kindAt(at);
    if (kind === 'missing') await mkdir(at, { mode: DIR_MODE }).catch(madeMeanwhile);
    else if (kind !== 'dir') {
      throw refuse(
        `${at} is in the way of the policy files: it is not a folder`,
        'move it away, or choose another folder',
      );
    }
  }
  return at;
}

/** A folder made meanwhile by someone else is fine: the realpath test in writeOne checks where it leads. */
function madeMeanwhile(e: NodeJS.ErrnoException): void {
  if (e.code !== 'EEXIST') throw e;
}

async function unchanged(path: string, text: string, mode: number): Promise<boolean> {
  const s = await lstat(path);
  if ((s.mode & 0o777) !== mode || s.size !== Buffer.byteLength(text)) return false;
  return (await readFile(path, 'utf8')) === text;
}

async function writeOne(root: string, realRoot: string, file: PolicyFile): Promise<string> {
  const parts = components(file.path);
  const dir = await folder(root, parts.slice(0, -1));
  const real = await realpath(dir);
  if (real !== realRoot && !real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep)) {
    throw refuse(`${dir} leads out of the policy folder ${root}`, 'remove the symbolic link, or choose another folder');
  }
  const path = join(dir, parts.at(-1)!);
  const mode = file.mode ?? FILE_MODE;
  const kind = await kindAt(path);
  if (kind === 'file' && (await unchanged(path, file.text, mode))) return path;
  if (kind !== 'file' && kind !== 'missing') {
    throw refuse(
      `${path} is not a regular file: not replacing it with a policy file`,
      'move it away, or choose another folder',
    );
  }
  await writeFileAtomic(path, file.text, { mode });
  return path;
}

/** Writes `files` under `dir` (created if missing); returns the paths written or already up to date. */
export async function writePolicyDir(dir: string, files: readonly PolicyFile[]): Promise<string[]> {
  const root = resolve(dir);
  try {
    await mkdir(root, { recursive: true, mode: DIR_MODE });
    const realRoot = await realpath(root);
    const written: string[] = [];
    for (const file of files) written.push(await writeOne(root, realRoot, file));
    return written;
  } catch (e) {
    if (e instanceof SignetError) throw e;
    throw refuse(
      `cannot write the policies to ${root}: ${(e as Error).message}`,
      'choose a folder you can write to',
      e,
    );
  }
}
