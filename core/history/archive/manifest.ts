/**
 * A trust archive: every stored version of a repository's trust data in notary-server's URL layout
 * (`v2/<GUN>/_trust/tuf/<N>.<role>.json`, `<role>.<sha256>.json`, `<role>.json`, and
 * `v2/<GUN>/_trust/changefeed.json`), the bytes exactly as served, plus `signet-archive.json`.
 */
export const MANIFEST_PATH = 'signet-archive.json';
export const ARCHIVE_FORMAT = 'signet-trust-archive';

export interface ArchiveFile {
  path: string;
  /** Hex sha256 of the bytes at this path (for a hard link: of the file it links to). */
  sha256: string;
  length: number;
  role?: string;
  version?: number;
}

export interface ArchiveManifest {
  format: typeof ARCHIVE_FORMAT;
  formatVersion: 1;
  gun: string;
  /** The trust server the data was read from. */
  server: string;
  /** RFC 3339: when the archive was written (its content is verified as of this moment). */
  created: string;
  files: ArchiveFile[];
}

/** `v2/<GUN>/_trust/tuf/`: where the server serves the GUN's metadata. */
export const tufDir = (gun: string): string => `v2/${gun}/_trust/tuf/`;
export const changefeedPath = (gun: string): string => `v2/${gun}/_trust/changefeed.json`;

/**
 * The file an archive of `gun` is written to when Signet names it (`signet archive --dir`, the
 * app's suggestion): the whole GUN, so two repositories never share a name
 * (`docker.io/team/app` → `docker.io_team_app.trust.tar.gz`).
 */
export function archiveFileName(gun: string): string {
  return `${gun.replace(/[^A-Za-z0-9._-]+/g, '_')}.trust.tar.gz`;
}
