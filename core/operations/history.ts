/**
 * History, diff and archives (signet history / diff / archive, the app's History tab and archives):
 * a repository's verified history from its trust server and what is kept locally, or from a trust
 * archive anchored on what the user trusts (archive.ts). The shells read and write the archive
 * files (gzip); everything else is here.
 */
import { SignetError } from '../errors.js';
import type { OpenedArchive } from '../history/archive/read-archive.js';
import { buildArchive, type BuiltArchive } from '../history/archive/write-archive.js';
import { diffStates, parsePoint, resolvePoint, type TrustDiff } from '../history/diff.js';
import { readHistory, type HistoryResult } from '../history/history.js';
import { keyHolders } from '../history/holders.js';
import { parseImageReference, type ImageReference } from '../registry/reference.js';
import type { KeyHolder } from '../trust/view-types.js';
import { anchorArchive, explainForeignRoot, readArchive, type ArchiveAnchor, type ArchiveSource } from './archive.js';
import type { ReadContext } from './context.js';
import { serverKeys, type TrustRead } from './view.js';

/** A trust archive file: the name messages give it, and how to open it (the shell reads and inflates it). */
export interface ArchiveFile {
  name: string;
  open(): Promise<OpenedArchive>;
}

export interface HistoryRead {
  ref: ImageReference;
  /** The trust server, `archive:<name>`, or `kept locally`. */
  source: string;
  history: HistoryResult;
  archive?: OpenedArchive;
  /** How an archive's root is trusted (archives only). */
  anchor?: ArchiveAnchor;
  /** With `serverKeys`: the IDs of the keys the trust server says it holds (snapshot, timestamp). */
  serverKeyIds?: Set<string>;
}

export interface HistoryReadOptions {
  /** Read this trust archive instead of the server. */
  archive?: ArchiveFile;
  /** Only what is kept locally; no server. */
  offline?: boolean;
  /** Also ask the server which keys it holds ("who holds this key"), once its trust data verified. */
  serverKeys?: boolean;
}

export interface DiffOptions extends HistoryReadOptions {
  /** Told the history once it is read, before the points are resolved in it (the CLI prints its notes then). */
  onHistory?(read: HistoryRead): void;
}

async function openFor(ref: ImageReference, file: ArchiveFile): Promise<OpenedArchive> {
  const archive = await file.open();
  if (archive.manifest.gun !== ref.gun) {
    throw new SignetError(
      'BAD_INPUT',
      `${file.name} holds the trust data of ${archive.manifest.gun}, not of ${ref.gun}`,
    );
  }
  return archive;
}

/** An archive with what anchors it: the trusted cache of its repository (read only) and the pins. */
async function archiveSource(ctx: ReadContext, archive: OpenedArchive, name: string): Promise<ArchiveSource> {
  const pinning = await ctx.pinning();
  return { archive, name, trusted: ctx.trusted(archive.manifest.gun), ...(pinning ? { pinning } : {}) };
}

/** The verified history of an image's repository: its trust server (or an archive), plus what is kept. */
export async function readHistoryFor(
  ctx: ReadContext,
  input: string,
  opts: HistoryReadOptions = {},
): Promise<HistoryRead> {
  const ref = parseImageReference(input);
  if (opts.archive !== undefined) {
    const archive = await openFor(ref, opts.archive);
    const src = await archiveSource(ctx, archive, opts.archive.name);
    const anchored = await anchorArchive(src);
    const history = await readHistory({
      gun: ref.gun,
      remote: anchored.remote,
      cache: anchored.cache,
      store: ctx.versions, // read for what is kept, never written: keep false
      crypto: ctx.crypto,
      now: ctx.now(),
      ...(anchored.pinning ? { pinning: anchored.pinning } : {}),
      keep: false,
      expiry: 'report',
    });
    if (history.serverProblem) throw await explainForeignRoot(src, history.serverProblem);
    return { ref, source: `archive:${opts.archive.name}`, history, archive, anchor: anchored.anchor };
  }
  const conn = opts.offline ? undefined : await ctx.connect(ref);
  const pinning = await ctx.pinning();
  const history = await readHistory({
    gun: ref.gun,
    ...(conn ? { remote: conn.remote, cache: conn.cache } : {}),
    store: ctx.versions,
    crypto: ctx.crypto,
    now: ctx.now(),
    ...(pinning ? { pinning } : {}),
  });
  const asked = opts.serverKeys && conn && history.current ? await serverKeys(conn, ctx.crypto) : undefined;
  return { ref, source: conn?.server ?? 'kept locally', history, ...(asked ? { serverKeyIds: asked } : {}) };
}

