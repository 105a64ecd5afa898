/**
 * Composition root of the main process (and of the browser harness): settings, key stores,
 * passphrase broker and progress events wired into core's TrustServices / TrustWriter. One
 * TrustServices + TrustWriter per request, so decrypted keys live only for that operation.
 */
import { randomBytes } from 'node:crypto';
import type { KeyStore, StoredKeyInfo } from '../../core/keystore/key-store.js';
import type { PassphraseSource } from '../../core/keystore/passphrase.js';
import { KEYCHAIN_SERVICE, KeychainKeyStore, type KeytarLike } from '../../core/node/keychain-key-store.js';
import { TrustDirKeyStore } from '../../core/node/trust-dir-key-store.js';
import { TrustServices } from '../../core/node/trust-services.js';
import { systemClock } from '../../core/node/clock.js';
import { nodeWriter } from '../../core/node/trust-context.js';
import type { TrustWriter } from '../../core/operations/index.js';
import { dockerConfigDir } from '../../core/node/docker-config.js';
import { trustDirFor } from '../../core/node/file-metadata-cache.js';
import { parseImageReference } from '../../core/registry/reference.js';
import type { AppInfo, EmitEvent, KeyInfoDTO, ProgressStep, RequestChannel } from '../ipc/contract.js';
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

  /** A trust server per registry from the settings, else DOCKER_CONTENT_TRUST_SERVER / docker's default. */
  async servicesFor(reference: string | undefined): Promise<TrustServices> {
    const settings = await this.opts.settings.settings();
    let server: string | undefined;
    if (reference !== undefined) {
      try {
        server = settings.trustServers[parseImageReference(reference).domain];
      } catch {
        /* core reports the bad reference itself */
      }
    }
    const caPaths = settings.caPaths;
    return new TrustServices({
      env: this.env,
      offline: 'auto',
      now: this.now,
      caFileFor: (hostPort) => caPaths[hostPort],
      ...(server ? { server } : {}),
      ...(this.opts.warn ? { warn: this.opts.warn } : {}),
    });
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
   * Runs `fn` with a fresh writer for `reference` (progress events, broker, key stores); always
   * closes it. `passphrases` replaces the broker (key export asks even when one is remembered).
   */
  async withWriter<T>(
    channel: RequestChannel,
    reference: string | undefined,
    fn: (writer: TrustWriter, op: Operation) => Promise<T>,
    opts: { passphrases?: PassphraseSource } = {},
  ): Promise<T> {
    const op = this.operation(channel, reference);
    const services = await this.servicesFor(reference);
    const writer = nodeWriter(services, {
      passphrases: opts.passphrases ?? this.opts.broker,
      stores: await this.keyStores(),
      progress: (step, gun) => op.progress(step, gun),
    });
    try {
      const out = await fn(writer, op);
      op.progress('done');
      return out;
    } catch (e) {
      op.progress('failed');
      throw e;
    } finally {
      writer.keys.forget();
      services.close();
    }
  }

  /** A key as the renderer sees it. */
  async describeKeys(infos: StoredKeyInfo[]): Promise<KeyInfoDTO[]> {
    const remembered = this.opts.remembered
      ? await this.opts.remembered.keyIds().catch(() => new Set<string>())
      : new Set<string>();
    const backedUp = new Set((await this.opts.settings.settings()).backedUpKeys);
    return infos.map((k) => ({
      id: k.id,
      role: k.role,
      ...(k.gun !== undefined ? { gun: k.gun } : {}),
      ...(k.created !== undefined ? { created: k.created } : {}),
      location: k.location,
      where:
        k.location === 'keychain'
          ? `OS keychain (service "${KEYCHAIN_SERVICE}")`
          : k.location === 'trust-dir'
            ? `${this.trustDir}/private`
            : 'memory',
      passphraseRemembered: remembered.has(k.id),
      backedUp: backedUp.has(k.id),
    }));
  }

  async appInfo(): Promise<AppInfo> {
    const versions: Record<string, string> = {};
    for (const k of ['electron', 'chrome', 'node', 'v8'] as const) {
      const v = process.versions[k as keyof NodeJS.ProcessVersions];
      if (typeof v === 'string') versions[k] = v;
    }
    return {
      name: 'Signet',
      version: this.opts.appVersion,
      shell: this.opts.shell,
      platform: process.platform,
      versions,
      dockerConfig: this.dockerConfig,
      trustDir: this.trustDir,
      keyStore: await this.activeKeyStore(),
    };
  }
}
