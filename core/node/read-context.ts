/**
 * The Node adapters behind core's ReadContext, assembled from the environment: docker's config and
 * trust dir (DockerConnector), Signet's config file (trust pinning) and data directory (version
 * store), node:crypto. No rule lives here: which trust server, clock and keys count is the shell's
 * choice (cli/compose.ts, electron/main/services.ts), passed in; trust-context.ts adds writing.
 */
import { keepVerified } from '../history/keep.js';
import type { VersionStore } from '../history/version-store.js';
import type { ReadContext } from '../operations/context.js';
import { trustServerFor } from '../operations/trust-server.js';
import type { ImageReference } from '../registry/reference.js';
import type { TrustPinning } from '../tuf/trust-pinning.js';
import { signetDataDir, versionStoreDir } from './data-dir.js';
import { DockerConnector, type DockerConnection } from './docker-connector.js';
import { FileVersionStore } from './file-version-store.js';
import { nodeCrypto } from './node-crypto.js';
import type { NodeHttpTransport } from './node-transport.js';
import { loadTrustPinning, signetConfigPath } from './signet-config.js';
import { listTrustDirKeyIds } from './trust-keys.js';

export interface NodeReadOptions {
  env: Record<string, string | undefined>;
  /** The clock expiry and certificates are judged by (the shells pass the system clock). */
  now: () => Date;
  /** The trust server configured for a reference (--server, the app's setting for its registry); else DOCKER_CONTENT_TRUST_SERVER, else docker's default. */
  server?: (ref: ImageReference) => string | undefined;
  offline?: 'auto' | 'never' | 'only';
  timeoutMs?: number;
  /** A warning meant for the user (a plain-HTTP trust server). */
  warn?: (message: string) => void;
  /** A CA file for a server `host:port`, in addition to `$DOCKER_CONFIG/tls/<host:port>/` (the app's settings). */
  caFileFor?: (hostPort: string) => string | undefined;
  /** Trust pinning to apply; default: read once from Signet's config file. */
  trustPinning?: TrustPinning;
  /** Where verified versions are kept; default: the version store in Signet's data directory. */
  versions?: VersionStore;
  /** The keys held here; default: the trust dir's (the app adds the keychain's). */
  localKeyIds?: () => Promise<ReadonlySet<string>>;
  /** Connections a long-lived shell keeps across contexts (DockerConnectorOptions.transports). */
  transports?: Map<string, NodeHttpTransport>;
}

/** A ReadContext over the Node adapters; close() ends its connections. */
export interface NodeReadContext extends ReadContext {
  connect(ref: ImageReference): Promise<DockerConnection>;
  docker: DockerConnector;
  pinning(): Promise<TrustPinning>;
  close(): void;
}

export function nodeReadContext(opts: NodeReadOptions): NodeReadContext {
  const env = opts.env;
  const versions = opts.versions ?? new FileVersionStore(versionStoreDir(signetDataDir(env)));
  let pinning: Promise<TrustPinning> | undefined;
  const pins = (): Promise<TrustPinning> =>
    (pinning ??= opts.trustPinning ? Promise.resolve(opts.trustPinning) : loadTrustPinning(signetConfigPath(env)));
  const warn = opts.warn ?? (() => undefined);
  const docker = new DockerConnector({
    env,
    serverFor: (ref) => trustServerFor(ref, opts.server?.(ref) ?? env['DOCKER_CONTENT_TRUST_SERVER'], warn),
    pinning: pins,
    observe: keepVerified(versions),
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.caFileFor ? { caFileFor: opts.caFileFor } : {}),
    ...(opts.transports ? { transports: opts.transports } : {}),
  });
  return {
    docker,
    connect: (ref) => docker.connect(ref),
    crypto: nodeCrypto,
    now: opts.now,
    offline: opts.offline ?? 'auto',
    versions,
    trusted: (gun) => docker.trusted(gun),
    pinning: pins,
    localKeyIds: opts.localKeyIds ?? (() => listTrustDirKeyIds(docker.trustDir)),
    registry: (domain) => docker.registryClient(domain),
    cachedRepositories: (registry) => docker.cachedRepositories(registry),
    close: () => docker.close(),
  };
}
