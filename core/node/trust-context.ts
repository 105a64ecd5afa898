/**
 * The writing context over a NodeReadContext's connections: keys from the docker trust dir and/or
 * the OS keychain (passphrases through the shell's source), staged changes in notary's changelist
 * dir, docker's logins, the same clock. Shared by the CLI and the app's composition.
 */
import { CryptoService } from '../keystore/crypto-service.js';
import type { KeyStore } from '../keystore/key-store.js';
import type { PassphraseSource } from '../keystore/passphrase.js';
import type { TrustContext } from '../operations/context.js';
import { TrustWriter } from '../operations/writer.js';
import type { PublishStep } from '../trust/publish.js';
import { FileChangeStore } from './file-change-store.js';
import { KeychainKeyStore } from './keychain-key-store.js';
import type { NodeReadContext } from './read-context.js';
import { TrustDirKeyStore } from './trust-dir-key-store.js';
import type { EngineClient } from '../engine/engine-client.js';
import { nodeTokenKeys, type TokenOptions } from './token-context.js';
import type { TokenKeys } from '../keystore/token-keys.js';

export interface NodeContextOptions {
  passphrases: PassphraseSource;
  /** Where new keys go: docker's trust dir (default, drop-in for docker) or the OS keychain. */
  keyStore?: 'trust-dir' | 'keychain';
  /** The key stores in lookup order (the app's, tests'); replaces the defaults when given. */
  stores?: KeyStore[];
  progress?: (step: PublishStep, gun: string) => void;
  /** The local Docker engine (core/node/engine's nodeEngine, from the shell's environment); absent: none. */
  engine?: () => Promise<EngineClient>;
  /** Hardware tokens (PKCS#11): which module, and where new keys go. Default: SIGNET_PKCS11_MODULE or a common module. */
  tokens?: TokenOptions;
}

/** Key stores by docker's default: the trust dir, with the keychain first when new keys go there. */
export function defaultKeyStores(trustDir: string, keyStore: 'trust-dir' | 'keychain' = 'trust-dir'): KeyStore[] {
  const dir = new TrustDirKeyStore(trustDir);
  return keyStore === 'keychain' ? [new KeychainKeyStore(), dir] : [dir];
}

/** The writing context over the same connections: keys, notary's changelist dir, docker's logins. */
export function nodeTrustContext(read: NodeReadContext, opts: NodeContextOptions): TrustContext {
  const trustDir = read.docker.trustDir;
  const stores = opts.stores ?? defaultKeyStores(trustDir, opts.keyStore);
  return {
    connect: (ref) => read.connect(ref),
    changes: (gun) => new FileChangeStore(trustDir, gun),
    keys: new CryptoService({
      stores,
      passphrases: opts.passphrases,
      now: () => read.now(),
      ...tokenParts(opts.tokens ?? {}, opts.passphrases, () => read.now()),
    }),
    crypto: read.crypto,
    credentials: (domain) => read.docker.credentials(domain),
    now: () => read.now(),
    ...(opts.engine ? { engine: opts.engine } : {}),
    ...(opts.progress ? { progress: opts.progress } : {}),
  };
}

function tokenParts(
  opts: TokenOptions,
  passphrases: PassphraseSource,
  now: () => Date,
): { tokens?: TokenKeys; newKeysOn?: (role: string) => string | undefined } {
  const tokens = nodeTokenKeys({ env: process.env, ...opts }, passphrases, now);
  return tokens ? { tokens, ...(opts.newKeysOn ? { newKeysOn: opts.newKeysOn } : {}) } : {};
}

/** A TrustWriter over the Node adapters. */
export function nodeWriter(read: NodeReadContext, opts: NodeContextOptions): TrustWriter {
  return new TrustWriter(nodeTrustContext(read, opts));
}
