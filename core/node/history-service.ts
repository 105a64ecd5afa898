/**
 * The Node composition root for history, diff and archives: the trust server (or an archive file),
 * docker's trust cache as the trust anchor, the version store in Signet's data directory.
 */
import { SignetError } from '../errors.js';
import { buildArchive, type BuiltArchive } from '../history/archive/write-archive.js';
import type { OpenedArchive } from '../history/archive/read-archive.js';
import {
  anchorArchive,
  explainForeignRoot,
  readArchive,
  type ArchiveAnchor,
  type ArchiveSource,
} from '../operations/archive.js';
import { readHistory, type HistoryResult } from '../history/history.js';
import { parseImageReference, type ImageReference } from '../registry/reference.js';
import { readArchiveFile, writeArchiveFile } from './archive-file.js';
import { FileMetadataCache } from './file-metadata-cache.js';
import { nodeCrypto } from './node-crypto.js';
import { listTrustDirKeyIds } from './trust-keys.js';
import type { NodeTrustRead, TrustServices } from './trust-services.js';
import { serverKeys } from '../operations/view.js';

export interface HistoryRead {
  ref: ImageReference;
  /** The trust server, or `archive:<file>`. */
  source: string;
  history: HistoryResult;
  archive?: OpenedArchive;
  /** How an archive's root is trusted (archives only). */
  anchor?: ArchiveAnchor;
  /** With `serverKeys`: the IDs of the keys the trust server says it holds (snapshot, timestamp). */
  serverKeyIds?: Set<string>;
}

export interface HistoryReadOptions {
  /** Read this trust archive instead of the server (an already opened one is not read again). */
  archive?: string;
  opened?: OpenedArchive;
  offline?: boolean;
  /** Also ask the server which keys it holds ("who holds this key"), once its trust data verified. */
  serverKeys?: boolean;
  /** How messages name the archive (the app: its file name only); default: the path as given. */
  archiveName?: string;
}

/** An archive opened on its own (the app's "Open archive…"): its repository as inspect reads it, and its history. */
export interface OpenedArchiveRead {
  archive: OpenedArchive;
  read: NodeTrustRead;
  history: HistoryRead;
}

export interface ArchiveWritten extends BuiltArchive {
  ref: ImageReference;
  bytes: number;
  history: HistoryResult;
}

export class HistoryService {
  constructor(private readonly services: TrustServices) {}

  /** The verified history of an image's repository, from its trust server (or `archive`), plus what is kept. */
  async history(input: string, opts: HistoryReadOptions = {}): Promise<HistoryRead> {
    const ref = parseImageReference(input);
    if (opts.archive !== undefined) {
      const archive = await this.openFor(ref, opts.archive, opts.opened);
      const src = await this.archiveSource(ref.gun, archive, opts.archiveName ?? opts.archive);
      const anchored = await anchorArchive(src);
      const history = await readHistory({
        gun: ref.gun,
        remote: anchored.remote,
        cache: anchored.cache,
        store: this.services.versions, // read for what is kept, never written: keep false
        crypto: nodeCrypto,
        now: this.services.now(),
        ...(anchored.pinning ? { pinning: anchored.pinning } : {}),
        keep: false,
        expiry: 'report',
      });
      if (history.serverProblem) throw await explainForeignRoot(src, history.serverProblem);
      return { ref, source: `archive:${opts.archive}`, history, archive, anchor: anchored.anchor };
    }
    const conn = opts.offline ? undefined : await this.services.connect(ref);
    const history = await readHistory({
      gun: ref.gun,
      ...(conn ? { remote: conn.remote, cache: conn.cache } : {}),
      store: this.services.versions,
      crypto: nodeCrypto,
      now: this.services.now(),
      pinning: await this.services.trustPinning(),
    });
    const asked = opts.serverKeys && conn && history.current ? await serverKeys(conn, nodeCrypto) : undefined;
    return { ref, source: conn?.server ?? 'kept locally', history, ...(asked ? { serverKeyIds: asked } : {}) };
  }

  /** Writes every verified version of an image's trust data to `file` (tar.gz). */
  async archive(input: string, file: string): Promise<ArchiveWritten> {
    const { ref, history, source } = await this.history(input);
    if (history.serverProblem) {
      // an archive of only what was kept is still worth writing, but say so
      history.notes.unshift(`archived from the local version store only: ${history.serverProblem.message}`);
    }
    const built = buildArchive({
      history,
      feed: history.feed,
      server: source,
      created: this.services.now(),
      crypto: nodeCrypto,
    });
    const bytes = await writeArchiveFile(file, built.tar);
    return { ...built, ref, bytes, history };
  }

  /** Reads an archive's current state like `inspect` reads a server, verified as of the archive's creation time. */
  async readArchived(
    input: string,
    file: string,
    opts: { opened?: OpenedArchive; localKeyIds?: ReadonlySet<string>; archiveName?: string } = {},
  ): Promise<NodeTrustRead & { archive: OpenedArchive; anchor: ArchiveAnchor }> {
    const ref = parseImageReference(input);
    const archive = await this.openFor(ref, file, opts.opened);
    const read = await readArchive(await this.archiveSource(ref.gun, archive, opts.archiveName ?? file), {
      crypto: nodeCrypto,
      now: this.services.now(),
      localKeyIds: opts.localKeyIds ?? (await listTrustDirKeyIds(this.services.trustDir)),
      name: input,
    });
    return { ...read, cacheDir: '', archive };
  }

  /** Opens an archive without knowing its repository beforehand: the GUN comes from its manifest. */
  async openArchive(
    file: string,
    opts: { localKeyIds?: ReadonlySet<string>; archiveName?: string } = {},
  ): Promise<OpenedArchiveRead> {
    const archive = await readArchiveFile(file);
    const gun = archive.manifest.gun;
    const read = await this.readArchived(gun, file, { ...opts, opened: archive });
    const name = opts.archiveName !== undefined ? { archiveName: opts.archiveName } : {};
    const history = await this.history(gun, { archive: file, opened: archive, ...name });
    return { archive, read, history };
  }

  /** An archive with what anchors it: docker's trusted cache for its repository (read only) and the pins. */
  private async archiveSource(gun: string, archive: OpenedArchive, file: string): Promise<ArchiveSource> {
    return {
      archive,
      name: file,
      trusted: new FileMetadataCache(this.services.trustDir, gun),
      pinning: await this.services.trustPinning(),
    };
  }

  private async openFor(ref: ImageReference, file: string, opened?: OpenedArchive): Promise<OpenedArchive> {
    const archive = opened ?? (await readArchiveFile(file));
    if (archive.manifest.gun !== ref.gun) {
      throw new SignetError('BAD_INPUT', `${file} holds the trust data of ${archive.manifest.gun}, not of ${ref.gun}`);
    }
    return archive;
  }
}

/** `inspect --archive FILE`: an archive's current state, verified as of when it was written. */
export function readArchivedTrust(
  services: TrustServices,
  input: string,
  file: string,
): Promise<NodeTrustRead & { archive: OpenedArchive; anchor: ArchiveAnchor }> {
  return new HistoryService(services).readArchived(input, file);
}
