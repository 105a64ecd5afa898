/**
 * The renderer's API, derived from the IPC contract: every request channel `domain:method` is
 * `api.domain.method(arg)` (`keys:import` → `api.keys.import`, as `window.signet.keys.import`),
 * with no hand-written wrapper. Each call goes through ONE generic unwrapping function: a value,
 * or a thrown {@link ApiError} carrying the error's code, message and hint.
 *
 * This is the ONLY module that touches `window.signet` (the preload in Electron, the bridge in
 * the browser harness). Components get the Api from {@link useApi} (the App provides the one it
 * was given, so specs pass one built over fake handlers); the store slices get it when the store
 * is created.
 */
import { createContext, useContext } from 'react';
import { REQUEST_CHANNELS, splitChannel } from '../electron/ipc/channels.ts';
import type {
  AppInfo,
  DiscoveredRepository,
  DomainOf,
  ErrorDTO,
  EventChannel,
  EventChannels,
  IpcErrorCode,
  KeyInfoDTO,
  RequestChannel,
  RequestChannels,
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
    return this.hint === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, hint: this.hint };
  }
}

/** A channel as the renderer calls it: the channel's argument in, its success value out. */
type Unwrapped<F> = F extends (...args: infer A) => Promise<Result<infer T>> ? (...args: A) => Promise<T> : never;

/** `{ domain: { method: call } }` for every `domain:method` channel of the channel map `C`. */
export type ApiOf<C> = {
  readonly [D in DomainOf<keyof C>]: {
    readonly [K in keyof C as K extends `${D}:${infer M}` ? M : never]: Unwrapped<C[K]>;
  };
};

/** How a request reaches main: the channel and its argument list in, the contract's Result out. */
export type Invoke = (channel: string, args: unknown[]) => Promise<Result<unknown>>;
export type Subscribe = <E extends EventChannel>(event: E, listener: (payload: EventChannels[E]) => void) => () => void;

export type Api = ApiOf<RequestChannels> & {
  /** Subscribes to a main → renderer event; returns the unsubscribe function. */
  readonly on: Subscribe;
};

/** The one generic call: a Result becomes its value, or an ApiError (a transport failure is INTERNAL). */
async function unwrap(pending: () => Promise<Result<unknown>>): Promise<unknown> {
  let r: Result<unknown>;
  try {
    r = await pending();
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError({ code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) });
  }
  if (r.ok) return r.value;
  throw new ApiError(r.error);
}

/** Builds `{ domain: { method } }` from a channel list: each method is `unwrap(invoke(channel, args))`. */
export function deriveApi<C>(channels: readonly (keyof C & string)[], invoke: Invoke): ApiOf<C> {
  const api: Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>> = {};
  for (const channel of channels) {
    const i = channel.indexOf(':');
    (api[channel.slice(0, i)] ??= {})[channel.slice(i + 1)] = (...args) => unwrap(() => invoke(channel, args));
  }
  for (const domain of Object.values(api)) Object.freeze(domain);
  // built from the same channel list the type maps over
  return Object.freeze(api) as unknown as ApiOf<C>;
}

/** The Api over a transport (the real bridge, or fake handlers in specs). */
export function createApi(invoke: Invoke, on: Subscribe): Api {
  return Object.freeze({ ...deriveApi<RequestChannels>(REQUEST_CHANNELS, invoke), on });
}

function bridge(): SignetApi {
  const s = (globalThis as { signet?: SignetApi }).signet;
  if (!s)
    throw new ApiError({
      code: 'INTERNAL',
      message: 'window.signet is missing: the page was not loaded by Signet (preload or harness bridge)',
    });
  return s;
}

/** `window.signet.<domain>.<method>(...args)` for a channel (the preload exposes named methods only). */
const bridgeInvoke: Invoke = (channel, args) => {
  const [domain, method] = splitChannel(channel as RequestChannel);
  const call = (bridge()[domain] as Record<string, (...a: unknown[]) => Promise<Result<unknown>>>)[method];
  if (!call) throw new ApiError({ code: 'IPC_UNKNOWN_CHANNEL', message: `window.signet has no ${channel}` });
  return call(...args);
};

export const api: Api = createApi(bridgeInvoke, (event, listener) => {
  const s = (globalThis as { signet?: SignetApi }).signet;
  return s ? s.on(event, listener) : () => undefined;
});

/** The Api for components: the App provides the one it was given; without a provider, the real bridge. */
export const ApiContext = createContext<Api>(api);

export function useApi(): Api {
  return useContext(ApiContext);
}
