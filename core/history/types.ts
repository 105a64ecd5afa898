/**
 * The history model shared by the CLI and (later) the desktop app: every stored version of a
 * repository's roles, verified, placed in time, and the changes between consecutive versions.
 */
import type { ErrorCode } from '../errors.js';
import type { RoleName, SignedFile } from '../tuf/types.js';

export type ChangeKind =
  | 'initialized'
  | 'tag-added'
  | 'tag-removed'
  | 'tag-changed'
  | 'signer-added'
  | 'signer-removed'
  | 'signer-changed'
  | 'key-rotated'
  | 'renewed'
  | 'unverified'
  /** A delegation listed a tag outside its paths: DCT ignores it (docker pull, notary lookup refuse it). */
  | 'refused-outside-paths';

/** Why a version failed verification (a SignetError's code and message). */
export interface VersionProblem {
  code: ErrorCode;
  message: string;
}

/**
 * Where this run has a version from: 'remote' (the server, or the archive being read) or 'kept'
 * (only the local version store has it: the server no longer serves it or cannot be reached).
 */
export type VersionSource = 'remote' | 'kept';

/** One stored version of one role, verified (or not, with the reason). */
export interface RoleVersion {
  role: RoleName;
  version: number;
  /** Hex sha256 of the bytes as served. */
  sha256: string;
  length: number;
  /** When it was published: the changefeed time of the first publish whose snapshot pins it. */
  time: string | null;
  /** The timestamp version of the first publish whose snapshot pins it (the repository state). */
  publish?: number;
  /** Key IDs whose signatures on this version verified (who signed it). */
  signedBy: string[];
  /** Key IDs trusted for the role when it was verified (by root, or by the delegating role). */
  trustedKeys: string[];
  threshold?: number;
  /** Set when it failed verification; such a version never yields changes and is never trusted. */
  problem?: VersionProblem;
  /** Checks that could not be made, said plainly (e.g. no snapshot pins it). */
  notes: string[];
  source: VersionSource;
  /** The parsed file (absent when it did not parse). */
  file?: SignedFile;
}

/** A change between two consecutive verified versions of a role (or a version that failed). */
export interface HistoryEvent {
  time: string | null;
  publish?: number;
  /** The role whose version this is (for signer changes: the delegating role, e.g. `targets`). */
  role: RoleName;
  version: number;
  change: ChangeKind;
  tag?: string;
  /** Hex sha256 of the tag's target now (tag-added, tag-changed). */
  digest?: string;
  /** Hex sha256 the tag had before (tag-changed, tag-removed). */
  previousDigest?: string;
  /** The delegation concerned, as docker names signers (`alice`, `releases`). */
  signer?: string;
  /** Key IDs whose signatures on this version verified: who made the change. */
  keyIds: string[];
  /** Keys of the role or signer before and after (key-rotated, signer-*). */
  keys?: { before: string[]; after: string[] };
  /** Paths of a signer (signer-*); for refused-outside-paths, `after` is what the role may sign. */
  paths?: { before?: string[]; after?: string[] };
  threshold?: { before?: number; after?: number };
  source: VersionSource;
  problem?: VersionProblem;
}

/** The repository as one publish left it: the version of each role then in force. */
export interface RepositoryState {
  /** Timestamp version of that publish (the changefeed's Version). */
  publish: number;
  time: string | null;
  /** role → version pinned by that publish's snapshot (root, targets, delegations, snapshot, timestamp). */
  versions: Map<RoleName, number>;
  /** Delegations the one walk reached in that state → the paths each may sign (after its ancestors'). */
  paths: Map<RoleName, string[]>;
}

export interface TrustHistory {
  gun: string;
  /** Every version found, oldest first (publish order, then version order). */
  versions: RoleVersion[];
  events: HistoryEvent[];
  states: RepositoryState[];
  /** What is missing or could not be checked (no changefeed, lost versions, server gone). */
  notes: string[];
}
