import type {
  AppInfo,
  ArchiveOpenedDTO,
  ErrorDTO,
  HistoryDTO,
  KeyInfoDTO,
  ProgressEvent,
  SettingsPatch,
  SettingsState,
  TrustView,
  WatchedRepository,
} from '../../electron/ipc/contract.ts';
import type { StoreApi } from 'zustand/vanilla';
import type { Api, DiscoveredRepository } from '../api.ts';
import type { AuditSlice } from './audit.ts';
import type { RegistriesSlice } from './registries.ts';

export interface ViewEntry {
  status: 'loading' | 'ready' | 'error';
  view?: TrustView;
  error?: ErrorDTO;
  /** uiNow() when the last answer arrived. */
  fetchedAt?: number;
}

export interface RawEntry {
  status: 'loading' | 'ready' | 'unavailable';
  roles?: Record<string, string>;
}

/** One entry of the sidebar: added by the user, or found from keys / the cache. */
export interface RepositoryEntry {
  /** What Signet asks the main process about (the reference as typed, or the GUN). */
  reference: string;
  gun: string;
  registry: string;
  origin: 'watched' | 'keys' | 'cache' | 'registry';
}

export interface RepositoriesSlice {
  watched: WatchedRepository[];
  discovered: DiscoveredRepository[];
  selected: string | null;
  repositoriesError: ErrorDTO | null;
  /** The watched and discovered repositories were asked for once (the first screen waits for it). */
  repositoriesLoaded: boolean;
  loadRepositories(): Promise<void>;
  /** Adds (watches) a reference, selects it and loads its trust data; false (and an error) when refused. */
  addRepository(reference: string): Promise<boolean>;
  removeRepository(reference: string): Promise<void>;
  select(reference: string): void;
}

export interface TrustSlice {
  views: Record<string, ViewEntry>;
  raw: Record<string, RawEntry>;
  loadView(reference: string, opts?: { force?: boolean }): Promise<void>;
  loadRaw(reference: string): Promise<void>;
}

export interface KeysSlice {
  keys: KeyInfoDTO[];
  keysStatus: 'idle' | 'loading' | 'ready' | 'error';
  keysError: ErrorDTO | null;
  loadKeys(): Promise<void>;
}

export type Section = 'repository' | 'expiry' | 'audit' | 'keys' | 'settings';

/**
 * Every dialog the app can open, with exactly what it needs (GitHub Desktop's PopupType union).
 * `reference` is the repository as the store knows it (the key of its trust view).
 */
export type DialogRequest =
  | { kind: 'sign-tag'; reference: string; tag?: string }
  /** `thenSign`: the tag the user was signing when the repository turned out to have no trust data. */
  | { kind: 'initialize-repository'; reference: string; thenSign?: string }
  | { kind: 'add-signer'; reference: string }
  | { kind: 'remove-signer'; reference: string; name: string }
  /** Without a tag: revoke every tag of the repository. */
  | { kind: 'revoke'; reference: string; tag?: string }
  | { kind: 'review-changes'; reference: string }
  | { kind: 'renew-role'; reference: string }
  | { kind: 'rotate-key'; reference: string }
  | { kind: 'generate-key' }
  | { kind: 'import-key' }
  | { kind: 'export-key'; keyId: string; format?: 'notary' | 'cosign' }
  | { kind: 'change-passphrase'; keyId: string }
  | { kind: 'copy-to-token'; keyId: string }
  | { kind: 'delete-key'; keyId: string }
  /** `registry`: one typed elsewhere (the Repository box): its catalog is read at once. */
  | { kind: 'add-registry'; registry?: string }
  /** `what`: the report (JSON or CSV) or the calendar (.ics) of the finished audit `operationId`. */
  | { kind: 'export-audit'; operationId: string; what: 'report' | 'calendar' }
  | { kind: 'open-archive' }
  | { kind: 'export-archive'; reference: string }
  | { kind: 'export-archives'; references: string[] }
  /**
   * "Migrate to cosign": `targets` as `signet migrate` takes them (repositories, registries);
   * `reference`: the repository whose header opened it (its registry check is refreshed after).
   */
  | { kind: 'migrate'; targets: string[]; reference?: string };