/** What changed between two points (a publish number, `latest`, or a time), checked before anything is read. */
export async function diffFor(
  ctx: ReadContext,
  input: string,
  from: string,
  to: string,
  opts: DiffOptions = {},
): Promise<{ read: HistoryRead; diff: TrustDiff }> {
  const [a, b] = [parsePoint(from), parsePoint(to)];
  const read = await readHistoryFor(ctx, input, opts);
  opts.onHistory?.(read);
  return { read, diff: diffStates(read.history, resolvePoint(read.history, a), resolvePoint(read.history, b)) };
}

/** Who holds each key in `ids` (default: every key the history's events name): you, the trust server, or nobody known here. */
export async function keyHoldersFor(
  ctx: ReadContext,
  read: HistoryRead,
  ids?: Iterable<string>,
): Promise<Record<string, KeyHolder>> {
  const opts = {
    crypto: ctx.crypto,
    localKeyIds: await ctx.localKeyIds(),
    serverKeyIds: read.serverKeyIds ?? new Set<string>(),
  };
  return ids === undefined ? keyHolders(read.history, opts) : keyHolders(read.history, opts, ids);
}

export interface ArchiveBuilt extends BuiltArchive {
  ref: ImageReference;
  history: HistoryResult;
}

/** Every verified version of an image's trust data as an archive (the tar; the shell gzips it into the file). */
export async function buildArchiveFor(ctx: ReadContext, input: string): Promise<ArchiveBuilt> {
  const { ref, history, source } = await readHistoryFor(ctx, input);
  if (history.serverProblem) {
    // an archive of only what was kept is still worth writing, but say so
    history.notes.unshift(`archived from the local version store only: ${history.serverProblem.message}`);
  }
  const built = buildArchive({ history, feed: history.feed, server: source, created: ctx.now(), crypto: ctx.crypto });
  return { ...built, ref, history };
}

export type ArchivedRead = TrustRead & { archive: OpenedArchive; anchor: ArchiveAnchor };

/** `inspect --archive`: an archive's newest state as inspect reads a server, anchored (archive.ts). */
export async function readArchivedFor(
  ctx: ReadContext,
  input: string,
  file: ArchiveFile,
  opts: { localKeyIds?: ReadonlySet<string> } = {},
): Promise<ArchivedRead> {
  const ref = parseImageReference(input);
  const archive = await openFor(ref, file);
  const src = await archiveSource(ctx, archive, file.name);
  const read = await readArchive(src, {
    crypto: ctx.crypto,
    now: ctx.now(),
    localKeyIds: opts.localKeyIds ?? (await ctx.localKeyIds()),
    name: input,
  });
  return { ...read, archive };
}

/** An archive opened on its own (the app's "Open archive…"): its repository (from its manifest) as inspect reads it, and its history. */
export async function openArchiveFor(
  ctx: ReadContext,
  file: ArchiveFile,
  opts: { localKeyIds?: ReadonlySet<string> } = {},
): Promise<{ archive: OpenedArchive; read: ArchivedRead; history: HistoryRead }> {
  const archive = await file.open();
  const once: ArchiveFile = { name: file.name, open: async () => archive };
  const gun = archive.manifest.gun;
  const read = await readArchivedFor(ctx, gun, once, opts);
  const history = await readHistoryFor(ctx, gun, { archive: once });
  return { archive, read, history };
}
