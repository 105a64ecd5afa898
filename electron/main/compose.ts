/**
 * Builds the main-process object graph shared by the Electron app and the browser harness:
 * settings → broker → services → handlers → dispatch. Transport-specific code (ipcMain or HTTP)
 * only adds how events reach the renderer and who may call.
 */
import { useKeyCrypto } from '../../core/crypto/key-crypto.js';
import type { KeytarLike } from '../../core/node/keychain-key-store.js';
import { nodeKeyCrypto } from '../../core/node/node-key-crypto.js';
import type { AppInfo, ConfigNotice, EmitEvent } from '../ipc/contract.js';
import type { NativeDialogs } from './dialogs.js';
import { createDispatch, type Dispatch } from './dispatch.js';
import { createHandlers } from './handlers/index.js';
import { PassphraseBroker, RememberedPassphrases } from './passphrase-broker.js';
import { MainServices } from './services.js';
import { SettingsStore } from './settings.js';

export interface ComposeOptions {
  env: Record<string, string | undefined>;
  /** The folder of settings.json: Signet's config folder (config-folder.ts), or a test's. */
  userDataDir: string;
  /** What was done with the config folder at start, shown with the settings (prepareConfigFolder). */
  configNotices?: ConfigNotice[];
  emit: EmitEvent;
  shell: AppInfo['shell'];
  appVersion: string;
  /** keytar when the keychain is usable; undefined keeps keys in the trust dir. */
  keytar?: () => KeytarLike;
  keychainNote?: string;
  passphraseTimeoutMs?: number;
  log?: (message: string) => void;
  /** Main's dialogs: Electron's native ones, or the harness's chooser; default: every one cancelled. */
  dialogs?: NativeDialogs;
}

export interface MainGraph {
  settings: SettingsStore;
  broker: PassphraseBroker;
  services: MainServices;
  dispatch: Dispatch;
}

export function composeMain(opts: ComposeOptions): MainGraph {
  useKeyCrypto(nodeKeyCrypto); // key files and signing on node:crypto (core's default is noble)
  const log = opts.log ?? ((m: string) => console.error(m));
  const settings = new SettingsStore(opts.userDataDir, {
    warn: log,
    ...(opts.configNotices ? { notices: opts.configNotices } : {}),
  });
  const remembered = opts.keytar ? new RememberedPassphrases(opts.keytar) : undefined;
  const broker = new PassphraseBroker({
    emit: opts.emit,
    ...(remembered ? { remembered } : {}),
    ...(opts.passphraseTimeoutMs !== undefined ? { timeoutMs: opts.passphraseTimeoutMs } : {}),
    warn: log,
  });
  const services = new MainServices({
    env: opts.env,
    settings,
    broker,
    emit: opts.emit,
    shell: opts.shell,
    appVersion: opts.appVersion,
    warn: log,
    ...(opts.keytar ? { keytar: opts.keytar } : {}),
    ...(opts.keychainNote ? { keychainNote: opts.keychainNote } : {}),
    ...(remembered ? { remembered } : {}),
    ...(opts.dialogs ? { dialogs: opts.dialogs } : {}),
  });
  return { settings, broker, services, dispatch: createDispatch(createHandlers(services), { log }) };
}
