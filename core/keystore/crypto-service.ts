import { generateEcdsaKey } from '../crypto/ecdsa.js';
import { encryptPrivateKey, readKeyFileHeaders } from '../crypto/key-file.js';
import { localSigner } from '../crypto/local-signer.js';
import type { PrivateKey } from '../crypto/private-key.js';
import { isHardwareKey, type HeldKey } from '../crypto/held-key.js';
import type { Signer } from '../crypto/signer.js';
import { SignetError } from '../errors.js';
import type { PublicKeyJSON } from '../crypto/key-types.js';
import { rfc3339Seconds, type KeyLocation, type KeyStore, type StoredKey, type StoredKeyInfo } from './key-store.js';
import type { PassphraseSource } from './passphrase.js';
import { askCosignPassword, decryptAsking, encryptAsking } from './passphrase-crypto.js';
import type { TokenKeyInfo, TokenKeys } from './token-keys.js';

export interface CryptoServiceOptions {
  /** Where keys are looked up, in order; new and imported keys go to the first. */
  stores: KeyStore[];
  passphrases: PassphraseSource;
  /** The clock a new key's `created` comes from. */
  now: () => Date;
  /** Keys on hardware tokens (PKCS#11), looked up before the stores: a key copied to a token signs there. */
  tokens?: TokenKeys;
  /** The token a new key of this role is generated on (`--root-token`, `--token`), else a store. */
  newKeysOn?: (role: string) => string | undefined;
}

export interface ImportKeyOptions {
  /** Role header to store (default: the PEM's `role:` header, else `delegation` as notary does). */
  role?: string;
  /** GUN header; kept only for targets/snapshot/timestamp keys. Default: the PEM's `gun:` header. */
  gun?: string;
  /** Ask for a new passphrase and re-encrypt instead of keeping the file's passphrase. */
  newPassphrase?: boolean;
  /** Store to import into (default: the first store). */
  to?: KeyLocation;
  /** Also put the key on this token, after the store holds it (the backup, as notary does). */
  token?: string;
  /**
   * When the key was created, if the source knows (RFC 3339 UTC, whole seconds). A key the target
   * store already holds keeps its own; otherwise the store decides (the keychain records now).
   */
  created?: string;
}

/** notary writes a `gun:` header only for these roles (protocol §9). */
const GUN_ROLES = new Set(['targets', 'snapshot', 'timestamp']);
/** `o` with `gun` set only when there is one (no `gun: undefined` keys in requests and infos). */
const withGun = <T extends object>(o: T, gun: string | undefined): T & { gun?: string } => (gun ? { ...o, gun } : o);
const short = (id: string): string => id.slice(0, 7);
const describe = (s: KeyStore): string => (s as { describe?: () => string }).describe?.() ?? `${s.location} store`;

/**
 * notary's CryptoService: finds encrypted keys across stores, asks for passphrases (retrying on a
 * wrong one), and hands out decrypted keys and signers. Decrypted keys stay in memory for the
 * service's lifetime, so one operation asks once per key; {@link forget} drops them.
 */
export class CryptoService {
  private readonly stores: KeyStore[];
  private readonly passphrases: PassphraseSource;
  private readonly now: () => Date;
  private readonly unlocked = new Map<string, Promise<HeldKey>>();
  private readonly tokens: TokenKeys | undefined;
  private readonly newKeysOn: (role: string) => string | undefined;

  constructor(opts: CryptoServiceOptions) {
    if (opts.stores.length === 0) throw new SignetError('KEY_STORE', 'CryptoService needs at least one key store');
    this.stores = opts.stores;
    this.passphrases = opts.passphrases;
    this.now = opts.now;
    this.tokens = opts.tokens;
    this.newKeysOn = opts.newKeysOn ?? (() => undefined);
  }

  /** The tokens' keys (none without a PKCS#11 module). */
  private async tokenKeys(): Promise<TokenKeyInfo[]> {
    return this.tokens ? this.tokens.list() : [];
  }

  /**
   * Every key on every token and in every store; a key held twice is listed once, tokens first.
   * Last, the keys remembered on tokens not inserted now (`absent`) that no store has a copy of.
   */
  async listKeys(): Promise<StoredKeyInfo[]> {
    const seen = new Map<string, StoredKeyInfo>();
    for (const info of await this.tokenKeys()) if (!seen.has(info.id)) seen.set(info.id, info);
    for (const store of this.stores) {
      for (const info of await store.list()) if (!seen.has(info.id)) seen.set(info.id, info);
    }
    for (const info of (await this.tokens?.absent()) ?? []) if (!seen.has(info.id)) seen.set(info.id, info);
    return [...seen.values()];
  }

  /**
   * True if some store or token holds the key (nothing is decrypted), or a token not inserted now
   * does: signing with it then says to insert the token instead of leaving its role out.
   */
  async hasKey(id: string): Promise<boolean> {
    if ((await this.find(id)) !== undefined || (await this.tokens?.find(id)) !== undefined) return true;
    return (await this.tokens?.absentKey(id)) !== undefined;
  }

