/**
 * The Node composition root for history, diff and archives: the trust server (or an archive file),
 * docker's trust cache as the trust anchor, the version store in Signet's data directory.
 */
import { SignetError } from '../errors.js';
import { buildArchive, type BuiltArchive } from '../history/archive/write-archive.js';
import { ArchiveRemote, type OpenedArchive } from '../history/archive/read-archive.js';
import { readHistory, type HistoryResult } from '../history/history.js';
import { anchoredCache } from '../notary/metadata-cache.js';
import { parseImageReference, type ImageReference } from '../registry/reference.js';
import { readArchiveFile, writeArchiveFile } from './archive-file.js';
import { FileMetadataCache } from './file-metadata-cache.js';
import { nodeCrypto } from './node-crypto.js';
import { listTrustDirKeyIds } from './trust-keys.js';
import type { NodeTrustRead, TrustServices } from './trust-services.js';
import { readTrust } from '../operations/view.js';

export interface HistoryRead {
  ref: ImageReference;
  /** The trust server, or `archive:<file>`. */
  source: string;
  history: HistoryResult;
  archive?: OpenedArchive;
}

export interface ArchiveWritten extends BuiltArchive {
  ref: ImageReference;
  bytes: number;
  history: HistoryResult;
}

export class HistoryService {
  constructor(private readonly services: TrustServices) {}

  /** The verified history of an image's repository, from its trust server (or `archive`), plus what is kept. */
  async history(input: string, opts: { archive?: string; offline?: boolean } = {}): Promise<HistoryRead> {
    const ref = parseImageReference(input);
    if (opts.archive !== undefined) {
      const archive = await this.openFor(ref, opts.archive);
      const history = await readHistory({
        gun: ref.gun,
        remote: new ArchiveRemote(archive, opts.archive),
        cache: await anchoredCache(new FileMetadataCache(this.services.trustDir, ref.gun)),
        store: this.services.versions,
        crypto: nodeCrypto,
        now: new Date(archive.manifest.created),
        pinning: await this.services.trustPinning(),
      });
      return { ref, source: `archive:${opts.archive}`, history, archive };
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
    return { ref, source: conn?.server ?? 'kept locally', history };
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
  async readArchived(input: string, file: string): Promise<NodeTrustRead & { archive: OpenedArchive }> {
    const ref = parseImageReference(input);
    const archive = await this.openFor(ref, file);
    const read = await readTrust(
      {
        ref,
        server: `archive:${file}`,
        remote: new ArchiveRemote(archive, file),
        cache: await anchoredCache(new FileMetadataCache(this.services.trustDir, ref.gun)),
        pinning: await this.services.trustPinning(),
        keep: this.services.versions,
      },
      {
        crypto: nodeCrypto,
        now: new Date(archive.manifest.created),
        offline: 'never',
        localKeyIds: await listTrustDirKeyIds(this.services.trustDir),
        name: input,
      },
    );
    return { ...read, cacheDir: '', archive };
  }

  private async openFor(ref: ImageReference, file: string): Promise<OpenedArchive> {
    const archive = await readArchiveFile(file);
    if (archive.manifest.gun !== ref.gun) {
      throw new SignetError('BAD_INPUT', `${file} holds the trust data of ${archive.manifest.gun}, not of ${ref.gun}`);
    }
    return archive;
  }
}

/** `inspect --archive FILE`: an archive's current state, verified as of when it was written. */
export function readArchivedTrust(services: TrustServices, input: string, file: string): Promise<NodeTrustRead> {
  return new HistoryService(services).readArchived(input, file);
}
