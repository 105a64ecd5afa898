import { SignetError } from '../errors.js';
import { AuthenticatingClient, type Credentials } from '../http/auth.js';
import { redactUrlCredentials } from '../http/redact.js';
import { HttpRemoteStore } from '../notary/http-remote-store.js';
import type { RepositoryConnection } from '../operations/context.js';
import { readTrust, type TrustRead } from '../operations/view.js';
import {
  defaultTrustServer,
  isLoopbackDomain,
  parseImageReference,
  type ImageReference,
} from '../registry/reference.js';
import {
  DockerCredentialSource,
  dockerConfigDir,
  loadDockerConfig,
  tlsOptionsFor,
  type DockerConfig,
} from './docker-config.js';
import { FileMetadataCache, trustDirFor } from './file-metadata-cache.js';
import { loadTrustPinning, readCaFile, signetConfigPath } from './signet-config.js';
import type { TrustPinning } from '../tuf/trust-pinning.js';
import { nodeCrypto } from './node-crypto.js';
import { NodeHttpTransport, type TlsOptions } from './node-transport.js';
import { listTrustDirKeyIds } from './trust-keys.js';
import type { VersionStore } from '../history/version-store.js';
import { keepVerified } from '../history/keep.js';
import type { VerifiedObserver } from '../notary/tuf-client.js';
import { signetDataDir, versionStoreDir } from './data-dir.js';
import { FileVersionStore } from './file-version-store.js';

export interface TrustServicesOptions {
  env?: Record<string, string | undefined>;
  /** Overrides DOCKER_CONTENT_TRUST_SERVER and the default server. */
  server?: string;
  offline?: 'auto' | 'never' | 'only';
  timeoutMs?: number;
  /** Called with a warning meant for the user (plain-HTTP server, offline data, skipped roles). */
  warn?: (message: string) => void;
  /** The clock expiry and certificates are judged by (the shells pass the system clock). */
  now: () => Date;
  /** Trust pinning to apply; default: read from Signet's config file (signet-config.ts). */
  trustPinning?: TrustPinning;
  /** A CA file for a server `host:port`, used in addition to `$DOCKER_CONFIG/tls/<host:port>/` (desktop settings). */
  caFileFor?: (hostPort: string) => string | undefined;
  /** Where verified versions are kept for their history; default: the version store in Signet's data directory. */
  versions?: VersionStore;
}

/** A RepositoryConnection with its Node parts: the HTTP notary client, the cache on disk, the docker config. */
export interface NodeRepositoryConnection extends RepositoryConnection {
  pinning: TrustPinning;
  remote: HttpRemoteStore;
  cache: FileMetadataCache;
  config: DockerConfig;
  /** Keeps every verified version fetched through this connection (pass it as updateRepository's observe). */
  observe: VerifiedObserver;
}

export interface NodeTrustRead extends TrustRead {
  cacheDir: string;
}

/**
 * The Node composition root for reading trust data the way docker does: `$DOCKER_CONFIG`
 * (config.json logins, tls/<host:port>/ CAs, trust/ cache and keys), DOCKER_CONTENT_TRUST_SERVER.
 * Shared by the CLI and the desktop main process.
 */
export class TrustServices {
  readonly env: Record<string, string | undefined>;
  readonly dockerConfig: string;
  readonly trustDir: string;
  private readonly transports = new Map<string, NodeHttpTransport>();
  private pinning: Promise<TrustPinning> | undefined;
  private versionStore: VersionStore | undefined;
  /** opts.warn, with any URL's user:password@ removed (a configured server URL may carry one). */
  private readonly warn: (message: string) => void;

  constructor(private readonly opts: TrustServicesOptions) {
    this.env = opts.env ?? process.env;
    this.warn = (m) => opts.warn?.(redactUrlCredentials(m));
    this.dockerConfig = dockerConfigDir(this.env);
    this.trustDir = trustDirFor(this.dockerConfig);
  }

  /** The version store (issue 12): `opts.versions`, else `<Signet data dir>/trust-history`. */
  get versions(): VersionStore {
    this.versionStore ??= this.opts.versions ?? new FileVersionStore(versionStoreDir(signetDataDir(this.env)));
    return this.versionStore;
  }

  /** The trust server for a reference: --server, then DOCKER_CONTENT_TRUST_SERVER, then docker's default. */
  serverFor(ref: ImageReference): string {
    const configured = this.opts.server ?? this.env['DOCKER_CONTENT_TRUST_SERVER'];
    const server = configured && configured !== '' ? configured : defaultTrustServer(ref.domain);
    let url: URL;
    try {
      url = new URL(server);
    } catch {
      throw new SignetError('BAD_CONFIG', `valid https URL required for trust server, got ${server}`);
    }
    if (url.protocol === 'http:') {
      this.warn(
        `Warning: trust server ${server} uses plain HTTP: the metadata is still verified by its signatures, but the connection is neither private nor authenticated.`,
      );
    } else if (url.protocol !== 'https:') {
      throw new SignetError('BAD_CONFIG', `valid https URL required for trust server, got ${server}`);
    }
    return server.replace(/\/+$/, '');
  }

