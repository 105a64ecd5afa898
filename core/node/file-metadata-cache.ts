import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SignetError } from '../errors.js';
import type { MetadataCache } from '../notary/metadata-cache.js';
import type { RoleName } from '../tuf/types.js';
import { writeFileAtomic } from './files.js';

/** `$DOCKER_CONFIG/trust`: the trust dir docker and notary share. */
export function trustDirFor(dockerConfigDir: string): string {
  return join(dockerConfigDir, 'trust');
}

/** Splits a GUN or role into path segments, refusing anything that could leave the cache dir. */
function segments(name: string, what: string): string[] {
  const parts = name.split('/');
  for (const p of parts) {
    if (p === '' || p === '.' || p === '..' || /[\u0000-\u001f\\]/.test(p)) {
      throw new SignetError('BAD_INPUT', `invalid ${what} ${JSON.stringify(name)} for the metadata cache`);
    }
  }
  return parts;
}

const io = (action: string, path: string, e: unknown): SignetError =>
  new SignetError('CACHE_IO', `cannot ${action} ${path}: ${(e as Error).message}`, {
    hint: 'check the permissions and free space of the trust directory ($DOCKER_CONFIG/trust)',
    cause: e,
  });

/**
 * MetadataCache on disk in notary's layout: `<trustDir>/tuf/<GUN>/metadata/<role>.json`,
 * delegations under `metadata/targets/`. Dirs 0700, files 0600, writes are atomic (temp + rename).
 */
export class FileMetadataCache implements MetadataCache {
  /** `<trustDir>/tuf/<GUN>/metadata`. */
  readonly dir: string;

  constructor(trustDir: string, gun: string) {
    this.dir = join(trustDir, 'tuf', ...segments(gun, 'GUN'), 'metadata');
  }

  /** Path of a role's file. */
  pathFor(role: RoleName): string {
    const parts = segments(role, 'role');
    parts[parts.length - 1] += '.json';
    return join(this.dir, ...parts);
  }

  async get(role: RoleName): Promise<Uint8Array | undefined> {
    const file = this.pathFor(role);
    try {
      const b = await readFile(file);
      return new Uint8Array(b.buffer, b.byteOffset, b.length);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw io('read', file, e);
    }
  }

  async set(role: RoleName, bytes: Uint8Array): Promise<void> {
    const file = this.pathFor(role);
    try {
      await mkdir(dirname(file), { recursive: true, mode: 0o700 });
      await writeFileAtomic(file, bytes, { mode: 0o600 });
    } catch (e) {
      throw io('write', file, e);
    }
  }

  async remove(role: RoleName): Promise<void> {
    const file = this.pathFor(role);
    try {
      await rm(file, { force: true });
    } catch (e) {
      throw io('remove', file, e);
    }
  }

  async list(): Promise<RoleName[]> {
    const out: RoleName[] = [];
    const walk = async (dir: string, prefix: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw io('read', dir, e);
      }
      for (const e of entries) {
        if (e.isDirectory()) await walk(join(dir, e.name), `${prefix}${e.name}/`);
        else if (e.isFile() && e.name.endsWith('.json')) out.push(`${prefix}${e.name.slice(0, -'.json'.length)}`);
      }
    };
    await walk(this.dir, '');
    return out.sort();
  }
}

/** GUNs with cached trust data in a trust dir (`<trustDir>/tuf/<gun>/metadata/`), sorted. */
export async function listCachedGuns(trustDir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, parts: string[]): Promise<void> => {
    if (parts.length > 8) return;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (!e.isDirectory()) continue;
      if (e.name === 'metadata' && parts.length > 0) out.push(parts.join('/'));
      else if (e.name !== 'changelist') await walk(join(dir, e.name), [...parts, e.name]);
    }
  };
  await walk(join(trustDir, 'tuf'), []);
  return out.sort();
}
