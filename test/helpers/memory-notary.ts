/**
 * An in-memory notary-server double for UNIT tests (RemoteStore). It stores the exact uploaded
 * bytes and serves them as notary-server routes them (`<role>`, `<role>.<sha256 hex>`, `<N>.<role>`),
 * and on publish validates like notary's server/handlers/validation.go + storage:
 *   - every uploaded role must be newer than the stored one, else 400 VERSION (storage ErrOldVersion);
 *   - root: version current or current + 1, signed by the previous root's keys/threshold and by its own;
 *   - targets and delegations: signature thresholds against their (uploaded or stored) parents;
 *   - a client snapshot must pin the uploaded roles' raw bytes and be signed by root's snapshot keys;
 *   - without a snapshot the server builds one itself (previous + 1, 3 years), its meta computed over
 *     the Go re-marshal of each uploaded file (here: parse + encodeEnvelope, protocol §0);
 *   - and always a new timestamp (previous + 1, 14 days) signed with its own ed25519/ecdsa key.
 * Server keys: until a root exists every GET of `<role>.key` makes a new key (as the real server).
 * Fault injection: failNextPublish (e.g. a 5xx), hangNextPublish (never settles until aborted),
 * beforeNextPublish (another writer publishes in between), failGets.
 */
import { createHash, randomBytes } from 'node:crypto';
import { generateEcdsaKey, ed25519PrivateKey, signWithKey } from '../../core/crypto/ecdsa.js';
import { keyId } from '../../core/crypto/key-id.js';
import type { PrivateKey } from '../../core/crypto/private-key.js';
import { SignetError } from '../../core/errors.js';
import { nodeCrypto } from '../../core/node/node-crypto.js';
import type { RemoteStore } from '../../core/notary/remote-store.js';
import type { ChangefeedPage, ChangeRecord } from '../../core/notary/changefeed.js';
import { canonicalBytes, encodeEnvelope } from '../../core/crypto/canonical-json.js';
import { parentOf } from '../../core/tuf/delegations.js';
import { formatExpires, parseExpires } from '../../core/tuf/expires.js';
import { parseSignedFile } from '../../core/tuf/parse.js';
import type {
  FileMeta,
  PublicKeyJSON,
  RoleKeys,
  RoleName,
  RootSigned,
  SignatureJSON,
  SignedFile,
  SnapshotSigned,
  TargetsSigned,
  TimestampSigned,
} from '../../core/tuf/types.js';
import { checkExpiry, verifySignatures } from '../../core/tuf/verify.js';
import { toBase64 } from '../../core/util/bytes.js';
import { CryptoService } from '../../core/keystore/crypto-service.js';
import { MemoryKeyStore } from '../../core/keystore/memory-key-store.js';
import type { PassphraseRequest, PassphraseSource } from '../../core/keystore/passphrase.js';
import { MemoryMetadataCache } from '../../core/notary/metadata-cache.js';
import { updateRepository, type TrustedRepository } from '../../core/notary/tuf-client.js';
import { MemoryChangeStore, type Change, type ChangeStore } from '../../core/trust/changelist.js';
import { initialRepository, type InitResult } from '../../core/trust/initialize.js';
import { heldKeyIds, keySignerLookup } from '../../core/trust/key-signers.js';
import { publishChanges, type PublishResult } from '../../core/trust/publish.js';
import { TEST_NOW } from './repo-builder.js';

const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;

export interface MemoryNotaryOptions {
  /** Server key algorithm (notary-server's `local` trust service: ed25519; notary-signer: ecdsa). */
  keyAlgorithm?: 'ed25519' | 'ecdsa';
  /** The server's clock (expiry of uploaded roles is checked against it; new snapshot/timestamp expiries). */
  now?: () => Date;
  baseUrl?: string;
}

/** One accepted publish: the uploaded files, plus what the server made. */
export interface PublishRecord {
  uploaded: Map<RoleName, Uint8Array>;
  /** Snapshot bytes the server built (undefined when the client uploaded one). */
  serverSnapshot?: Uint8Array;
  timestamp: Uint8Array;
}

