import type { CryptoProvider } from '../crypto/provider.js';
import { keyId } from '../crypto/key-id.js';
import { rootCertificateFor } from '../crypto/root-cert.js';
import type { RemoteStore } from '../notary/remote-store.js';
import type { PublicKeyJSON, RootSigned, TargetsSigned } from '../tuf/types.js';
import { formatExpires } from '../tuf/expires.js';
import type { KeyService } from './key-signers.js';
import type { WorkingRepo } from './working-repo.js';

export interface InitOptions {
  gun: string;
  remote: RemoteStore;
  keys: KeyService;
  crypto: CryptoProvider;
  now: Date;
  /** Root key to use (canonical ID); default: the first root key held (sorted by ID), else a new one. */
  rootKeyId?: string;
  /** A new root key even when one is held (made where the key service makes root keys: a token for `--root-token`). */
  newRootKey?: boolean;
  /** 'server' (docker's layout, default) or 'local' (notary init's layout). */
  snapshot?: 'server' | 'local';
}

export interface InitResult {
  repo: WorkingRepo;
  rootKeyId: string;
  targetsKeyId: string;
  createdRootKey: boolean;
}

/**
 * A new repository's first root and targets (docker initNotaryRepoWithSigners / notary initialize):
 * the user's root key (reused across repositories, each with its own CN=GUN certificate), a new
 * targets key, and the server's timestamp key (and snapshot key unless it is local), fetched once:
 * until root is published every fetch of a server key returns a new one.
 */
export async function initialRepository(opts: InitOptions): Promise<InitResult> {
  const held = await opts.keys.listKeys();
  const existingRoot = opts.newRootKey
    ? undefined
    : (opts.rootKeyId ??
      held
        .filter((k) => k.role === 'root')
        .map((k) => k.id)
        .sort()[0]);
  const rootKey = existingRoot ? await opts.keys.unlock(existingRoot) : (await opts.keys.generateKey('root')).key;
  const existingTargets = held.find((k) => k.role === 'targets' && k.gun === opts.gun);
  const targetsKey = existingTargets
    ? await opts.keys.unlock(existingTargets.id)
    : (await opts.keys.generateKey('targets', opts.gun)).key;
  const snapshotKey =
    opts.snapshot === 'local'
      ? (await opts.keys.generateKey('snapshot', opts.gun)).key.publicKey
      : await opts.remote.getKey('snapshot');
  const timestampKey = await opts.remote.getKey('timestamp');

  const cert = await rootCertificateFor(rootKey, opts.gun, opts.now);
  const id = (k: PublicKeyJSON) => keyId(k, opts.crypto);
  const roleKeys: Record<'root' | 'targets' | 'snapshot' | 'timestamp', PublicKeyJSON> = {
    root: cert.publicKey,
    targets: targetsKey.publicKey,
    snapshot: snapshotKey,
    timestamp: timestampKey,
  };
  const root: RootSigned = {
    _type: 'Root',
    consistent_snapshot: false,
    expires: formatExpires(opts.now),
    keys: Object.fromEntries(Object.values(roleKeys).map((k) => [id(k), k])),
    roles: {
      root: { keyids: [id(roleKeys.root)], threshold: 1 },
      snapshot: { keyids: [id(roleKeys.snapshot)], threshold: 1 },
      targets: { keyids: [id(roleKeys.targets)], threshold: 1 },
      timestamp: { keyids: [id(roleKeys.timestamp)], threshold: 1 },
    },
    version: 0,
  };
  const targets: TargetsSigned = {
    _type: 'Targets',
    delegations: { keys: {}, roles: [] },
    expires: formatExpires(opts.now),
    targets: {},
    version: 0,
  };
  return {
    repo: { gun: opts.gun, root, targets, delegations: new Map(), dirty: new Set(['root', 'targets']) },
    rootKeyId: rootKey.canonicalId,
    targetsKeyId: targetsKey.canonicalId,
    createdRootKey: !existingRoot,
  };
}
