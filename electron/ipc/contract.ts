/**
 * THE IPC contract (type-only): every request channel renderer → main, every event main → renderer,
 * and the DTOs they carry. The preload API (`window.signet`), the renderer's API (renderer/api.ts),
 * the main-side handler table, the argument guards and the browser harness bridge are all derived
 * from these two maps, so a channel added here is type-checked everywhere and has one name:
 * `keys:import` is `signet.keys.import` and `api.keys.import` (GitHub Desktop's lib/ipc-shared.ts).
 *
 * Rules: a request takes at most ONE argument (a string or a plain object) and returns
 * Promise<Result<T>>; nothing here carries private keys, passphrases (except the single
 * `passphrase:answer` request, renderer → main) or decrypted material.
 */
import type { AuditProgress } from '../../core/audit/audit.js';
import type { AuditReport, RepositoryAudit } from '../../core/audit/types.js';
import type { ErrorCode } from '../../core/errors.js';
import type { TrustDiff } from '../../core/history/diff.js';
import type { HistoryEvent } from '../../core/history/types.js';
import type { SigningPlan } from '../../core/operations/sign-plan.js';
import type { KeyHolder, TrustView } from '../../core/trust/view-types.js';

/** Codes a result can carry: core's, plus the IPC layer's own. */
export type IpcErrorCode =
  ErrorCode | 'IPC_UNTRUSTED_SENDER' | 'IPC_BAD_ARGUMENTS' | 'IPC_UNKNOWN_CHANNEL' | 'INTERNAL';

export interface ErrorDTO {
  code: IpcErrorCode;
  message: string;
  hint?: string;
}

/** Every request resolves to this; a handler never rejects across the bridge. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorDTO };

export type { HistoryEvent, KeyHolder, SigningPlan, TrustDiff, TrustView };

export type KeyLocationDTO = 'keychain' | 'trust-dir' | 'memory';

/** A key as the renderer sees it: identifiers and where it lives, never key material. */
export interface KeyInfoDTO {
  id: string;
  role: string;
  gun?: string;
  location: KeyLocationDTO;
  /** Human-readable place: keychain service name, or the trust dir path. */
  where: string;
  /** The user opted in to keeping this key's passphrase in the keychain. */
  passphraseRemembered: boolean;
  /** Exported (backed up) at least once, or acknowledged by the user. */
  backedUp: boolean;
  /** When the key was created, RFC 3339 UTC (whole seconds); absent when its store has no record of it. */
  created?: string;
}

export interface WatchedRepository {
  /** As the user typed it (normalised GUN without tag). */
  reference: string;
  gun: string;
  registry: string;
}

export interface Settings {
  version: 1;
  /** Trust server URL per registry domain (e.g. "registry.example.com:5000" → "https://notary.example.com"). */
  trustServers: Record<string, string>;
  watchedRepositories: string[];
  /** CA certificate file per registry/notary host:port (PEM). */
  caPaths: Record<string, string>;
  /** Where new keys go; keys in the other store stay usable. */
  keyStore: 'keychain' | 'trust-dir';
  /** Canonical key IDs exported at least once or acknowledged (backup reminder). */
  backedUpKeys: string[];
  /** Registries added as a whole ("Add registry"): the repositories of their catalogs are listed. */
  watchedRegistries: string[];
}

export type SettingsPatch = Partial<Omit<Settings, 'version'>>;

export interface SettingsState {
  settings: Settings;
  /** Set when the settings file could not be used: it was kept aside, defaults are in effect. */
  problem?: { message: string; keptAs: string };
  file: string;
}

export interface AppInfo {
  name: string;
  version: string;
  /** 'electron' in the app, 'harness' in the browser harness. */
  shell: 'electron' | 'harness';
  platform: string;
  versions: Record<string, string>;
  dockerConfig: string;
  trustDir: string;
  /** Where new keys go right now, and why (e.g. "no Secret Service reachable"). */
  keyStore: { active: 'keychain' | 'trust-dir'; note?: string };
}

