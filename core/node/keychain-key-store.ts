import { createRequire } from 'node:module';
import { SignetError } from '../errors.js';
import { rfc3339Seconds, type KeyStore, type StoredKey, type StoredKeyInfo } from '../keystore/key-store.js';

/** The part of keytar's API this store uses (injectable for unit tests). */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

export interface KeychainKeyStoreOptions {
  /** Keychain service name the entries are filed under (default {@link KEYCHAIN_SERVICE}). */
  service?: string;
  /** keytar itself, or a stand-in; default: `require('keytar')`, loaded on first use. */
  keytar?: KeytarLike | (() => KeytarLike);
}

/** Service name of Signet's keychain entries; the account is the canonical key ID. */
export const KEYCHAIN_SERVICE = 'Signet Docker Content Trust';

const KEY_ID = /^[0-9a-f]{64}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const HINT =
  'Signet keeps keys in the system keychain (macOS Keychain, Windows Credential Manager, or a Secret Service ' +
  'such as gnome-keyring or KWallet on Linux). Check that it is running and unlocked, or keep keys in the trust dir instead.';

/** Loads keytar (CommonJS, native) lazily, so importing this module never fails without it. */
function loadKeytar(): KeytarLike {
  try {
    const req = createRequire(import.meta.url);
    return req('keytar') as KeytarLike;
  } catch (e) {
    throw new SignetError('KEY_STORE', `the keychain module (keytar) cannot be loaded: ${(e as Error).message}`, {
      hint: HINT,
      cause: e,
    });
  }
}

/** What one keychain entry holds: the encrypted PEM and its headers, as JSON. Never a decrypted key. */
interface Entry {
  role: string;
  gun?: string;
  pem: string;
  /** RFC 3339 UTC, whole seconds; absent in entries written before Signet recorded it. */
  created?: string;
}

/** True for notary's encrypted forms: PKCS#8 `ENCRYPTED PRIVATE KEY`, or a legacy RFC 1423 encrypted PEM. */
export function isEncryptedPem(pem: string): boolean {
  return /-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(pem) || /^Proc-Type: 4,ENCRYPTED\s*$/m.test(pem);
}

/**
 * Keys in the OS keychain through keytar: one entry per key, service {@link KEYCHAIN_SERVICE},
 * account = canonical key ID, secret = `{"role","gun","pem","created"}` with the ENCRYPTED PEM only, so an
 * exported key is byte-identical to the imported file and the keychain adds a second lock, not the only one.
 */
export class KeychainKeyStore implements KeyStore {
  readonly location = 'keychain' as const;
  readonly service: string;
  private keytarModule: KeytarLike | undefined;
  private readonly keytarSource: KeytarLike | (() => KeytarLike) | undefined;

  constructor(opts: KeychainKeyStoreOptions = {}) {
    this.service = opts.service ?? KEYCHAIN_SERVICE;
    this.keytarSource = opts.keytar;
  }

  async list(): Promise<StoredKeyInfo[]> {
    const creds = await this.call('list the keys in', (k) => k.findCredentials(this.service));
    const out: StoredKeyInfo[] = [];
    for (const c of creds) {
      const entry = KEY_ID.test(c.account) ? parseEntry(c.password) : undefined;
      if (entry) out.push(this.info(c.account, entry));
    }
    return out.sort((a, b) => a.id.localeCompare(b.id));
  }

  async get(id: string): Promise<StoredKey | undefined> {
    if (!KEY_ID.test(id)) return undefined;
    const secret = await this.call(`read key ${id} from`, (k) => k.getPassword(this.service, id));
    if (secret === null) return undefined;
    const entry = parseEntry(secret);
    if (!entry)
      throw new SignetError(
        'KEY_STORE',
        `the keychain entry for key ${id} (service "${this.service}") is not a Signet key entry`,
      );
    return { info: this.info(id, entry), pem: entry.pem };
  }

