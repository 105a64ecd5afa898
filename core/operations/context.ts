/**
 * What every trust operation is given: the shells' composition (cli/compose.ts, electron/main/
 * services.ts, over core/node's adapters; in-memory stores in unit tests) builds one and passes it
 * in, so an operation is the same code whichever shell runs it. Nothing here knows about files,
 * the keychain or Node. Reading (view, history, diff, archives, audit) takes a ReadContext;
 * writing (sign, signers, keys, staged changes) a TrustContext.
 */
import type { CryptoProvider } from '../crypto/provider.js';
import type { AuthenticatingClient, Credentials } from '../http/auth.js';
import type { CryptoService } from '../keystore/crypto-service.js';
import type { MetadataCache } from '../notary/metadata-cache.js';
import type { RemoteStore } from '../notary/remote-store.js';
import type { ImageReference } from '../registry/reference.js';
import type { ChangeStore } from '../trust/changelist.js';
import type { PublishStep } from '../trust/publish.js';
import type { TrustPinning } from '../tuf/trust-pinning.js';
import type { VerifiedObserver } from '../notary/tuf-client.js';
import type { VersionStore } from '../history/version-store.js';
import type { EngineClient } from '../engine/engine-client.js';

/** The notary server, the verified-metadata cache and the registry client for one image reference. */
export interface RepositoryConnection {
  ref: ImageReference;
  /** Trust server base URL. */
  server: string;
  remote: RemoteStore;
  cache: MetadataCache;
  /** Authenticated HTTP client for the image's registry (docker logins). */
  client: AuthenticatingClient;
  /** Trust pinning that applies (notary's trust_pinning); absent: trust on first use. */
  pinning?: TrustPinning;
  /** Told every verified state (the version store keeps them for the history); absent: nothing is kept. */
  observe?: VerifiedObserver;
}

export interface TrustContext {
  /** Connects to the trust server and registry of an image reference. */
  connect(ref: ImageReference): Promise<RepositoryConnection>;
  /** The staged changes of one repository (notary's changelist). */
  changes(gun: string): ChangeStore;
  /** The user's keys, with passphrases asked through the shell's passphrase source. */
  keys: CryptoService;
  crypto: CryptoProvider;
  /** The registry login for a registry domain (docker config), if any. */
  credentials(domain: string): Promise<Credentials | undefined>;
  /** The clock: expiry checks, new expiries, and how recent a verified repository is. */
  now(): Date;
  /** Publish progress, per repository. */
  progress?(step: PublishStep, gun: string): void;
  /**
   * The local Docker engine, found as docker finds it (a new client each call; the caller closes
   * it). Absent where there is none to use: local images cannot be pushed then.
   */
  engine?(): Promise<EngineClient>;
}

/** What reading operations are given: view, history, diff, archives and audit. */
export interface ReadContext {
  /** Connects to the trust server and registry of an image reference (its `observe` keeps what verifies). */
  connect(ref: ImageReference): Promise<RepositoryConnection>;
  crypto: CryptoProvider;
  /** The clock expiry is judged by. */
  now(): Date;
  /** 'auto': cached data when the server cannot be used; 'never'; 'only': the cache alone. */
  offline: 'auto' | 'never' | 'only';
  /** Every verified version kept for the history (Signet's data directory). */
  versions: VersionStore;
  /** A repository's trusted-metadata cache (docker's trust dir): what anchors an archive of it; read only here. */
  trusted(gun: string): MetadataCache;
  /** The trust pinning in effect (notary's trust_pinning); undefined: trust on first use. */
  pinning(): Promise<TrustPinning | undefined>;
  /** Canonical IDs of the private keys held here ("who holds this key": you). */
  localKeyIds(): Promise<ReadonlySet<string>>;
  /** An authenticated client for a registry host alone (its catalog), with the login for that host. */
  registry(domain: string): Promise<AuthenticatingClient>;
  /** The repositories (paths) of a registry that the trusted cache holds (an offline audit). */
  cachedRepositories(registry: string): Promise<string[]>;
}
