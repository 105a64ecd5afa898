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
import { readTrust, serverKeys } from '../operations/view.js';

export interface HistoryRead {
  ref: ImageReference;
  /** The trust server, or `archive:<file>`. */
  source: string;
  history: HistoryResult;
  archive?: OpenedArchive;
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
      const history = await readHistory({
        gun: ref.gun,
        remote: new ArchiveRemote(archive, opts.archive),
        cache: await anchoredCache(new FileMetadataCache(this.services.trustDir, ref.gun)),
        store: this.services.versions,
        crypto: nodeCrypto,
        now: new Date(archive.manifest.created),
        pinning: await this.services.trustPinning(),
        keep: false,
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
    opts: { opened?: OpenedArchive; localKeyIds?: ReadonlySet<string> } = {},
  ): Promise<NodeTrustRead & { archive: OpenedArchive }> {
    const ref = parseImageReference(input);
    const archive = await this.openFor(ref, file, opts.opened);
    const read = await readTrust(
      {
        ref,
        server: `archive:${file}`,
        remote: new ArchiveRemote(archive, file),
        cache: await anchoredCache(new FileMetadataCache(this.services.trustDir, ref.gun)),
        pinning: await this.services.trustPinning(),
      },
      {
        crypto: nodeCrypto,
        now: new Date(archive.manifest.created),
        offline: 'never',
        localKeyIds: opts.localKeyIds ?? (await listTrustDirKeyIds(this.services.trustDir)),
        name: input,
      },
    );
    return { ...read, cacheDir: '', archive };
  }

  /** Opens an archive without knowing its repository beforehand: the GUN comes from its manifest. */
  async openArchive(file: string, opts: { localKeyIds?: ReadonlySet<string> } = {}): Promise<OpenedArchiveRead> {
    const archive = await readArchiveFile(file);
    const gun = archive.manifest.gun;
    const read = await this.readArchived(gun, file, { ...opts, opened: archive });
    const history = await this.history(gun, { archive: file, opened: archive });
    return { archive, read, history };
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
export function readArchivedTrust(services: TrustServices, input: string, file: string): Promise<NodeTrustRead> {
  return new HistoryService(services).readArchived(input, file);
}
