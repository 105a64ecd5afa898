/** Trust data and write operations: digests, staged changes, sign, initialize, signers, revoke, rotate, pins. */
import type { ErrorDTO } from './base.js';

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
  /** Sign what the registry serves now even when the tag is signed (a local image just pushed, engine:push). */
  fresh?: boolean;
}

export interface SigningPlanRequest {
  reference: string;
  signer?: string;
  rootKeyId?: string;
  /** As SignRequest's: the plan for the registry's digest, not a co-signature. */
  fresh?: boolean;
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
  /** GUN prefix → the CA certificate file's name (main keeps where it is; set with `pins:setCa`). */
  ca: Record<string, string>;
  /** notary's disable_tofu. */
  disableTofu: boolean;
}

/** Replaces the given parts of the pins (each part whole); absent parts are kept. CA files: `pins:setCa`. */
export type TrustPinsPatch = Partial<Omit<TrustPinsDTO, 'file' | 'ca'>>;

export interface SignSummary {
  gun: string;
  tag: string;
  digest: string;
  size: number;
  source: 'registry' | 'existing' | 'local';
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
  /** PEM public key or certificate files chosen in main's dialog (`files:chooseOpen`, purpose public-key). */
  publicKeyFiles?: string[];
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