export interface HangControl {
  /** Resolves once the hung publish has been entered. */
  entered: Promise<void>;
  /** Makes the hung publish reject with `reason` (nothing stored). */
  abort(reason?: unknown): void;
}

const sha256hex = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/**
 * Go's RFC3339Nano re-marshal of a time: the fraction without trailing zeros (dropped when zero),
 * the offset kept. `…T01:01:10.000Z` → `…T01:01:10Z` (the live-confirmed case of protocol §0).
 */
function goTime(s: string): string {
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(s);
  if (!m) return s;
  const frac = (m[2] ?? '').replace(/0+$/, '');
  return `${m[1]}${frac ? `.${frac}` : ''}${m[3]}`;
}

/**
 * What notary-server stores a hash of: its Go re-serialisation of the parsed file (protocol §0),
 * i.e. the canonical envelope with Go's time form and lower-case methods.
 */
export function goRemarshal(file: SignedFile): Uint8Array {
  const signed = { ...(file.signedValue as Record<string, unknown>) };
  if (typeof signed['expires'] === 'string') signed['expires'] = goTime(signed['expires']);
  const sigs = file.signatures.map((s) => ({ keyid: s.keyid, method: s.method.toLowerCase(), sig: s.sig }));
  return encodeEnvelope(signed, sigs);
}

function fileMeta(bytes: Uint8Array): FileMeta {
  return {
    hashes: { sha256: toBase64(nodeCrypto.sha256(bytes)), sha512: toBase64(nodeCrypto.sha512(bytes)) },
    length: bytes.length,
  };
}

function sameMeta(bytes: Uint8Array, meta: FileMeta | undefined): boolean {
  if (!meta || meta.length !== bytes.length) return false;
  const want = fileMeta(bytes);
  let checked = 0;
  for (const alg of ['sha256', 'sha512'] as const) {
    if (meta.hashes[alg] === undefined) continue;
    if (meta.hashes[alg] !== want.hashes[alg]) return false;
    checked++;
  }
  return checked > 0;
}

export class MemoryNotary implements RemoteStore {
  readonly baseUrl: string;
  readonly keyAlgorithm: 'ed25519' | 'ecdsa';
  /** Every request, as `GET <name>`, `GET <role>.key`, `POST <role>.key`, `POST files...`. */
  readonly requests: string[] = [];
  /** Accepted publishes, oldest first. */
  readonly published: PublishRecord[] = [];
  /** Rejected publishes (the error thrown), oldest first. */
  readonly rejected: SignetError[] = [];
  /** When set, every GET (metadata and keys) throws it (an outage). */
  failGets: SignetError | undefined;
  /** The changefeed: one record per accepted publish (and timestamp re-sign), as notary-server's. */
  readonly changes: ChangeRecord[] = [];
  /** When false, the changefeed route answers 404 (a server without one). */
  serveChangefeed = true;
  /** When false, `<N>.<role>` and `<role>.<sha256>` of superseded versions answer 404 (a server that lost them). */
  serveOldVersions = true;
  /** Re-sign an expired timestamp when it is read, as notary-server does (default true). */
  autoRefresh = true;
  now: () => Date;

  /** Current bytes per role. */
  private readonly current = new Map<RoleName, Uint8Array>();
  /** Every stored version: `<role>.<sha256>` and `<N>.<role>` names. */
  private readonly byName = new Map<string, Uint8Array>();
  /** Every server key ever made, by key ID. */
  private readonly serverKeys = new Map<string, PrivateKey>();
  /** Server key handed out for a role that root does not list (client-held snapshot key case). */
  private readonly spare = new Map<'timestamp' | 'snapshot', PrivateKey>();
  private faults: Array<
    | { kind: 'fail'; error: SignetError }
    | { kind: 'hang'; control: HangControl & { wait: Promise<never>; enter: () => void } }
  > = [];
  private before: Array<(files: Map<RoleName, Uint8Array>) => Promise<void> | void> = [];

  constructor(
    readonly gun: string,
    opts: MemoryNotaryOptions = {},
  ) {
    this.baseUrl = opts.baseUrl ?? 'https://memory-notary.test';
    this.keyAlgorithm = opts.keyAlgorithm ?? 'ed25519';
    this.now = opts.now ?? (() => new Date());
  }

