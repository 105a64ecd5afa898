/**
 * The token driver over a PKCS#11 module through pkcs11js (a native addon, loaded lazily like
 * keytar). Keys are laid out as notary's YubiKey store lays them out: one-byte CKA_IDs in notary's
 * slot order, the private key sensitive and not extractable, a certificate beside it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as Pkcs11Js from 'pkcs11js';
import { ecdsaPublicKey } from '../crypto/ecdsa.js';
import { keyCrypto } from '../crypto/key-crypto.js';
import { SignetError } from '../errors.js';
import type { PinState, TokenDriver, TokenInfo, TokenKey } from '../keystore/token.js';
import { pkcs11Error, tokenAbsent } from './pkcs11-errors.js';

type Lib = typeof Pkcs11Js;
type Handle = Buffer;

/** DER of the prime256v1 OID, the CKA_EC_PARAMS of a P-256 key. */
const P256_PARAMS = Buffer.from('06082a8648ce3d030107', 'hex');
/** notary's order of YubiKey slots (9c, 9e, 9d, 9a), then any other one-byte ID. */
const ID_ORDER = [2, 1, 3, 0, ...Array.from({ length: 252 }, (_, i) => i + 4)];

function loadLib(): Lib {
  try {
    return createRequire(import.meta.url)('pkcs11js') as Lib;
  } catch (e) {
    throw new SignetError('TOKEN_MODULE', `the PKCS#11 binding (pkcs11js) cannot be loaded: ${(e as Error).message}`, {
      hint: 'reinstall Signet (npm ci builds pkcs11js with node-gyp)',
      cause: e,
    });
  }
}

/** An EC point as tokens give it: DER OCTET STRING (the standard) or the bare uncompressed point. */
function uncompressedPoint(raw: Buffer): Buffer | undefined {
  if (raw.length === 65 && raw[0] === 0x04) return raw;
  if (raw.length === 67 && raw[0] === 0x04 && raw[1] === 0x41 && raw[2] === 0x04) return raw.subarray(2);
  return undefined;
}

function pinState(flags: number, lib: Lib): PinState {
  if (flags & lib.CKF_USER_PIN_LOCKED) return 'locked';
  if (flags & lib.CKF_USER_PIN_FINAL_TRY) return 'final-try';
  if (flags & lib.CKF_USER_PIN_COUNT_LOW) return 'count-low';
  return 'ok';
}

/**
 * A module is initialised once per process and stays so: PKCS#11 allows one C_Initialize per
 * application, and every driver (one per operation in the app) shares it; each has its own sessions.
 */
const LOADED = new Map<() => Lib, Map<string, { lib: Lib; p11: Pkcs11Js.PKCS11 }>>();

export class Pkcs11Driver implements TokenDriver {
  private lib: Lib | undefined;
  private p11: Pkcs11Js.PKCS11 | undefined;
  private readonly sessions = new Map<string, { slot: Handle; session: Handle; loggedIn: boolean }>();

  constructor(
    readonly module: string,
    private readonly load: () => Lib = loadLib,
  ) {}

  private open(): { lib: Lib; p11: Pkcs11Js.PKCS11 } {
    if (this.p11 && this.lib) return { lib: this.lib, p11: this.p11 };
    const byPath = LOADED.get(this.load) ?? new Map<string, { lib: Lib; p11: Pkcs11Js.PKCS11 }>();
    LOADED.set(this.load, byPath);
    let it = byPath.get(this.module);
    if (!it) {
      const lib = this.load();
      const p11 = new lib.PKCS11();
      try {
        p11.load(this.module);
        try {
          p11.C_Initialize();
        } catch (e) {
          if ((e as { code?: number }).code !== lib.CKR_CRYPTOKI_ALREADY_INITIALIZED) throw e;
        }
      } catch (e) {
        throw new SignetError(
          'TOKEN_MODULE',
          `the PKCS#11 module ${this.module} cannot be loaded: ${(e as Error).message}`,
          {
            hint: 'check the path (--pkcs11-module, SIGNET_PKCS11_MODULE, or Settings → Hardware tokens)',
            cause: e,
          },
        );
      }
      it = { lib, p11 };
      byPath.set(this.module, it);
    }
    [this.lib, this.p11] = [it.lib, it.p11];
    return it;
  }

