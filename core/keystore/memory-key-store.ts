import type { KeyLocation, KeyStore, StoredKey, StoredKeyInfo } from './key-store.js';

/**
 * A KeyStore in a Map, for tests and the harness. Like every store it holds encrypted PEMs only.
 * Entries are copied in and out, so callers can never mutate what is stored.
 */
export class MemoryKeyStore implements KeyStore {
  private readonly keys = new Map<string, StoredKey>();

  /** @param location what {@link KeyStore.location} reports (default `memory`; tests may pose as another store). */
  constructor(readonly location: KeyLocation = 'memory') {}

  async list(): Promise<StoredKeyInfo[]> {
    return [...this.keys.values()].map((k) => ({ ...k.info }));
  }

  async get(id: string): Promise<StoredKey | undefined> {
    const k = this.keys.get(id);
    return k && { info: { ...k.info }, pem: k.pem };
  }

  async add(key: StoredKey): Promise<void> {
    this.keys.set(key.info.id, { info: { ...key.info, location: this.location }, pem: key.pem });
  }

  async remove(id: string): Promise<void> {
    this.keys.delete(id);
  }

  /** Where keys are looked for, for error messages. */
  describe(): string {
    return `${this.location} store`;
  }
}
