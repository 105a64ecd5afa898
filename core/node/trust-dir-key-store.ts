import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { readKeyFileHeaders } from '../crypto/key-file.js';
import { SignetError } from '../errors.js';
import { rfc3339Seconds, type KeyStore, type StoredKey, type StoredKeyInfo } from '../keystore/key-store.js';
import { dockerConfigDir } from './docker-config.js';
import { trustDirFor } from './file-metadata-cache.js';
import { readKeyFile, writeFileAtomic } from './files.js';

const KEY_ID = /^[0-9a-f]{64}$/;
const CANONICAL = /^([0-9a-f]{64})\.key$/;
/** notary's pre-0.6 names: `root_keys/<id>_root.key`, `tuf_keys/<gun>/<id>_<role>.key`. */
const LEGACY = /^([0-9a-f]{64})_([\w.-]+)\.key$/;

const isEncrypted = (pem: string): boolean => {
  try {
    return readKeyFileHeaders(pem).encrypted;
  } catch {
    return false;
  }
};

interface Found {
  info: StoredKeyInfo;
  path: string;
  legacy: boolean;
}

/**
 * Keys in docker's trust dir, where docker and notary keep them: `<trustDir>/private/<id>.key`,
 * notary's encrypted PEM with `role:`/`gun:` headers (protocol §9). Dirs are 0700, files 0600,
 * writes atomic. notary's legacy `private/root_keys/` and `private/tuf_keys/<gun>/` files are listed
 * and read (role and gun from the headers, else from the path) but never written or deleted.
 */
export class TrustDirKeyStore implements KeyStore {
  readonly location = 'trust-dir' as const;
  /** `<trustDir>/private`. */
  readonly privateDir: string;

  /** @param trustDir docker's trust dir, `$DOCKER_CONFIG/trust`. */
  constructor(readonly trustDir: string) {
    this.privateDir = join(trustDir, 'private');
  }

  /** The store for `$DOCKER_CONFIG/trust` (default `~/.docker/trust`). */
  static fromEnv(env: Record<string, string | undefined> = process.env): TrustDirKeyStore {
    return new TrustDirKeyStore(trustDirFor(dockerConfigDir(env)));
  }

  async list(): Promise<StoredKeyInfo[]> {
    return [...(await this.scan()).values()].map((f) => f.info);
  }

  async get(id: string): Promise<StoredKey | undefined> {
    if (!KEY_ID.test(id)) return undefined;
    const found = (await this.scan()).get(id);
    if (!found) return undefined;
    return { info: found.info, pem: await this.read(found.path) };
  }

  async add(key: StoredKey): Promise<void> {
    const id = key.info.id;
    if (!KEY_ID.test(id)) throw new SignetError('KEY_STORE', `not a canonical key ID: ${JSON.stringify(id)}`);
    if (!isEncrypted(key.pem))
      throw new SignetError('KEY_STORE', `refusing to write key ${id} unencrypted`, {
        hint: 'encrypt it with a passphrase first',
      });
    const file = join(this.privateDir, `${id}.key`);
    try {
      await mkdir(this.privateDir, { recursive: true, mode: 0o700 });
      await writeFileAtomic(file, key.pem, { mode: 0o600 });
    } catch (e) {
      throw this.ioError(`cannot write ${file}`, e);
    }
  }

  async remove(id: string): Promise<void> {
    if (!KEY_ID.test(id)) return;
    const found = (await this.scan()).get(id);
    if (found?.legacy) {
      throw new SignetError(
        'KEY_STORE',
        `key ${id} is in notary's legacy layout at ${found.path}, which Signet does not modify`,
        {
          hint: `delete ${found.path} yourself`,
        },
      );
    }
    try {
      await rm(join(this.privateDir, `${id}.key`), { force: true });
    } catch (e) {
      throw this.ioError(`cannot delete key ${id}`, e);
    }
  }

