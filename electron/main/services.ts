/**
 * Composition root of the main process (and of the browser harness): settings (a trust server per
 * registry, CA files), key stores, passphrase broker and progress events wired into core's
 * contexts over core/node's adapters. One context (and writer) per request, so connections close
 * and decrypted keys live only for that operation: every handler goes through withServices.
 */
import { randomBytes } from 'node:crypto';
import type { KeyStore } from '../../core/keystore/key-store.js';
import type { PassphraseSource } from '../../core/keystore/passphrase.js';
import { KeychainKeyStore, type KeytarLike } from '../../core/node/keychain-key-store.js';
import { TrustDirKeyStore } from '../../core/node/trust-dir-key-store.js';
import { systemClock } from '../../core/node/clock.js';
import { nodeReadContext, type NodeReadContext } from '../../core/node/read-context.js';
import type { NodeHttpTransport } from '../../core/node/node-transport.js';
import { nodeEngine } from '../../core/node/engine/index.js';
import { nodeTrustContext, nodeWriter } from '../../core/node/trust-context.js';
import type { CryptoService } from '../../core/keystore/crypto-service.js';
import { tokenKeyIds, type TokenOptions } from '../../core/node/token-context.js';
import type { TrustWriter } from '../../core/operations/index.js';
import { dockerConfigDir } from '../../core/node/docker-config.js';
import { trustDirFor } from '../../core/node/file-metadata-cache.js';
import { parseImageReference } from '../../core/registry/reference.js';
import type { AppInfo, EmitEvent, ProgressStep, RequestChannel } from '../ipc/contract.js';
import { noDialogs, type NativeDialogs } from './dialogs.js';
import { FileChoices } from './file-choices.js';
import type { PassphraseBroker, RememberedPassphrases } from './passphrase-broker.js';
import type { SettingsStore } from './settings.js';

export interface MainServicesOptions {
  env: Record<string, string | undefined>;
  settings: SettingsStore;
  broker: PassphraseBroker;
  emit: EmitEvent;
  /** keytar (or a stand-in); undefined when no keychain is reachable: keys then stay in the trust dir. */
  keytar?: () => KeytarLike;
  /** Why the keychain is not used, when it is not. */
  keychainNote?: string;
  remembered?: RememberedPassphrases;
  shell: AppInfo['shell'];
  appVersion: string;
  /** The clock (tests pin it); default: the system clock. */
  now?: () => Date;
  /** User-facing warnings from core (plain-HTTP server, cached data), routed to the log. */
  warn?: (message: string) => void;
  /** Main's own dialogs (native in the app, the chooser in the harness); default: every one cancelled. */
  dialogs?: NativeDialogs;
}

/** One operation's context: its ID for progress events, and a reporter. */
export interface Operation {
  id: string;
  channel: RequestChannel;
  progress(step: ProgressStep, gun?: string): void;
}

export class MainServices {
  readonly env: Record<string, string | undefined>;
  readonly dockerConfig: string;
  readonly trustDir: string;

  readonly now: () => Date;
  /** Archives opened in this session: ID → the file main read (the renderer names only the ID). */
  readonly archives = new Map<string, { path: string; name: string }>();
  /** Which keys each trust server holds, per repository and root version (core/operations/view.ts). */
  readonly serverKeyIds = new Map<string, ReadonlySet<string>>();
  /** Cache and history writes a refresh handed over (trust:view), run one after another: the view is back before they end. */
  private writes: Promise<void> = Promise.resolve();
  private pending = 0;
  readonly writeBehind = (write: () => Promise<void>): void => {
    this.pending++;
    this.writes = this.writes
      .then(write)
      .catch((e: unknown) =>
        this.opts.warn?.(`the verified trust data could not be written to the cache: ${(e as Error).message}`),
      )
      .finally(() => this.pending--);
  };
  /** Resolves when every handed-over write has ended (tests; before quitting). */
  async writesSettled(): Promise<void> {
    while (this.pending > 0) await this.writes;
  }
  readonly dialogs: NativeDialogs;
  /** Files chosen in main's dialogs, by the handle the renderer names. */
  readonly files: FileChoices;

  constructor(readonly opts: MainServicesOptions) {
    this.env = opts.env;
    this.dialogs = opts.dialogs ?? noDialogs;
    this.files = new FileChoices(this.dialogs);
    this.now = opts.now ?? systemClock;
    this.dockerConfig = dockerConfigDir(opts.env);
    this.trustDir = trustDirFor(this.dockerConfig);
  }

  get broker(): PassphraseBroker {
    return this.opts.broker;
  }

  get settings(): SettingsStore {
    return this.opts.settings;
  }

  get remembered(): RememberedPassphrases | undefined {
    return this.opts.remembered;
  }

  /** Where new keys go, after settings and keychain availability. */
  async activeKeyStore(): Promise<AppInfo['keyStore']> {
    const wanted = (await this.opts.settings.settings()).keyStore;
    if (wanted === 'keychain' && !this.opts.keytar)
      return { active: 'trust-dir', note: this.opts.keychainNote ?? 'the OS keychain is not available' };
    return { active: wanted };
  }

  /** Key stores in lookup order: the chosen one first (new keys go there), the other second. */
  async keyStores(): Promise<KeyStore[]> {
    const trustDir = new TrustDirKeyStore(this.trustDir);
    if (!this.opts.keytar) return [trustDir];
    const keychain = new KeychainKeyStore({ keytar: this.opts.keytar });
    return (await this.activeKeyStore()).active === 'keychain' ? [keychain, trustDir] : [trustDir, keychain];
  }

