/**
 * THE IPC contract (type-only): every request channel renderer → main, every event main → renderer,
 * and the DTOs they carry (one file per domain in ./dto/, re-exported here). The preload API
 * (`window.signet`), the renderer's API (renderer/api.ts), the main-side handler table, the argument guards and the browser harness bridge are all derived
 * from these two maps, so a channel added here is type-checked everywhere and has one name:
 * `keys:import` is `signet.keys.import` and `api.keys.import` (GitHub Desktop's lib/ipc-shared.ts).
 *
 * Rules: a request takes at most ONE argument (a string or a plain object) and returns
 * Promise<Result<T>>; nothing here carries private keys, passphrases (except the single
 * `passphrase:answer` request, renderer → main) or decrypted material, and no request carries a
 * file path: files are chosen in main's dialogs (`files:*`) and named by the handle they return.
 */
import type { SigningPlan } from '../../core/operations/sign-plan.js';
import type { HistoryEvent } from '../../core/history/types.js';
import type { TrustDiff } from '../../core/history/diff.js';
import type { KeyHolder, TrustView } from '../../core/trust/view-types.js';
import type {
  AppInfo,
  BackupReminderDTO,
  DiscoveredRepository,
  KeyImportRequest,
  KeyInfoDTO,
  PassphraseAnswer,
  PassphrasePrompt,
  ProgressEvent,
  SettingsPatch,
  SettingsState,
  TokensDTO,
  WatchedRepository,
} from './dto/app.js';
import type {
  AuditExportRequest,
  AuditReport,
  AuditProgressEvent,
  AuditRepositoryEvent,
  AuditRequest,
  RegistryListing,
} from './dto/audit.js';
import type { Result } from './dto/base.js';
import type { ChooseOpenRequest, ChooseSaveRequest, ChosenFileDTO } from './dto/files.js';
import type { EngineProgressEvent, LocalImagesDTO, PushRequest, PushedDTO } from './dto/engine.js';
import type {
  MigrateExportedDTO,
  MigrateExportRequest,
  MigrateProgressEvent,
  MigrateReportDTO,
  MigrateRequest,
} from './dto/migrate.js';
import type {
  ArchiveOpenedDTO,
  ArchiveWrittenDTO,
  ArchivesWrittenDTO,
  DiffDTO,
  DiffRequest,
  HistoryDTO,
  HistoryRequest,
  OpenArchiveRequest,
  WriteArchiveRequest,
  WriteArchivesRequest,
} from './dto/history.js';
import type {
  AddSignerRequest,
  AddSignerSummary,
  InitializeRequest,
  InitializeSummary,
  PublishedDTO,
  RegistryTagsDTO,
  RemoveSignerImpactDTO,
  RemoveSignerRequest,
  RemoveSignerSummary,
  RepoOutcomeDTO,
  ResolvedDigest,
  RevokeRequest,
  RevokeSummary,
  RotateRequest,
  RotateSummary,
  SignRequest,
  SignSummary,
  SigningPlanRequest,
  StagedChangeDTO,
  TrustPinsDTO,
  TrustPinsPatch,
} from './dto/trust.js';