  /** Where keys are looked for, for error messages. */
  describe(): string {
    return `the trust dir (${this.privateDir})`;
  }

  /** Canonical files first, so a key present in both layouts comes from `private/<id>.key`. */
  private async scan(): Promise<Map<string, Found>> {
    const out = new Map<string, Found>();
    const legacy: string[] = [];
    for (const name of await this.entries(this.privateDir)) {
      const m = CANONICAL.exec(name);
      if (m) await this.consider(out, m[1]!, join(this.privateDir, name), {}, false);
    }
    await this.walk(join(this.privateDir, 'root_keys'), 0, legacy);
    await this.walk(join(this.privateDir, 'tuf_keys'), 0, legacy);
    for (const path of legacy) {
      const m = LEGACY.exec(path.slice(path.lastIndexOf(sep) + 1))!;
      const parts = relative(this.privateDir, path).split(sep);
      const gun = parts[0] === 'tuf_keys' && parts.length > 2 ? parts.slice(1, -1).join('/') : undefined;
      await this.consider(out, m[1]!, path, { role: m[2]!, gun }, true);
    }
    return out;
  }

  private async consider(
    out: Map<string, Found>,
    id: string,
    path: string,
    fallback: { role?: string; gun?: string },
    legacy: boolean,
  ): Promise<void> {
    if (out.has(id)) return;
    let headers: { role?: string; gun?: string } = {};
    try {
      headers = readKeyFileHeaders(await this.read(path));
    } catch {
      if (!legacy) return; // not a key file: notary would not list it either
    }
    const role = headers.role ?? fallback.role ?? 'delegation';
    const gun = headers.gun ?? fallback.gun;
    const created = await this.birthtime(path);
    const info: StoredKeyInfo = {
      id,
      role,
      ...(gun !== undefined ? { gun } : {}),
      location: 'trust-dir',
      ...(created !== undefined ? { created } : {}),
    };
    out.set(id, { info, path, legacy });
  }

  /**
   * `created` for a key file. The trust dir keeps no creation record (notary's PEM has none), so the
   * best honest answer is the file's birth time, where the filesystem records one (APFS, NTFS, ext4
   * and btrfs on recent kernels; birthtimeMs is 0 elsewhere) — else none. Never mtime: changing the
   * passphrase rewrites the file. Birth time is still only the file's: a key copied in, restored from
   * a backup, or re-written through {@link add} (an atomic rename: a new file) shows that moment.
   */
  private async birthtime(path: string): Promise<string | undefined> {
    try {
      const st = await stat(path);
      return st.birthtimeMs > 0 ? rfc3339Seconds(new Date(st.birthtimeMs)) : undefined;
    } catch {
      return undefined;
    }
  }

  private async walk(dir: string, depth: number, out: string[]): Promise<void> {
    if (depth > 8) return;
    for (const e of await this.entries(dir, true)) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await this.walk(p, depth + 1, out);
      else if (e.isFile() && LEGACY.test(e.name)) out.push(p);
    }
  }

  private async entries(dir: string): Promise<string[]>;
  private async entries(dir: string, typed: true): Promise<import('node:fs').Dirent[]>;
  private async entries(dir: string, typed?: true): Promise<string[] | import('node:fs').Dirent[]> {
    try {
      return typed ? await readdir(dir, { withFileTypes: true }) : await readdir(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
      throw this.ioError(`cannot read ${dir}`, e);
    }
  }

  /** A key file: a regular file under the cap (a FIFO named `<id>.key` is refused, never waited on). */
  private async read(path: string): Promise<string> {
    try {
      return await readKeyFile(path);
    } catch (e) {
      throw this.ioError(`cannot read ${path}`, e);
    }
  }

  private ioError(what: string, e: unknown): SignetError {
    return new SignetError('KEY_STORE', `${what}: ${(e as Error).message}`, {
      hint: `check the permissions of ${this.privateDir}`,
      cause: e,
    });
  }
}
