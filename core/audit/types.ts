/**
 * What an audit finds, per repository: the data behind `signet audit` (JSON, table, CSV, .ics)
 * and the desktop app's Audit view. Names follow the JSON (docker's key style there).
 */

/**
 * A signed row's registry check: `ok` same digest, `moved` other content, `missing` gone, `unsigned`
 * nobody signed it. `shadowed`: the tag is also signed with another digest and `docker pull` (notary
 * lookup: targets/releases first, then targets) gets that one, so this signature is never used and
 * the registry is not compared with it.
 */
export type TagState = 'ok' | 'moved' | 'missing' | 'unsigned' | 'unchecked' | 'shadowed';

/** A role's expiry: `expiring` within the warning window, `expired` past it. */
export type RoleState = 'ok' | 'expiring' | 'expired';

/** How the repository's trust data was read. */
export type TrustDataState = 'verified' | 'cached' | 'none' | 'failed';

/** One row per (tag, signed digest), as `docker trust inspect` lists them: a tag may have two. */
export interface AuditTag {
  tag: string;
  /** hex sha256 that was signed (as `docker trust inspect` shows it); null for an unsigned tag. */
  signedDigest: string | null;
  /** hex sha256 the registry serves now; null when missing or not checked. */
  registryDigest: string | null;
  state: TagState;
  /** As `signet inspect` / `docker trust inspect` list them ("Repo Admin" for the repository key). */
  signers: string[];
  /** Canonical IDs of the DCT keys whose cosign signature on the signed digest verifies (after a migration). */
  cosign?: string[];
  /** A `shadowed` row: the hex digest docker pull gets for the tag instead (null: none). */
  shadowedBy?: string | null;
}

export interface AuditRole {
  role: string;
  /** RFC 3339 as in the metadata; null when it could not be read. */
  expires: string | null;
  state: RoleState;
  /** Days from the audit's clock to the expiry (negative: past), rounded down; null without a date. */
  days: number | null;
  /** The server re-signs it itself (timestamp): never `expiring`. */
  serverRenewed: boolean;
}

export type ProblemKind =
  | 'moved'
  | 'missing'
  | 'unsigned'
  | 'expired'
  | 'expiring'
  | 'trust-unreachable'
  | 'trust-failed'
  | 'trust-cached'
  | 'registry-unreachable'
  | 'registry-no-repository'
  | 'role-skipped'
  | 'outside-paths'
  /** Read from Docker Hub's notary, which stops on 2026-12-08 (core/notary/hub-sunset.ts). */
  | 'notary-stops';

/** One problem in plain language and what to do about it. */
export interface AuditProblem {
  kind: ProblemKind;
  /** What is wrong, e.g. `v2: the registry serves sha256:… but sha256:… was signed`. */
  message: string;
  /** What to do. */
  fix: string;
  /** The tag or role it is about, when there is one. */
  subject?: string;
}

export interface RepositoryAudit {
  /** host/path, e.g. `registry.example.com:5000/team/app` (the GUN). */
  name: string;
  /** The registry host (`host[:port]`). */
  registry: string;
  /** The trust server asked (or whose cache was read). */
  server: string;
  /** Trust data was verified (from the server, or the cache) and holds at least one role. */
  signed: boolean;
  trustData: TrustDataState;
  /** false with --offline, or when the registry could not be reached. */
  registryChecked: boolean;
  tags: AuditTag[];
  roles: AuditRole[];
  problems: AuditProblem[];
}

/** A target that could not be expanded into repositories (e.g. a registry without a catalog). */
export interface TargetFailure {
  target: string;
  message: string;
  fix: string;
}

export interface AuditSummary {
  repositories: number;
  signed: number;
  unsigned: number;
  problems: number;
  expiring: number;
  expired: number;
}

export interface AuditReport {
  /** Sorted by name. */
  repositories: RepositoryAudit[];
  failedTargets: TargetFailure[];
  summary: AuditSummary;
  offline: boolean;
  /** The audit's clock (ISO 8601). */
  at: string;
  warnDays: number;
  /** Cancelled through the AbortSignal: `repositories` holds those finished before. */
  cancelled: boolean;
}
