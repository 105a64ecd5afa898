/**
 * The one `handle()` wrapper between ipcMain and the handlers (GitHub Desktop's ipc-main.ts +
 * trusted-ipc-sender.ts; Electron security checklist #17 "validate the sender of all IPC messages"):
 *
 *   1. the sender must be one of the app's own windows (trusted webContents ID) AND its frame must
 *      show the app's own origin (app://signet), so a navigated or embedded frame is refused;
 *   2. every argument arrives as `unknown` and is parsed by the channel's guard (guards.ts);
 *   3. whatever happens comes back as a Result: `ipcMain.handle` would pass only a thrown error's
 *      message (and log its stack), so nothing is thrown across the bridge.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { REQUEST_CHANNELS } from '../ipc/channels.js';
import type { EventChannel, EventChannels, Result } from '../ipc/contract.js';
import { fail, type Dispatch } from './dispatch.js';
import { sameOrigin } from './security.js';

/** The set of webContents allowed to call main, plus the origin their frames must show. */
export class TrustedSenders {
  private readonly ids = new Set<number>();

  constructor(readonly origin: string) {}

  add(contents: Pick<WebContents, 'id' | 'once'>): void {
    const id = contents.id;
    this.ids.add(id);
    contents.once('destroyed', () => this.ids.delete(id));
  }

  has(id: number): boolean {
    return this.ids.has(id);
  }

  /** True when the event comes from a trusted window whose frame is on the app's origin. */
  isTrusted(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>): boolean {
    if (!event.sender || !this.ids.has(event.sender.id)) return false;
    const url = event.senderFrame?.url;
    return typeof url === 'string' && sameOrigin(url, this.origin);
  }
}

/** The narrow part of ipcMain we use (fakes in tests). */
export type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>;

export interface RegisterOptions {
  /** Called for every refused call (logged in main; the renderer only gets the coded result). */
  onRefused?: (channel: string, reason: string) => void;
}

/** Wraps one channel: trusted sender, then dispatch (guards + handler + Result). */
export function handle(trusted: TrustedSenders, dispatch: Dispatch, channel: string, opts: RegisterOptions = {}) {
  return async (
    event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
    ...args: unknown[]
  ): Promise<Result<unknown>> => {
    if (!trusted.isTrusted(event)) {
      opts.onRefused?.(channel, 'untrusted sender');
      return fail('IPC_UNTRUSTED_SENDER', 'This request did not come from a Signet window and was refused.');
    }
    return dispatch(channel, args);
  };
}

/** Registers exactly one handler per contract channel; returns a function that removes them all. */
export function registerIpc(
  ipcMain: IpcMainLike,
  trusted: TrustedSenders,
  dispatch: Dispatch,
  opts: RegisterOptions = {},
): () => void {
  for (const channel of REQUEST_CHANNELS) ipcMain.handle(channel, handle(trusted, dispatch, channel, opts));
  return () => {
    for (const channel of REQUEST_CHANNELS) ipcMain.removeHandler(channel);
  };
}

/** Typed main → renderer send to every trusted, living window (Desktop's ipc-webcontents.ts). */
export function eventSender(
  windows: () => Array<Pick<WebContents, 'id' | 'isDestroyed' | 'send'>>,
  trusted: TrustedSenders,
) {
  return <E extends EventChannel>(event: E, payload: EventChannels[E]): void => {
    for (const wc of windows()) if (!wc.isDestroyed() && trusted.has(wc.id)) wc.send(event, payload);
  };
}