/** A repository found without the user adding it: a key's GUN header, or trust data in the metadata cache. */
export interface DiscoveredRepository {
  gun: string;
  registry: string;
  source: 'keys' | 'cache';
}

/** One platform's image in a manifest list / OCI index (entries without a platform are left out). */
export interface ImagePlatformDTO {
  os: string;
  architecture: string;
  variant?: string;
  /** `sha256:<hex>` of the platform's manifest. */
  digest: string;
  /** Byte length of the platform's manifest. */
  size: number;
}

export interface ResolvedDigest {
  gun: string;
  tag: string;
  /** Hex sha256 of the manifest (for a multi-platform image: of the index, which is what gets signed). */
  digest: string;
  size: number;
  mediaType: string;
  /** Only for a manifest list / OCI index: the platform images it lists. */
  platforms?: ImagePlatformDTO[];
}

export interface StagedChangeDTO {
  id: string;
  description: string;
  type: string;
  action: string;
  role: string;
}

export interface PublishedDTO {
  gun: string;
  roles: string[];
  applied: StagedChangeDTO[];
  carried: StagedChangeDTO[];
}

export interface SignRequest {
  reference: string;
  signer?: string;
  /** A repository without trust data only: the root key to use (canonical ID); default: your first, else a new one. */
  rootKeyId?: string;
  /** Stage the changes only (review them, then trust:publishStaged); refused for a repository without trust data. */
  stageOnly?: boolean;
}

export interface SigningPlanRequest {
  reference: string;
  signer?: string;
  rootKeyId?: string;
}

/** A repository's tags in the registry (`tags/list`, all pages), in docker's natural order. */
export interface RegistryTagsDTO {
  gun: string;
  /** False when the registry has no such repository (then `tags` is empty). */
  found: boolean;
  tags: string[];
}

/**
 * Trust pinning as Signet's config file holds it (notary's `trust_pinning`; the CLI reads the same
 * file): root certificate IDs per repository, a CA file per repository prefix, and whether a
 * repository that no pin covers is refused instead of trusted on first use.
 */
export interface TrustPinsDTO {
  /** The config file (SIGNET_CONFIG, else the OS's config folder). */
  file: string;
  /** GUN → root certificate IDs. */
  certs: Record<string, string[]>;
  /** GUN prefix → CA certificate file (relative paths are relative to the config file). */
  ca: Record<string, string>;
  /** notary's disable_tofu. */
  disableTofu: boolean;
}

/** Replaces the given parts of the pins (each part whole); absent parts are kept. */
export type TrustPinsPatch = Partial<Omit<TrustPinsDTO, 'file'>>;

export interface SignSummary {
  gun: string;
  tag: string;
  digest: string;
  size: number;
  source: 'registry' | 'existing';
  roles: string[];
  unchanged: string[];
  existingSigners: string[];
  created?: { signer: string; signerKeyId: string; rootKeyId: string; createdRootKey: boolean; targetsKeyId: string };
  published?: PublishedDTO;
}

export interface InitializeRequest {
  reference: string;
  rootKeyId?: string;
  signer?: string;
}

export interface InitializeSummary {
  gun: string;
  rootKeyId: string;
  targetsKeyId: string;
  createdRootKey: boolean;
  signer?: { name: string; keyId: string };
  published: PublishedDTO;
}

export interface RepoOutcomeDTO<T> {
  reference: string;
  gun?: string;
  result?: T;
  error?: ErrorDTO;
}

/**
 * The signer's keys come from any of three sources (at least one must be given): public key files,
 * keys held here (`keyIds`: each is unlocked, asking its passphrase, to take its public key), or a
 * new key (`newKey`: an ECDSA key whose role header is the signer name, as `docker trust key
 * generate NAME` creates; its passphrase is asked as for any new key).
 */
