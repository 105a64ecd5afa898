/**
 * Every user operation, once: docker trust sign/revoke/signer add/remove, notary key rotate/witness/
 * init/status/publish, key import/export, the trust view, history, diff, archives and the audit.
 * The CLI and the desktop app both call these with a {@link ReadContext} or {@link TrustContext}
 * their composition root built; each returns structured results and never prints; questions
 * (confirmations) are callbacks. (The CLI imports single modules, so a command loads only its own.)
 */
export type { ReadContext, RepositoryConnection, TrustContext } from './context.js';
export { trustServerFor } from './trust-server.js';
export { TrustWriter, type WriteSession } from './writer.js';
export { isTransient, loginUsername, type EventOptions, type OperationEvent, type Published } from './common.js';
export { existingSigners, signTag, type SignOptions, type SignResult } from './sign.js';
export { localImages, pushImage, type LocalImages } from './local-image.js';
export { signerKey } from './sign-new.js';
export {
  addSigner,
  removeSigner,
  removeSignerImpact,
  type AddSignerResult,
  type RemoveSignerImpact,
  type RemoveSignerOptions,
  type RemoveSignerResult,
  type RepoOutcome,
} from './signers.js';
export {
  discardStaged,
  initRepo,
  publishStaged,
  revoke,
  rotateKey,
  stagedChanges,
  witness,
  type InitRepoOptions,
  type InitRepoResult,
  type RevokeImpact,
  type RevokeOptions,
  type RevokeResult,
  type RotateResult,
  type StagedItem,
} from './repository.js';
export { signingPlan, type SigningPlan } from './sign-plan.js';
export { exportKey, importKeyFile, importKeyStore, type ExportedKey, type ImportKeyFileOptions } from './keys.js';
export { readTrust, readView, verifiedMetadataFiles, type ReadOptions, type TrustRead } from './view.js';
export { heldSignerKeys, signerPublicKeys, type PublicKeyFile } from './signer-keys.js';
export {
  buildArchiveFor,
  diffFor,
  keyHoldersFor,
  openArchiveFor,
  readArchivedFor,
  readHistoryFor,
  type ArchiveBuilt,
  type ArchiveFile,
  type ArchivedRead,
  type DiffOptions,
  type HistoryRead,
  type HistoryReadOptions,
} from './history.js';
export { archiveNotes, readArchive, type ArchiveAnchor } from './archive.js';
export { auditDependencies, auditFor, registryCatalog, type AuditSources } from './audit.js';
