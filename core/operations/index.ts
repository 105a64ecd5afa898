/**
 * Every user operation, once: docker trust sign/revoke/signer add/remove, notary key rotate/witness/
 * init/status/publish, key import/export, the trust view. The CLI and the desktop app both call
 * these with a {@link TrustContext} their composition root built; each returns structured results
 * and never prints; questions (confirmations) are callbacks.
 */
export type { RepositoryConnection, TrustContext } from './context.js';
export { TrustWriter, type WriteSession } from './writer.js';
export { isTransient, loginUsername, type EventOptions, type OperationEvent, type Published } from './common.js';
export { existingSigners, signTag, type SignOptions, type SignResult } from './sign.js';
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
export { readTrust, verifiedMetadataFiles, type ReadOptions, type TrustRead } from './view.js';