  private get tufUrl(): string {
    return `${this.baseUrl}/v2/${this.gun}/_trust/tuf/`;
  }

  /* ------------------------------------------------------------ fault injection */

  /** The next publish throws `error` (default: a 503 as HttpRemoteStore maps it) without storing anything. */
  failNextPublish(error?: SignetError): void {
    this.faults.push({
      kind: 'fail',
      error:
        error ??
        new SignetError('HTTP_SERVER_ERROR', `publishing for ${this.gun}: ${this.tufUrl} answered 503 Server Error`, {
          cause: { status: 503, errors: [] },
        }),
    });
  }

  /** The next publish never settles until `abort()` is called (a server that hangs). */
  hangNextPublish(): HangControl {
    let abort!: (reason?: unknown) => void;
    let enter!: () => void;
    const entered = new Promise<void>((r) => (enter = r));
    const wait = new Promise<never>((_, reject) => (abort = reject));
    wait.catch(() => undefined);
    const control = {
      entered,
      abort: (reason?: unknown) =>
        abort(reason ?? new SignetError('HTTP_TIMEOUT', `publishing for ${this.gun}: ${this.tufUrl} did not answer`)),
      wait,
      enter,
    };
    this.faults.push({ kind: 'hang', control });
    return control;
  }

  /** Runs `fn` when the next publish arrives, before it is validated (e.g. another writer publishes first). */
  beforeNextPublish(fn: (files: Map<RoleName, Uint8Array>) => Promise<void> | void): void {
    this.before.push(fn);
  }

  /* ------------------------------------------------------------ reads */

  async getMeta(name: string, maxBytes: number): Promise<Uint8Array> {
    this.requests.push(`GET ${name}`);
    if (this.failGets) throw this.failGets;
    if (name === 'timestamp' && this.autoRefresh) {
      // notary-server GetOrCreateTimestamp: an expired timestamp is re-signed when read
      const ts = this.parsed<TimestampSigned>('timestamp');
      if (ts && parseExpires(ts.signed.expires).getTime() < this.now().getTime()) this.refreshTimestamp(this.now());
    }
    const bytes =
      this.current.get(name) ??
      (this.serveOldVersions || [...this.current.values()].includes(this.byName.get(name)!)
        ? this.byName.get(name)
        : undefined);
    if (bytes === undefined) {
      throw new SignetError(
        'HTTP_NOT_FOUND',
        `fetching ${name}.json for ${this.gun}: ${this.tufUrl}${name}.json answered 404 Not Found: METADATA_NOT_FOUND: You have requested metadata that does not exist.`,
      );
    }
    if (bytes.length > maxBytes)
      throw new SignetError('HTTP_TOO_LARGE', `${name}.json is larger than ${maxBytes} bytes`);
    return bytes.slice();
  }

  async getVersion(role: RoleName, version: number, maxBytes: number): Promise<Uint8Array> {
    return this.getMeta(`${version}.${role}`, maxBytes);
  }

  async getChangefeed(changeId: string, records: number): Promise<ChangefeedPage> {
    this.requests.push(`GET changefeed ${changeId} ${records}`);
    if (this.failGets) throw this.failGets;
    if (!this.serveChangefeed) {
      throw new SignetError('HTTP_NOT_FOUND', `reading the changefeed of ${this.gun}: 404 Not Found`);
    }
    const after = this.changes.filter((c) => BigInt(c.id) > BigInt(changeId)).slice(0, records);
    return { count: after.length, records: after.map((c) => ({ ...c })) };
  }

  /** Replaces the bytes served for a stored version (`<N>.<role>` and its old checksum name): tampering. */
  tamper(name: string, bytes: Uint8Array): void {
    const old = this.byName.get(name);
    for (const [k, v] of this.byName) if (v === old) this.byName.set(k, bytes);
  }

  private recordChange(timestamp: Uint8Array): void {
    const version = parseSignedFile('timestamp', timestamp).signed.version;
    this.changes.push({
      id: String(this.changes.length + 1),
      createdAt: this.now().toISOString(),
      gun: this.gun,
      version,
      sha256: sha256hex(timestamp),
      category: 'update',
    });
  }

