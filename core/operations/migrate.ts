/**
 * `signet migrate` / the app's "Migrate to cosign": every signature Docker Content Trust holds,
 * carried over to cosign with the key that made it. Trust data is read as inspect reads it (from
 * the server, or an anchored archive); only keys held here sign; nothing DCT did not sign is ever
 * signed; a signature already there (same key) is not written again; each digest's signature
 * image is written whole or not at all. One row per (tag, signer), as the report shows them.
 */
import { expandTargets } from '../audit/audit.js';
import type { AuditTarget } from '../audit/targets.js';
import type { TargetFailure } from '../audit/types.js';
import { splitArtifactTags } from '../registry/artifact-tags.js';
import { CosignTarget, type SignatureTarget, type TargetDigest } from '../cosign/target.js';
import type { CryptoService } from '../keystore/crypto-service.js';
import type { PublicKeyJSON } from '../crypto/key-types.js';
import type { OpenedArchive } from '../history/archive/read-archive.js';
import { MANIFEST_ACCEPT } from '../registry/manifest.js';
import type { ImageReference } from '../registry/reference.js';
import { RegistryClient } from '../registry/registry-client.js';
import { RegistryWriter } from '../registry/registry-writer.js';
import { forEachLimit, type CancelSignal } from '../util/pool.js';
import { anchorArchive } from './archive.js';
import type { ReadContext } from './context.js';
import { dctSignatures, type DctSignature } from './migrate-plan.js';
import { readTrust } from './view.js';
import { registryCatalog } from './audit.js';

export type MigrateState = 'planned' | 'migrated' | 'already' | 'needs-key' | 'missing' | 'unsigned';

export interface MigrateRow {
  tag: string;
  /** Hex sha256 DCT signed (null: an unsigned tag). */
  signedDigest: string | null;
  /** Hex sha256 the registry serves for the tag now (null: not in the registry). */
  registryDigest: string | null;
  signers: string[];
  /** The signer's keys (canonical IDs); the one used first when migrated. */
  keyIds: string[];
  role?: string;
  state: MigrateState;
  reason: string;
  /** The key whose signature is (or, planned, will be) in cosign: for verify commands and policies. */
  key?: { id: string; publicKey: PublicKeyJSON };
  /** The signed digest is what docker pull gets for the tag (false: a shadowed digest, carried over too). */
  pulled?: boolean;
}

export interface MigrateRepository {
  name: string;
  /** The trust server the signatures came from. */
  server: string;
  rows: MigrateRow[];
  problems: string[];
}

export interface MigrateReport {
  repositories: MigrateRepository[];
  failedTargets: TargetFailure[];
  dryRun: boolean;
  cancelled: boolean;
}

export interface MigrateContext {
  read: ReadContext;
  /** The user's keys (keychain and trust dir): the only keys a migration signs with. */
  keys: CryptoService;
}

export interface MigrateOptions {
  dryRun?: boolean;
  concurrency?: number;
  /** Repositories read from a trust archive instead of their trust server: GUN → the archive. */
  archives?: ReadonlyMap<string, { file: string; archive: OpenedArchive }>;
  signal?: CancelSignal;
  /** The repositories about to be migrated (the targets, catalogs read), before the first starts: for progress. */
  onStart?(repositories: string[]): void;
  onRepository?(r: MigrateRepository): void;
  /** The IDs of the keys held here, listed once for the whole migration (default: listed per repository). */
  held?: Promise<ReadonlySet<string>>;
}

/** The canonical IDs of the keys held here (keychain and trust dir). */
export async function heldKeys(ctx: MigrateContext): Promise<ReadonlySet<string>> {
  return new Set((await ctx.keys.listKeys()).map((k) => k.id));
}

