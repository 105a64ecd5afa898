/**
 * The ONLY module that touches `window.signet` (the preload in Electron, the bridge in the browser
 * harness). Every call unwraps the contract's `Result<T>`: a value, or a thrown {@link ApiError}
 * carrying the error's code, message and hint. Nothing else in the renderer knows about IPC.
 *
 * Components get the Api from {@link useApi} (the App provides the one it was given, so specs
 * pass a fake); the store slices get it when the store is created.
 */
import { createContext, useContext } from 'react';
import type {
  AddSignerRequest,
  AddSignerSummary,
  AppInfo,
  BackupReminderDTO,
  DiscoveredRepository,
  ErrorDTO,
  EventChannel,
  EventChannels,
  InitRequest,
  InitSummary,
  IpcErrorCode,
  KeyImportRequest,
  KeyInfoDTO,
  PassphraseAnswer,
  PublishedDTO,
  RemoveSignerImpactDTO,
  RemoveSignerRequest,
  RemoveSignerSummary,
  RepoOutcomeDTO,
  ResolvedDigest,
  Result,
  RevokeRequest,
  RevokeSummary,
  RotateRequest,
  RotateSummary,
  SettingsState,
  SignRequest,
  SignSummary,
  SignetApi,
  StagedChangeDTO,
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

function bridge(): SignetApi {
  const s = (globalThis as { signet?: SignetApi }).signet;
  if (!s)
    throw new ApiError({
      code: 'INTERNAL',
      message: 'window.signet is missing: the page was not loaded by Signet (preload or harness bridge)',
    });
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
  addRepository: (reference: string): Promise<WatchedRepository[]> =>
    unwrap(() => bridge().repositories.add(reference)),
  removeRepository: (reference: string): Promise<WatchedRepository[]> =>
    unwrap(() => bridge().repositories.remove(reference)),
  /** Repositories found from keys' GUN headers and the metadata cache (not already watched). */
  discoveredRepositories: (): Promise<DiscoveredRepository[]> => unwrap(() => bridge().repositories.discovered()),

  trustView: (reference: string): Promise<TrustView> => unwrap(() => bridge().trust.view(reference)),
  /** Raw JSON of every role file (role → file text), verified and refreshed first. */
  rawMetadata: (reference: string): Promise<Record<string, string>> =>
    unwrap(() => bridge().trust.rawMetadata(reference)),

  /** Digest, size and media type of IMAGE:TAG in the registry (and the platforms of an index). */
  resolveDigest: (reference: string): Promise<ResolvedDigest> => unwrap(() => bridge().trust.resolveDigest(reference)),
  sign: (request: SignRequest): Promise<SignSummary> => unwrap(() => bridge().trust.sign(request)),
  init: (request: InitRequest): Promise<InitSummary> => unwrap(() => bridge().trust.init(request)),
  addSigner: (request: AddSignerRequest): Promise<RepoOutcomeDTO<AddSignerSummary>[]> =>
    unwrap(() => bridge().trust.addSigner(request)),
  removeSignerPreview: (request: { name: string; reference: string }): Promise<RemoveSignerImpactDTO> =>
    unwrap(() => bridge().trust.removeSignerPreview(request)),
  removeSigner: (request: RemoveSignerRequest): Promise<RepoOutcomeDTO<RemoveSignerSummary>[]> =>
    unwrap(() => bridge().trust.removeSigner(request)),
  revoke: (request: RevokeRequest): Promise<RevokeSummary> => unwrap(() => bridge().trust.revoke(request)),
  stagedChanges: (reference: string): Promise<StagedChangeDTO[]> =>
    unwrap(() => bridge().trust.stagedChanges(reference)),
  publishStaged: (reference: string): Promise<PublishedDTO> => unwrap(() => bridge().trust.publishStaged(reference)),
  discardStaged: (request: { reference: string; ids?: string[] }): Promise<StagedChangeDTO[]> =>
    unwrap(() => bridge().trust.discardStaged(request)),
  rotateKey: (request: RotateRequest): Promise<RotateSummary> => unwrap(() => bridge().trust.rotateKey(request)),
  witness: (request: { reference: string; roles: string[] }): Promise<PublishedDTO> =>
    unwrap(() => bridge().trust.witness(request)),

  listKeys: (): Promise<KeyInfoDTO[]> => unwrap(() => bridge().keys.list()),
  generateKey: (request: { role: string; gun?: string }): Promise<KeyInfoDTO> =>
    unwrap(() => bridge().keys.generate(request)),
  importKeys: (request: KeyImportRequest): Promise<KeyInfoDTO[]> => unwrap(() => bridge().keys.import(request)),
  exportKey: (request: { keyId: string; path: string }): Promise<{ path: string }> =>
    unwrap(() => bridge().keys.export(request)),
  changePassphrase: (request: { keyId: string }): Promise<KeyInfoDTO> =>
    unwrap(() => bridge().keys.changePassphrase(request)),
  deleteKey: (request: { keyId: string }): Promise<{ deleted: string }> => unwrap(() => bridge().keys.delete(request)),
  forgetPassphrase: (request: { keyId: string }): Promise<KeyInfoDTO> =>
    unwrap(() => bridge().keys.forgetPassphrase(request)),
  backupReminder: (): Promise<BackupReminderDTO> => unwrap(() => bridge().keys.backupReminder()),
  acknowledgeBackup: (request: { keyIds: string[] }): Promise<BackupReminderDTO> =>
    unwrap(() => bridge().keys.acknowledgeBackup(request)),

  answerPassphrase: (answer: PassphraseAnswer): Promise<{ accepted: true }> =>
    unwrap(() => bridge().passphrase.answer(answer)),
  cancelPassphrase: (requestId: string): Promise<{ cancelled: true }> =>
    unwrap(() => bridge().passphrase.cancel({ requestId })),

  /** Subscribes to a main → renderer event; returns the unsubscribe function (a no-op without a bridge). */
  on<E extends EventChannel>(event: E, listener: (payload: EventChannels[E]) => void): () => void {
    const s = (globalThis as { signet?: SignetApi }).signet;
    return s ? s.on(event, listener) : () => undefined;
  },
};

export type Api = typeof api;

/** The Api for components: the App provides the one it was given; without a provider, the real bridge. */
export const ApiContext = createContext<Api>(api);

export function useApi(): Api {
  return useContext(ApiContext);
}