  /**
   * The key to sign with: on a token, logged in (its PIN asked); else decrypted, asking for its
   * passphrase (at most {@link MAX_PASSPHRASE_ATTEMPTS} times).
   */
  unlock(id: string): Promise<HeldKey> {
    let p = this.unlocked.get(id);
    if (!p) {
      p = this.load(id);
      this.unlocked.set(id, p);
      p.catch(() => this.unlocked.delete(id));
    }
    return p;
  }

  /** A signer for the key; `listedAs` is how the metadata lists it (a root key's certificate key). */
  async signer(id: string, listedAs?: { keyId: string; publicKey: PublicKeyJSON }): Promise<Signer> {
    return localSigner(await this.unlock(id), listedAs);
  }

  /**
   * Generates an ECDSA P-256 key: on `token` (or the token chosen for the role), never leaving it;
   * else encrypted with a new passphrase in the first store.
   */
  async generateKey(
    role: string,
    gun?: string,
    opts: { token?: string } = {},
  ): Promise<{ key: HeldKey; info: StoredKeyInfo }> {
    const token = opts.token ?? this.newKeysOn(role);
    if (token !== undefined) {
      const made = await this.mustTokens().generate(token, role, gun);
      this.unlocked.set(made.info.id, Promise.resolve(made.key));
      return made;
    }
    const key = generateEcdsaKey();
    const info: StoredKeyInfo = {
      ...this.infoFor(key.canonicalId, role, gun, this.stores[0]!.location),
      created: rfc3339Seconds(this.now()),
    };
    const pem = await encryptAsking(this.passphrases, key, info);
    await this.stores[0]!.add({ info, pem });
    this.unlocked.set(key.canonicalId, Promise.resolve(key));
    return { key, info };
  }

  /**
   * Imports a key file: decrypts it (asking its passphrase) to learn and check its ID, then stores
   * the PEM unchanged when it is encrypted and its headers already match, else re-encrypted. A
   * cosign.key is decrypted with its cosign password and stored under a new passphrase.
   */
  async importKey(pem: string, opts: ImportKeyOptions = {}): Promise<StoredKeyInfo> {
    const headers = readKeyFileHeaders(pem);
    const role = opts.role ?? headers.role ?? 'delegation';
    const store = opts.to ? this.stores.find((s) => s.location === opts.to) : this.stores[0];
    if (!store) throw new SignetError('KEY_STORE', `no ${opts.to} key store is configured`);
    const { key, passphrase } = await decryptAsking(
      this.passphrases,
      pem,
      withGun({ keyId: '', role }, opts.gun ?? headers.gun),
    );
    // re-importing a key the store already holds (same ID) keeps its creation time
    const created = (await store.get(key.canonicalId).catch(() => undefined))?.info.created ?? opts.created;
    const info: StoredKeyInfo = {
      ...this.infoFor(key.canonicalId, role, opts.gun ?? headers.gun, store.location),
      ...(created !== undefined ? { created } : {}),
    };
    const same =
      headers.encrypted &&
      headers.role === info.role &&
      headers.gun === info.gun &&
      /^-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(pem.trimStart());
    let stored = pem;
    if (opts.newPassphrase || passphrase === undefined) stored = await encryptAsking(this.passphrases, key, info);
    else if (!same) stored = encryptPrivateKey(key, passphrase, { role: info.role, gun: info.gun });
    await store.add({ info, pem: stored });
    this.unlocked.set(key.canonicalId, Promise.resolve(key));
    if (opts.token !== undefined) await this.copyToToken(key.canonicalId, opts.token);
    if (created !== undefined) return info;
    // the store may have recorded a time of its own (the keychain: now; the trust dir: the file's birth)
    const recorded = (await store.get(key.canonicalId).catch(() => undefined))?.info.created;
    return recorded !== undefined ? { ...info, created: recorded } : info;
  }

  /** The stored encrypted PEM, byte for byte (portable to docker and notary). */
  async exportKey(id: string): Promise<string> {
    return (await this.mustFind(id)).key.pem;
  }

  /**
   * Puts a software key on a token (notary's import to a YubiKey): the key is decrypted (its
   * passphrase asked) and written to the token; the software copy stays as the backup, and is
   * removed only when `removeSoftwareCopy` says the user agreed.
   */
  async copyToToken(id: string, token: string, opts: { removeSoftwareCopy?: boolean } = {}): Promise<StoredKeyInfo> {
    const { key: stored } = await this.mustFind(id);
    const key = await this.unlockSoftwareCopy(id);
    const made = await this.mustTokens().importKey(token, key, stored.info.role, stored.info.gun);
    if (opts.removeSoftwareCopy) for (const store of this.stores) await store.remove(id);
    this.unlocked.set(id, Promise.resolve(made.key));
    return made.info;
  }

