/**
 * Where encrypted private keys live (notary trustmanager.KeyStore; Desktop's ISecureStore).
 * A store only ever holds notary's encrypted PEM (key-file.ts), never a decrypted key.
 */
/** `hardware`: on a token (PKCS#11), which holds the key itself, not a PEM (token-keys.ts). */
export type KeyLocation = 'keychain' | 'trust-dir' | 'memory' | 'hardware';

export interface StoredKeyInfo {
  /** Canonical key ID (file name in the trust dir). */
  id: string;
  /** PEM `role:` header: root, targets, snapshot, a signer name, `delegation`... */
  role: string;
  /** PEM `gun:` header (targets/snapshot keys only). */
  gun?: string;
  location: KeyLocation;
  /** `hardware` keys: the label of the token holding it (shown as "hardware: <label>"). */
  token?: string;
  /** `hardware` keys: remembered on a token that is not inserted now (it cannot sign until it is). */
  absent?: true;
  /**
   * When the key was created (or, for an imported key, first added to a Signet store), RFC 3339 UTC
   * with whole seconds (`2026-11-27T14:03:09Z`). Absent when the store has no honest record of it.
   */
  created?: string;
}

/** `date` as RFC 3339 UTC with whole seconds, the form of {@link StoredKeyInfo.created}. */
export function rfc3339Seconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface StoredKey {
  info: StoredKeyInfo;
  /** Encrypted PEM exactly as stored (notary's format, portable to docker and notary). */
  pem: string;
}

export interface KeyStore {
  readonly location: KeyLocation;
  list(): Promise<StoredKeyInfo[]>;
  get(id: string): Promise<StoredKey | undefined>;
  /** Stores the encrypted PEM under its canonical ID, replacing an existing entry with that ID. */
  add(key: StoredKey): Promise<void>;
  /** Removes a key; removing a key that is not there is not an error. */
  remove(id: string): Promise<void>;
}
