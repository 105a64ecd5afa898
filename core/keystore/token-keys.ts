import type { HardwareKey } from '../crypto/held-key.js';
import { keyId } from '../crypto/key-id.js';
import { keyIdCrypto } from '../crypto/key-crypto.js';
import { decodePem } from '../crypto/pem.js';
import type { PrivateKey } from '../crypto/private-key.js';
import { cnName, rootCertificateFor } from '../crypto/root-cert.js';
import { SignetError, isSignetError } from '../errors.js';
import type { StoredKeyInfo } from './key-store.js';
import type { PassphraseSource } from './passphrase.js';
import { loginToToken } from './token-login.js';
import { parseTokenKeyLabel, tokenKeyLabel, type TokenDriver, type TokenInfo, type TokenKey } from './token.js';
import { rememberListing, type TokenKeyMemory } from './token-key-memory.js';

/** A key on a token as the key lists show it: location `hardware`, `token` its label. */
export type TokenKeyInfo = StoredKeyInfo & { location: 'hardware'; token: string };

type Listed = { present: Array<{ info: TokenKeyInfo; key: TokenKey }>; absent: TokenKeyInfo[] };

const GUN_ROLES = new Set(['targets', 'snapshot', 'timestamp']);

/**
 * The keys on the tokens of one PKCS#11 module, as the crypto service uses them: listed without a
 * PIN, unlocked by logging in once per token (the PIN asked through the passphrase source, never
 * kept), generated and imported as notary's YubiKey store does (the key, then a self-signed
 * certificate with CN=<role> beside it, same CKA_ID).
 */
export class TokenKeys {
  private listed: Promise<Listed> | undefined;

  constructor(
    readonly driver: TokenDriver,
    private readonly passphrases: PassphraseSource,
    private readonly now: () => Date,
    /** Called before a token signs: a token with a touch policy waits for a touch (the CLI says so). */
    private readonly onSign: (token: string) => void = () => undefined,
    /** Where the keys seen on tokens are remembered, so an unplugged token's keys are still named. */
    private readonly memory?: TokenKeyMemory,
  ) {}

  listTokens(): Promise<TokenInfo[]> {
    return this.driver.listTokens();
  }

  /** Every P-256 key on every token present, by canonical ID. */
  async list(): Promise<TokenKeyInfo[]> {
    return (await this.all()).present.map((k) => k.info);
  }

  /** Keys remembered on tokens that are not inserted now (`absent`: true). */
  async absent(): Promise<TokenKeyInfo[]> {
    return (await this.all()).absent;
  }

  async find(id: string): Promise<{ info: TokenKeyInfo; key: TokenKey } | undefined> {
    return (await this.all()).present.find((k) => k.info.id === id);
  }

  /** The key when it is remembered on a token that is not inserted. */
  async absentKey(id: string): Promise<TokenKeyInfo | undefined> {
    return (await this.all()).absent.find((k) => k.id === id);
  }

  /** The module by file name: messages reach the app's window, which never shows a path. */
  private moduleName(): string {
    return this.driver.module.split(/[\\/]/).pop() ?? this.driver.module;
  }

  /**
   * Stops listing a key remembered on a token that is not inserted (a token lost or retired); the
   * key itself is not touched, and is listed again if its token comes back.
   */
  async forget(id: string): Promise<void> {
    const gone = await this.absentKey(id);
    if (!gone) {
      const here = await this.find(id);
      throw here
        ? new SignetError(
            'BAD_INPUT',
            `key ${id.slice(0, 7)} is on the token "${here.info.token}", which is inserted`,
            {
              hint: 'only a key whose token is not inserted can be forgotten; delete it from the token instead',
            },
          )
        : new SignetError('KEY_NOT_FOUND', `no key ${id.slice(0, 7)} is remembered on a token`);
    }
    await this.memory?.write((await this.memory.read()).filter((k) => k.id !== id || k.token !== gone.token));
    this.listed = undefined;
  }

  /** TOKEN_ABSENT naming the token a remembered key is on. */
  notInserted(k: TokenKeyInfo): SignetError {
    return new SignetError(
      'TOKEN_ABSENT',
      `key ${k.id.slice(0, 7)} is on the token "${k.token}", which is not inserted`,
      {
        hint: `insert the token "${k.token}" and try again (PKCS#11 module ${this.moduleName()}); if it is lost or retired, forget the key (signet key remove --forget ${k.id.slice(0, 12)})`,
      },
    );
  }

  /** The tokens' keys, read once per instance (one operation) and again after a change. */
  private all(): Promise<Listed> {
    this.listed ??= (async () => {
      const present: Listed['present'] = [];
      const answered = new Set<string>();
      for (const t of await this.driver.listTokens()) {
        try {
          for (const key of await this.driver.listKeys(t.label)) present.push({ info: this.infoOf(key), key });
          answered.add(t.label);
        } catch (e) {
          if (!isSignetError(e, 'TOKEN_ABSENT')) throw e; // pulled out while listing
        }
      }
      return {
        present,
        absent: await rememberListing(
          this.memory,
          answered,
          present.map((k) => k.info),
        ),
      };
    })();
    this.listed.catch(() => (this.listed = undefined));
    return this.listed;
  }