  /** The current bytes of a role (undefined when absent), for assertions. */
  file(role: RoleName): Uint8Array | undefined {
    return this.current.get(role)?.slice();
  }

  /** The parsed current file of a role. */
  parsed<T extends RootSigned | TargetsSigned | SnapshotSigned | TimestampSigned>(
    role: RoleName,
  ): SignedFile<T> | undefined {
    const b = this.current.get(role);
    return b ? (parseSignedFile(role, b) as SignedFile<T>) : undefined;
  }

  /** Versions of every current role, e.g. `{root: 1, targets: 2, snapshot: 1, timestamp: 1}`. */
  versions(): Record<RoleName, number> {
    const out: Record<RoleName, number> = {};
    for (const role of [...this.current.keys()].sort()) out[role] = this.parsed(role)!.signed.version;
    return out;
  }

  /** A copy of all current files (role → bytes). */
  snapshotState(): Map<RoleName, Uint8Array> {
    return new Map([...this.current].map(([k, v]) => [k, v.slice()]));
  }

  /* ------------------------------------------------------------ keys */

  private newKey(): PrivateKey {
    const key =
      this.keyAlgorithm === 'ed25519' ? ed25519PrivateKey(new Uint8Array(randomBytes(32))) : generateEcdsaKey();
    this.serverKeys.set(keyId(key.publicKey, nodeCrypto), key);
    return key;
  }

  /** The server key root lists for a role, if the server holds it. */
  private heldKeyFor(root: RootSigned, role: 'timestamp' | 'snapshot'): PrivateKey | undefined {
    for (const id of root.roles[role].keyids) {
      const k = this.serverKeys.get(id);
      if (k) return k;
    }
    return undefined;
  }

  async getKey(role: 'timestamp' | 'snapshot'): Promise<PublicKeyJSON> {
    this.requests.push(`GET ${role}.key`);
    if (this.failGets) throw this.failGets;
    const root = this.parsed<RootSigned>('root');
    if (!root) return this.newKey().publicKey; // no root yet: a new key every time, as notary-server does
    const held = this.heldKeyFor(root.signed, role);
    if (held) return held.publicKey;
    let spare = this.spare.get(role);
    if (!spare) this.spare.set(role, (spare = this.newKey()));
    return spare.publicKey;
  }

  async rotateKey(role: 'timestamp' | 'snapshot'): Promise<PublicKeyJSON> {
    this.requests.push(`POST ${role}.key`);
    const key = this.newKey();
    this.spare.set(role, key);
    return key.publicKey;
  }

  /* ------------------------------------------------------------ publish */

  private reject(
    code: 'INVALID_UPDATE' | 'VERSION' | 'MALFORMED_UPLOAD' | 'INVALID_ROLE',
    roles: string[],
    detail: string,
    name?: string,
  ): SignetError {
    const body =
      code === 'VERSION'
        ? 'VERSION: A newer version of metadata is already available.'
        : code === 'INVALID_UPDATE'
          ? `INVALID_UPDATE: Update sent by the client is invalid. (${name ?? 'ErrValidation'}: ${detail})`
          : `${code}: ${detail}`;
    const e = new SignetError(
      'NOTARY_REJECTED',
      `publishing ${roles.join(', ')} for ${this.gun}: ${this.tufUrl} answered 400 Bad Request: ${body}`,
      {
        hint: 'the server refused the request; the server message above says why',
        cause: { status: 400, errors: [{ code, message: body }] },
      },
    );
    this.rejected.push(e);
    return e;
  }

  async publish(files: Map<RoleName, Uint8Array>): Promise<void> {
    const roles = [...files.keys()];
    this.requests.push(`POST ${roles.join(',')}`);
    const uploaded = new Map([...files].map(([k, v]) => [k, v.slice()]));
    const fault = this.faults.shift();
    if (fault?.kind === 'fail') throw fault.error;
    if (fault?.kind === 'hang') {
      fault.control.enter();
      await fault.control.wait;
    }
    const hook = this.before.shift();
    if (hook) {
      // publishes made by the hook itself (the other writer) do not trigger the remaining hooks
      const pending = this.before;
      const faults = this.faults;
      this.before = [];
      this.faults = [];
      try {
        await hook(uploaded);
      } finally {
        this.before = pending;
        this.faults = faults;
      }
    }
    this.accept(uploaded);
  }

