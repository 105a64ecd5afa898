/**
 * The write side of `window.signet` for the dialogs and wizards: trust writes, staged changes,
 * key management and passphrase answers, each unwrapping the contract's Result<T> into a value
 * or a thrown {@link ApiError} (as renderer/api.ts does for the read side).
 *
 * NOTE for the owner of renderer/api.ts: this belongs there (api.ts was not in this change's file
 * list). It is provided to components through {@link WriteApiContext} so specs pass a fake; the
 * default value talks to the real bridge, so the app needs no provider.
 */
import { createContext, useContext } from 'react';
import { ApiError } from '../../api.ts';
import type {
  AddSignerRequest,
  AddSignerSummary,
  BackupReminderDTO,
  EventChannel,
  EventChannels,
  InitRequest,
  InitSummary,
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
  SignRequest,
  SignSummary,
  SignetApi,
  StagedChangeDTO,
  AppInfo,
} from '../../../electron/ipc/contract.ts';

export interface WriteApi {
  appInfo(): Promise<AppInfo>;
  resolveDigest(reference: string): Promise<ResolvedDigest>;
  sign(request: SignRequest): Promise<SignSummary>;
  init(request: InitRequest): Promise<InitSummary>;
  addSigner(request: AddSignerRequest): Promise<RepoOutcomeDTO<AddSignerSummary>[]>;
  removeSignerPreview(request: { name: string; reference: string }): Promise<RemoveSignerImpactDTO>;
  removeSigner(request: RemoveSignerRequest): Promise<RepoOutcomeDTO<RemoveSignerSummary>[]>;
  revoke(request: RevokeRequest): Promise<RevokeSummary>;
  stagedChanges(reference: string): Promise<StagedChangeDTO[]>;
  publishStaged(reference: string): Promise<PublishedDTO>;
  discardStaged(request: { reference: string; ids?: string[] }): Promise<StagedChangeDTO[]>;
  rotateKey(request: RotateRequest): Promise<RotateSummary>;
  witness(request: { reference: string; roles: string[] }): Promise<PublishedDTO>;

  generateKey(request: { role: string; gun?: string }): Promise<KeyInfoDTO>;
  importKeys(request: KeyImportRequest): Promise<KeyInfoDTO[]>;
  exportKey(request: { keyId: string; path: string }): Promise<{ path: string }>;
  changePassphrase(request: { keyId: string }): Promise<KeyInfoDTO>;
  deleteKey(request: { keyId: string }): Promise<{ deleted: string }>;
  forgetPassphrase(request: { keyId: string }): Promise<KeyInfoDTO>;
  backupReminder(): Promise<BackupReminderDTO>;
  acknowledgeBackup(request: { keyIds: string[] }): Promise<BackupReminderDTO>;

  answerPassphrase(answer: PassphraseAnswer): Promise<{ accepted: true }>;
  cancelPassphrase(requestId: string): Promise<{ cancelled: true }>;

  on<E extends EventChannel>(event: E, listener: (payload: EventChannels[E]) => void): () => void;
}

function bridge(): SignetApi {
  const s = (globalThis as { signet?: SignetApi }).signet;
  if (!s) throw new ApiError({ code: 'INTERNAL', message: 'window.signet is missing: the page was not loaded by Signet (preload or harness bridge)' });
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

export const bridgeWriteApi: WriteApi = {
  appInfo: () => unwrap(() => bridge().app.info()),
  resolveDigest: (reference) => unwrap(() => bridge().trust.resolveDigest(reference)),
  sign: (request) => unwrap(() => bridge().trust.sign(request)),
  init: (request) => unwrap(() => bridge().trust.init(request)),
  addSigner: (request) => unwrap(() => bridge().trust.addSigner(request)),
  removeSignerPreview: (request) => unwrap(() => bridge().trust.removeSignerPreview(request)),
  removeSigner: (request) => unwrap(() => bridge().trust.removeSigner(request)),
  revoke: (request) => unwrap(() => bridge().trust.revoke(request)),
  stagedChanges: (reference) => unwrap(() => bridge().trust.stagedChanges(reference)),
  publishStaged: (reference) => unwrap(() => bridge().trust.publishStaged(reference)),
  discardStaged: (request) => unwrap(() => bridge().trust.discardStaged(request)),
  rotateKey: (request) => unwrap(() => bridge().trust.rotateKey(request)),
  witness: (request) => unwrap(() => bridge().trust.witness(request)),

  generateKey: (request) => unwrap(() => bridge().keys.generate(request)),
  importKeys: (request) => unwrap(() => bridge().keys.import(request)),
  exportKey: (request) => unwrap(() => bridge().keys.export(request)),
  changePassphrase: (request) => unwrap(() => bridge().keys.changePassphrase(request)),
  deleteKey: (request) => unwrap(() => bridge().keys.delete(request)),
  forgetPassphrase: (request) => unwrap(() => bridge().keys.forgetPassphrase(request)),
  backupReminder: () => unwrap(() => bridge().keys.backupReminder()),
  acknowledgeBackup: (request) => unwrap(() => bridge().keys.acknowledgeBackup(request)),

  answerPassphrase: (answer) => unwrap(() => bridge().passphrase.answer(answer)),
  cancelPassphrase: (requestId) => unwrap(() => bridge().passphrase.cancel({ requestId })),

  on(event, listener) {
    const s = (globalThis as { signet?: SignetApi }).signet;
    return s ? s.on(event, listener) : () => undefined;
  },
};

export const WriteApiContext = createContext<WriteApi>(bridgeWriteApi);

export function useWriteApi(): WriteApi {
  return useContext(WriteApiContext);
}
