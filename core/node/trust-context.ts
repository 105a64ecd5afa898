/**
 * The Node composition root for operations: keys from the docker trust dir and/or the OS keychain,
 * staged changes in notary's changelist dir, node:crypto, docker's logins and the real clock
 * (or the TrustServices' one), all injected into core's TrustContext. Shared by the CLI and the app.
 */
import { CryptoService } from '../keystore/crypto-service.js';
import type { KeyStore } from '../keystore/key-store.js';
import type { PassphraseSource } from '../keystore/passphrase.js';
import type { TrustContext } from '../operations/context.js';
import { TrustWriter } from '../operations/writer.js';
import type { PublishStep } from '../trust/publish.js';
import { FileChangeStore } from './file-change-store.js';
import { KeychainKeyStore } from './keychain-key-store.js';
import { nodeCrypto } from './node-crypto.js';
import { TrustDirKeyStore } from './trust-dir-key-store.js';
import type { TrustServices } from './trust-services.js';

export interface NodeContextOptions {
  passphrases: PassphraseSource;
  /** Where new keys go: docker's trust dir (default, drop-in for docker) or the OS keychain. */
  keyStore?: 'trust-dir' | 'keychain';
  /** The key stores in lookup order (the app's, tests'); replaces the defaults when given. */
  stores?: KeyStore[];
  progress?: (step: PublishStep, gun: string) => void;
}

/** Key stores by docker's default: the trust dir, with the keychain first when new keys go there. */
export function defaultKeyStores(trustDir: string, keyStore: 'trust-dir' | 'keychain' = 'trust-dir'): KeyStore[] {
  const dir = new TrustDirKeyStore(trustDir);
  return keyStore === 'keychain' ? [new KeychainKeyStore(), dir] : [dir];
}

export function nodeTrustContext(services: TrustServices, opts: NodeContextOptions): TrustContext {
  const stores = opts.stores ?? defaultKeyStores(services.trustDir, opts.keyStore);
  return {
    connect: (ref) => services.connect(ref),
    changes: (gun) => new FileChangeStore(services.trustDir, gun),
    keys: new CryptoService({ stores, passphrases: opts.passphrases, now: () => services.now() }),
    crypto: nodeCrypto,
    credentials: (domain) => services.credentials(domain),
    now: () => services.now(),
    ...(opts.progress ? { progress: opts.progress } : {}),
  };
}

/** A TrustWriter over the Node adapters. */
export function nodeWriter(services: TrustServices, opts: NodeContextOptions): TrustWriter {
  return new TrustWriter(nodeTrustContext(services, opts));
}
