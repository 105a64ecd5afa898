/**
 * Files cross into main, never paths out of the renderer: the renderer asks main to show a native
 * file dialog for a purpose, and gets back an opaque handle and the file's name (no folder). The
 * request that reads or writes the file (an export, an import, a CA file in Settings) names the
 * handle; main keeps the path, bound to that purpose, for a few minutes.
 */

/** What a file is saved for: each has its own dialog title, file type filter and rules. */
export type SavePurpose = 'audit-report' | 'audit-csv' | 'calendar' | 'archive' | 'key-export' | 'cosign-key';

/**
 * What a file (or folder) is opened for; `policy-dir` is a folder the migration's policies are
 * written into, `archive-dir` one the trust archives of several repositories are written into.
 */
export type OpenPurpose =
  | 'archive'
  | 'key-import'
  | 'trust-dir'
  | 'public-key'
  | 'ca-certificate'
  | 'policy-dir'
  | 'archive-dir'
  | 'pkcs11-module';

export interface ChooseSaveRequest {
  purpose: SavePurpose;
  /** A file name (no folder) the dialog suggests, e.g. `app.trust.tar.gz`. */
  suggestedName?: string;
}

export interface ChooseOpenRequest {
  purpose: OpenPurpose;
}

/** A file the user chose in main's dialog. */
export interface ChosenFileDTO {
  /** Opaque, single-use, expires: what a later request names instead of a path. */
  handle: string;
  /** The file's name without its folder, to show. */
  name: string;
  /** Saves only: a file of that name is there, and the dialog confirmed replacing it. */
  replaces?: boolean;
}
