/**
 * High-level trust operations (docker trust sign/revoke/signer add/remove, notary key rotate/witness/
 * init/status/publish), shared by the CLI and the desktop app. Each returns structured results and
 * never prints; questions (confirmations) are callbacks. Implementation under ./operations/.
 */
export {
  isTransient,
  loginUsername,
  type EventOptions,
  type OperationEvent,
  type Published,
} from './operations/common.js';
export { existingSigners, signTag, signerKey, type SignOptions, type SignResult } from './operations/sign.js';
export {
  addSigner,
  removeSigner,
  type AddSignerResult,
  type RemoveSignerImpact,
  type RemoveSignerOptions,
  type RemoveSignerResult,
  type RepoOutcome,
} from './operations/signers.js';
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
} from './operations/repository.js';
