/**
 * Reading a trust archive, for every reader (inspect --archive, history, diff, audit, the app):
 * anchored on what the user already trusts, never on the file alone.
 *  - The root cached for the repository (trusted earlier) or a trust pin anchors it: the archive's
 *    root must be that root, or follow from it by the root rule; anything else is refused, naming
 *    both roots' key IDs (as a live server's other root would be).
 *  - With no anchor, the archive's own root is trusted on first use, and said so (never the plain
 *    "verified"); disable_tofu refuses it.
 *  - An archive is a snapshot of the past: verified in every way but expiry, which the trust policy
 *    shows against now. The manifest's `created` is the archive's unsigned claim, shown as such and
 *    never used as a clock.
 *  - Reading an archive writes nothing: not the trusted cache, not the version store.
 */
import { SignetError, isSignetError } from '../errors.js';
import type { CryptoProvider } from '../crypto/provider.js';
import { ArchiveRemote, type OpenedArchive } from '../history/archive/read-archive.js';
import { tufDir } from '../history/archive/manifest.js';
import { MemoryMetadataCache, type MetadataCache } from '../notary/metadata-cache.js';
import { parseSignedFile } from '../tuf/parse.js';
import { pinFor, type TrustPinning } from '../tuf/trust-pinning.js';
import type { RootSigned, SignedFile } from '../tuf/types.js';
import { parseImageReference } from '../registry/reference.js';
import { readTrust, type TrustRead } from './view.js';

/** What an archive's root is trusted through. */
export interface ArchiveAnchor {
  /** `cache`: the root trusted earlier for this repository; `pin`: trust pinning; `first-use`: the archive itself. */
  kind: 'cache' | 'pin' | 'first-use';
  /** The archive's root key IDs (as root.json lists them; docker's Root Key IDs). */
  rootKeyIds: string[];
}

export interface ArchiveSource {
  archive: OpenedArchive;
  /** The archive as messages name it (its file name). */
  name: string;
  /** The trusted-metadata cache of the archive's repository: read, never written. */
  trusted: MetadataCache;
  pinning?: TrustPinning;
}

/** The read-only source an archive is verified from, and what anchors it (refused when nothing legitimate does). */
export interface AnchoredArchive {
  remote: ArchiveRemote;
  /** A throw-away cache holding only the anchoring root, if any. */
  cache: MemoryMetadataCache;
  anchor: ArchiveAnchor;
  pinning?: TrustPinning;
}

const short = (ids: readonly string[]): string => ids.map((i) => i.slice(0, 12)).join(', ') || 'none';
const rootKeyIds = (root: RootSigned): string[] => [...root.roles.root.keyids].sort();

function archivedRoot(src: ArchiveSource): SignedFile<RootSigned> {
  const bytes = src.archive.files.get(`${tufDir(src.archive.manifest.gun)}root.json`);
  if (!bytes)
    throw new SignetError('BAD_ARCHIVE', `${src.name}: it holds no root.json for ${src.archive.manifest.gun}`);
  return parseSignedFile('root', bytes) as SignedFile<RootSigned>;
}

function foreignRoot(src: ArchiveSource, archived: RootSigned, trusted: RootSigned, cause?: unknown): SignetError {
  const gun = src.archive.manifest.gun;
  return new SignetError(
    'TUF_BAD_ROOT',
    `${src.name} holds trust data of ${gun} under another root: its root keys ${short(rootKeyIds(archived))} ` +
      `(root v${archived.version}) are not the root you trust for ${gun} (root keys ${short(rootKeyIds(trusted))}, v${trusted.version}), nor do they follow from it`,
    {
      hint: 'The repository was deleted and initialized again, or the archive was not written from the repository you trust. Check the root key IDs with the repository owner; do not use this archive otherwise.',
      ...(cause !== undefined ? { cause } : {}),
    },
  );
}

