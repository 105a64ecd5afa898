import { readFileSync } from 'node:fs';
import { SignetError } from '../errors.js';
import { keyId } from '../crypto/key-id.js';
import { AuthenticatingClient } from '../http/auth.js';
import { HttpRemoteStore } from '../notary/http-remote-store.js';
import { updateRepository, type TrustedRepository } from '../notary/tuf-client.js';
import {
  defaultTrustServer,
  isLoopbackDomain,
  parseImageReference,
  type ImageReference,
} from '../registry/reference.js';
import { buildTrustView } from '../trust/view.js';
import type { TrustView } from '../trust/view-types.js';
import {
  DockerCredentialSource,
  dockerConfigDir,
  loadDockerConfig,
  tlsOptionsFor,
  type DockerConfig,
} from './docker-config.js';
import { FileMetadataCache, trustDirFor } from './file-metadata-cache.js';
import { nodeCrypto } from './node-crypto.js';
import { NodeHttpTransport, type TlsOptions } from './node-transport.js';
import { listTrustDirKeyIds } from './trust-keys.js';
import type { VersionStore } from '../history/version-store.js';
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
  now?: () => Date;
  /** A CA file for a server `host:port`, used in addition to `$DOCKER_CONFIG/tls/<host:port>/` (desktop settings). */
  caFileFor?: (hostPort: string) => string | undefined;
  /** Where verified versions are kept for their history; default: the version store in Signet's data directory. */
  versions?: VersionStore;
}

export interface RepositoryConnection {
  ref: ImageReference;
  server: string;
  client: AuthenticatingClient;
  remote: HttpRemoteStore;
  cache: FileMetadataCache;
  config: DockerConfig;
  /** Every verified version fetched through this connection is kept here (pass it as updateRepository's keep). */
  keep: VersionStore;
}

export interface TrustRead {
  ref: ImageReference;
  server: string;
  repo: TrustedRepository;
  view: TrustView;
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
  private versionStore: VersionStore | undefined;

  constructor(private readonly opts: TrustServicesOptions = {}) {
    this.env = opts.env ?? process.env;
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
      this.opts.warn?.(
        `Warning: trust server ${server} uses plain HTTP: the metadata is still verified by its signatures, but the connection is neither private nor authenticated.`,
      );
    } else if (url.protocol !== 'https:') {
      throw new SignetError('BAD_CONFIG', `valid https URL required for trust server, got ${server}`);
    }
    return server.replace(/\/+$/, '');
  }

  /** One transport per registry domain: TLS skipping for loopback registries is per image, as in docker. */
  private transportFor(ref: ImageReference): NodeHttpTransport {
    let t = this.transports.get(ref.domain);
    if (!t) {
      const loopback = isLoopbackDomain(ref.domain);
      t = new NodeHttpTransport({
        defaultTimeoutMs: this.opts.timeoutMs ?? 30_000,
        tlsFor: (host: string): TlsOptions => {
          const tls = tlsOptionsFor(this.dockerConfig, host);
          const extra = this.opts.caFileFor?.(host);
          if (extra) tls.ca = [...(tls.ca ?? []), readFileSync(extra)];
          // docker skips verification for "insecure" (loopback) registries; a configured CA still wins here
          return loopback && tls.ca === undefined ? { ...tls, insecureSkipVerify: true } : tls;
        },
      });
      this.transports.set(ref.domain, t);
    }
    return t;
  }

  /** The notary server, metadata cache and registry login for one image reference. */
  async connect(ref: ImageReference): Promise<RepositoryConnection> {
    const server = this.serverFor(ref);
    const config = await loadDockerConfig(this.dockerConfig);
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
    return {
      ref,
      server,
      client,
      remote,
      cache: new FileMetadataCache(this.trustDir, ref.gun),
      config,
      keep: this.versions,
    };
  }

  now(): Date {
    return this.opts.now ? this.opts.now() : new Date();
  }

  /** Reads, verifies and caches the trust data for an image reference, and builds its view. */
  async read(
    input: string,
    localKeyIds?: ReadonlySet<string>,
    opts: { serverKeys?: boolean } = {},
  ): Promise<TrustRead> {
    const ref = parseImageReference(input);
    const { server, remote, cache, keep } = await this.connect(ref);
    const [repo, held] = await Promise.all([
      updateRepository({
        gun: ref.gun,
        remote,
        cache,
        crypto: nodeCrypto,
        offline: this.opts.offline ?? 'auto',
        now: this.now(),
        keep,
      }),
      localKeyIds ?? listTrustDirKeyIds(this.trustDir),
    ]);
    // asked only once the repository is known to exist: for an unknown GUN the server mints a new key per GET
    const serverKeyIds =
      opts.serverKeys && repo.source === 'remote' ? await this.serverKeyIds(remote) : new Set<string>();
    const view = buildTrustView(repo, {
      name: input,
      ...(ref.tag !== undefined ? { tag: ref.tag } : {}),
      crypto: nodeCrypto,
      localKeyIds: held,
      serverKeyIds,
    });
    return { ref, server, repo, view, cacheDir: cache.dir };
  }

  /** Which keys the server holds, for "who holds this key" (best effort: unknown when it cannot say). */
  private async serverKeyIds(remote: HttpRemoteStore): Promise<Set<string>> {
    const ids = new Set<string>();
    await Promise.all(
      (['snapshot', 'timestamp'] as const).map(async (role) => {
        try {
          ids.add(keyId(await remote.getKey(role), nodeCrypto));
        } catch {
          // an older server or one without the repository: the holder stays unknown
        }
      }),
    );
    return ids;
  }

  close(): void {
    for (const t of this.transports.values()) t.close();
    this.transports.clear();
  }
}