export interface AddSignerRequest {
  name: string;
  /** Paths of PEM public key or certificate files (chosen in a file dialog). */
  publicKeyPaths?: string[];
  /** Canonical IDs of keys in the local key stores. */
  keyIds?: string[];
  /** Generate a new key for the signer. */
  newKey?: boolean;
  references: string[];
  /** Stage the changes only (review them, then trust:publishStaged); refused for a repository without trust data. */
  stageOnly?: boolean;
}

export interface AddSignerSummary {
  initialized?: { rootKeyId: string; targetsKeyId: string; createdRootKey: boolean };
  /** The key created for the signer (request.newKey). */
  newKeyId?: string;
  /** Absent with stageOnly. */
  published?: PublishedDTO;
}

export interface RemoveSignerImpactDTO {
  gun: string;
  signer: string;
  orphanedTags: string[];
  removedKeys: string[];
  releasesRemoved: boolean;
}

export interface RemoveSignerRequest {
  name: string;
  references: string[];
  /** The user saw the impact preview and confirmed making tags unpullable. */
  confirmed: boolean;
  /** Stage the changes only (review them, then trust:publishStaged); refused for a repository without trust data. */
  stageOnly?: boolean;
}

export interface RemoveSignerSummary {
  impact: RemoveSignerImpactDTO;
  removed: boolean;
  published?: PublishedDTO;
}

export interface RevokeRequest {
  /** IMAGE:TAG, or IMAGE to revoke every tag (needs confirmAll). */
  reference: string;
  confirmAll?: boolean;
  /** Stage the changes only (review them, then trust:publishStaged); refused for a repository without trust data. */
  stageOnly?: boolean;
}

export interface RevokeSummary {
  gun: string;
  tag?: string;
  removals: Array<{ role: string; tag: string }>;
  cancelled?: boolean;
  published?: PublishedDTO;
}

export type RotatableRoleDTO = 'root' | 'targets' | 'snapshot' | 'timestamp';

export interface RotateRequest {
  reference: string;
  role: RotatableRoleDTO;
  serverManaged: boolean;
}

export interface RotateSummary {
  gun: string;
  role: RotatableRoleDTO;
  newKeyId: string;
  serverManaged: boolean;
  published: PublishedDTO;
}

export type KeyImportRequest =
  /** One key file (`<id>.key`, notary's encrypted PEM). */
  | { path: string; role?: string; gun?: string }
  /** Every key in a docker/notary trust dir (`<dir>/private/**`). */
  | { trustDir: string };

export interface BackupReminderDTO {
  /** Local keys never exported nor acknowledged, root keys first. */
  pending: Array<{ id: string; role: string; gun?: string; location: KeyLocationDTO }>;
}

/** Passphrase prompt, main → renderer. `requestId` ties the answer to this exact prompt. */
export interface PassphrasePrompt {
  requestId: string;
  keyId: string;
  role: string;
  gun?: string;
  /** Choosing a passphrase for a new key: ask twice, at least `minLength` characters. */
  isNew: boolean;
  attempt: number;
  minLength: number;
  /** The user may tick "remember in keychain" (keychain reachable). */
  canRemember: boolean;
  /** Milliseconds before the request times out and the operation is cancelled. */
  timeoutMs: number;
}

export interface PassphraseAnswer {
  requestId: string;
  passphrase: string;
  /** Keep it in the OS keychain for this key and use it before asking next time. */
  remember?: boolean;
}

export type ProgressStep =
  'resolving' | 'initializing' | 'fetching' | 'verifying' | 'signing' | 'publishing' | 'done' | 'failed';

export interface ProgressEvent {
  /** One ID per request (the channel call), so the UI can tell concurrent operations apart. */
  operationId: string;
  channel: string;
  gun?: string;
  step: ProgressStep;
}

export type { AuditReport, RepositoryAudit };

