import type {
  AppInfo,
  ErrorDTO,
  KeyInfoDTO,
  ProgressEvent,
  SettingsPatch,
  SettingsState,
  TrustView,
  WatchedRepository,
} from '../../electron/ipc/contract.ts';
import type { StoreApi } from 'zustand/vanilla';
import type { Api, DiscoveredRepository } from '../api.ts';

export interface ViewEntry {
  status: 'loading' | 'ready' | 'error';
  view?: TrustView;
  error?: ErrorDTO;
  /** Date.now() when the last answer arrived. */
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
  origin: 'watched' | 'keys' | 'cache';
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

export type Section = 'repository' | 'expiry' | 'keys' | 'settings';

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
  | { kind: 'export-key'; keyId: string }
  | { kind: 'change-passphrase'; keyId: string }
  | { kind: 'delete-key'; keyId: string };

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
   * Saves a patch; null when saved, else the refusal. Trust data read with the old trust server or
   * CA certificate is read again.
   */
  updateSettings(patch: SettingsPatch): Promise<ErrorDTO | null>;
}

export type AppState = RepositoriesSlice & TrustSlice & KeysSlice & UiSlice & ProgressSlice & SettingsSlice;

export type AppStore = StoreApi<AppState>;
/** One slice of the store: built from zustand's set/get and the Api (store.ts puts the slices together). */
export type SliceCreator<T> = (set: AppStore['setState'], get: AppStore['getState'], api: Api) => T;

/** A dialog's props: its request's fields, and how it closes itself (the host's closeDialog). */
export type DialogProps<K extends DialogKind> = Omit<DialogOf<K>, 'kind'> & { onClose: () => void };
