/** A fake Api and TrustView builders for the renderer's vitest specs. */
import { ApiError, createApi, type Api, type DiscoveredRepository, type Subscribe } from '../../renderer/api.ts';
import type {
  AppInfo,
  ChannelArgs,
  ChannelValue,
  ErrorDTO,
  EventChannel,
  EventChannels,
  KeyInfoDTO,
  ProgressEvent,
  LocalImagesDTO,
  RegistryListing,
  RequestChannel,
  SettingsState,
  TrustView,
  WatchedRepository,
} from '../../electron/ipc/contract.ts';
import { DEFAULT_WARN_DAYS, expiryOf, type Renewal } from '../../core/trust/policy.ts';

const DAY = 86_400_000;
/** The fixtures' clock: the views below are "computed" at it, and dates are relative to it. */
export const NOW_MS = Date.now();
export const iso = (daysFromNow: number): string => new Date(NOW_MS + daysFromNow * DAY).toISOString();

/** A role's status as core's trust view carries it: its state and days by the trust policy at the fixtures' clock. */
export function roleStatus(
  role: string,
  expires: string,
  keyIds: string[],
  renewal: Renewal,
  version = 1,
): TrustView['roles'][number] {
  const serverRenewed = renewal.by === 'server';
  return {
    role,
    version,
    expires,
    threshold: 1,
    keyIds,
    ...expiryOf(expires, new Date(NOW_MS), { serverRenewed }),
    renewal,
  };
}

/** `expires` with its state and days at the fixtures' clock (signer rows, certificates). */
const expiring = (expires: string) => ({ expires, ...expiryOf(expires, new Date(NOW_MS)) });
export const hex = (c: string): string => c.repeat(64).slice(0, 64);

export function makeView(over: Partial<TrustView> = {}): TrustView {
  const gun = over.gun ?? 'registry.example.com:5000/team/app';
  return {
    gun,
    name: over.name ?? gun,
    refusedTags: [],
    signedTags: [
      { tag: 'v10', digest: hex('a'), size: 1234, signers: [], roles: ['targets'], pulled: true },
      {
        tag: 'v2',
        digest: hex('b'),
        size: 2048,
        signers: ['bob', 'alice'],
        roles: ['targets/releases', 'targets/alice', 'targets/bob'],
        pulled: true,
      },
      {
        tag: 'v1',
        digest: hex('c'),
        size: 99,
        signers: ['alice'],
        roles: ['targets/releases', 'targets/alice'],
        pulled: true,
      },
    ],
    signers: [
      {
        name: 'alice',
        role: 'targets/alice',
        keyIds: [hex('1')],
        threshold: 1,
        paths: [''],
        version: 2,
        ...expiring(iso(20)),
        localKeyIds: [hex('1')],
      },
      {
        name: 'bob',
        role: 'targets/bob',
        keyIds: [hex('2')],
        threshold: 1,
        paths: [''],
        version: 1,
        ...expiring(iso(-1)),
        localKeyIds: [],
      },
    ],
    administrativeKeys: {
      root: [
        {
          id: hex('r'),
          canonicalId: hex('s'),
          keytype: 'ecdsa-x509',
          holder: 'unknown',
          certificate: {
            commonName: gun,
            notBefore: iso(-10),
            notAfter: iso(3650),
            ...expiryOf(iso(3650), new Date(NOW_MS)),
          },
        },
      ],
      repository: [{ id: hex('t'), canonicalId: hex('t'), keytype: 'ecdsa', holder: 'local' }],
      snapshot: [{ id: hex('n'), canonicalId: hex('n'), keytype: 'ecdsa', holder: 'server' }],
      timestamp: [{ id: hex('m'), canonicalId: hex('m'), keytype: 'ecdsa', holder: 'server' }],
    },
    roles: [
      roleStatus('root', iso(3650), [hex('r')], { by: 'others' }),
      roleStatus('targets', iso(1000), [hex('t')], { by: 'you', keyIds: [hex('t')] }, 3),
      roleStatus('snapshot', iso(1000), [hex('n')], { by: 'server' }, 3),
      roleStatus('timestamp', iso(10), [hex('m')], { by: 'server' }, 9),
      roleStatus('targets/alice', iso(20), [hex('1')], { by: 'you', keyIds: [hex('1')] }, 2),
      roleStatus('targets/bob', iso(-1), [hex('2')], { by: 'others' }),
    ],
    at: new Date(NOW_MS).toISOString(),
    warnDays: DEFAULT_WARN_DAYS,
    source: 'remote',
    warnings: [],
    ...over,
  };
}