  /** Hardware tokens: the module from Settings, else SIGNET_PKCS11_MODULE, else a common one installed here. */
  private async tokenOptions(): Promise<TokenOptions> {
    const { pkcs11Module } = await this.opts.settings.settings();
    return { env: this.env, ...(pkcs11Module !== undefined ? { settings: pkcs11Module } : {}) };
  }

  /** Canonical IDs of every private key held here (keychain, trust dir, tokens plugged in), for "yours". */
  async heldKeyIds(): Promise<Set<string>> {
    const held = new Set<string>();
    for (const store of await this.keyStores()) for (const k of await store.list().catch(() => [])) held.add(k.id);
    for (const id of await tokenKeyIds(await this.tokenOptions(), this.now)) held.add(id);
    return held;
  }

  /** A context over the settings: each registry's trust server (else DOCKER_CONTENT_TRUST_SERVER, docker's default), CA files, the keys held here. */
  async context(): Promise<NodeReadContext> {
    const { trustServers, caPaths } = await this.opts.settings.settings();
    return nodeReadContext({
      transports: this.transportsFor(caPaths),
      env: this.env,
      now: this.now,
      offline: 'auto',
      server: (ref) => trustServers[ref.domain],
      caFileFor: (hostPort) => caPaths[hostPort],
      localKeyIds: () => this.heldKeyIds(),
      ...(this.opts.warn ? { warn: this.opts.warn } : {}),
    });
  }

  /** Connections kept from one request to the next (a refresh reuses them), for as long as the CA files in the settings stay. */
  private pool: { caPaths: string; transports: Map<string, NodeHttpTransport> } | undefined;
  private transportsFor(caPaths: Record<string, string>): Map<string, NodeHttpTransport> {
    const key = JSON.stringify(caPaths);
    if (this.pool?.caPaths !== key) {
      for (const t of this.pool?.transports.values() ?? []) t.close();
      this.pool = { caPaths: key, transports: new Map() };
    }
    return this.pool.transports;
  }

  /** Ends the kept connections (the harness closing; tests). */
  closeConnections(): void {
    for (const t of this.pool?.transports.values() ?? []) t.close();
    this.pool = undefined;
  }

  /** One operation's progress reporter; every step names the repository when the request did. */
  operation(channel: RequestChannel, reference?: string): Operation {
    const id = randomBytes(8).toString('hex');
    let known: string | undefined;
    try {
      known = reference !== undefined ? parseImageReference(reference).gun : undefined;
    } catch {
      known = undefined; // a bad reference is reported by the operation itself
    }
    return {
      id,
      channel,
      progress: (step, gun) => {
        const g = gun ?? known;
        this.opts.emit('progress', { operationId: id, channel, step, ...(g !== undefined ? { gun: g } : {}) });
      },
    };
  }

  /**
   * Runs `fn` with a fresh context for one request and always closes it. With `progress`, the
   * operation reports that first step (when it is one), then `done` or `failed`.
   */
  async withServices<T>(
    channel: RequestChannel,
    reference: string | undefined,
    fn: (ctx: NodeReadContext, op: Operation) => Promise<T>,
    opts: { progress?: ProgressStep | true } = {},
  ): Promise<T> {
    const op = this.operation(channel, reference);
    const ctx = await this.context();
    try {
      if (typeof opts.progress === 'string') op.progress(opts.progress);
      const out = await fn(ctx, op);
      if (opts.progress) op.progress('done');
      return out;
    } catch (e) {
      if (opts.progress) op.progress('failed');
      throw e;
    } finally {
      ctx.close();
    }
  }

  /**
   * Runs `fn` with a fresh read context and the keys held here (passphrases through the broker):
   * for an operation that reads as inspect does and signs outside the trust data (a migration to
   * cosign). Its keys are forgotten after.
   */
  withKeys<T>(
    channel: RequestChannel,
    fn: (read: NodeReadContext, keys: CryptoService, op: Operation) => Promise<T>,
  ): Promise<T> {
    return this.withServices(channel, undefined, async (read, op) => {
      const keys = nodeTrustContext(read, {
        passphrases: this.opts.broker,
        stores: await this.keyStores(),
        tokens: await this.tokenOptions(),
      }).keys;
      try {
        return await fn(read, keys, op);
      } finally {
        await keys.close().catch(() => undefined);
      }
    });
  }

  /**
   * Runs `fn` with a fresh writer (progress events, broker, key stores), reporting `done` or
   * `failed`; its keys are forgotten after. `passphrases` replaces the broker (key export asks even
   * when one is remembered).
   */
  withWriter<T>(
    channel: RequestChannel,
    reference: string | undefined,
    fn: (writer: TrustWriter, op: Operation) => Promise<T>,
    opts: { passphrases?: PassphraseSource } = {},
  ): Promise<T> {
    return this.withServices(
      channel,
      reference,
      async (ctx, op) => {
        const writer = nodeWriter(ctx, {
          passphrases: opts.passphrases ?? this.opts.broker,
          stores: await this.keyStores(),
          tokens: await this.tokenOptions(),
          progress: (step, gun) => op.progress(step, gun),
          engine: () => nodeEngine(this.env),
        });
        try {
          return await fn(writer, op);
        } finally {
          await writer.keys.close().catch(() => undefined);
        }
      },
      { progress: true },
    );
  }
}
