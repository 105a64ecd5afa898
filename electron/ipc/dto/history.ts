/** History, diff and trust archives in the app. */
import type { TrustDiff } from '../../../core/history/diff.js';
import type { HistoryEvent } from '../../../core/history/types.js';
import type { KeyHolder, TrustView } from '../../../core/trust/view-types.js';
import type { ErrorDTO } from './base.js';

export interface HistoryRequest {
  reference: string;
  /** An archive opened with `history:openArchive` (its `id`), read instead of the server. */
  archive?: string;
  /** Only the history kept locally; contact no server. */
  offline?: boolean;
}

/** A trust archive: the file's name (no folder), the repository it holds, where and when it was written. */
export interface ArchiveInfoDTO {
  name: string;
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
  /** The trust server it was read from, "kept locally", or `archive:<file name>`. */
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
  /** Names this opened archive in later history requests (`archive`), for as long as Signet runs. */
  id: string;
  archive: ArchiveInfoDTO;
  view: TrustView;
  history: HistoryDTO;
}

export interface WriteArchiveRequest {
  reference: string;
  /** The .tar.gz chosen in main's save dialog (`files:chooseSave`, purpose archive). */
  file: string;
}

/** `history:writeArchives`: several repositories, each to `<GUN>.trust.tar.gz` in one folder (`signet archive --dir`). */
export interface WriteArchivesRequest {
  references: string[];
  /** The folder chosen in main's dialog (`files:chooseOpen`, purpose archive-dir). */
  folder: string;
}

export interface ArchivesWrittenDTO {
  /** The folder, by name. */
  folder: string;
  written: ArchiveWrittenDTO[];
  /** The repositories that could not be archived, and why; the others were still written. */
  failed: Array<{ reference: string; error: ErrorDTO }>;
}

/** `history:openArchive`: the archive chosen in main's open dialog (`files:chooseOpen`, purpose archive). */
export interface OpenArchiveRequest {
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