  /** Validates and stores an upload atomically (nothing is stored when it throws). */
  private accept(files: Map<RoleName, Uint8Array>): void {
    const roles = [...files.keys()];
    const now = this.now();
    const parsed = new Map<RoleName, SignedFile>();
    for (const [role, bytes] of files) {
      if (role === 'timestamp') continue; // the server ignores an uploaded timestamp
      if (role !== 'root' && role !== 'targets' && role !== 'snapshot' && !role.startsWith('targets/'))
        throw this.reject('INVALID_ROLE', roles, role);
      try {
        parsed.set(role, parseSignedFile(role, bytes));
      } catch (e) {
        throw this.reject('INVALID_UPDATE', roles, (e as Error).message, 'ErrValidation');
      }
    }
    const stored = <T extends RootSigned | TargetsSigned | SnapshotSigned | TimestampSigned>(r: RoleName) =>
      this.parsed<T>(r);
    const verify = (
      role: RoleName,
      file: SignedFile,
      keys: Record<string, PublicKeyJSON>,
      rk: RoleKeys,
      errName: string,
    ) => {
      try {
        verifySignatures(file, role, keys, rk, nodeCrypto);
        checkExpiry(role, file.signed.expires, now);
      } catch (e) {
        throw this.reject('INVALID_UPDATE', roles, `${(e as Error).message}`, errName);
      }
    };

    // root
    const prevRoot = stored<RootSigned>('root');
    const upRoot = parsed.get('root') as SignedFile<RootSigned> | undefined;
    if (!prevRoot && !upRoot)
      throw this.reject('INVALID_UPDATE', roles, 'no root: a new repository must upload its root', 'ErrValidation');
    if (upRoot) {
      if (prevRoot) {
        const cur = prevRoot.signed.version;
        const v = upRoot.signed.version;
        if (v !== cur && v !== cur + 1) {
          throw this.reject(
            'INVALID_UPDATE',
            roles,
            `Root modifications must increment the version. Current ${cur}, new ${v}`,
            'ErrBadRoot',
          );
        }
        verify('root', upRoot, prevRoot.signed.keys, prevRoot.signed.roles.root, 'ErrBadRoot');
      }
      verify('root', upRoot, upRoot.signed.keys, upRoot.signed.roles.root, 'ErrBadRoot');
    }
    const root = (upRoot ?? prevRoot)!.signed;

    // targets, then delegations against their (new or stored) parents, shallowest first
    const upTargets = parsed.get('targets') as SignedFile<TargetsSigned> | undefined;
    if (!upTargets && !stored('targets'))
      throw this.reject('INVALID_UPDATE', roles, 'no targets: a new repository must upload targets', 'ErrBadHierarchy');
    if (upTargets) verify('targets', upTargets, root.keys, root.roles.targets, 'ErrBadTargets');
    const targetsOf = (role: RoleName) => (parsed.get(role) ?? stored(role))?.signed as TargetsSigned | undefined;
    const delegated = roles
      .filter((r) => r.startsWith('targets/'))
      .sort((a, b) => a.split('/').length - b.split('/').length);
    for (const role of delegated) {
      const parent = targetsOf(parentOf(role)!);
      const entry = parent?.delegations.roles?.find((r) => r.name === role);
      if (!parent || !entry)
        throw this.reject('INVALID_UPDATE', roles, `${role} is not delegated by its parent`, 'ErrBadTargets');
      verify(role, parsed.get(role)!, parent.delegations.keys, entry, 'ErrBadTargets');
    }

    // snapshot: the client's, checked, or the server's own
    const prevSnap = stored<SnapshotSigned>('snapshot');
    const upSnap = parsed.get('snapshot') as SignedFile<SnapshotSigned> | undefined;
    let snapshotBytes: Uint8Array;
    let serverSnapshot: Uint8Array | undefined;
    if (upSnap) {
      verify('snapshot', upSnap, root.keys, root.roles.snapshot, 'ErrBadSnapshot');
      for (const role of roles) {
        if (role === 'snapshot' || role === 'timestamp') continue;
        if (!sameMeta(files.get(role)!, upSnap.signed.meta[role])) {
          throw this.reject('INVALID_UPDATE', roles, `snapshot does not pin the uploaded ${role}`, 'ErrBadSnapshot');
        }
      }
      snapshotBytes = files.get('snapshot')!;
    } else {
      const key = this.heldKeyFor(root, 'snapshot');
      if (!key) {
        throw this.reject(
          'INVALID_UPDATE',
          roles,
          'no snapshot was included in update and server does not hold current snapshot key for repository',
          'ErrBadHierarchy',
        );
      }
      const meta: Record<RoleName, FileMeta> = { ...(prevSnap?.signed.meta ?? {}) };
      for (const [role, file] of parsed) meta[role] = fileMeta(goRemarshal(file));
      const body: SnapshotSigned = {
        _type: 'Snapshot',
        expires: formatExpires(new Date(now.getTime() + 3 * YEAR_MS)),
        meta,
        version: (prevSnap?.signed.version ?? 0) + 1,
      };
      serverSnapshot = snapshotBytes = this.sign(body, key);
    }

    // storage: every role strictly newer than what is stored (notary ErrOldVersion → 400 VERSION)
    const newVersions = new Map<RoleName, number>([...parsed].map(([r, f]) => [r, f.signed.version]));
    if (serverSnapshot) newVersions.set('snapshot', (prevSnap?.signed.version ?? 0) + 1);
    for (const [role, v] of newVersions) {
      const old = stored(role);
      if (old && v <= old.signed.version)
        throw this.reject('VERSION', roles, 'A newer version of metadata is already available.');
    }

    // timestamp: always new, signed by the server's key that root lists
    const tsKey = this.heldKeyFor(root, 'timestamp');
    if (!tsKey)
      throw this.reject(
        'INVALID_UPDATE',
        roles,
        'the server does not hold the timestamp key root lists',
        'ErrBadHierarchy',
      );
    const prevTs = stored<TimestampSigned>('timestamp');
    const snapForTs = parseSignedFile('snapshot', snapshotBytes);
    const ts: TimestampSigned = {
      _type: 'Timestamp',
      expires: formatExpires(new Date(now.getTime() + 14 * DAY_MS)),
      meta: { snapshot: fileMeta(goRemarshal(snapForTs)) },
      version: (prevTs?.signed.version ?? 0) + 1,
    };
    const tsBytes = this.sign(ts, tsKey);

    // commit
    const commit = (role: RoleName, bytes: Uint8Array) => {
      this.current.set(role, bytes);
      this.byName.set(`${role}.${sha256hex(bytes)}`, bytes);
      this.byName.set(`${parseSignedFile(role, bytes).signed.version}.${role}`, bytes);
    };
    for (const [role, bytes] of files) if (parsed.has(role)) commit(role, bytes);
    if (serverSnapshot) commit('snapshot', serverSnapshot);
    commit('timestamp', tsBytes);
    this.recordChange(tsBytes);
    this.published.push({ uploaded: files, ...(serverSnapshot ? { serverSnapshot } : {}), timestamp: tsBytes });
  }

