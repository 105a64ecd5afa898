/** Builds a trust archive's tar from a verified history (gzip is the platform adapter's job). */
import { SignetError } from '../../errors.js';
import type { CryptoProvider } from '../../crypto/provider.js';
import type { ChangeRecord } from '../../notary/changefeed.js';
import type { RoleName } from '../../tuf/types.js';
import { toHex, utf8 } from '../../util/bytes.js';
import type { TrustHistory } from '../types.js';
import {
  ARCHIVE_FORMAT,
  MANIFEST_PATH,
  changefeedPath,
  tufDir,
  type ArchiveFile,
  type ArchiveManifest,
} from './manifest.js';
import { writeTar, type TarEntry } from './tar.js';

export interface ArchiveInput {
  history: TrustHistory;
  /** The changefeed records of the publishes the history holds, oldest first. */
  feed: ChangeRecord[];
  server: string;
  created: Date;
  crypto: CryptoProvider;
}

export interface BuiltArchive {
  tar: Uint8Array;
  manifest: ArchiveManifest;
  /** Versions left out because they failed verification (role vN: reason). */
  leftOut: string[];
}

/** The changefeed as notary-server serves it (field names and order of its Change records). */
function changefeedBytes(feed: ChangeRecord[]): Uint8Array {
  const records = feed.map((r, i) => ({
    ID: r.id || String(i + 1),
    CreatedAt: r.createdAt,
    GUN: r.gun,
    Version: r.version,
    SHA256: r.sha256,
    Category: r.category,
  }));
  return utf8(JSON.stringify({ count: records.length, records: records.length ? records : null }));
}

export function buildArchive(input: ArchiveInput): BuiltArchive {
  const { history } = input;
  const dir = tufDir(history.gun);
  const entries: TarEntry[] = [];
  const files: ArchiveFile[] = [];
  const leftOut: string[] = [];
  const pathOf = new Map<string, string>(); // sha256 → path of its bytes
  const add = (path: string, bytes: Uint8Array, sha256: string, role?: RoleName, version?: number) => {
    entries.push({ path, bytes });
    files.push({ path, sha256, length: bytes.length, ...(role ? { role, version: version! } : {}) });
  };
  const link = (path: string, sha256: string) => {
    if (files.some((f) => f.path === path)) return;
    const target = pathOf.get(sha256)!;
    const length = files.find((f) => f.path === target)!.length;
    // ustar link names hold 100 bytes; a longer one is stored as a second copy
    if (utf8(target).length <= 100) entries.push({ path, linkTo: target });
    else entries.push({ path, bytes: (entries.find((e) => e.path === target) as { bytes: Uint8Array }).bytes });
    files.push({ path, sha256, length });
  };

  const seen = new Set<string>();
  for (const v of history.versions) {
    if (v.problem || !v.file) {
      leftOut.push(`${v.role} v${v.version}: ${v.problem?.message ?? 'not parsed'}`);
      continue;
    }
    const name = `${v.version}.${v.role}`;
    if (seen.has(name)) continue;
    seen.add(name);
    const path = `${dir}${name}.json`;
    add(path, v.file.raw, v.sha256, v.role, v.version);
    pathOf.set(v.sha256, path);
  }
  if (pathOf.size === 0) throw new SignetError('BAD_INPUT', `no verified version of ${history.gun} to archive`);
  for (const v of history.versions) if (!v.problem && v.file) link(`${dir}${v.role}.${v.sha256}.json`, v.sha256);
  // the current files, as `<role>.json`: what the newest publish pins
  const newest = history.states[history.states.length - 1];
  const byKey = new Map(history.versions.filter((v) => !v.problem).map((v) => [`${v.role} ${v.version}`, v]));
  for (const [role, version] of newest?.versions ?? []) {
    const v = byKey.get(`${role} ${version}`);
    if (v) link(`${dir}${role}.json`, v.sha256);
  }
  const feed = changefeedBytes(input.feed);
  add(changefeedPath(history.gun), feed, toHex(input.crypto.sha256(feed)));
  const manifest: ArchiveManifest = {
    format: ARCHIVE_FORMAT,
    formatVersion: 1,
    gun: history.gun,
    server: input.server,
    created: input.created.toISOString(),
    files,
  };
  const body = utf8(JSON.stringify(manifest, null, 2) + '\n');
  const mtime = Math.floor(input.created.getTime() / 1000);
  return { tar: writeTar([{ path: MANIFEST_PATH, bytes: body }, ...entries], mtime), manifest, leftOut };
}