/** `audit:run`: what to audit, as `signet audit` takes it, under an operation ID the renderer chose. */
export interface AuditRequest {
  /** Ties the audit's events, `audit:cancel` and `audit:export` to this run. */
  operationId: string;
  /** Registries (`host[:port]`: every repository of the catalog) and repositories (`host/name`). */
  targets: string[];
  /** A role expiring within this many days is "expiring" (default 30, as --warn-days). */
  warnDays?: number;
  /** Repositories audited at once (default 8, as --concurrency). */
  concurrency?: number;
}

export interface AuditProgressEvent extends AuditProgress {
  operationId: string;
}

/** One repository's result, sent as soon as it is finished. */
export interface AuditRepositoryEvent {
  operationId: string;
  repository: RepositoryAudit;
}

/** Writes a finished audit: `json` / `csv` the report (`signet audit --json`'s bytes), `ics` the calendar (`--ics`). */
export interface AuditExportRequest {
  operationId: string;
  format: 'json' | 'csv' | 'ics';
  /** Absolute path the user chose. */
  path: string;
  /** Replace a file that is there (else refused). */
  replace?: boolean;
}

/** A registry added as a whole: its catalog's repositories (GUNs), or why the catalog could not be read. */
export interface RegistryListing {
  registry: string;
  repositories: string[];
  error?: ErrorDTO;
}

/** Where a history (or a diff) is read from: the trust server plus what is kept locally, only what is kept, or an archive. */
export interface HistoryRequest {
  reference: string;
  /** Absolute path of a trust archive (written by `signet archive` or "Export archive") to read instead of the server. */
  archive?: string;
  /** Only the history kept locally; contact no server. */
  offline?: boolean;
}

/** A trust archive: the file, the repository it holds, where and when it was written. */
export interface ArchiveInfoDTO {
  file: string;
  gun: string;
  server: string;
  /** RFC 3339: when it was written (its content is verified as of this moment). */
  created: string;
}

/** A point of the history a diff can start or end at: one publish (the timestamp version). */
export interface HistoryPointDTO {
  publish: number;
  time: string | null;
  /** Only the local version store still has this publish. */
  kept: boolean;
}

/** A repository's trust history as the CLI's `signet history` computes it: events oldest first. */
export interface HistoryDTO {
  gun: string;
  /** The reference as given. */
  name: string;
  /** The trust server it was read from, "kept locally", or `archive:<file>`. */
  source: string;
  events: HistoryEvent[];
  points: HistoryPointDTO[];
  /** Who holds each key ID the events name: you ('local'), the server, or nobody known here ('unknown'). */
  keys: Record<string, KeyHolder>;
  /** Versions found; of them only kept locally; of them failed verification. */
  versions: { total: number; kept: number; unverified: number };
  /** What is missing or could not be checked (no changefeed, lost versions, server gone). */
  notes: string[];
  /** Why the server's trust data was not used, when it was not. */
  serverProblem?: ErrorDTO;
  archive?: ArchiveInfoDTO;
}

export interface DiffRequest extends HistoryRequest {
  /** A publish number, "latest", or a time (2026-12-01, 2026-12-01T10:30:00Z: the state then in force). */
  from: string;
  to: string;
}

/** The difference between two points, as `signet diff` computes it, with who holds the keys it names. */
export interface DiffDTO extends TrustDiff {
  gun: string;
  keyHolders: Record<string, KeyHolder>;
}

/** An archive opened in the app: its repository verified offline as of its creation, and its history. */
export interface ArchiveOpenedDTO {
  archive: ArchiveInfoDTO;
  view: TrustView;
  history: HistoryDTO;
}

export interface WriteArchiveRequest {
  reference: string;
  /** Absolute path of the .tar.gz to write. */
  file: string;
}

export interface ArchiveWrittenDTO {
  archive: ArchiveInfoDTO;
  /** Metadata versions written, and publishes they make up. */
  versions: number;
  publishes: number;
  bytes: number;
  /** Versions left out because they failed verification. */
  leftOut: string[];
  notes: string[];
}