  private sign(body: unknown, key: PrivateKey): Uint8Array {
    const { method, signature } = signWithKey(key, canonicalBytes(body));
    const sig: SignatureJSON = { keyid: keyId(key.publicKey, nodeCrypto), method, sig: toBase64(signature) };
    return encodeEnvelope(body, [sig]);
  }

  /**
   * Re-signs the current timestamp with a later expiry measured from `at`, version + 1 (what
   * notary-server does on read when its timestamp expired). For clock-skew tests.
   */
  refreshTimestamp(at: Date): void {
    const root = this.parsed<RootSigned>('root')!.signed;
    const ts = this.parsed<TimestampSigned>('timestamp')!.signed;
    const body: TimestampSigned = {
      ...ts,
      expires: formatExpires(new Date(at.getTime() + 14 * DAY_MS)),
      version: ts.version + 1,
    };
    const bytes = this.sign(body, this.heldKeyFor(root, 'timestamp')!);
    this.current.set('timestamp', bytes);
    this.byName.set(`timestamp.${sha256hex(bytes)}`, bytes);
    this.byName.set(`${body.version}.timestamp`, bytes);
    this.recordChange(bytes);
  }
}

/* ------------------------------------------------------------------ a writer over the memory notary */

/** A PassphraseSource that answers from a script (then `fallback`), recording every request. */
export function scriptedPassphrases(
  answers: Array<string | undefined> = [],
  fallback: (r: PassphraseRequest) => string | undefined = (r) =>
    r.role === 'root' ? 'root-passphrase' : 'repo-passphrase',
): PassphraseSource & { asked: PassphraseRequest[]; answers: Array<string | undefined> } {
  const asked: PassphraseRequest[] = [];
  return {
    asked,
    answers,
    async get(r) {
      asked.push({ ...r });
      return answers.length > 0 ? answers.shift() : fallback(r);
    },
  };
}