export function manyTags(n: number): TrustView['signedTags'] {
  return Array.from({ length: n }, (_, i) => ({
    tag: `tag${i + 1}`,
    digest: (i.toString(16) + hex('d')).slice(0, 64),
    size: 500 + i,
    signers: [],
    roles: ['targets'],
    pulled: true,
  }));
}

export interface FakeApiOptions {
  watched?: WatchedRepository[];
  views?: Record<string, TrustView | ErrorDTO>;
  keys?: KeyInfoDTO[];
  discovered?: DiscoveredRepository[];
  registries?: RegistryListing[];
  raw?: Record<string, Record<string, string>>;
  addError?: ErrorDTO;
  /** What registry:tags lists. */
  registryTags?: string[];
  /** What engine:localImages answers (default: no engine). */
  localImages?: LocalImagesDTO;
  settings?: Partial<SettingsState>;
  appInfo?: Partial<AppInfo>;
}

/** Main's side of each channel, as a spec fakes it: the parsed argument in, the value out (or an ApiError thrown). */
export type FakeHandlers = { -readonly [K in RequestChannel]?: (...args: ChannelArgs<K>) => Promise<ChannelValue<K>> };

/** Events main → renderer: `emit` sends one to the listeners the app subscribed with `api.on`. */
export function fakeEvents(): {
  on: Subscribe;
  emit<E extends EventChannel>(event: E, payload: EventChannels[E]): void;
} {
  const listeners = new Map<string, Set<(p: never) => void>>();
  return {
    on: (event, listener) => {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener as (p: never) => void);
      return () => void listeners.get(event)!.delete(listener as (p: never) => void);
    },
    emit: (event, payload) => listeners.get(event)?.forEach((l) => (l as (p: unknown) => void)(payload)),
  };
}

/**
 * The Api the app uses (derived from the contract by renderer/api.ts) over in-memory handlers, looked
 * up at call time so a spec can replace one: a thrown ApiError comes back as a failed Result, a
 * channel nobody faked fails as main would refuse it.
 */
export function apiOver(handlers: FakeHandlers, on: Subscribe): Api {
  return createApi(async (channel, args) => {
    const handler = handlers[channel as RequestChannel] as ((...a: unknown[]) => Promise<unknown>) | undefined;
    if (!handler) return { ok: false, error: { code: 'INTERNAL', message: `${channel} not faked` } };
    try {
      return { ok: true, value: await handler(...args) };
    } catch (e) {
      if (e instanceof ApiError) return { ok: false, error: e.toDTO() };
      throw e;
    }
  }, on);
}

export type FakeApi = Api & {
  /** The read side's handlers (replace one to change what main answers). */
  handlers: FakeHandlers;
  calls: string[];
  emit(e: ProgressEvent): void;
  /** Any event main → renderer (audit results, …). */
  emitEvent<E extends EventChannel>(event: E, payload: EventChannels[E]): void;
  /**
   * The next answer of main's file dialog: the names of the files chosen, or null (cancelled).
   * Without one, a save takes the suggested name and an open `<purpose>.pem`.
   */
  chooseNext(names: string[] | null): void;
};

/** The handle the fake file dialog gives its n-th file (32 hex characters, as main's). */
export const fakeHandle = (n: number): string => n.toString(16).padStart(32, '0');

export const defaultSettings = (): SettingsState => ({
  settings: {
    version: 1,
    trustServers: { 'registry.example.com:5000': 'https://notary.example.com' },
    watchedRepositories: [],
    caFiles: {},
    keyStore: 'trust-dir',
    backedUpKeys: [],
    watchedRegistries: [],
  },
  file: '/home/u/.config/signet/settings.json',
});