export type * from './dto/app.js';
export type * from './dto/audit.js';
export type * from './dto/base.js';
export type * from './dto/files.js';
export type * from './dto/engine.js';
export type * from './dto/history.js';
export type * from './dto/migrate.js';
export type * from './dto/trust.js';
export type { HistoryEvent, KeyHolder, SigningPlan, TrustDiff, TrustView };

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
  /** Main writes the file chosen in its save dialog; the renderer names the handle. */
  'audit:export': (request: AuditExportRequest) => Promise<Result<{ name: string; bytes: number }>>;

  /** What `signet migrate --dry-run` shows (core's migration, nothing written); repositories stream as `migrate:progress`. */
  'migrate:plan': (request: MigrateRequest) => Promise<Result<MigrateReportDTO>>;
  /** Carries DCT's signatures over to cosign (passphrases through the broker); progress as `migrate:progress`. */
  'migrate:run': (request: MigrateRequest) => Promise<Result<MigrateReportDTO>>;
  'migrate:cancel': (request: { operationId: string }) => Promise<Result<{ cancelled: boolean }>>;
  /** Writes the policy folder of a finished plan or run (`--policy-dir`) into the folder chosen in main's dialog. */
  'migrate:exportPolicies': (request: MigrateExportRequest) => Promise<Result<MigrateExportedDTO>>;

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

  /** The local Docker engine's tags of a repository (docker's engine: DOCKER_HOST, the current context, the default socket). */
  'engine:localImages': (reference: string) => Promise<Result<LocalImagesDTO>>;
  /** Pushes IMAGE:TAG from the engine (docker's login as X-Registry-Auth); layers as `engine:progress`; the digest read from the registry. */
  'engine:push': (request: PushRequest) => Promise<Result<PushedDTO>>;
  'engine:cancel': (request: { operationId: string }) => Promise<Result<{ cancelled: boolean }>>;

  'pins:get': () => Promise<Result<TrustPinsDTO>>;
  'pins:update': (patch: TrustPinsPatch) => Promise<Result<TrustPinsDTO>>;
  /** Pins a repository prefix to the CA file chosen in main's open dialog (purpose ca-certificate). */
  'pins:setCa': (request: { prefix: string; file: string }) => Promise<Result<TrustPinsDTO>>;
  'pins:removeCa': (request: { prefix: string }) => Promise<Result<TrustPinsDTO>>;
  /** "Pin this root": pins the repository to the root certificate IDs of the root Signet trusts for it now. */
  /** Pins the root Signet trusts now for `reference`, or (with `archive`) the root of that opened archive. */
  'pins:pinRoot': (request: { reference: string; archive?: string }) => Promise<Result<TrustPinsDTO>>;

  'keys:list': () => Promise<Result<KeyInfoDTO[]>>;
  /** A new key; with `token`, generated on that hardware token (its PIN asked through the broker). */
  'keys:generate': (request: { role: string; gun?: string; token?: string }) => Promise<Result<KeyInfoDTO>>;
  /** The PKCS#11 module (Settings, SIGNET_PKCS11_MODULE, or a common one) and its tokens. */
  'keys:tokens': () => Promise<Result<TokensDTO>>;
  /** Uses the module chosen in main's open dialog (purpose pkcs11-module); its path stays in main. */
  'keys:setTokenModule': (request: { file: string }) => Promise<Result<TokensDTO>>;
  /**
   * Copies a key held here to a hardware token (its passphrase, then the token's PIN, asked); the
   * copy here stays as the backup unless `removeSoftwareCopy` (the user's explicit choice).
   */
  'keys:copyToToken': (request: {
    keyId: string;
    token: string;
    removeSoftwareCopy: boolean;
  }) => Promise<Result<KeyInfoDTO>>;
  /** `off`: no tokens; else back to SIGNET_PKCS11_MODULE or a common module. */
  'keys:resetTokenModule': (request: { off: boolean }) => Promise<Result<TokensDTO>>;
  'keys:import': (request: KeyImportRequest) => Promise<Result<KeyInfoDTO[]>>;
  /** Asks the key's passphrase (always, even when it is remembered), then writes the file chosen in main's save dialog; never over another file. */
  'keys:export': (request: { keyId: string; file: string }) => Promise<Result<{ name: string }>>;
  /** The key in cosign's encrypted format: `file` (a `cosign-key` save handle) names NAME.key; NAME.pub is written beside it. */
  'keys:exportCosign': (request: {
    keyId: string;
    file: string;
  }) => Promise<Result<{ name: string; publicName: string }>>;
  'keys:changePassphrase': (request: { keyId: string }) => Promise<Result<KeyInfoDTO>>;
  'keys:delete': (request: { keyId: string }) => Promise<Result<{ deleted: string }>>;
  /** Stops listing a key remembered on a hardware token that is not inserted; the key stays on the token. */
  'keys:forgetTokenKey': (request: { keyId: string }) => Promise<Result<{ forgotten: string }>>;
  'keys:forgetPassphrase': (request: { keyId: string }) => Promise<Result<KeyInfoDTO>>;
  'keys:backupReminder': () => Promise<Result<BackupReminderDTO>>;
  'keys:acknowledgeBackup': (request: { keyIds: string[] }) => Promise<Result<BackupReminderDTO>>;

  'settings:get': () => Promise<Result<SettingsState>>;
  /** A trust server change is saved only once the user confirms it in main's dialog (else `notSaved` says so). */
  'settings:update': (patch: SettingsPatch) => Promise<Result<SettingsState>>;
  /** Uses the CA file chosen in main's open dialog (purpose ca-certificate) for a server host:port. */
  'settings:setCaFile': (request: { host: string; file: string }) => Promise<Result<SettingsState>>;
  'settings:removeCaFile': (request: { host: string }) => Promise<Result<SettingsState>>;

  /** Shows main's native save dialog for a purpose; null when cancelled. */
  'files:chooseSave': (request: ChooseSaveRequest) => Promise<Result<ChosenFileDTO | null>>;
  /** Shows main's native open dialog for a purpose (several files for public-key); empty when cancelled. */
  'files:chooseOpen': (request: ChooseOpenRequest) => Promise<Result<ChosenFileDTO[]>>;

  /** The history of a repository's trust data: every change, who signed it, versions kept locally or unverified. */
  'history:read': (request: HistoryRequest) => Promise<Result<HistoryDTO>>;
  /** The difference between two points of the history. */
  'history:diff': (request: DiffRequest) => Promise<Result<DiffDTO>>;
  /** Opens a trust archive file (main reads it): the repository it holds, verified offline, and its history. */
  'history:openArchive': (request: OpenArchiveRequest) => Promise<Result<ArchiveOpenedDTO>>;
  /** Writes every verified version of a repository's trust data to an archive file. */
  'history:writeArchive': (request: WriteArchiveRequest) => Promise<Result<ArchiveWrittenDTO>>;
  /** Writes the archives of several repositories into the folder chosen in main's dialog, one file each; a failure does not stop the others. */
  'history:writeArchives': (request: WriteArchivesRequest) => Promise<Result<ArchivesWrittenDTO>>;

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
  'migrate:progress': MigrateProgressEvent;
  'engine:progress': EngineProgressEvent;
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
