import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SignetError } from '../errors.js';
import type { Change, ChangeStore, StagedChange } from '../trust/changelist.js';
import type { FileMeta, PublicKeyJSON } from '../tuf/types.js';
import { writeFileAtomic } from './files.js';

/**
 * Staged changes on disk in notary's changelist format (`<trust_dir>/tuf/<GUN>/changelist/
 * <20-digit unix nanos>_<uuid>.change`, client/changelist/file_changelist.go), so `notary status`
 * shows what Signet staged and a change survives a crash or a failed publish.
 */
export class FileChangeStore implements ChangeStore {
  readonly dir: string;

  constructor(trustDir: string, gun: string) {
    this.dir = join(trustDir, 'tuf', ...gun.split('/'), 'changelist');
  }

  async list(): Promise<StagedChange[]> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => n.endsWith('.change')).sort();
    } catch {
      return [];
    }
    const out: StagedChange[] = [];
    for (const name of names) {
      const text = await readFile(join(this.dir, name), 'utf8');
      out.push({ id: name, change: fromNotary(JSON.parse(text) as NotaryChange, name) });
    }
    return out;
  }

  async add(change: Change): Promise<StagedChange> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const nanos = nextNanos().toString().padStart(20, '0');
    const id = `${nanos}_${randomUUID()}.change`;
    await writeFileAtomic(join(this.dir, id), JSON.stringify(toNotary(change)), { mode: 0o600 });
    return { id, change };
  }

  async remove(ids: string[]): Promise<void> {
    for (const id of ids) {
      if (!/^[\w-]+\.change$/.test(id)) throw new SignetError('BAD_INPUT', `not a change file name: ${id}`);
      await rm(join(this.dir, id), { force: true });
    }
  }

  async clear(): Promise<void> {
    await this.remove((await this.list()).map((c) => c.id));
  }
}

let lastNanos = 0n;
/** Unix nanoseconds, strictly increasing within this process: change files apply in name order. */
function nextNanos(): bigint {
  const now = BigInt(Date.now()) * 1_000_000n + BigInt(process.hrtime()[1] % 1_000_000);
  lastNanos = now > lastNanos ? now : lastNanos + 1n;
  return lastNanos;
}

interface NotaryChange {
  action: string;
  role: string;
  type: string;
  path: string;
  data: string | null;
}

const b64json = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64');
const unb64 = <T>(s: string | null): T => JSON.parse(Buffer.from(s ?? 'bnVsbA==', 'base64').toString('utf8')) as T;
/** Go marshals TUFKey as keytype, then keyval{public, private}. */
const goKey = (k: PublicKeyJSON) => ({ keytype: k.keytype, keyval: { public: k.keyval.public, private: null } });

function toNotary(c: Change): NotaryChange {
  switch (c.type) {
    case 'target':
      // json.Marshal(FileMeta) in struct order: length, then hashes
      return {
        action: c.action,
        role: c.role,
        type: 'target',
        path: c.path,
        data: c.meta ? b64json({ length: c.meta.length, hashes: c.meta.hashes }) : null,
      };
    case 'delegation': {
      const d: Record<string, unknown> = {};
      if (c.threshold) d['threshold'] = c.threshold;
      if (c.addKeys?.length) d['add_keys'] = c.addKeys.map(goKey);
      if (c.removeKeys?.length) d['remove_keys'] = c.removeKeys;
      if (c.addPaths?.length) d['add_paths'] = c.addPaths;
      if (c.removePaths?.length) d['remove_paths'] = c.removePaths;
      if (c.clearPaths) d['clear_paths'] = true;
      return { action: c.action, role: c.role, type: 'delegation', path: '', data: b64json(d) };
    }
    case 'root-role':
      return {
        action: 'create',
        role: 'root',
        type: 'role',
        path: c.role,
        data: b64json({ keys: c.keys.map(goKey), role: c.role }),
      };
    case 'witness':
      return { action: 'create', role: c.role, type: 'witness', path: '', data: null };
  }
}

function fromNotary(n: NotaryChange, name: string): Change {
  const action = n.action as 'create' | 'update' | 'delete';
  switch (n.type) {
    case 'target': {
      const meta = n.data ? unb64<FileMeta>(n.data) : undefined;
      return {
        type: 'target',
        action: action === 'delete' ? 'delete' : 'create',
        role: n.role,
        path: n.path,
        ...(meta ? { meta: { hashes: meta.hashes, length: meta.length } } : {}),
      };
    }
    case 'delegation': {
      const d = unb64<Record<string, unknown>>(n.data) ?? {};
      const c: Change = { type: 'delegation', action, role: n.role };
      if (typeof d['threshold'] === 'number') c.threshold = d['threshold'];
      if (Array.isArray(d['add_keys']))
        c.addKeys = (d['add_keys'] as PublicKeyJSON[]).map((k) => ({
          keytype: k.keytype,
          keyval: { private: null, public: k.keyval.public },
        }));
      if (Array.isArray(d['remove_keys'])) c.removeKeys = d['remove_keys'] as string[];
      if (Array.isArray(d['add_paths'])) c.addPaths = d['add_paths'] as string[];
      if (Array.isArray(d['remove_paths'])) c.removePaths = d['remove_paths'] as string[];
      if (d['clear_paths'] === true) c.clearPaths = true;
      return c;
    }
    case 'role': {
      const d = unb64<{ keys: PublicKeyJSON[]; role: 'root' | 'targets' | 'snapshot' | 'timestamp' }>(n.data);
      return {
        type: 'root-role',
        action: 'update',
        role: d.role,
        keys: d.keys.map((k) => ({ keytype: k.keytype, keyval: { private: null, public: k.keyval.public } })),
      };
    }
    case 'witness':
      return { type: 'witness', action: 'update', role: n.role };
    default:
      throw new SignetError('BAD_INPUT', `staged change ${name} has an unknown type "${n.type}"`);
  }
}