/** The read side (repositories, trust views, keys, settings) as main would answer it; writes are not faked here. */
export function fakeApi(opts: FakeApiOptions = {}, more: FakeHandlers = {}): FakeApi {
  let watched = [...(opts.watched ?? [])];
  let settings: SettingsState = { ...defaultSettings(), ...opts.settings };
  const calls: string[] = [];
  const events = fakeEvents();
  const choices: Array<string[] | null> = [];
  const names = new Map<string, string>();
  let handles = 0;
  const chosen = (name: string) => {
    const handle = fakeHandle(++handles);
    names.set(handle, name);
    return { handle, name };
  };
  const withCaFiles = (caFiles: Record<string, string>): SettingsState => ({
    settings: { ...settings.settings, caFiles },
    file: settings.file,
  });
  const isError = (v: TrustView | ErrorDTO): v is ErrorDTO => 'code' in v;
  const handlers: FakeHandlers = {
    'app:info': async () => ({
      name: 'Signet',
      version: '0.1.0',
      shell: 'harness',
      platform: 'linux',
      versions: { node: '20.19.0' },
      dockerConfig: '/home/u/.docker',
      trustDir: '/home/u/.docker/trust',
      keyStore: { active: settings.settings.keyStore },
      ...opts.appInfo,
    }),
    'settings:get': async () => structuredClone(settings),
    'settings:update': async (patch) => {
      calls.push(`settings ${JSON.stringify(patch)}`);
      settings = { settings: { ...settings.settings, ...patch }, file: settings.file };
      return structuredClone(settings);
    },
    'settings:setCaFile': async (req) => {
      calls.push(`setCaFile ${req.host} ${req.file}`);
      settings = withCaFiles({ ...settings.settings.caFiles, [req.host]: names.get(req.file) ?? 'unknown' });
      return structuredClone(settings);
    },
    'settings:removeCaFile': async (req) => {
      calls.push(`removeCaFile ${req.host}`);
      const { [req.host]: _gone, ...rest } = settings.settings.caFiles;
      settings = withCaFiles(rest);
      return structuredClone(settings);
    },
    'repositories:list': async () => watched,
    'repositories:add': async (reference) => {
      calls.push(`add ${reference}`);
      if (opts.addError) throw new ApiError(opts.addError);
      const gun =
        reference.includes('/') && /[.:]/.test(reference.split('/')[0]!)
          ? reference
          : `docker.io/${reference.includes('/') ? reference : `library/${reference}`}`;
      watched = [...watched, { reference, gun, registry: gun.split('/')[0]! }];
      return watched;
    },
    'repositories:remove': async (reference) => {
      watched = watched.filter((w) => w.reference !== reference);
      return watched;
    },
    'repositories:discovered': async () => opts.discovered ?? [],
    'repositories:registries': async () => opts.registries ?? [],
    'trust:view': async (reference) => {
      calls.push(`view ${reference}`);
      const v = opts.views?.[reference];
      if (!v) throw new ApiError({ code: 'NOTARY_NOT_INITIALIZED', message: `${reference} does not have trust data` });
      if (isError(v)) throw new ApiError(v);
      return v;
    },
    'trust:rawMetadata': async (reference) => {
      const r = opts.raw?.[reference];
      if (!r) throw new ApiError({ code: 'IPC_UNKNOWN_CHANNEL', message: 'no such channel' });
      return r;
    },
    'trust:stagedChanges': async () => [],
    'registry:tags': async (reference) => ({ gun: reference, found: true, tags: opts.registryTags ?? [] }),
    'engine:localImages': async () =>
      opts.localImages ?? {
        unavailable: 'no Docker engine is reachable at unix:///var/run/docker.sock (no such socket)',
      },
    'pins:get': async () => ({ file: '/home/u/.config/signet/config.json', certs: {}, ca: {}, disableTofu: false }),
    'trust:discardStaged': async () => [],
    'keys:list': async () => opts.keys ?? [],
    'keys:backupReminder': async () => ({ pending: [] }),
    'keys:acknowledgeBackup': async () => ({ pending: [] }),
    'passphrase:answer': async () => ({ accepted: true as const }),
    'passphrase:cancel': async () => ({ cancelled: true as const }),
    'files:chooseSave': async (req) => {
      calls.push(`chooseSave ${req.purpose}${req.suggestedName ? ` ${req.suggestedName}` : ''}`);
      const next = choices.shift();
      return next === null ? null : chosen(next?.[0] ?? req.suggestedName ?? 'file');
    },
    'files:chooseOpen': async (req) => {
      calls.push(`chooseOpen ${req.purpose}`);
      const next = choices.shift();
      return next === null ? [] : (next ?? [`${req.purpose}.pem`]).map(chosen);
    },
    ...more,
  };
  return {
    ...apiOver(handlers, events.on),
    handlers,
    calls,
    emit: (e) => events.emit('progress', e),
    emitEvent: events.emit,
    chooseNext: (names) => choices.push(names),
  };
}
