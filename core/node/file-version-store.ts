import { readFileSync } from 'node:fs';
import { appendFile, mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SignetError } from '../errors.js';
import { adds, keptKey, mergeKept, type KeptVersion, type VersionStore } from '../history/version-store.js';
import { sha256Of } from '../crypto/sha256-of.js';
import { toHex } from '../util/bytes.js';
import { writeFileAtomic } from './files.js';
import { nodeCrypto } from './node-crypto.js';

const HEX64 = /^[0-9a-f]{64}$/;

const io = (action: string, path: string, e: unknown): SignetError =>
  new SignetError('CACHE_IO', `cannot ${action} ${path}: ${(e as Error).message}`, {
    hint: "check the permissions and free space of Signet's data directory (set SIGNET_DATA_DIR to use another one)",
    cause: e,
  });

/**
 * The version store on disk: `objects/<ab>/<sha256>` holds each file's bytes once (written to a
 * temporary name, then renamed: a reader never sees half a file), `index/<GUN>.jsonl` one line per
 * (role, version, sha256), only ever appended to. Dirs 0700, files 0600.
 */
export class FileVersionStore implements VersionStore {
  private readonly indexes = new Map<string, Promise<Map<string, KeptVersion>>>();

  constructor(readonly dir: string) {}

  objectPath(sha256: string): string {
    if (!HEX64.test(sha256)) throw new SignetError('BAD_INPUT', `not a sha256 digest: ${JSON.stringify(sha256)}`);
    return join(this.dir, 'objects', sha256.slice(0, 2), sha256);
  }

  indexPath(gun: string): string {
    return join(this.dir, 'index', `${encodeURIComponent(gun)}.jsonl`);
  }

  async put(bytes: Uint8Array): Promise<string> {
    const sha = toHex(sha256Of(bytes, nodeCrypto)); // hashed once already when it was checked against its pin
    const file = this.objectPath(sha);
    try {
      await stat(file);
      return sha; // content-addressed: the same name always holds the same bytes
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw io('read', file, e);
    }
    try {
      await mkdir(join(this.dir, 'objects', sha.slice(0, 2)), { recursive: true, mode: 0o700 });
      await writeFileAtomic(file, bytes, { mode: 0o600 });
    } catch (e) {
      throw io('write', file, e);
    }
    return sha;
  }

  async get(sha256: string): Promise<Uint8Array | undefined> {
    const file = this.objectPath(sha256);
    try {
      // synchronous on purpose: a history reads hundreds of small files, and the thread-pool round
      // trip of an async read costs more than the read itself
      const b = readFileSync(file);
      return new Uint8Array(b.buffer, b.byteOffset, b.length);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw io('read', file, e);
    }
  }

  private index(gun: string): Promise<Map<string, KeptVersion>> {
    let p = this.indexes.get(gun);
    if (!p) {
      p = this.loadIndex(gun);
      this.indexes.set(gun, p);
      p.catch(() => this.indexes.delete(gun));
    }
    return p;
  }

  private async loadIndex(gun: string): Promise<Map<string, KeptVersion>> {
    const file = this.indexPath(gun);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw io('read', file, e);
    }
    const entries: KeptVersion[] = [];
    for (const line of text.split('\n')) {
      const e = parseLine(line, gun);
      if (e) entries.push(e); // a line torn by a crash is skipped; the bytes it names are still kept
    }
    return new Map(mergeKept(entries).map((e) => [keptKey(e), e]));
  }

  async record(entries: KeptVersion[]): Promise<void> {
    const byGun = new Map<string, KeptVersion[]>();
    for (const e of entries) byGun.set(e.gun, [...(byGun.get(e.gun) ?? []), e]);
    for (const [gun, list] of byGun) {
      const index = await this.index(gun);
      const lines: string[] = [];
      for (const e of mergeKept(list)) {
        if (!adds(index.get(keptKey(e)), e)) continue;
        const { gun: _g, ...rest } = e;
        lines.push(JSON.stringify(rest));
        index.set(keptKey(e), mergeKept([...(index.has(keptKey(e)) ? [index.get(keptKey(e))!] : []), e])[0]!);
      }
      if (lines.length === 0) continue;
      const file = this.indexPath(gun);
      try {
        await mkdir(join(this.dir, 'index'), { recursive: true, mode: 0o700 });
        await appendFile(file, lines.join('\n') + '\n', { mode: 0o600, flag: 'a' });
      } catch (e) {
        throw io('write', file, e);
      }
    }
  }

  async list(gun: string): Promise<KeptVersion[]> {
    return [...(await this.index(gun)).values()].map((e) => ({ ...e }));
  }
}

function parseLine(line: string, gun: string): KeptVersion | undefined {
  if (line.trim() === '') return undefined;
  try {
    const o = JSON.parse(line) as Record<string, unknown>;
    const { role, version, sha256, length, time, changeId } = o;
    if (typeof role !== 'string' || typeof version !== 'number' || typeof sha256 !== 'string' || !HEX64.test(sha256))
      return undefined;
    const e: KeptVersion = { gun, role, version, sha256, length: typeof length === 'number' ? length : 0 };
    if (typeof time === 'string') e.time = time;
    if (typeof changeId === 'string') e.changeId = changeId;
    return e;
  } catch {
    return undefined;
  }
}