/** Requests, renderer → main. Channel names are `domain:method`: `signet.domain.method` in the preload, `api.domain.method` in the renderer. */
export interface RequestChannels {
  'app:info': () => Promise<Result<AppInfo>>;

  'repositories:list': () => Promise<Result<WatchedRepository[]>>;
  'repositories:add': (reference: string) => Promise<Result<WatchedRepository[]>>;
  'repositories:remove': (reference: string) => Promise<Result<WatchedRepository[]>>;
  /** Repositories known from local keys and the trust metadata cache (not watched yet). */
  'repositories:discovered': () => Promise<Result<DiscoveredRepository[]>>;
  /** Adds a registry as a whole: its catalog is read (refused, with what to do, when it has none). */
  'repositories:addRegistry': (registry: string) => Promise<Result<RegistryListing>>;
  /** The registries added as a whole, each with its catalog read now. */
  'repositories:registries': () => Promise<Result<RegistryListing[]>>;
  /** Stops listing a registry's catalog; returns the registries still added. */
  'repositories:removeRegistry': (registry: string) => Promise<Result<string[]>>;

  /** Audits registries and repositories (core's audit); results stream as `audit:repository` events, progress as `audit:progress`. */
  'audit:run': (request: AuditRequest) => Promise<Result<AuditReport>>;
  'audit:cancel': (request: { operationId: string }) => Promise<Result<{ cancelled: boolean }>>;
  /** Main writes the file; the renderer only names the path. */
  'audit:export': (request: AuditExportRequest) => Promise<Result<{ path: string; bytes: number }>>;

  'trust:view': (reference: string) => Promise<Result<TrustView>>;
  'trust:resolveDigest': (reference: string) => Promise<Result<ResolvedDigest>>;
  /** The verified metadata files as received (role → JSON text), e.g. for an "advanced" view. Public data only. */
  'trust:rawMetadata': (reference: string) => Promise<Result<Record<string, string>>>;
  /** What signing IMAGE:TAG will do (roles, your keys, a new repository's first signer), computed by the code that signs. */
  'trust:signingPlan': (request: SigningPlanRequest) => Promise<Result<SigningPlan>>;
  'trust:sign': (request: SignRequest) => Promise<Result<SignSummary>>;
  'trust:initialize': (request: InitializeRequest) => Promise<Result<InitializeSummary>>;
  'trust:addSigner': (request: AddSignerRequest) => Promise<Result<RepoOutcomeDTO<AddSignerSummary>[]>>;
  'trust:removeSignerPreview': (request: { name: string; reference: string }) => Promise<Result<RemoveSignerImpactDTO>>;
  'trust:removeSigner': (request: RemoveSignerRequest) => Promise<Result<RepoOutcomeDTO<RemoveSignerSummary>[]>>;
  'trust:revoke': (request: RevokeRequest) => Promise<Result<RevokeSummary>>;
  'trust:stagedChanges': (reference: string) => Promise<Result<StagedChangeDTO[]>>;
  'trust:publishStaged': (reference: string) => Promise<Result<PublishedDTO>>;
  'trust:discardStaged': (request: { reference: string; ids?: string[] }) => Promise<Result<StagedChangeDTO[]>>;
  'trust:rotateKey': (request: RotateRequest) => Promise<Result<RotateSummary>>;
  'trust:witness': (request: { reference: string; roles: string[] }) => Promise<Result<PublishedDTO>>;

  /** The repository's tags in the registry, for the Sign dialog's tag list. */
  'registry:tags': (reference: string) => Promise<Result<RegistryTagsDTO>>;

  'pins:get': () => Promise<Result<TrustPinsDTO>>;
  'pins:update': (patch: TrustPinsPatch) => Promise<Result<TrustPinsDTO>>;
  /** "Pin this root": pins the repository to the root certificate IDs of the root Signet trusts for it now. */
  'pins:pinRoot': (request: { reference: string }) => Promise<Result<TrustPinsDTO>>;