/** Opens an archive anchored on what the user trusts (see the module comment). */
export async function anchorArchive(src: ArchiveSource): Promise<AnchoredArchive> {
  const gun = src.archive.manifest.gun;
  const archived = archivedRoot(src).signed;
  const cache = new MemoryMetadataCache();
  const trustedBytes = await src.trusted.get('root');
  let kind: ArchiveAnchor['kind'] = pinFor(src.pinning, gun).kind === 'tofu' ? 'first-use' : 'pin';
  if (trustedBytes) {
    const trusted = (parseSignedFile('root', trustedBytes) as SignedFile<RootSigned>).signed;
    const same = rootKeyIds(trusted).join() === rootKeyIds(archived).join();
    // the same root keys, or a newer root the TUF client must reach by rotation from the trusted one
    if (!same && archived.version <= trusted.version) throw foreignRoot(src, archived, trusted);
    await cache.set('root', trustedBytes);
    kind = 'cache';
  }
  return {
    remote: new ArchiveRemote(src.archive, src.name),
    cache,
    anchor: { kind, rootKeyIds: rootKeyIds(archived) },
    ...(src.pinning ? { pinning: src.pinning } : {}),
  };
}

/** A root-chain failure while moving from the trusted root to the archive's: the archive has another root. */
export async function explainForeignRoot(src: ArchiveSource, e: unknown): Promise<unknown> {
  const trustedBytes = await src.trusted.get('root');
  const rootErrors = ['TUF_BAD_ROOT', 'TUF_UNKNOWN_KEY', 'TUF_THRESHOLD', 'TUF_BAD_SIGNATURE', 'TUF_ROLLBACK'];
  if (!trustedBytes || !isSignetError(e) || !rootErrors.includes(e.code)) return e;
  const trusted = (parseSignedFile('root', trustedBytes) as SignedFile<RootSigned>).signed;
  const archived = archivedRoot(src).signed;
  return rootKeyIds(trusted).join() === rootKeyIds(archived).join() ? e : foreignRoot(src, archived, trusted, e);
}

export interface ArchiveReadOptions {
  crypto: CryptoProvider;
  /** Now: the clock the roles' expiry is shown against (never the archive's claimed creation time). */
  now: Date;
  localKeyIds: ReadonlySet<string>;
  /** The name the view is shown under (default: the archive's GUN). */
  name?: string;
}

/** inspect --archive: the archive's newest state as inspect reads a server, anchored, with how it is trusted. */
export async function readArchive(
  src: ArchiveSource,
  opts: ArchiveReadOptions,
): Promise<TrustRead & { anchor: ArchiveAnchor }> {
  const anchored = await anchorArchive(src);
  const name = opts.name ?? src.archive.manifest.gun;
  const ref = parseImageReference(name);
  if (ref.gun !== src.archive.manifest.gun) {
    throw new SignetError(
      'BAD_INPUT',
      `${src.name} holds the trust data of ${src.archive.manifest.gun}, not of ${ref.gun}`,
    );
  }
  let read: TrustRead;
  try {
    read = await readTrust(
      {
        ref,
        server: `archive:${src.name}`,
        remote: anchored.remote,
        cache: anchored.cache,
        ...(anchored.pinning ? { pinning: anchored.pinning } : {}),
      },
      { crypto: opts.crypto, now: opts.now, offline: 'never', expiry: 'report', localKeyIds: opts.localKeyIds, name },
    );
  } catch (e) {
    throw await explainForeignRoot(src, e);
  }
  if (anchored.anchor.kind === 'first-use') read.view.rootTrust = { kind: 'tofu', firstUse: true };
  return { ...read, anchor: anchored.anchor };
}

/** What to tell someone reading an archive, in the CLI (stderr) and the app: how it is trusted, and that it is a snapshot. */
export function archiveNotes(
  name: string,
  archive: OpenedArchive,
  anchor: ArchiveAnchor,
  view: TrustRead['view'],
): Array<{ level: 'warning' | 'note'; text: string }> {
  const { gun, created, server } = archive.manifest;
  const out: Array<{ level: 'warning' | 'note'; text: string }> = [];
  if (anchor.kind === 'first-use') {
    out.push({
      level: 'warning',
      text:
        `${name} is trusted on first use: nothing on this computer anchors ${gun} (no root trusted before, no pin), ` +
        `so the archive's own root is trusted, root key ID(s) ${anchor.rootKeyIds.join(', ')}. ` +
        'Compare them with the repository owner, or pin them (trust_pinning.certs) to refuse any other root.',
    });
  }
  out.push({
    level: 'note',
    text: `${name} is a snapshot, not the current state: it says it was written ${created} from ${server} (an unsigned claim); expiry is shown as of now`,
  });
  for (const r of view.roles)
    if (r.state === 'expired') out.push({ level: 'note', text: `${r.role} is past expiry now (expired ${r.expires})` });
  return out;
}