/** Migrates every repository of the targets (registries: their whole catalogs). */
export async function migrateFor(
  ctx: MigrateContext,
  targets: AuditTarget[],
  opts: MigrateOptions = {},
): Promise<MigrateReport> {
  const failedTargets: TargetFailure[] = [];
  const deps = { catalog: (r: string) => registryCatalog(ctx.read, r) };
  const refs = await expandTargets(targets, deps, false, failedTargets);
  const held = opts.held ?? heldKeys(ctx);
  opts.onStart?.(refs.map((r) => r.gun));
  const repositories: MigrateRepository[] = [];
  await forEachLimit(
    refs,
    opts.concurrency ?? 4,
    async (ref) => {
      const r = await migrateRepository(ctx, ref, { ...opts, held }).catch((e: unknown): MigrateRepository => ({
        name: ref.gun,
        server: '',
        rows: [],
        problems: [e instanceof Error ? e.message : String(e)],
      }));
      repositories.push(r);
      opts.onRepository?.(r);
    },
    opts.signal,
  );
  repositories.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { repositories, failedTargets, dryRun: opts.dryRun ?? false, cancelled: opts.signal?.aborted ?? false };
}

const sha = (hex: string): string => `sha256:${hex}`;
const hexOf = (digest: string | undefined): string | null => (digest ? digest.replace(/^sha256:/, '') : null);