export type DialogKind = DialogRequest['kind'];
/** The request of one kind: `DialogOf<'sign-tag'>` is `{ kind: 'sign-tag'; reference; tag? }`. */
export type DialogOf<K extends DialogKind> = Extract<DialogRequest, { kind: K }>;

export interface UiSlice {
  section: Section;
  setSection(section: Section): void;
  dialog: DialogRequest | null;
  openDialog(request: DialogRequest): void;
  closeDialog(): void;
}

export interface OperationProgress extends ProgressEvent {
  startedAt: number;
  updatedAt: number;
}

export interface ProgressSlice {
  operations: Record<string, OperationProgress>;
  onProgress(event: ProgressEvent): void;
  clearOperation(operationId: string): void;
}

export interface SettingsSlice {
  /** The settings as main holds them (with the problem found reading the file, if any); null until loaded. */
  settings: SettingsState | null;
  appInfo: AppInfo | null;
  settingsError: ErrorDTO | null;
  loadSettings(): Promise<void>;
  /**
   * Saves a patch; null when saved, else the refusal, or `notSaved` when the user cancelled main's
   * confirmation (a trust server change). Trust data read with the old trust server is read again.
   */
  updateSettings(patch: SettingsPatch): Promise<SaveResult>;
  /** Uses the CA file chosen in main's dialog (its handle) for a server; null when saved, else the refusal. */
  setCaFile(host: string, handle: string): Promise<ErrorDTO | null>;
  removeCaFile(host: string): Promise<ErrorDTO | null>;
}

/** What saving a setting came to: saved (null), refused, or not saved because the user cancelled. */
export type SaveResult = ErrorDTO | { notSaved: string } | null;

export interface HistoryEntry {
  status: 'loading' | 'ready' | 'error';
  history?: HistoryDTO;
  error?: ErrorDTO;
  fetchedAt?: number;
  /** The trust data changed while it was being read: it is read again when this read ends. */
  stale?: boolean | undefined;
}

/** What the selected repository shows: its trust data (docker's tables), the trust graph, or its history. */
export type RepositoryTab = 'trust' | 'graph' | 'history';

export interface HistorySlice {
  /** Keyed by reference, or `archive:<id>` for an opened archive. */
  histories: Record<string, HistoryEntry>;
  /** Trust archives opened in this session, by the ID main gave each. */
  archives: Record<string, ArchiveOpenedDTO>;
  repositoryTab: RepositoryTab;
  setRepositoryTab(tab: RepositoryTab): void;
  loadHistory(key: string, opts?: { force?: boolean }): Promise<void>;
  /**
   * A repository's trust data changed (its view came back with other role versions: a write in the
   * app, or anyone's publish): every history of it read this session is read again.
   */
  trustDataChanged(gun: string): void;
  /** Opens (main reads and verifies) the archive file chosen in main's dialog (its handle) and selects it; throws the ApiError when refused. */
  openArchive(handle: string): Promise<ArchiveOpenedDTO>;
  closeArchive(id: string): void;
  selectArchive(id: string): void;
}

export type AppState = RepositoriesSlice &
  TrustSlice &
  KeysSlice &
  UiSlice &
  ProgressSlice &
  SettingsSlice &
  RegistriesSlice &
  AuditSlice &
  HistorySlice;

export type AppStore = StoreApi<AppState>;
/** One slice of the store: built from zustand's set/get and the Api (store.ts puts the slices together). */
export type SliceCreator<T> = (set: AppStore['setState'], get: AppStore['getState'], api: Api) => T;

/** A dialog's props: its request's fields, and how it closes itself (the host's closeDialog). */
export type DialogProps<K extends DialogKind> = Omit<DialogOf<K>, 'kind'> & { onClose: () => void };
