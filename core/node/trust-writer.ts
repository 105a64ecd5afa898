import { SignetError, isSignetError } from '../errors.js';
import { CryptoService } from '../keystore/crypto-service.js';
import type { KeyStore } from '../keystore/key-store.js';
import type { PassphraseSource } from '../keystore/passphrase.js';
import { updateRepository, type TrustedRepository } from '../notary/tuf-client.js';
import { parseImageReference, type ImageReference } from '../registry/reference.js';
import { RegistryClient } from '../registry/registry-client.js';
import type { Change, StagedChange } from '../trust/changelist.js';
import type { InitResult } from '../trust/initialize.js';
import { heldKeyIds, keySignerLookup } from '../trust/key-signers.js';
import { publishChanges, type PublishResult, type PublishStep } from '../trust/publish.js';
import { FileChangeStore } from './file-change-store.js';
import { KeychainKeyStore } from './keychain-key-store.js';
import { nodeCrypto } from './node-crypto.js';
import { TrustDirKeyStore } from './trust-dir-key-store.js';
import type { RepositoryConnection, TrustServices } from './trust-services.js';

export interface TrustWriterOptions {
  passphrases: PassphraseSource;
  /** Where new keys go: docker's trust dir (default, drop-in for docker) or the OS keychain. */
  keyStore?: 'trust-dir' | 'keychain';
  /** Extra stores (tests); replaces the defaults when given. */
  stores?: KeyStore[];
  progress?: (step: PublishStep, gun: string) => void;
}

/** Everything a write needs for one repository. */
export interface WriteSession {
  conn: RepositoryConnection;
  changes: FileChangeStore;
  /** The verified repository, or undefined when the server has none yet. */
  repo: TrustedRepository | undefined;
  held: Set<string>;
  /** When `repo` was verified with the server (Date.now()); publish starts from it while it is recent. */
  verifiedAt?: number;
}

/**
 * How long after open() (or the last publish) a session's verified repository is used as the
 * starting point of a publish instead of fetching and verifying it again: long enough for one CLI
 * command, short enough that an app session left open re-reads the server. A conflict still
 * refreshes (publish.ts), so this only bounds how stale a first attempt may be.
 */
const REUSE_VERIFIED_MS = 30_000;

/**
 * The Node composition root for writes: keys from the trust dir and/or the OS keychain, staged
 * changes in notary's changelist dir, one publish per operation. Shared by the CLI and the app.
 */
export class TrustWriter {
  readonly keys: CryptoService;

  constructor(
    readonly services: TrustServices,
    private readonly opts: TrustWriterOptions,
  ) {
    const trustDir = new TrustDirKeyStore(services.trustDir);
    const stores = opts.stores ?? (opts.keyStore === 'keychain' ? [new KeychainKeyStore(), trustDir] : [trustDir]);
    this.keys = new CryptoService({ stores, passphrases: opts.passphrases });
  }

  /** Opens a repository for writing: fresh, verified metadata (never cached data) and held keys. */
  async open(input: string | ImageReference): Promise<WriteSession> {
    const ref = typeof input === 'string' ? parseImageReference(input) : input;
    const conn = await this.services.connect(ref);
    const changes = new FileChangeStore(this.services.trustDir, ref.gun);
    const held = await heldKeyIds(this.keys);
    let repo: TrustedRepository | undefined;
    try {
      repo = await updateRepository({
        gun: ref.gun,
        remote: conn.remote,
        cache: conn.cache,
        crypto: nodeCrypto,
        offline: 'never',
        now: this.services.now(),
      });
    } catch (e) {
      if (!isSignetError(e, 'NOTARY_NOT_INITIALIZED')) throw e;
    }
    return { conn, changes, repo, held, verifiedAt: Date.now() };
  }

  registry(session: WriteSession): RegistryClient {
    return new RegistryClient(session.conn.client, { crypto: nodeCrypto });
  }

  /** Stages changes; they stay staged until published or discarded. */
  async stage(session: WriteSession, changes: Change[]): Promise<StagedChange[]> {
    const out: StagedChange[] = [];
    for (const c of changes) out.push(await session.changes.add(c));
    return out;
  }

  /** The first metadata of a new repository (docker's layout: server-managed snapshot). */
  async initial(
    session: WriteSession,
    opts: { rootKeyId?: string; snapshot?: 'server' | 'local' } = {},
  ): Promise<InitResult> {
    // loaded on demand: root certificates (root-cert.ts) pull in @noble/curves, which signing an
    // existing repository does not need
    const { initialRepository } = await import('../trust/initialize.js');
    return initialRepository({
      gun: session.conn.ref.gun,
      remote: session.conn.remote,
      keys: this.keys,
      crypto: nodeCrypto,
      now: this.services.now(),
      ...opts,
    });
  }

  /** Publishes everything staged for the repository, creating it from `init` when the server has none. */
  async publish(session: WriteSession, init?: InitResult): Promise<PublishResult> {
    const gun = session.conn.ref.gun;
    if (!session.repo && !init) {
      throw new SignetError('NOTARY_NOT_INITIALIZED', `${gun} has no trust data yet`, {
        hint: 'Initialise it first (signet init), or sign a tag, which initialises it.',
      });
    }
    const recent =
      session.repo !== undefined &&
      session.verifiedAt !== undefined &&
      Date.now() - session.verifiedAt <= REUSE_VERIFIED_MS;
    const result = await publishChanges(
      {
        gun,
        remote: session.conn.remote,
        cache: session.conn.cache,
        crypto: nodeCrypto,
        signers: keySignerLookup(this.keys, nodeCrypto),
        changes: session.changes,
        now: () => this.services.now(),
        ...(this.opts.progress ? { progress: (step: PublishStep) => this.opts.progress!(step, gun) } : {}),
      },
      init ? async () => structuredClone(init.repo) : undefined,
      // the session's repository was verified moments ago: no second fetch before signing
      recent ? { current: session.repo } : {},
    );
    session.repo = result.repo;
    session.verifiedAt = Date.now();
    return result;
  }
}