  /** One transport per registry domain: TLS skipping for loopback registries is per image, as in docker. */
  private transportFor(ref: Pick<ImageReference, 'domain'>): NodeHttpTransport {
    let t = this.transports.get(ref.domain);
    if (!t) {
      const loopback = isLoopbackDomain(ref.domain);
      t = new NodeHttpTransport({
        defaultTimeoutMs: this.opts.timeoutMs ?? 30_000,
        tlsFor: async (host: string): Promise<TlsOptions> => {
          const tls = tlsOptionsFor(this.dockerConfig, host);
          const extra = this.opts.caFileFor?.(host);
          if (extra) tls.ca = [...(tls.ca ?? []), await readCaFile(extra)];
          // docker skips verification for "insecure" (loopback) registries; a configured CA still wins here
          return loopback && tls.ca === undefined ? { ...tls, insecureSkipVerify: true } : tls;
        },
      });
      this.transports.set(ref.domain, t);
    }
    return t;
  }

  /** Signet's config file (trust pinning). */
  get configFile(): string {
    return signetConfigPath(this.env);
  }

  /** The trust pinning in effect (the option, else the config file, read once). */
  trustPinning(): Promise<TrustPinning> {
    this.pinning ??= this.opts.trustPinning
      ? Promise.resolve(this.opts.trustPinning)
      : loadTrustPinning(this.configFile);
    return this.pinning;
  }

  /** The notary server, metadata cache and registry login for one image reference. */
  async connect(ref: ImageReference): Promise<NodeRepositoryConnection> {
    const server = this.serverFor(ref);
    const [config, pinning] = await Promise.all([loadDockerConfig(this.dockerConfig), this.trustPinning()]);
    const client = new AuthenticatingClient(this.transportFor(ref), {
      credentials: new DockerCredentialSource(config, { env: this.env }),
      credentialHost: ref.domain,
    });
    const remote = new HttpRemoteStore({
      baseUrl: server,
      gun: ref.gun,
      client,
      loginHost: ref.domain,
      ...(this.opts.timeoutMs ? { timeoutMs: this.opts.timeoutMs } : {}),
    });
    const cache = new FileMetadataCache(this.trustDir, ref.gun);
    // the connection's server is what messages, reports and archives name: never with credentials
    return {
      ref,
      server: redactUrlCredentials(server),
      client,
      remote,
      cache,
      config,
      pinning,
      observe: keepVerified(this.versions),
    };
  }

  /** An authenticated client for a registry host alone (its catalog), with the docker login for that host. */
  async registryClient(domain: string): Promise<AuthenticatingClient> {
    const config = await loadDockerConfig(this.dockerConfig);
    return new AuthenticatingClient(this.transportFor({ domain }), {
      credentials: new DockerCredentialSource(config, { env: this.env }),
      credentialHost: domain,
    });
  }

  now(): Date {
    return this.opts.now();
  }

  /** The registry login for a registry domain ($DOCKER_CONFIG/config.json, credential helpers). */
  async credentials(domain: string): Promise<Credentials | undefined> {
    const config = await loadDockerConfig(this.dockerConfig);
    return new DockerCredentialSource(config, { env: this.env }).get(domain);
  }

  /** Reads, verifies and caches the trust data for an image reference, and builds its view. */
  async read(
    input: string,
    localKeyIds?: ReadonlySet<string>,
    opts: { serverKeys?: boolean } = {},
  ): Promise<NodeTrustRead> {
    const ref = parseImageReference(input);
    const [conn, held] = await Promise.all([this.connect(ref), localKeyIds ?? listTrustDirKeyIds(this.trustDir)]);
    const read = await readTrust(conn, {
      crypto: nodeCrypto,
      now: this.now(),
      offline: this.opts.offline ?? 'auto',
      localKeyIds: held,
      name: input,
      ...(opts.serverKeys ? { serverKeys: true } : {}),
    });
    return { ...read, cacheDir: conn.cache.dir };
  }

  /** How this instance reads: offline mode as configured. */
  get offline(): 'auto' | 'never' | 'only' {
    return this.opts.offline ?? 'auto';
  }

  close(): void {
    for (const t of this.transports.values()) t.close();
    this.transports.clear();
  }
}