/**
 * One person's client against a MemoryNotary: keys in a MemoryKeyStore behind a CryptoService,
 * staged changes in a MemoryChangeStore, a MemoryMetadataCache (the person's trusted copy).
 */
export class MemoryWriter {
  readonly store: MemoryKeyStore;
  readonly keys: CryptoService;
  readonly cache = new MemoryMetadataCache();
  changes: ChangeStore = new MemoryChangeStore();
  readonly passphrases: ReturnType<typeof scriptedPassphrases>;
  now: () => Date;

  constructor(
    readonly notary: MemoryNotary,
    opts: { store?: MemoryKeyStore; passphrases?: ReturnType<typeof scriptedPassphrases>; now?: () => Date } = {},
  ) {
    this.store = opts.store ?? new MemoryKeyStore();
    this.passphrases = opts.passphrases ?? scriptedPassphrases();
    this.keys = new CryptoService({ now: () => TEST_NOW, stores: [this.store], passphrases: this.passphrases });
    this.now = opts.now ?? (() => new Date());
  }

  get gun(): string {
    return this.notary.gun;
  }

  /** Fresh verified metadata (never offline). */
  repo(): Promise<TrustedRepository> {
    return updateRepository({
      gun: this.gun,
      remote: this.notary,
      cache: this.cache,
      crypto: nodeCrypto,
      offline: 'never',
      now: this.now(),
    });
  }

  held(): Promise<Set<string>> {
    return heldKeyIds(this.keys);
  }

  initial(opts: { snapshot?: 'server' | 'local'; rootKeyId?: string } = {}): Promise<InitResult> {
    return initialRepository({
      gun: this.gun,
      remote: this.notary,
      keys: this.keys,
      crypto: nodeCrypto,
      now: this.now(),
      ...opts,
    });
  }

  async stage(changes: Change[]): Promise<void> {
    for (const c of changes) await this.changes.add(c);
  }

  publish(init?: InitResult): Promise<PublishResult> {
    return publishChanges(
      {
        gun: this.gun,
        remote: this.notary,
        cache: this.cache,
        crypto: nodeCrypto,
        signers: keySignerLookup(this.keys, nodeCrypto),
        changes: this.changes,
        now: () => this.now(),
      },
      init ? async () => structuredClone(init.repo) : undefined,
    );
  }

  /** Initialises the repository (docker layout by default) and publishes it. */
  async init(opts: { snapshot?: 'server' | 'local' } = {}): Promise<{ init: InitResult; result: PublishResult }> {
    const init = await this.initial(opts);
    return { init, result: await this.publish(init) };
  }
}

/** A stand-in for the registry's answer for a tag: sha256 hex and size of a made-up manifest. */
export function fakeManifest(tag: string): { hex: string; size: number } {
  const bytes = new TextEncoder().encode(`{"manifest":"${tag}"}`);
  return { hex: sha256hex(bytes), size: bytes.length };
}

/** True when parsing the bytes and re-emitting them with encodeEnvelope gives the same bytes. */
export function reemitsIdentically(role: RoleName, bytes: Uint8Array): boolean {
  const f = parseSignedFile(role, bytes);
  return Buffer.from(encodeEnvelope(f.signedValue, f.signatures)).equals(Buffer.from(bytes));
}
