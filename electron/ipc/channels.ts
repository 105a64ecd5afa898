/**
 * The runtime list of channels, checked against the type-only contract: a record keyed by EVERY
 * request channel (TypeScript rejects a missing or extra key), giving each channel's arity.
 * The preload and the harness bridge build `window.signet` from it; it imports nothing at runtime,
 * so the sandboxed preload bundle stays self-contained.
 */
import type { ChannelArgs, Domain, EventChannel, RequestChannel } from './contract.js';

export const REQUEST_ARITY: { readonly [K in RequestChannel]: ChannelArgs<K>['length'] } = {
  'app:info': 0,
  'repositories:list': 0,
  'repositories:add': 1,
  'repositories:remove': 1,
  'repositories:discovered': 0,
  'repositories:addRegistry': 1,
  'repositories:registries': 0,
  'repositories:removeRegistry': 1,
  'audit:run': 1,
  'audit:cancel': 1,
  'audit:export': 1,
  'migrate:plan': 1,
  'migrate:run': 1,
  'migrate:cancel': 1,
  'engine:localImages': 1,
  'engine:push': 1,
  'engine:cancel': 1,
  'migrate:exportPolicies': 1,
  'trust:view': 1,
  'trust:resolveDigest': 1,
  'trust:rawMetadata': 1,
  'trust:signingPlan': 1,
  'trust:sign': 1,
  'trust:initialize': 1,
  'trust:addSigner': 1,
  'trust:removeSignerPreview': 1,
  'trust:removeSigner': 1,
  'trust:revoke': 1,
  'trust:stagedChanges': 1,
  'trust:publishStaged': 1,
  'trust:discardStaged': 1,
  'trust:rotateKey': 1,
  'trust:witness': 1,
  'registry:tags': 1,
  'pins:get': 0,
  'pins:update': 1,
  'pins:pinRoot': 1,
  'pins:setCa': 1,
  'pins:removeCa': 1,
  'keys:list': 0,
  'keys:generate': 1,
  'keys:tokens': 0,
  'keys:setTokenModule': 1,
  'keys:resetTokenModule': 1,
  'keys:copyToToken': 1,
  'keys:import': 1,
  'keys:export': 1,
  'keys:exportCosign': 1,
  'keys:changePassphrase': 1,
  'keys:delete': 1,
  'keys:forgetTokenKey': 1,
  'keys:forgetPassphrase': 1,
  'keys:backupReminder': 0,
  'keys:acknowledgeBackup': 1,
  'settings:get': 0,
  'settings:update': 1,
  'settings:setCaFile': 1,
  'settings:removeCaFile': 1,
  'files:chooseSave': 1,
  'files:chooseOpen': 1,
  'history:read': 1,
  'history:diff': 1,
  'history:openArchive': 1,
  'history:writeArchive': 1,
  'history:writeArchives': 1,
  'passphrase:answer': 1,
  'passphrase:cancel': 1,
};

export const REQUEST_CHANNELS = Object.keys(REQUEST_ARITY) as RequestChannel[];

const EVENTS: { readonly [E in EventChannel]: true } = {
  'passphrase:request': true,
  'passphrase:closed': true,
  progress: true,
  'audit:progress': true,
  'audit:repository': true,
  'migrate:progress': true,
  'engine:progress': true,
};
export const EVENT_CHANNELS = Object.keys(EVENTS) as EventChannel[];

export function isRequestChannel(x: unknown): x is RequestChannel {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(REQUEST_ARITY, x);
}

export function isEventChannel(x: unknown): x is EventChannel {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(EVENTS, x);
}

/** 'trust:sign' → ['trust', 'sign']. */
export function splitChannel(channel: RequestChannel): [Domain, string] {
  const i = channel.indexOf(':');
  return [channel.slice(0, i) as Domain, channel.slice(i + 1)];
}

/**
 * Builds the `window.signet` object from the channel list, for the preload and the harness bridge:
 * `invoke(channel, args)` does the transport; extra arguments beyond a channel's arity are dropped
 * (TypeScript lets callers pass more than declared; GitHub Desktop's invokeProxy does the same).
 */
export function buildApi(
  invoke: (channel: RequestChannel, args: unknown[]) => Promise<unknown>,
  on: (event: EventChannel, listener: (payload: unknown) => void) => () => void,
): Record<string, unknown> {
  const api: Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>> = {};
  for (const channel of REQUEST_CHANNELS) {
    const [domain, method] = splitChannel(channel);
    const arity = REQUEST_ARITY[channel];
    (api[domain] ??= {})[method] = (...args: unknown[]) => invoke(channel, args.slice(0, arity));
  }
  for (const d of Object.keys(api)) Object.freeze(api[d]);
  const subscribe = (event: unknown, listener: unknown): (() => void) => {
    if (!isEventChannel(event)) throw new TypeError(`signet.on: unknown event ${String(event)}`);
    if (typeof listener !== 'function') throw new TypeError('signet.on: listener must be a function');
    return on(event, (payload) => (listener as (p: unknown) => void)(payload));
  };
  return Object.freeze({ ...api, on: subscribe });
}