/** One repository: reads its trust data, then carries each DCT signature over (or says why not). */
export async function migrateRepository(
  ctx: MigrateContext,
  ref: ImageReference,
  opts: MigrateOptions = {},
  target?: SignatureTarget,
): Promise<MigrateRepository> {
  const { crypto } = ctx.read;
  const conn = await ctx.read.connect(ref);
  const archived = opts.archives?.get(ref.gun);
  const anchored = archived
    ? await anchorArchive({
        archive: archived.archive,
        name: archived.file,
        trusted: ctx.read.trusted(ref.gun),
        ...(conn.pinning ? { pinning: conn.pinning } : {}),
      })
    : undefined;
  const read = await readTrust(
    anchored
      ? {
          ref,
          server: `archive:${archived!.file}`,
          remote: anchored.remote,
          cache: anchored.cache,
          ...(conn.pinning ? { pinning: conn.pinning } : {}),
        }
      : conn,
    {
      crypto,
      now: ctx.read.now(),
      offline: anchored ? 'never' : ctx.read.offline,
      localKeyIds: new Set(),
      ...(anchored ? { expiry: 'report' as const } : {}),
    },
  );
  const server = archived ? archived.archive.manifest.server : conn.server;
  const out: MigrateRepository = { name: ref.gun, server, rows: [], problems: [] };
  const registry = new RegistryClient(conn.client, { crypto });
  const writer = new RegistryWriter(conn.client, ref, { crypto });
  const to = target ?? new CosignTarget(writer, ref.gun, crypto);
  const listed = await registry.listTags(ref);
  const { images, signed: sigTags } = splitArtifactTags(listed ?? []);
  const tags = new Set(images);
  const held = await (opts.held ?? heldKeys(ctx));
  const served = new Map<string, string | undefined>();
  const servedNow = async (tag: string): Promise<string | undefined> => {
    if (!tags.has(tag)) return undefined;
    if (!served.has(tag)) served.set(tag, await registry.tagDigest(ref, tag));
    return served.get(tag);
  };

  /** One DCT signature: carried over (or planned), already there, or why not. */
  const carry = async (s: DctSignature, at: TargetDigest | undefined, now: string | undefined): Promise<MigrateRow> => {
    const row: MigrateRow = {
      tag: s.tag,
      signedDigest: s.digest,
      registryDigest: hexOf(now),
      signers: [s.signer],
      keyIds: [...s.keys.keys()],
      role: s.role,
      state: 'planned',
      reason: moved(s.tag, s.digest, now, tags),
      pulled: s.pulled,
    };
    if (!at) {
      return {
        ...row,
        state: 'missing',
        reason: `the registry no longer has the signed manifest ${sha(s.digest)}: there is nothing to sign`,
      };
    }
    const there = [...s.keys].find(([, k]) => at.signedBy(k));
    if (there) {
      return {
        ...row,
        key: { id: there[0], publicKey: there[1] },
        state: 'already',
        reason: `a ${to.name} signature by ${s.signer}'s key is there already`,
      };
    }
    const heldId = row.keyIds.find((id) => held.has(id));
    if (heldId === undefined) {
      const ids = row.keyIds.map((k) => k.slice(0, 12)).join(', ');
      return {
        ...row,
        state: 'needs-key',
        reason: `${s.signer}'s key (${ids}) is not on this computer: its holder runs the same command`,
      };
    }
    row.keyIds = [heldId, ...row.keyIds.filter((k) => k !== heldId)];
    row.key = { id: heldId, publicKey: s.keys.get(heldId)! };
    if (opts.dryRun) return row;
    await at.sign(await ctx.keys.signer(heldId), {
      'dct.role': s.role,
      'dct.signer': s.signer,
      'dct.server': server,
      'dct.version': String(s.version),
    });
    return { ...row, state: 'migrated' };
  };

  const byDigest = new Map<string, DctSignature[]>();
  for (const s of dctSignatures(read.repo, read.view.signedTags, crypto))
    byDigest.set(s.digest, [...(byDigest.get(s.digest) ?? []), s]);
  const rowsOf = new Map<string, MigrateRow[]>();
  // digests at once (each its own signature image); rows reported in trust data order
  await forEachLimit(
    [...byDigest],
    16,
    async ([digest, sigs]) => {
      const rows: MigrateRow[] = [];
      rowsOf.set(digest, rows);
      for (const s of sigs) await servedNow(s.tag);
      // a tag serving the digest proves the registry has it; else one HEAD
      const present =
        sigs.some((s) => served.get(s.tag) === sha(digest)) || (await writer.hasManifest(sha(digest), MANIFEST_ACCEPT));
      const at = present ? await to.open(sha(digest), { none: !sigTags.has(digest) }) : undefined;
      for (const s of sigs) rows.push(await carry(s, at, served.get(s.tag)));
      if (opts.signal?.aborted) {
        // cancelled before this digest's signatures were written: none of them is in cosign
        for (const r of rows)
          if (r.state === 'migrated') Object.assign(r, { state: 'planned', reason: 'cancelled before it was written' });
      } else if (at && !opts.dryRun) {
        try {
          await at.commit();
        } catch (e) {
          // nothing of this digest was written (one manifest PUT): say so, go on with the others
          const why = e instanceof Error ? e.message : String(e);
          out.problems.push(`the signatures of ${sha(digest)} were not written: ${why}`);
          for (const r of rows)
            if (r.state === 'migrated')
              Object.assign(r, { state: 'planned', reason: `not written (${why}); run the migration again` });
        }
      }
    },
    opts.signal,
  );
  for (const digest of byDigest.keys()) out.rows.push(...(rowsOf.get(digest) ?? []));
  const signedTags = new Set(out.rows.map((r) => r.tag));
  for (const tag of [...tags].sort()) {
    if (signedTags.has(tag)) continue;
    out.rows.push({
      tag,
      signedDigest: null,
      registryDigest: hexOf(await servedNow(tag)),
      signers: [],
      keyIds: [],
      state: 'unsigned',
      reason: 'DCT signs no digest for this tag: nothing is carried over',
    });
  }
  if (listed === undefined) out.problems.push(`the registry has no repository ${ref.path}`);
  return out;
}

function moved(tag: string, digest: string, now: string | undefined, tags: Set<string>): string {
  if (!tags.has(tag)) return 'the tag is no longer in the registry; the signed digest is carried over';
  if (now !== undefined && now !== sha(digest))
    return `the tag now serves ${now}, which DCT did not sign; the signed digest is carried over`;
  return '';
}
