/**
 * History handlers: the history of a repository's trust data, the diff between two points, and
 * trust archives, through core's HistoryService (the very code `signet history`, `diff` and
 * `archive` run). Main reads and writes the archive files chosen in its dialogs; the renderer
 * names the dialog's handle, then the opened archive's ID (main keeps where the file is).
 */
import { randomBytes } from 'node:crypto';
import { SignetError } from '../../../core/errors.js';
import { diffStates, parsePoint, resolvePoint } from '../../../core/history/diff.js';
import { keyHolders } from '../../../core/history/holders.js';
import { HistoryService, type HistoryRead } from '../../../core/node/history-service.js';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import type { OpenedArchive } from '../../../core/history/archive/read-archive.js';
import type { ArchiveInfoDTO, Handlers, HistoryDTO, HistoryRequest, RequestChannel } from '../../ipc/contract.js';
import type { MainServices } from '../services.js';
import { viewDTO } from './dto.js';

type HistoryHandlers = Pick<Handlers, Extract<keyof Handlers, `history:${string}`>>;

/** Canonical IDs of every private key held here (keychain and trust dir), for "yours". */
async function heldKeyIds(ctx: MainServices): Promise<Set<string>> {
  const held = new Set<string>();
  for (const store of await ctx.keyStores()) for (const k of await store.list().catch(() => [])) held.add(k.id);
  return held;
}

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
  held: ReadonlySet<string>,
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
    keys: keyHolders(h, { crypto: nodeCrypto, localKeyIds: held, serverKeyIds: read.serverKeyIds ?? new Set() }),
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

  /** Runs `fn` with a HistoryService over the repository's trust server settings, reporting progress. */
  async function withHistory<T>(
    channel: RequestChannel,
    reference: string | undefined,
    fn: (service: HistoryService) => Promise<T>,
  ): Promise<T> {
    const op = ctx.operation(channel, reference);
    const services = await ctx.servicesFor(reference);
    try {
      op.progress('fetching');
      const out = await fn(new HistoryService(services));
      op.progress('done');
      return out;
    } catch (e) {
      op.progress('failed');
      throw e;
    } finally {
      services.close();
    }
  }

  const read = (service: HistoryService, req: HistoryRequest): Promise<HistoryRead> => {
    const archive = openedFile(req.archive);
    return service.history(req.reference, {
      ...(archive !== undefined ? { archive: archive.path, archiveName: archive.name } : { serverKeys: true }),
      ...(req.offline ? { offline: true } : {}),
    });
  };

  return {
    'history:read': (req) =>
      withHistory('history:read', req.reference, async (service) =>
        historyDTO(req.reference, await read(service, req), await heldKeyIds(ctx), openedFile(req.archive)),
      ),

    'history:diff': (req) =>
      withHistory('history:diff', req.reference, async (service) => {
        // the points are checked before the history is read: a typo costs no server round trip
        const [from, to] = [parsePoint(req.from), parsePoint(req.to)];
        const r = await read(service, req);
        const diff = diffStates(r.history, resolvePoint(r.history, from), resolvePoint(r.history, to));
        const ids = new Set<string>();
        for (const s of diff.signers) for (const id of [...s.keys.before, ...s.keys.after]) ids.add(id);
        for (const k of diff.keys) for (const id of [...k.keys.before, ...k.keys.after]) ids.add(id);
        const keyHoldersOf = keyHolders(
          r.history,
          { crypto: nodeCrypto, localKeyIds: await heldKeyIds(ctx), serverKeyIds: r.serverKeyIds ?? new Set() },
          ids,
        );
        return { ...diff, gun: r.history.gun, keyHolders: keyHoldersOf };
      }),

    'history:openArchive': (req) =>
      ctx.files.useOpen(req.file, 'archive', (file) =>
        withHistory('history:openArchive', undefined, async (service) => {
          const held = await heldKeyIds(ctx);
          const result = await service.openArchive(file.path, { localKeyIds: held, archiveName: file.name });
          const id = randomBytes(16).toString('hex');
          opened.set(id, { path: file.path, name: file.name });
          for (const old of [...opened.keys()].slice(0, Math.max(0, opened.size - KEPT_ARCHIVES))) opened.delete(old);
          return {
            id,
            archive: archiveInfo(file.name, result.archive),
            view: viewDTO(result.read.view),
            history: historyDTO(result.archive.manifest.gun, result.history, held, file),
          };
        }),
      ),

    'history:writeArchive': (req) =>
      ctx.files.useSave(req.file, 'archive', (file) =>
        withHistory('history:writeArchive', req.reference, async (service) => {
          const written = await service.archive(req.reference, file.path);
          const m = written.manifest;
          return {
            archive: { name: file.name, gun: m.gun, server: m.server, created: m.created },
            versions: m.files.filter((f) => f.role !== undefined).length,
            publishes: written.history.states.length,
            bytes: written.bytes,
            leftOut: [...written.leftOut],
            notes: [...written.history.notes],
          };
        }),
      ),
  };
}