  private slots(): Array<{ slot: Handle; info: Pkcs11Js.TokenInfo }> {
    const { p11 } = this.open();
    const out: Array<{ slot: Handle; info: Pkcs11Js.TokenInfo }> = [];
    for (const slot of p11.C_GetSlotList(true)) {
      try {
        out.push({ slot, info: p11.C_GetTokenInfo(slot) });
      } catch {
        // a token going away answers CKR_GENERAL_ERROR or CKR_TOKEN_NOT_PRESENT: it is not there
      }
    }
    return out.filter((s) => s.info.flags & this.lib!.CKF_TOKEN_INITIALIZED);
  }

  async listTokens(): Promise<TokenInfo[]> {
    const { lib, p11 } = this.open();
    return this.slots().map(({ slot, info }) => {
      let p256: boolean;
      try {
        const mechs = p11.C_GetMechanismList(slot);
        const fits = (m: number): boolean => {
          if (!mechs.includes(m)) return false;
          const mi = p11.C_GetMechanismInfo(slot, m);
          return mi.minKeySize <= 256 && mi.maxKeySize >= 256;
        };
        p256 = fits(lib.CKM_EC_KEY_PAIR_GEN) && fits(lib.CKM_ECDSA);
      } catch {
        p256 = false;
      }
      return {
        label: info.label.trim(),
        serial: info.serialNumber.trim(),
        manufacturer: info.manufacturerID.trim(),
        model: info.model.trim(),
        p256,
        pin: pinState(info.flags, lib),
      };
    });
  }

  /** The token's session, opened (read-write) on first use; TOKEN_ABSENT when it is not there. */
  private session(token: string): { slot: Handle; session: Handle; loggedIn: boolean } {
    const known = this.sessions.get(token);
    if (known) return known;
    const { lib, p11 } = this.open();
    const found = this.slots().find((s) => s.info.label.trim() === token);
    if (!found) throw tokenAbsent(token);
    const session = p11.C_OpenSession(found.slot, lib.CKF_SERIAL_SESSION | lib.CKF_RW_SESSION);
    const s = { slot: found.slot, session, loggedIn: false };
    this.sessions.set(token, s);
    return s;
  }

  /** Runs a PKCS#11 call on the token's session, mapping failures (a vanished token: TOKEN_ABSENT). */
  private call<T>(token: string, what: string, fn: (s: Handle, p11: Pkcs11Js.PKCS11, lib: Lib) => T): T {
    const s = this.session(token);
    const { lib, p11 } = this.open();
    try {
      return fn(s.session, p11, lib);
    } catch (e) {
      const present = this.slots().some((x) => x.info.label.trim() === token);
      if (!present) this.sessions.delete(token);
      throw pkcs11Error(e, token, what, present, lib);
    }
  }

  private find(s: Handle, p11: Pkcs11Js.PKCS11, template: Pkcs11Js.Template): Handle[] {
    p11.C_FindObjectsInit(s, template);
    try {
      return p11.C_FindObjects(s, 1000);
    } finally {
      p11.C_FindObjectsFinal(s);
    }
  }

