import type { FileMeta, PublicKeyJSON, RoleName } from '../tuf/types.js';

/**
 * Staged changes (notary client/changelist): every write is recorded as changes first and
 * applied to freshly verified metadata at publish time, so a failed publish loses nothing and a
 * retry (or a refresh after a conflict) re-applies them.
 */
export type Change =
  | { type: 'target'; action: 'create' | 'delete'; role: RoleName; path: string; meta?: FileMeta }
  | {
      type: 'delegation';
      action: 'create' | 'update' | 'delete';
      role: RoleName;
      threshold?: number;
      addKeys?: PublicKeyJSON[];
      /** Key IDs as listed in the parent's delegations (or canonical IDs, mapped at apply time). */
      removeKeys?: string[];
      addPaths?: string[];
      removePaths?: string[];
      clearPaths?: boolean;
    }
  /** Replaces the keys of a base role in root.json (key rotation). */
  | { type: 'root-role'; action: 'update'; role: 'root' | 'targets' | 'snapshot' | 'timestamp'; keys: PublicKeyJSON[] }
  /** Re-signs a role unchanged, renewing its expiry (notary witness). */
  | { type: 'witness'; action: 'update'; role: RoleName };

export interface StagedChange {
  /** Store-specific ID (notary: the change file name). */
  id: string;
  change: Change;
}

/** Where staged changes for one GUN are kept until they are published or discarded. */
export interface ChangeStore {
  list(): Promise<StagedChange[]>;
  add(change: Change): Promise<StagedChange>;
  remove(ids: string[]): Promise<void>;
  clear(): Promise<void>;
}

export class MemoryChangeStore implements ChangeStore {
  private items: StagedChange[] = [];
  private next = 1;
  async list(): Promise<StagedChange[]> {
    return [...this.items];
  }
  async add(change: Change): Promise<StagedChange> {
    const staged = { id: String(this.next++).padStart(6, '0'), change };
    this.items.push(staged);
    return staged;
  }
  async remove(ids: string[]): Promise<void> {
    this.items = this.items.filter((c) => !ids.includes(c.id));
  }
  async clear(): Promise<void> {
    this.items = [];
  }
}

/** A one-line description of a change for review lists and CLI output. */
export function describeChange(c: Change): string {
  switch (c.type) {
    case 'target':
      return `${c.action === 'create' ? 'sign' : 'revoke'} ${c.path} in ${c.role}`;
    case 'delegation':
      return `${c.action} ${c.role}${c.addKeys?.length ? ` +${c.addKeys.length} key(s)` : ''}${c.removeKeys?.length ? ` -${c.removeKeys.length} key(s)` : ''}`;
    case 'root-role':
      return `replace the ${c.role} key(s) in root`;
    case 'witness':
      return `re-sign ${c.role}`;
  }
}
