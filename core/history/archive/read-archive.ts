/**
 * Opens a trust archive (the tar, already un-gzipped) and serves it as a read-only RemoteStore, so
 * inspect and history verify an archive with exactly the code that verifies a live server.
 */
import { SignetError } from '../../errors.js';
import type { CryptoProvider } from '../../crypto/provider.js';
import { parseChangefeed, type ChangefeedPage, type ChangeRecord } from '../../notary/changefeed.js';
import type { RemoteStore } from '../../notary/remote-store.js';
import type { PublicKeyJSON, RoleName } from '../../tuf/types.js';
import { fromUtf8, toHex } from '../../util/bytes.js';
import { ARCHIVE_FORMAT, MANIFEST_PATH, changefeedPath, tufDir, type ArchiveManifest } from './manifest.js';
import { readTar } from './tar.js';

export interface OpenedArchive {
  manifest: ArchiveManifest;
  /** path → bytes, hard links resolved. */
  files: Map<string, Uint8Array>;
  feed: ChangeRecord[];
}

function checkManifest(doc: unknown, bad: (m: string) => SignetError): ArchiveManifest {
  if (typeof doc !== 'object' || doc === null) throw bad(`${MANIFEST_PATH} is not a JSON object`);
  const m = doc as Record<string, unknown>;
  if (m['format'] !== ARCHIVE_FORMAT)
    throw bad(`${MANIFEST_PATH} is not a Signet trust archive manifest (format ${JSON.stringify(m['format'])})`);
  if (m['formatVersion'] !== 1)
    throw bad(`archive format version ${JSON.stringify(m['formatVersion'])} is newer than this Signet understands`);
  if (typeof m['gun'] !== 'string' || m['gun'] === '') throw bad(`${MANIFEST_PATH} names no GUN`);
  if (typeof m['server'] !== 'string') throw bad(`${MANIFEST_PATH} names no server`);
  if (typeof m['created'] !== 'string' || Number.isNaN(Date.parse(m['created'])))
    throw bad(`${MANIFEST_PATH} has no valid "created" time`);
  if (!Array.isArray(m['files'])) throw bad(`${MANIFEST_PATH} has no file list`);
  for (const f of m['files'] as unknown[]) {
    const o = f as Record<string, unknown> | null;
    if (!o || typeof o['path'] !== 'string' || typeof o['sha256'] !== 'string' || typeof o['length'] !== 'number') {
      throw bad(`${MANIFEST_PATH} has a file entry without path, sha256 and length`);
    }
  }
  return doc as ArchiveManifest;
}

/** Parses and checks an archive: manifest, every listed file present with its sha256 and length, nothing unlisted. */
export function openArchive(tar: Uint8Array, what: string, crypto: CryptoProvider): OpenedArchive {
  const bad = (msg: string) =>
    new SignetError('BAD_ARCHIVE', `${what}: ${msg}`, {
      hint: 'The archive is damaged or is not a Signet trust archive; use another copy.',
    });
  const entries = readTar(tar, what);
  const files = new Map<string, Uint8Array>();
  for (const e of entries) {
    if ('bytes' in e) files.set(e.path, e.bytes);
    else {
      const target = files.get(e.linkTo);
      if (!target) throw bad(`${e.path} links to ${e.linkTo}, which comes nowhere before it`);
      files.set(e.path, target);
    }
  }
  const manifestBytes = files.get(MANIFEST_PATH);
  if (!manifestBytes) throw bad(`it has no ${MANIFEST_PATH}: not a Signet trust archive`);
  let doc: unknown;
  try {
    doc = JSON.parse(fromUtf8(manifestBytes));
  } catch {
    throw bad(`${MANIFEST_PATH} is not valid JSON`);
  }
  const manifest = checkManifest(doc, bad);
  const listed = new Set<string>([MANIFEST_PATH]);
  for (const f of manifest.files) {
    const bytes = files.get(f.path);
    if (!bytes) throw bad(`the manifest lists ${f.path}, which is not in the archive`);
    if (bytes.length !== f.length) throw bad(`${f.path} has ${bytes.length} bytes, the manifest says ${f.length}`);
    if (toHex(crypto.sha256(bytes)) !== f.sha256)
      throw bad(`${f.path} does not match its sha256 in the manifest (damaged)`);
    listed.add(f.path);
  }
  for (const path of files.keys())
    if (!listed.has(path)) throw bad(`${path} is in the archive but not in its manifest`);
  const feedBytes = files.get(changefeedPath(manifest.gun));
  let feed: ChangeRecord[] = [];
  if (feedBytes) {
    try {
      feed = parseChangefeed(feedBytes).records;
    } catch (e) {
      throw bad(`its changefeed is not valid: ${(e as Error).message}`);
    }
  }
  return { manifest, files, feed };
}

/** A read-only RemoteStore over an opened archive (no server keys; publishing is refused). */
export class ArchiveRemote implements RemoteStore {
  readonly gun: string;
  readonly baseUrl: string;
  private readonly dir: string;

  constructor(
    private readonly archive: OpenedArchive,
    file: string,
  ) {
    this.gun = archive.manifest.gun;
    this.baseUrl = `archive:${file}`;
    this.dir = tufDir(this.gun);
  }

  async getMeta(name: string, maxBytes: number): Promise<Uint8Array> {
    const bytes = this.archive.files.get(`${this.dir}${name}.json`);
    if (!bytes) throw new SignetError('HTTP_NOT_FOUND', `${name}.json is not in the archive ${this.baseUrl.slice(8)}`);
    if (bytes.length > maxBytes)
      throw new SignetError('HTTP_TOO_LARGE', `${name}.json is larger than ${maxBytes} bytes`);
    return bytes;
  }

  getVersion(role: RoleName, version: number, maxBytes: number): Promise<Uint8Array> {
    return this.getMeta(`${version}.${role}`, maxBytes);
  }

  async getChangefeed(changeId: string, records: number): Promise<ChangefeedPage> {
    const after = this.archive.feed.filter((r) => BigInt(r.id) > BigInt(changeId));
    const page = after.slice(0, Math.max(0, records));
    return { count: page.length, records: page };
  }

  async getKey(role: 'timestamp' | 'snapshot'): Promise<PublicKeyJSON> {
    throw new SignetError('HTTP_NOT_FOUND', `an archive holds no server keys (${role}.key)`);
  }

  async rotateKey(): Promise<PublicKeyJSON> {
    throw new SignetError('BAD_INPUT', 'an archive is read-only');
  }

  async publish(): Promise<void> {
    throw new SignetError('BAD_INPUT', 'an archive is read-only: publish to a trust server instead');
  }
}
