import type { ErrorDTO, KeyInfoDTO, ProgressEvent, TrustView, WatchedRepository } from '../../electron/ipc/contract.ts';
import type { DiscoveredRepository } from '../api.ts';

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
  /** Trust server per registry host (settings), for the sidebar's groups. */
  trustServers: Record<string, string>;
  selected: string | null;
  repositoriesError: ErrorDTO | null;
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

export type Section = 'repository' | 'keys' | 'expiry';
/** Dialogs the next issue implements; the host renders whatever is registered for a kind. */
export type DialogKind =
  'sign-tag' | 'initialize-repository' | 'add-signer' | 'remove-signer' | 'revoke' | (string & {});

export interface DialogRequest {
  kind: DialogKind;
  props: Record<string, unknown>;
}

export interface UiSlice {
  section: Section;
  setSection(section: Section): void;
  dialog: DialogRequest | null;
  openDialog(kind: DialogKind, props?: Record<string, unknown>): void;
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

export type AppState = RepositoriesSlice & TrustSlice & KeysSlice & UiSlice & ProgressSlice;
