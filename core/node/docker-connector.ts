/**
 * Connections the way docker makes them, from `$DOCKER_CONFIG`: config.json logins and credential
 * helpers, tls/<host:port>/ CAs (plus a CA file the app's settings add), the trust/ metadata cache,
 * one HTTP(S) transport per registry. The Node implementation of a context's connect, registry and
 * credentials; which trust server to use is the caller's choice (core's trustServerFor).
 */
import { AuthenticatingClient, type Credentials } from '../http/auth.js';
import { redactUrlCredentials } from '../http/redact.js';
import { HttpRemoteStore } from '../notary/http-remote-store.js';
import type { VerifiedObserver } from '../notary/tuf-client.js';
import type { RepositoryConnection } from '../operations/context.js';
import { isLoopbackDomain, type ImageReference } from '../registry/reference.js';
import type { TrustPinning } from '../tuf/trust-pinning.js';
import { DockerCredentialSource, dockerConfigDir, loadDockerConfig, tlsOptionsFor } from './docker-config.js';
import { FileMetadataCache, listCachedGuns, trustDirFor } from './file-metadata-cache.js';
import { NodeHttpTransport, type TlsOptions } from './node-transport.js';
import { readCaFile } from './signet-config.js';

export interface DockerConnectorOptions {
  env: Record<string, string | undefined>;
  /** The trust server (base URL) for a reference, chosen and checked by the caller. */
  serverFor(ref: ImageReference): string;
  /** The trust pinning every connection applies. */
  pinning(): Promise<TrustPinning>;
  /** Told every state verified through a connection (the version store keeps them). */
  observe?: VerifiedObserver;
  timeoutMs?: number;
  /** A CA file for a server `host:port`, used in addition to `$DOCKER_CONFIG/tls/<host:port>/` (desktop settings). */
  caFileFor?: (hostPort: string) => string | undefined;
  /**
   * Transports kept by a long-lived shell across connectors (the app: one connector per request),
   * so a refresh reuses its connections; made with this connector's TLS settings, which the shell
   * keeps the pool for. Not closed by close().
   */
  transports?: Map<string, NodeHttpTransport>;
}

/** A RepositoryConnection with its Node parts: the HTTP notary client and the cache on disk. */
export interface DockerConnection extends RepositoryConnection {
  remote: HttpRemoteStore;
  cache: FileMetadataCache;
  pinning: TrustPinning;
}

export class DockerConnector {
  readonly dockerConfig: string;
  readonly trustDir: string;
  private readonly transports: Map<string, NodeHttpTransport>;

  constructor(private readonly opts: DockerConnectorOptions) {
    this.dockerConfig = dockerConfigDir(opts.env);
    this.trustDir = trustDirFor(this.dockerConfig);
    this.transports = opts.transports ?? new Map();
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

  /** The notary server, metadata cache and registry login for one image reference. */
  async connect(ref: ImageReference): Promise<DockerConnection> {
    const server = this.opts.serverFor(ref);
    const [config, pinning] = await Promise.all([loadDockerConfig(this.dockerConfig), this.opts.pinning()]);
    const client = new AuthenticatingClient(this.transportFor(ref), {
      credentials: new DockerCredentialSource(config, { env: this.opts.env }),
      credentialHost: ref.domain,
    });
    const remote = new HttpRemoteStore({
      baseUrl: server,
      gun: ref.gun,
      client,
      loginHost: ref.domain,
      ...(this.opts.timeoutMs ? { timeoutMs: this.opts.timeoutMs } : {}),
    });
    // the connection's server is what messages, reports and archives name: never with credentials
    return {
      ref,
      server: redactUrlCredentials(server),
      client,
      remote,
      cache: this.trusted(ref.gun),
      pinning,
      ...(this.opts.observe ? { observe: this.opts.observe } : {}),
    };
  }

  /** An authenticated client for a registry host alone (its catalog), with the docker login for that host. */
  async registryClient(domain: string): Promise<AuthenticatingClient> {
    const config = await loadDockerConfig(this.dockerConfig);
    return new AuthenticatingClient(this.transportFor({ domain }), {
      credentials: new DockerCredentialSource(config, { env: this.opts.env }),
      credentialHost: domain,
    });
  }

  /** The registry login for a registry domain ($DOCKER_CONFIG/config.json, credential helpers). */
  async credentials(domain: string): Promise<Credentials | undefined> {
    const config = await loadDockerConfig(this.dockerConfig);
    return new DockerCredentialSource(config, { env: this.opts.env }).get(domain);
  }

  /** docker's trusted-metadata cache of a repository (`<trustDir>/tuf/<GUN>/metadata/`). */
  trusted(gun: string): FileMetadataCache {
    return new FileMetadataCache(this.trustDir, gun);
  }

  /** Repository paths of `registry` with cached trust data (`<trustDir>/tuf/<registry>/<path>/metadata/`). */
  async cachedRepositories(registry: string): Promise<string[]> {
    const prefix = `${registry}/`;
    const guns = await listCachedGuns(this.trustDir);
    return guns.filter((g) => g.startsWith(prefix)).map((g) => g.slice(prefix.length));
  }

  close(): void {
    if (this.opts.transports) return; // the shell's
    for (const t of this.transports.values()) t.close();
    this.transports.clear();
  }
}