  /**
   * Re-encrypts a key under a new passphrase (asks the old one, then a new one), in the store that
   * holds it; the stored info, `created` included, is kept (same key, same ID).
   */
  async changePassphrase(id: string): Promise<void> {
    const { store, key: stored } = await this.mustFind(id);
    const key = await this.decrypted(id); // the software copy, even when a token holds the key too
    await store.add({ info: stored.info, pem: await encryptAsking(this.passphrases, key, stored.info) });
  }

  /** Deletes the key from every store and token holding it and from the cache; KEY_NOT_FOUND if none does. */
  async removeKey(id: string): Promise<void> {
    const onToken = await this.tokens?.find(id);
    if (!onToken) await this.mustFind(id);
    if (onToken) await this.tokens!.remove(id);
    for (const store of this.stores) await store.remove(id);
    this.unlocked.delete(id);
  }

  /** Stops listing a key remembered on a token that is not inserted (the key stays on the token). */
  async forgetTokenKey(id: string): Promise<void> {
    await this.mustTokens().forget(id);
    this.unlocked.delete(id);
  }

  /** Drops every decrypted key held in memory. */
  forget(): void {
    this.unlocked.clear();
  }

  /** Forgets the keys and ends the token sessions (a token logs out when its last session ends). */
  async close(): Promise<void> {
    this.forget();
    await this.tokens?.close();
  }

  private async find(id: string): Promise<{ store: KeyStore; key: StoredKey } | undefined> {
    for (const store of this.stores) {
      const key = await store.get(id);
      if (key) return { store, key };
    }
    return undefined;
  }

  private mustTokens(): TokenKeys {
    if (this.tokens) return this.tokens;
    throw new SignetError('TOKEN_MODULE', 'no PKCS#11 module is configured, so no token can be used', {
      hint: 'name the module with --pkcs11-module PATH or SIGNET_PKCS11_MODULE (libykcs11, opensc-pkcs11, libsofthsm2)',
    });
  }

  private async mustFind(id: string): Promise<{ store: KeyStore; key: StoredKey }> {
    const found = await this.find(id);
    if (found) return found;
    const onToken = await this.tokens?.find(id);
    if (onToken) {
      throw new SignetError(
        'KEY_UNSUPPORTED',
        `key ${short(id)} is on the token "${onToken.info.token}" and has no software copy here`,
        {
          hint: "a key on a token never leaves it: it signs in place (signet migrate makes cosign signatures with it), and its PIN is the token's",
        },
      );
    }
    const absent = await this.tokens?.absentKey(id);
    if (absent) throw this.tokens!.notInserted(absent);
    throw new SignetError(
      'KEY_NOT_FOUND',
      `no private key with ID ${id} in ${this.stores.map(describe).join(' or ')}`,
      {
        hint: 'import the key file (<id>.key from the trust/private directory of the machine that created it) first',
      },
    );
  }

  private async load(id: string): Promise<HeldKey> {
    if (this.tokens && (await this.tokens.find(id))) return this.tokens.open(id);
    return this.decrypted(id);
  }

  /**
   * The software copy of a key, decrypted (asking its passphrase), even when a token holds the key
   * too: for what only a key file can do (a cosign key file). KEY_UNSUPPORTED naming the token
   * when the token holds the only copy; no PIN is asked.
   */
  async unlockSoftwareCopy(id: string): Promise<PrivateKey> {
    // the cache, when it holds the decrypted key (never from inside load(): that would wait on itself)
    const cached = await this.unlocked.get(id)?.catch(() => undefined);
    return cached && !isHardwareKey(cached) ? cached : this.decrypted(id);
  }

  /** The software copy, decrypted (asking its passphrase); never a token's. */
  private async decrypted(id: string): Promise<PrivateKey> {
    const { key: stored } = await this.mustFind(id);
    const { key } = await decryptAsking(
      this.passphrases,
      stored.pem,
      withGun({ keyId: id, role: stored.info.role }, stored.info.gun),
    );
    if (key.canonicalId !== id) {
      throw new SignetError('KEY_STORE', `the key stored as ${id} is really key ${key.canonicalId}`, {
        hint: 'the key file was renamed or corrupted; re-import it',
      });
    }
    return key;
  }

  /**
   * The password for a cosign copy of key `id` (what `cosign sign --key` will ask): COSIGN_PASSWORD
   * or asked twice, as a new passphrase is. An empty one is refused: the file would be as good as
   * unencrypted.
   */
  async newCosignPassword(id: string): Promise<string> {
    return askCosignPassword(this.passphrases, id);
  }

  private infoFor(id: string, role: string, gun: string | undefined, location: KeyLocation): StoredKeyInfo {
    return withGun({ id, role, location }, GUN_ROLES.has(role) ? gun : undefined);
  }
}
