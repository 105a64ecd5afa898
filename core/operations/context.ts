/**
 * What every trust operation is given: the composition root (core/node for the CLI and the app,
 * in-memory stores in unit tests) builds one and passes it in, so an operation is the same code
 * whichever shell runs it. Nothing here knows about files, the keychain or Node.
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
}