  /** The key as a signer's HeldKey, logged in (the PIN asked) before it is returned. */
  async open(id: string): Promise<HardwareKey> {
    const found = await this.find(id);
    if (!found) {
      const gone = await this.absentKey(id);
      if (gone) throw this.notInserted(gone);
      throw new SignetError('KEY_NOT_FOUND', `no token holds key ${id.slice(0, 7)}`);
    }
    await this.login(found.info.token, found.info);
    return this.hardwareKey(found.key, found.info.id);
  }

  /** A token by label, checked able to hold P-256 keys: TOKEN_ABSENT / TOKEN_UNSUPPORTED otherwise. */
  async token(label: string): Promise<TokenInfo> {
    const tokens = await this.driver.listTokens();
    const t = tokens.find((x) => x.label === label);
    if (!t) {
      const present = tokens.map((x) => `"${x.label}"`).join(', ');
      throw new SignetError('TOKEN_ABSENT', `no token labelled "${label}" is present (module ${this.moduleName()})`, {
        hint: present ? `insert it, or name one of the tokens present: ${present}` : 'insert the token and try again',
      });
    }
    if (!t.p256) {
      throw new SignetError('TOKEN_UNSUPPORTED', `the token "${label}" cannot generate or sign with ECDSA P-256 keys`, {
        hint: 'docker and notary keys are ECDSA P-256: use a token that supports it (YubiKey PIV, an HSM, SoftHSM)',
      });
    }
    return t;
  }

  /** Generates a non-extractable P-256 key on the token, with notary's certificate beside it. */
  async generate(token: string, role: string, gun?: string): Promise<{ key: HardwareKey; info: TokenKeyInfo }> {
    await this.token(token);
    await this.login(token, { id: '', role });
    const made = await this.driver.generateKey(token, tokenKeyLabel(role, GUN_ROLES.has(role) ? gun : undefined));
    return this.finish(made, role);
  }

  /** Writes a software key to the token (the caller keeps the software copy as the backup). */
  async importKey(
    token: string,
    key: PrivateKey,
    role: string,
    gun?: string,
  ): Promise<{ key: HardwareKey; info: TokenKeyInfo }> {
    if (key.algorithm !== 'ecdsa') {
      throw new SignetError('KEY_UNSUPPORTED', `only ECDSA P-256 keys go on a token, not ${key.algorithm}`);
    }
    await this.token(token);
    if ((await this.find(key.canonicalId))?.info.token === token) {
      throw new SignetError('BAD_INPUT', `the token "${token}" holds key ${key.canonicalId.slice(0, 7)} already`);
    }
    await this.login(token, { id: key.canonicalId, role });
    const label = tokenKeyLabel(role, GUN_ROLES.has(role) ? gun : undefined);
    return this.finish(await this.driver.importKey(token, label, key.secret), role);
  }

  /** Deletes a key from its token (asks the PIN). */
  async remove(id: string): Promise<void> {
    const found = await this.find(id);
    if (!found) return;
    await this.login(found.info.token, found.info);
    await this.driver.removeKey(found.info.token, found.key.objectId);
    await this.relist();
  }

  close(): Promise<void> {
    return this.driver.close();
  }

  private async finish(made: TokenKey, role: string): Promise<{ key: HardwareKey; info: TokenKeyInfo }> {
    this.listed = undefined; // the new key is on the token even if its certificate fails below
    const info = this.infoOf(made);
    const key = this.hardwareKey(made, info.id);
    // notary's YubiKey store lists a key by this certificate (CN = role), signed on the token
    const cert = await rootCertificateFor(key, role, this.now());
    await this.driver.writeCertificate(made.token, made.objectId, made.label, decodePem(cert.pem).bytes, cnName(role));
    await this.relist();
    return { key, info };
  }

  /** Lists the tokens again after a change, so the memory has it now: a command may end before it lists them again. */
  private async relist(): Promise<void> {
    this.listed = undefined;
    await this.all();
  }

  private infoOf(k: TokenKey): TokenKeyInfo {
    const { role, gun } = parseTokenKeyLabel(k.label);
    const id = keyId(k.publicKey, keyIdCrypto);
    return { id, role, ...(gun ? { gun } : {}), location: 'hardware', token: k.token };
  }

  private hardwareKey(k: TokenKey, id: string): HardwareKey {
    const driver = this.driver;
    return {
      algorithm: 'ecdsa',
      publicKey: k.publicKey,
      canonicalId: id,
      token: k.token,
      sign: (message) => {
        this.onSign(k.token);
        return driver.sign(k.token, k.objectId, message);
      },
    };
  }
  private login(token: string, key: { id: string; role: string }): Promise<void> {
    return loginToToken(this.driver, this.passphrases, (label) => this.token(label), token, key);
  }
}