  async listKeys(token: string): Promise<TokenKey[]> {
    return this.call(token, 'list keys', (s, p11, lib) => {
      const out: TokenKey[] = [];
      const template = [
        { type: lib.CKA_CLASS, value: lib.CKO_PUBLIC_KEY },
        { type: lib.CKA_KEY_TYPE, value: lib.CKK_EC },
      ];
      for (const h of this.find(s, p11, template)) {
        const [params, point, id, label] = p11.C_GetAttributeValue(s, h, [
          { type: lib.CKA_EC_PARAMS },
          { type: lib.CKA_EC_POINT },
          { type: lib.CKA_ID },
          { type: lib.CKA_LABEL },
        ]);
        const p = uncompressedPoint(point!.value as Buffer);
        if (!p || !P256_PARAMS.equals(params!.value as Buffer)) continue; // only P-256 keys sign for notary
        out.push({
          token,
          objectId: (id!.value as Buffer).toString('hex'),
          label: (label!.value as Buffer).toString('utf8'),
          publicKey: ecdsaPublicKey(new Uint8Array(p)),
        });
      }
      return out;
    });
  }

  loggedIn(token: string): boolean {
    return this.sessions.get(token)?.loggedIn === true;
  }

  async login(token: string, pin: string): Promise<void> {
    const s = this.session(token);
    this.call(token, 'log in', (session, p11, lib) => {
      try {
        p11.C_Login(session, lib.CKU_USER, pin);
      } catch (e) {
        if ((e as { code?: number }).code !== lib.CKR_USER_ALREADY_LOGGED_IN) throw e;
      }
    });
    s.loggedIn = true;
  }

  /** notary's next free one-byte CKA_ID on the token. */
  private freeId(s: Handle, p11: Pkcs11Js.PKCS11, lib: Lib): Buffer {
    const taken = new Set<number>();
    for (const h of this.find(s, p11, [{ type: lib.CKA_TOKEN, value: true }])) {
      const [id] = p11.C_GetAttributeValue(s, h, [{ type: lib.CKA_ID }]);
      const v = id!.value as Buffer;
      if (v.length === 1) taken.add(v[0]!);
    }
    const free = ID_ORDER.find((n) => !taken.has(n));
    return free === undefined ? randomBytes(8) : Buffer.from([free]);
  }

  private keyOf(token: string, s: Handle, p11: Pkcs11Js.PKCS11, lib: Lib, pub: Handle): TokenKey {
    const [point, id, label] = p11.C_GetAttributeValue(s, pub, [
      { type: lib.CKA_EC_POINT },
      { type: lib.CKA_ID },
      { type: lib.CKA_LABEL },
    ]);
    const p = uncompressedPoint(point!.value as Buffer);
    if (!p) throw new SignetError('TOKEN_ERROR', `the token "${token}" returned a public key that is not P-256`);
    return {
      token,
      objectId: (id!.value as Buffer).toString('hex'),
      label: (label!.value as Buffer).toString('utf8'),
      publicKey: ecdsaPublicKey(new Uint8Array(p)),
    };
  }

  async generateKey(token: string, label: string): Promise<TokenKey> {
    return this.call(token, 'generate a key', (s, p11, lib) => {
      const id = this.freeId(s, p11, lib);
      const common = [
        { type: lib.CKA_TOKEN, value: true },
        { type: lib.CKA_ID, value: id },
        { type: lib.CKA_LABEL, value: label },
      ];
      const keys = p11.C_GenerateKeyPair(
        s,
        { mechanism: lib.CKM_EC_KEY_PAIR_GEN },
        [
          ...common,
          { type: lib.CKA_EC_PARAMS, value: P256_PARAMS },
          { type: lib.CKA_VERIFY, value: true },
          { type: lib.CKA_PRIVATE, value: false },
        ],
        [
          ...common,
          { type: lib.CKA_SIGN, value: true },
          { type: lib.CKA_SENSITIVE, value: true },
          { type: lib.CKA_EXTRACTABLE, value: false },
          { type: lib.CKA_PRIVATE, value: true },
        ],
      );
      return this.keyOf(token, s, p11, lib, keys.publicKey);
    });
  }

