/** A fake Api and TrustView builders for the renderer's vitest specs. */
import type { Api, DiscoveredRepository } from '../../renderer/api.ts';
import { ApiError } from '../../renderer/api.ts';
import type { ErrorDTO, KeyInfoDTO, ProgressEvent, TrustView, WatchedRepository } from '../../electron/ipc/contract.ts';

const DAY = 86_400_000;
export const iso = (daysFromNow: number): string => new Date(Date.now() + daysFromNow * DAY).toISOString();
export const hex = (c: string): string => c.repeat(64).slice(0, 64);

export function makeView(over: Partial<TrustView> = {}): TrustView {
  const gun = over.gun ?? 'registry.example.com:5000/team/app';
  return {
    gun,
    name: over.name ?? gun,
    signedTags: [
      { tag: 'v10', digest: hex('a'), size: 1234, signers: [], roles: ['targets'] },
      {
        tag: 'v2',
        digest: hex('b'),
        size: 2048,
        signers: ['bob', 'alice'],
        roles: ['targets/releases', 'targets/alice', 'targets/bob'],
      },
      { tag: 'v1', digest: hex('c'), size: 99, signers: ['alice'], roles: ['targets/releases', 'targets/alice'] },
    ],
    signers: [
      {
        name: 'alice',
        role: 'targets/alice',
        keyIds: [hex('1')],
        threshold: 1,
        paths: [''],
        version: 2,
        expires: iso(20),
        localKeyIds: [hex('1')],
      },
      {
        name: 'bob',
        role: 'targets/bob',
        keyIds: [hex('2')],
        threshold: 1,
        paths: [''],
        version: 1,
        expires: iso(-1),
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
          certificate: { commonName: gun, notBefore: iso(-10), notAfter: iso(3650) },
        },
      ],
      repository: [{ id: hex('t'), canonicalId: hex('t'), keytype: 'ecdsa', holder: 'local' }],
      snapshot: [{ id: hex('n'), canonicalId: hex('n'), keytype: 'ecdsa', holder: 'server' }],
      timestamp: [{ id: hex('m'), canonicalId: hex('m'), keytype: 'ecdsa', holder: 'server' }],
    },
    roles: [
      { role: 'root', version: 1, expires: iso(3650), threshold: 1, keyIds: [hex('r')] },
      { role: 'targets', version: 3, expires: iso(1000), threshold: 1, keyIds: [hex('t')] },
      { role: 'snapshot', version: 3, expires: iso(1000), threshold: 1, keyIds: [hex('n')] },
      { role: 'timestamp', version: 9, expires: iso(10), threshold: 1, keyIds: [hex('m')] },
      { role: 'targets/alice', version: 2, expires: iso(20), threshold: 1, keyIds: [hex('1')] },
      { role: 'targets/bob', version: 1, expires: iso(-1), threshold: 1, keyIds: [hex('2')] },
    ],
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
  }));
}

export interface FakeApiOptions {
  watched?: WatchedRepository[];
  views?: Record<string, TrustView | ErrorDTO>;
  keys?: KeyInfoDTO[];
  discovered?: DiscoveredRepository[];
  raw?: Record<string, Record<string, string>>;
  addError?: ErrorDTO;
}

export interface FakeApi extends Api {
  calls: string[];
  emit(e: ProgressEvent): void;
}

/** A write method a spec did not fake: fails like the main process would refuse it. */
const notFaked = (name: string) => async (): Promise<never> => {
  throw new ApiError({ code: 'INTERNAL', message: `${name} not faked` });
};

export function fakeApi(opts: FakeApiOptions = {}): FakeApi {
  let watched = [...(opts.watched ?? [])];
  const calls: string[] = [];
  const listeners = new Set<(e: ProgressEvent) => void>();
  const isError = (v: TrustView | ErrorDTO): v is ErrorDTO => 'code' in v;
  const api: FakeApi = {
    calls,
    emit: (e) => listeners.forEach((l) => l(e)),
    appInfo: async () => ({
      name: 'Signet',
      version: '0',
      shell: 'harness',
      platform: 'linux',
      versions: {},
      dockerConfig: '/d',
      trustDir: '/d/trust',
      keyStore: { active: 'trust-dir' },
    }),
    settings: async () => ({
      settings: {
        version: 1,
        trustServers: { 'registry.example.com:5000': 'https://notary.example.com' },
        watchedRepositories: [],
        caPaths: {},
        keyStore: 'trust-dir',
        backedUpKeys: [],
      },
      file: '/s.json',
    }),
    listRepositories: async () => watched,
    addRepository: async (reference) => {
      calls.push(`add ${reference}`);
      if (opts.addError) throw new ApiError(opts.addError);
      const gun =
        reference.includes('/') && /[.:]/.test(reference.split('/')[0]!)
          ? reference
          : `docker.io/${reference.includes('/') ? reference : `library/${reference}`}`;
      watched = [...watched, { reference, gun, registry: gun.split('/')[0]! }];
      return watched;
    },
    removeRepository: async (reference) => {
      watched = watched.filter((w) => w.reference !== reference);
      return watched;
    },
    discoveredRepositories: async () => opts.discovered ?? [],
    trustView: async (reference) => {
      calls.push(`view ${reference}`);
      const v = opts.views?.[reference];
      if (!v) throw new ApiError({ code: 'NOTARY_NOT_INITIALIZED', message: `${reference} does not have trust data` });
      if (isError(v)) throw new ApiError(v);
      return v;
    },
    rawMetadata: async (reference) => {
      const r = opts.raw?.[reference];
      if (!r) throw new ApiError({ code: 'IPC_UNKNOWN_CHANNEL', message: 'no such channel' });
      return r;
    },
    listKeys: async () => opts.keys ?? [],
    // the write side: specs that use it replace these (dialogs.spec's fakeWriteApi)
    resolveDigest: notFaked('resolveDigest'),
    sign: notFaked('sign'),
    init: notFaked('init'),
    addSigner: notFaked('addSigner'),
    removeSignerPreview: notFaked('removeSignerPreview'),
    removeSigner: notFaked('removeSigner'),
    revoke: notFaked('revoke'),
    stagedChanges: async () => [],
    publishStaged: notFaked('publishStaged'),
    discardStaged: async () => [],
    rotateKey: notFaked('rotateKey'),
    witness: notFaked('witness'),
    generateKey: notFaked('generateKey'),
    importKeys: notFaked('importKeys'),
    exportKey: notFaked('exportKey'),
    changePassphrase: notFaked('changePassphrase'),
    deleteKey: notFaked('deleteKey'),
    forgetPassphrase: notFaked('forgetPassphrase'),
    backupReminder: async () => ({ pending: [] }),
    acknowledgeBackup: async () => ({ pending: [] }),
    answerPassphrase: async () => ({ accepted: true as const }),
    cancelPassphrase: async () => ({ cancelled: true as const }),
    on: ((event: string, listener: (e: ProgressEvent) => void) => {
      if (event !== 'progress') return () => undefined;
      listeners.add(listener);
      return () => listeners.delete(listener);
    }) as Api['on'],
  };
  return api;
}