  'keys:list': () => Promise<Result<KeyInfoDTO[]>>;
  'keys:generate': (request: { role: string; gun?: string }) => Promise<Result<KeyInfoDTO>>;
  'keys:import': (request: KeyImportRequest) => Promise<Result<KeyInfoDTO[]>>;
  'keys:export': (request: { keyId: string; path: string }) => Promise<Result<{ path: string }>>;
  'keys:changePassphrase': (request: { keyId: string }) => Promise<Result<KeyInfoDTO>>;
  'keys:delete': (request: { keyId: string }) => Promise<Result<{ deleted: string }>>;
  'keys:forgetPassphrase': (request: { keyId: string }) => Promise<Result<KeyInfoDTO>>;
  'keys:backupReminder': () => Promise<Result<BackupReminderDTO>>;
  'keys:acknowledgeBackup': (request: { keyIds: string[] }) => Promise<Result<BackupReminderDTO>>;

  'settings:get': () => Promise<Result<SettingsState>>;
  'settings:update': (patch: SettingsPatch) => Promise<Result<SettingsState>>;

  /** The history of a repository's trust data: every change, who signed it, versions kept locally or unverified. */
  'history:read': (request: HistoryRequest) => Promise<Result<HistoryDTO>>;
  /** The difference between two points of the history. */
  'history:diff': (request: DiffRequest) => Promise<Result<DiffDTO>>;
  /** Opens a trust archive file (main reads it): the repository it holds, verified offline, and its history. */
  'history:openArchive': (request: { file: string }) => Promise<Result<ArchiveOpenedDTO>>;
  /** Writes every verified version of a repository's trust data to an archive file. */
  'history:writeArchive': (request: WriteArchiveRequest) => Promise<Result<ArchiveWrittenDTO>>;

  'passphrase:answer': (answer: PassphraseAnswer) => Promise<Result<{ accepted: true }>>;
  'passphrase:cancel': (request: { requestId: string }) => Promise<Result<{ cancelled: true }>>;
}

/** Events, main → renderer. */
export interface EventChannels {
  'passphrase:request': PassphrasePrompt;
  /** The prompt is over (answered, cancelled, timed out, or the operation ended): close its dialog. */
  'passphrase:closed': { requestId: string; reason: 'answered' | 'cancelled' | 'timeout' };
  progress: ProgressEvent;
  'audit:progress': AuditProgressEvent;
  'audit:repository': AuditRepositoryEvent;
}

export type RequestChannel = keyof RequestChannels;
export type EventChannel = keyof EventChannels;
/** The argument tuple of a channel ([] or [arg]). */
export type ChannelArgs<K extends RequestChannel> = Parameters<RequestChannels[K]>;
/** The success value of a channel. */
export type ChannelValue<K extends RequestChannel> =
  Awaited<ReturnType<RequestChannels[K]>> extends Result<infer T> ? T : never;

/** 'trust:sign' → 'trust'. */
export type DomainOf<K> = K extends `${infer D}:${string}` ? D : never;
export type Domain = DomainOf<RequestChannel>;

/** `window.signet`: `signet.<domain>.<method>(arg)` per request channel, plus `on(event, listener)`. */
export type SignetApi = {
  readonly [D in Domain]: {
    readonly [K in RequestChannel as K extends `${D}:${infer M}` ? M : never]: RequestChannels[K];
  };
} & {
  /** Subscribes to a main → renderer event; the listener gets the payload only. Returns an unsubscribe function. */
  readonly on: <E extends EventChannel>(event: E, listener: (payload: EventChannels[E]) => void) => () => void;
};

/** Main-side implementation of one channel: parsed arguments in, the plain value out (errors are thrown). */
export type Handler<K extends RequestChannel> = (...args: ChannelArgs<K>) => Promise<ChannelValue<K>>;
export type Handlers = { [K in RequestChannel]: Handler<K> };

/** Sends an event to the renderer (typed). */
export type EmitEvent = <E extends EventChannel>(event: E, payload: EventChannels[E]) => void;