  async importKey(token: string, label: string, secret: Uint8Array): Promise<TokenKey> {
    const point = keyCrypto().p256PublicFromSecret(secret);
    return this.call(token, 'import a key', (s, p11, lib) => {
      const id = this.freeId(s, p11, lib);
      const common = [
        { type: lib.CKA_TOKEN, value: true },
        { type: lib.CKA_ID, value: id },
        { type: lib.CKA_LABEL, value: label },
        { type: lib.CKA_KEY_TYPE, value: lib.CKK_EC },
        { type: lib.CKA_EC_PARAMS, value: P256_PARAMS },
      ];
      p11.C_CreateObject(s, [
        ...common,
        { type: lib.CKA_CLASS, value: lib.CKO_PRIVATE_KEY },
        { type: lib.CKA_VALUE, value: Buffer.from(secret) },
        { type: lib.CKA_SIGN, value: true },
        { type: lib.CKA_SENSITIVE, value: true },
        { type: lib.CKA_EXTRACTABLE, value: false },
        { type: lib.CKA_PRIVATE, value: true },
      ]);
      const pub = p11.C_CreateObject(s, [
        ...common,
        { type: lib.CKA_CLASS, value: lib.CKO_PUBLIC_KEY },
        // CKA_EC_POINT is the DER OCTET STRING of the point (PKCS#11 2.40 §2.3.3)
        { type: lib.CKA_EC_POINT, value: Buffer.concat([Buffer.from([0x04, 0x41]), Buffer.from(point)]) },
        { type: lib.CKA_VERIFY, value: true },
        { type: lib.CKA_PRIVATE, value: false },
      ]);
      return this.keyOf(token, s, p11, lib, pub);
    });
  }

  async writeCertificate(
    token: string,
    objectId: string,
    label: string,
    der: Uint8Array,
    subject: Uint8Array,
  ): Promise<void> {
    this.call(token, 'write the certificate', (s, p11, lib) => {
      p11.C_CreateObject(s, [
        { type: lib.CKA_CLASS, value: lib.CKO_CERTIFICATE },
        { type: lib.CKA_CERTIFICATE_TYPE, value: lib.CKC_X_509 },
        { type: lib.CKA_TOKEN, value: true },
        { type: lib.CKA_ID, value: Buffer.from(objectId, 'hex') },
        { type: lib.CKA_LABEL, value: label },
        { type: lib.CKA_SUBJECT, value: Buffer.from(subject) },
        { type: lib.CKA_VALUE, value: Buffer.from(der) },
      ]);
    });
  }

  async sign(token: string, objectId: string, message: Uint8Array): Promise<Uint8Array> {
    const digest = createHash('sha256').update(message).digest();
    return this.call(token, 'sign', (s, p11, lib) => {
      const [key] = this.find(s, p11, [
        { type: lib.CKA_CLASS, value: lib.CKO_PRIVATE_KEY },
        { type: lib.CKA_ID, value: Buffer.from(objectId, 'hex') },
      ]);
      if (!key) throw tokenAbsent(token, `the token "${token}" no longer holds the key (object ${objectId})`);
      p11.C_SignInit(s, { mechanism: lib.CKM_ECDSA }, key);
      return new Uint8Array(p11.C_Sign(s, digest, Buffer.alloc(132)));
    });
  }

  async removeKey(token: string, objectId: string): Promise<void> {
    this.call(token, 'remove the key', (s, p11, lib) => {
      for (const h of this.find(s, p11, [{ type: lib.CKA_ID, value: Buffer.from(objectId, 'hex') }])) {
        p11.C_DestroyObject(s, h);
      }
    });
  }

  async close(): Promise<void> {
    const p11 = this.p11;
    if (!p11) return;
    for (const { session } of this.sessions.values()) {
      try {
        p11.C_CloseSession(session);
      } catch {
        // the token went away: its session went with it
      }
    }
    this.sessions.clear();
    [this.p11, this.lib] = [undefined, undefined];
  }
}
