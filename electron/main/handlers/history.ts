/**
 * History handlers: the history of a repository's trust data, the diff between two points, and
 * trust archives, through core's history operations (the very code `signet history`, `diff` and
 * `archive` run). Main reads and writes the archive files chosen in its dialogs; the renderer
 * names the dialog's handle, then the opened archive's ID (main keeps where the file is).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { SignetError } from '../../../core/errors.js';
import type { OpenedArchive } from '../../../core/history/archive/read-archive.js';
import { archiveFileAt, writeArchiveFile } from '../../../core/node/archive-file.js';
import {
  buildArchiveFor,
  type ArchiveBuilt,
  diffFor,
  keyHoldersFor,
  openArchiveFor,
  readHistoryFor,
  type HistoryRead,
  type ReadContext,
} from '../../../core/operations/index.js';
import type { KeyHolder } from '../../../core/trust/view-types.js';
import type {
  ArchiveInfoDTO,
  ArchivesWrittenDTO,
  ArchiveWrittenDTO,
  Handlers,
  HistoryDTO,
  HistoryRequest,
} from '../../ipc/contract.js';
import { archiveFileName } from '../../../core/history/archive/manifest.js';
import { toErrorDTO } from '../dispatch.js';
import type { MainServices } from '../services.js';
import { viewDTO } from './dto.js';

type HistoryHandlers = Pick<Handlers, Extract<keyof Handlers, `history:${string}`>>;

function archiveInfo(name: string, archive: OpenedArchive): ArchiveInfoDTO {
  const m = archive.manifest;
  return { name, gun: m.gun, server: m.server, created: m.created };
}

/** Archives opened in this session: ID → the file (the newest ones). */
const KEPT_ARCHIVES = 32;
interface OpenedFile {
  path: string;
  name: string;
}

/** Core's history → the contract's DTO: names, versions, digests, key IDs and dates, and who holds each key. */
export function historyDTO(
  name: string,
  read: HistoryRead,
  keys: Record<string, KeyHolder>,
  archive?: OpenedFile,
): HistoryDTO {
  const h = read.history;
  const keptTimestamps = new Set(
    h.versions.filter((v) => v.role === 'timestamp' && v.source === 'kept').map((v) => v.version),
  );
  return {
    gun: h.gun,
    name,
    source: archive ? `archive:${archive.name}` : read.source,
    events: h.events.map((e) => ({ ...e })),
    points: h.states.map((s) => ({ publish: s.publish, time: s.time, kept: keptTimestamps.has(s.publish) })),
    keys,
    versions: {
      total: h.versions.length,
      kept: h.versions.filter((v) => v.source === 'kept').length,
      unverified: h.versions.filter((v) => v.problem).length,
    },
    notes: [...h.notes],
    ...(h.serverProblem ? { serverProblem: h.serverProblem.toData() } : {}),
    ...(read.archive && archive !== undefined ? { archive: archiveInfo(archive.name, read.archive) } : {}),
  };
}

export function historyHandlers(ctx: MainServices): HistoryHandlers {
  const opened = ctx.archives;
  const openedFile = (id: string | undefined): OpenedFile | undefined => {
    if (id === undefined) return undefined;
    const f = opened.get(id);
    if (!f)
      throw new SignetError('BAD_INPUT', 'this archive is no longer open', { hint: 'open the archive file again' });
    return f;
  };

  const read = (services: ReadContext, req: HistoryRequest): Promise<HistoryRead> => {
    const archive = openedFile(req.archive);
    return readHistoryFor(services, req.reference, {
      ...(archive !== undefined ? { archive: archiveFileAt(archive.path, archive.name) } : { serverKeys: true }),
      ...(req.offline ? { offline: true } : {}),
    });
  };
  const fetching = { progress: 'fetching' } as const;

  return {
    'history:read': (req) =>
      ctx.withServices(
        'history:read',
        req.reference,
        async (services) => {
          const r = await read(services, req);
          return historyDTO(req.reference, r, await keyHoldersFor(services, r), openedFile(req.archive));
        },
        fetching,
      ),

    'history:diff': (req) =>
      ctx.withServices(
        'history:diff',
        req.reference,
        async (services) => {
          const archive = openedFile(req.archive);
          // the points are checked before the history is read: a typo costs no server round trip
          const { read: r, diff } = await diffFor(services, req.reference, req.from, req.to, {
            ...(archive !== undefined ? { archive: archiveFileAt(archive.path, archive.name) } : { serverKeys: true }),
            ...(req.offline ? { offline: true } : {}),
          });
          const ids = new Set<string>();
          for (const s of diff.signers) for (const id of [...s.keys.before, ...s.keys.after]) ids.add(id);
          for (const k of diff.keys) for (const id of [...k.keys.before, ...k.keys.after]) ids.add(id);
          return { ...diff, gun: r.history.gun, keyHolders: await keyHoldersFor(services, r, ids) };
        },
        fetching,
      ),

    'history:openArchive': (req) =>
      ctx.files.useOpen(req.file, 'archive', (file) =>
        ctx.withServices(
          'history:openArchive',
          undefined,
          async (services) => {
            const result = await openArchiveFor(services, archiveFileAt(file.path, file.name));
            const id = randomBytes(16).toString('hex');
            opened.set(id, { path: file.path, name: file.name });
            for (const old of [...opened.keys()].slice(0, Math.max(0, opened.size - KEPT_ARCHIVES))) opened.delete(old);
            return {
              id,
              archive: archiveInfo(file.name, result.archive),
              view: viewDTO(result.read.view),
              history: historyDTO(
                result.archive.manifest.gun,
                result.history,
                await keyHoldersFor(services, result.history),
                file,
              ),
            };
          },
          fetching,
        ),
      ),

    'history:writeArchive': (req) =>
      ctx.files.useSave(req.file, 'archive', (file) =>
        ctx.withServices(
          'history:writeArchive',
          req.reference,
          async (services) => {
            const written = await buildArchiveFor(services, req.reference);
            return writtenDTO(file.name, written, await writeArchiveFile(file.path, written.tar));
          },
          fetching,
        ),
      ),

    // `signet archive --dir`: one file per repository, named after its GUN; a failure does not stop the others
    'history:writeArchives': (req) =>
      ctx.files.useOpen(req.folder, 'archive-dir', (dir) =>
        ctx.withServices('history:writeArchives', undefined, async (services) => {
          const out: ArchivesWrittenDTO = { folder: dir.name, written: [], failed: [] };
          for (const reference of req.references) {
            try {
              const written = await buildArchiveFor(services, reference);
              const name = archiveFileName(written.ref.gun);
              out.written.push(writtenDTO(name, written, await writeArchiveFile(join(dir.path, name), written.tar)));
            } catch (e) {
              out.failed.push({ reference, error: toErrorDTO(e) });
            }
          }
          return out;
        }),
      ),
  };
}

function writtenDTO(name: string, written: ArchiveBuilt, bytes: number): ArchiveWrittenDTO {
  const m = written.manifest;
  return {
    archive: { name, gun: m.gun, server: m.server, created: m.created },
    versions: m.files.filter((f) => f.role !== undefined).length,
    publishes: written.history.states.length,
    bytes,
    leftOut: [...written.leftOut],
    notes: [...written.history.notes],
  };
}
