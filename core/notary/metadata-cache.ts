import type { RoleName } from '../tuf/types.js';

/**
 * The local trusted-metadata cache for one GUN (notary's `<trust_dir>/tuf/<gun>/metadata/`).
 * Only verified metadata is ever written to it, so a tampered download can never replace it.
 */
export interface MetadataCache {
  get(role: RoleName): Promise<Uint8Array | undefined>;
  set(role: RoleName, bytes: Uint8Array): Promise<void>;
  remove(role: RoleName): Promise<void>;
  /** The roles cached, sorted (base roles and delegations, e.g. `targets/releases`). */
  list(): Promise<RoleName[]>;
}

/** In-memory cache, for unit tests and for callers that want no persistence. */
export class MemoryMetadataCache implements MetadataCache {
  readonly files = new Map<RoleName, Uint8Array>();
  async get(role: RoleName): Promise<Uint8Array | undefined> {
    return this.files.get(role);
  }
  async set(role: RoleName, bytes: Uint8Array): Promise<void> {
    this.files.set(role, bytes);
  }
  async remove(role: RoleName): Promise<void> {
    this.files.delete(role);
  }
  async list(): Promise<RoleName[]> {
    return [...this.files.keys()].sort();
  }
}
