/**
 * The ONLY module that touches `window.signet` (the preload in Electron, the bridge in the browser
 * harness). Every call unwraps the contract's `Result<T>`: a value, or a thrown {@link ApiError}
 * carrying the error's code, message and hint. Nothing else in the renderer knows about IPC.
 */
import type {
  AppInfo,
  DiscoveredRepository,
  ErrorDTO,
  EventChannel,
  EventChannels,
  IpcErrorCode,
  KeyInfoDTO,
  Result,
  SettingsState,
  SignetApi,
  TrustView,
  WatchedRepository,
} from '../electron/ipc/contract.ts';

export type { AppInfo, DiscoveredRepository, KeyInfoDTO, SettingsState, TrustView, WatchedRepository };

/** A failed request, as the main process described it. */
export class ApiError extends Error {
  readonly code: IpcErrorCode;
  readonly hint: string | undefined;
  constructor(error: ErrorDTO) {
    super(error.message);
    this.name = 'ApiError';
    this.code = error.code;
    this.hint = error.hint;
  }
  toDTO(): ErrorDTO {
    return this.hint === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, hint: this.hint };
  }
}

function bridge(): SignetApi {
  const s = (globalThis as { signet?: SignetApi }).signet;
  if (!s) throw new ApiError({ code: 'INTERNAL', message: 'window.signet is missing: the page was not loaded by Signet (preload or harness bridge)' });
  return s;
}

async function unwrap<T>(call: () => Promise<Result<T>>): Promise<T> {
  let r: Result<T>;
  try {
    r = await call();
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError({ code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) });
  }
  if (r.ok) return r.value;
  throw new ApiError(r.error);
}

export const api = {
  appInfo: (): Promise<AppInfo> => unwrap(() => bridge().app.info()),
  settings: (): Promise<SettingsState> => unwrap(() => bridge().settings.get()),

  listRepositories: (): Promise<WatchedRepository[]> => unwrap(() => bridge().repositories.list()),
  addRepository: (reference: string): Promise<WatchedRepository[]> => unwrap(() => bridge().repositories.add(reference)),
  removeRepository: (reference: string): Promise<WatchedRepository[]> => unwrap(() => bridge().repositories.remove(reference)),
  /** Repositories found from keys' GUN headers and the metadata cache (not already watched). */
  discoveredRepositories: (): Promise<DiscoveredRepository[]> => unwrap(() => bridge().repositories.discovered()),

  trustView: (reference: string): Promise<TrustView> => unwrap(() => bridge().trust.view(reference)),
  /** Raw JSON of every role file (role → file text), verified and refreshed first. */
  rawMetadata: (reference: string): Promise<Record<string, string>> => unwrap(() => bridge().trust.rawMetadata(reference)),

  listKeys: (): Promise<KeyInfoDTO[]> => unwrap(() => bridge().keys.list()),

  /** Subscribes to a main → renderer event; returns the unsubscribe function (a no-op without a bridge). */
  on<E extends EventChannel>(event: E, listener: (payload: EventChannels[E]) => void): () => void {
    const s = (globalThis as { signet?: SignetApi }).signet;
    return s ? s.on(event, listener) : () => undefined;
  },
};

export type Api = typeof api;
