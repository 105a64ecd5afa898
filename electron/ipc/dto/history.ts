/** History, diff and trust archives in the app. */
import type { TrustDiff } from '../../../core/history/diff.js';
import type { HistoryEvent } from '../../../core/history/types.js';
import type { KeyHolder, TrustView } from '../../../core/trust/view-types.js';
import type { ErrorDTO } from './base.js';

export interface HistoryRequest {
  reference: string;
  /** Absolute path of a trust archive (written by `signet archive` or "Export archive") to read instead of the server. */
  archive?: string;
  /** Only the history kept locally; contact no server. */
  offline?: boolean;
}

/** A trust archive: the file, the repository it holds, where and when it was written. */
export interface ArchiveInfoDTO {
  file: string;
  gun: string;
  server: string;
  /** RFC 3339: when it was written (its content is verified as of this moment). */
  created: string;
}

/** A point of the history a diff can start or end at: one publish (the timestamp version). */
export interface HistoryPointDTO {
  publish: number;
  time: string | null;
  /** Only the local version store still has this publish. */
  kept: boolean;
}

/** A repository's trust history as the CLI's `signet history` computes it: events oldest first. */
export interface HistoryDTO {
  gun: string;
  /** The reference as given. */
  name: string;
  /** The trust server it was read from, "kept locally", or `archive:<file>`. */
  source: string;
  events: HistoryEvent[];
  points: HistoryPointDTO[];
  /** Who holds each key ID the events name: you ('local'), the server, or nobody known here ('unknown'). */
  keys: Record<string, KeyHolder>;
  /** Versions found; of them only kept locally; of them failed verification. */
  versions: { total: number; kept: number; unverified: number };
  /** What is missing or could not be checked (no changefeed, lost versions, server gone). */
  notes: string[];
  /** Why the server's trust data was not used, when it was not. */
  serverProblem?: ErrorDTO;
  archive?: ArchiveInfoDTO;
}

export interface DiffRequest extends HistoryRequest {
  /** A publish number, "latest", or a time (2026-12-01, 2026-12-01T10:30:00Z: the state then in force). */
  from: string;
  to: string;
}

/** The difference between two points, as `signet diff` computes it, with who holds the keys it names. */
export interface DiffDTO extends TrustDiff {
  gun: string;
  keyHolders: Record<string, KeyHolder>;
}

/** An archive opened in the app: its repository verified offline as of its creation, and its history. */
export interface ArchiveOpenedDTO {
  archive: ArchiveInfoDTO;
  view: TrustView;
  history: HistoryDTO;
}

export interface WriteArchiveRequest {
  reference: string;
  /** Absolute path of the .tar.gz to write. */
  file: string;
}

export interface ArchiveWrittenDTO {
  archive: ArchiveInfoDTO;
  /** Metadata versions written, and publishes they make up. */
  versions: number;
  publishes: number;
  bytes: number;
  /** Versions left out because they failed verification. */
  leftOut: string[];
  notes: string[];
}
