/**
 * Starts the browser harness with the app's object graph: same contract, guards, handlers and
 * passphrase broker; the CLI's environment (DOCKER_CONFIG, DOCKER_CONTENT_TRUST_SERVER) and key
 * stores (the OS keychain when a Secret Service answers, else the docker trust dir). Main's
 * native dialogs are stood in for by the harness chooser (chooser.ts).
 */
import type { KeytarLike } from '../../core/node/keychain-key-store.js';
import type { EmitEvent } from '../ipc/contract.js';
import { composeMain, type MainGraph } from '../main/compose.js';
import { prepareConfigFolder } from '../main/config-folder.js';
import { keychainUnavailable, loadKeytar } from '../main/keychain.js';
import { HarnessChooser } from './chooser.js';
import { startHarnessServer, type HarnessServer } from './server.js';

export interface HarnessOptions {
  env?: Record<string, string | undefined>;
  port?: number;
  rendererDir: string;
  /** The folder of settings.json; default $SIGNET_USER_DATA, else Signet's config folder (the CLI's, its old files moved in). */
  userDataDir?: string;
  /** Keychain to use; default: keytar when it answers. `null`: trust dir only. */
  keytar?: (() => KeytarLike) | null;
  passphraseTimeoutMs?: number;
  appVersion?: string;
  log?: (message: string) => void;
  /** Every event sent to the page, also given here (tests record them). */
  onEvent?: EmitEvent;
  /** Asks on a terminal when the chooser has no queued answer (a harness started by hand). */
  ask?: (question: string) => Promise<string>;
}

export interface Harness extends HarnessServer {
  graph: MainGraph;
  /** The stand-in for main's file dialogs and confirmations: tests queue its answers. */
  chooser: HarnessChooser;
  /** One line naming where keys go. */
  keyStoreLine: string;
}

export async function startHarness(opts: HarnessOptions): Promise<Harness> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? ((m: string) => console.error(m));
  let keytar: (() => KeytarLike) | undefined;
  let note: string | undefined;
  if (opts.keytar === null) note = 'keychain disabled';
  else {
    const candidate = opts.keytar ?? loadKeytar;
    note = await keychainUnavailable(candidate);
    if (note === undefined) keytar = candidate;
  }
  const chooser = new HarnessChooser({ log, ...(opts.ask ? { ask: opts.ask } : {}) });
  // eslint-disable-next-line prefer-const -- assigned once the server exists; emit() reads it late
  let server: HarnessServer | undefined;
  const emit: EmitEvent = (event, payload) => {
    opts.onEvent?.(event, payload);
    server?.emit(event, payload);
  };
  const chosen = opts.userDataDir ?? env['SIGNET_USER_DATA'];
  // a folder chosen by the caller is its own: nothing is moved into it
  const config = chosen === undefined ? await prepareConfigFolder(env) : { dir: chosen, notices: [] };
  for (const notice of config.notices) log(notice.message);
  const graph = composeMain({
    env,
    userDataDir: config.dir,
    configNotices: config.notices,
    emit,
    shell: 'harness',
    appVersion: opts.appVersion ?? '0.0.0',
    log,
    dialogs: chooser,
    ...(keytar ? { keytar } : { keychainNote: `no Secret Service reachable (${note})` }),
    ...(opts.passphraseTimeoutMs !== undefined ? { passphraseTimeoutMs: opts.passphraseTimeoutMs } : {}),
  });
  server = await startHarnessServer({
    dispatch: graph.dispatch,
    rendererDir: opts.rendererDir,
    port: opts.port ?? 5174,
    chooser,
    log,
  });
  const active = await graph.services.activeKeyStore();
  const keyStoreLine =
    active.active === 'keychain'
      ? `keys: OS keychain (Secret Service) first, then the trust dir ${graph.services.trustDir}`
      : `keys: trust dir ${graph.services.trustDir}${active.note ? ` (${active.note})` : ''}`;
  const s = server;
  return {
    ...s,
    emit: s.emit,
    close: async () => {
      graph.broker.cancelAll();
      await s.close();
      await graph.services.writesSettled();
      graph.services.closeConnections();
    },
    graph,
    chooser,
    keyStoreLine,
  };
}