  async add(key: StoredKey): Promise<void> {
    const { id, role, gun } = key.info;
    if (!KEY_ID.test(id)) throw new SignetError('KEY_STORE', `not a canonical key ID: ${JSON.stringify(id)}`);
    if (!isEncryptedPem(key.pem)) {
      throw new SignetError('KEY_STORE', `refusing to store key ${id} in the keychain unencrypted`, {
        hint: 'encrypt it with a passphrase first',
      });
    }
    const created = key.info.created ?? (await this.createdFor(id));
    const entry: Entry = {
      role,
      ...(gun !== undefined ? { gun } : {}),
      pem: key.pem,
      ...(created !== undefined ? { created } : {}),
    };
    await this.call(`store key ${id} in`, (k) => k.setPassword(this.service, id, JSON.stringify(entry)));
  }

  async remove(id: string): Promise<void> {
    if (!KEY_ID.test(id)) return;
    await this.call(`delete key ${id} from`, (k) => k.deletePassword(this.service, id));
  }

  /** Where keys are looked for, for error messages. */
  describe(): string {
    return `the keychain (service "${this.service}")`;
  }

  private info(id: string, e: Entry): StoredKeyInfo {
    return {
      id,
      role: e.role,
      ...(e.gun !== undefined ? { gun: e.gun } : {}),
      location: 'keychain',
      ...(e.created !== undefined ? { created: e.created } : {}),
    };
  }

  /**
   * `created` for a key being stored without one: an entry already under this ID keeps its own
   * (none, for an entry from before Signet recorded it: re-encrypting is not creating); a new entry gets now.
   */
  private async createdFor(id: string): Promise<string | undefined> {
    const existing = await this.call(`read key ${id} from`, (k) => k.getPassword(this.service, id));
    const entry = existing === null ? undefined : parseEntry(existing);
    return entry ? entry.created : rfc3339Seconds(new Date());
  }

  /** Runs a keytar call, turning any failure into KEY_STORE with a hint. */
  private async call<T>(what: string, fn: (k: KeytarLike) => Promise<T>): Promise<T> {
    try {
      if (!this.keytarModule) {
        const src = this.keytarSource;
        this.keytarModule = src === undefined ? loadKeytar() : typeof src === 'function' ? src() : src;
      }
      return await fn(this.keytarModule);
    } catch (e) {
      if (e instanceof SignetError) throw e;
      const detail = e instanceof Error ? e.message : String(e);
      throw new SignetError('KEY_STORE', `cannot ${what} the keychain: ${detail}`, { hint: hintFor(detail), cause: e });
    }
  }
}

/** The generic hint, prefixed with what the Secret Service error most likely means on Linux. */
function hintFor(detail: string): string {
  if (/D-Bus|DBus\.Error\.(ServiceUnknown|NoServer|FileNotFound)|Could not connect/i.test(detail)) {
    return `No Secret Service is reachable on the D-Bus session bus (is DBUS_SESSION_BUS_ADDRESS set, and gnome-keyring-daemon or KWallet running?). ${HINT}`;
  }
  if (/collection\/login|locked|No such secret collection|prompt/i.test(detail)) {
    return `The login keyring is missing or locked: unlock it (e.g. log in to the desktop session, or run gnome-keyring-daemon --unlock). ${HINT}`;
  }
  return HINT;
}

function parseEntry(secret: string): Entry | undefined {
  try {
    const o = JSON.parse(secret) as Partial<Entry>;
    if (!o || typeof o.role !== 'string' || typeof o.pem !== 'string') return undefined;
    if (o.gun !== undefined && typeof o.gun !== 'string') return undefined;
    // a malformed `created` is dropped, not fatal: the key itself is still usable
    const created = typeof o.created === 'string' && RFC3339.test(o.created) ? o.created : undefined;
    return {
      role: o.role,
      ...(o.gun !== undefined ? { gun: o.gun } : {}),
      pem: o.pem,
      ...(created !== undefined ? { created } : {}),
    };
  } catch {
    return undefined;
  }
}
