import { keyId } from '../crypto/key-id.js';
import type { CryptoProvider } from '../crypto/provider.js';
import { splitArtifactTags } from '../registry/artifact-tags.js';
import type { CosignSignature } from '../cosign/signatures.js';
import { addCosign } from './cosign-check.js';
import { isSignetError } from '../errors.js';
import type { MetadataCache } from '../notary/metadata-cache.js';
import type { RemoteStore } from '../notary/remote-store.js';
import { updateRepository, type TrustedRepository } from '../notary/tuf-client.js';
import type { ImageReference } from '../registry/reference.js';
import type { RegistryClient } from '../registry/registry-client.js';
import { REPO_ADMIN } from '../trust/names.js';
import { naturalSortBy } from '../trust/natural-sort.js';
import { buildTrustView } from '../trust/view.js';
import type { TrustView } from '../trust/view-types.js';
import type { TrustPinning } from '../tuf/trust-pinning.js';
import type { VerifiedObserver } from '../notary/tuf-client.js';
import { auditRole, compareRoles, expiredOf } from './expiry.js';
import { mapLimit } from '../util/pool.js';
import * as P from './problems.js';
import { hubSunset } from '../notary/hub-sunset.js';
import type { AuditRole, AuditTag, RepositoryAudit, TrustDataState } from './types.js';

/** What auditing one repository needs: its trust server, metadata cache and registry. */
export interface RepositoryAccess {
  /** The trust server URL (for messages). */
  server: string;
  remote: RemoteStore;
  cache: MetadataCache;
  /** The registry, authenticated as `signet sign` is (docker login). */
  registry: Pick<RegistryClient, 'listTags' | 'tagDigest'>;
  /** The cosign signatures stored for a digest (`sha256-<hex>.sig`); absent: cosign is not looked at. */
  cosignSignatures?(ref: ImageReference, digest: string): Promise<CosignSignature[]>;
  /** Trust pinning for the repository's root, as inspect applies it. */
  pinning?: TrustPinning;
  /** Where verified versions are kept for the repository's history. */
  observe?: VerifiedObserver;
  /** 'report' for an archive: its expiry is shown against now, not enforced (operations/archive.ts). */
  expiry?: 'report';
  /** `remote` is a file here (an archive): reading it is not going online, so offline reads it too. */
  local?: boolean;
}

export interface RepositoryAuditOptions {
  crypto: CryptoProvider;
  now: Date;
  /** A role expiring within this many days is `expiring`. */
  warnDays: number;
  /** Only the metadata cache; no trust server, no registry. */
  offline: boolean;
  /** Manifest HEADs in flight per repository (default 4). */
  headConcurrency?: number;
}

type TrustOutcome =
  { state: 'verified' | 'cached'; repo: TrustedRepository } | { state: 'none' } | { state: 'failed'; error: unknown };

async function readTrust(
  ref: ImageReference,
  access: RepositoryAccess,
  o: RepositoryAuditOptions,
): Promise<TrustOutcome> {
  const offline = o.offline && !access.local;
  if (offline && (await access.cache.get('root')) === undefined) return { state: 'none' };
  try {
    const repo = await updateRepository({
      gun: ref.gun,
      remote: access.remote,
      cache: access.cache,
      crypto: o.crypto,
      now: o.now,
      ...(access.expiry ? { expiry: access.expiry } : {}),
      offline: offline ? 'only' : 'auto',
      ...(access.pinning ? { pinning: access.pinning } : {}),
      ...(access.observe ? { observe: access.observe } : {}),
    });
    return { state: repo.source === 'remote' ? 'verified' : 'cached', repo };
  } catch (error) {
    if (!offline && isSignetError(error, 'NOTARY_NOT_INITIALIZED')) return { state: 'none' };
    return { state: 'failed', error };
  }
}

type RegistryOutcome =
  { ok: true; tags: string[] | undefined; cosignSigned: Set<string> } | { ok: false; error: unknown };

/** The registry's image tags (cosign's artifact tags apart: the digests they sign). */
async function readTags(ref: ImageReference, access: RepositoryAccess): Promise<RegistryOutcome> {
  try {
    const all = await access.registry.listTags(ref);
    if (all === undefined) return { ok: true, tags: undefined, cosignSigned: new Set() };
    const { images, signed } = splitArtifactTags(all);
    return { ok: true, tags: images, cosignSigned: signed };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * Whether the trust server holds the snapshot key the root lists (it then renews the snapshot
 * itself), asked as the trust view asks it; unknown (false) when the server cannot say.
 */
async function snapshotKeyOnServer(access: RepositoryAccess, repo: TrustedRepository, o: RepositoryAuditOptions) {
  try {
    const id = keyId(await access.remote.getKey('snapshot'), o.crypto);
    return repo.root.signed.roles['snapshot']?.keyids.includes(id) ?? false;
  } catch {
    return false;
  }
}

/** Roles of verified trust data: every verified file, plus delegations that were skipped. */
function rolesOf(repo: TrustedRepository, o: RepositoryAuditOptions, snapshotOnServer: boolean): AuditRole[] {
  const roles: AuditRole[] = [];
  const add = (role: string, expires: string | null): void =>
    void roles.push(auditRole(role, expires, o.now, o.warnDays, snapshotOnServer));
  for (const f of [repo.root, repo.targets, repo.snapshot, repo.timestamp, ...repo.delegations.values()])
    add(f.role, f.signed.expires);
  for (const [name, known] of repo.delegationRoles) {
    const expired = expiredOf(known.skipped);
    if (expired) add(name, expired.expires);
  }
  return roles.sort((a, b) => compareRoles(a.role, b.role));
}

/**
 * Audits one repository: verifies its trust data (the TUF update `signet inspect` uses), reads the
 * registry's tag list, compares each signed digest with what the registry serves, and reports the
 * roles' expiry, all problems in plain language. Never throws: every failure is a problem.
 */
export async function auditRepository(
  ref: ImageReference,
  connect: () => Promise<RepositoryAccess>,
  o: RepositoryAuditOptions,
): Promise<RepositoryAudit> {
  const out: RepositoryAudit = {
    name: ref.gun,
    registry: ref.domain,
    server: '',
    signed: false,
    trustData: 'none',
    registryChecked: false,
    tags: [],
    roles: [],
    problems: [],
  };
  let access: RepositoryAccess;
  try {
    access = await connect();
  } catch (e) {
    out.trustData = 'failed';
    out.problems.push(P.trustProblem('(not configured)', e));
    return out;
  }
  out.server = access.server;
  const [trust, registry] = await Promise.all([
    readTrust(ref, access, o),
    o.offline ? undefined : readTags(ref, access),
  ]);
  out.trustData = trust.state satisfies TrustDataState;

  const sunset = hubSunset(access.server, o.now);
  if (trust.state === 'failed') {
    out.problems.push(P.trustProblem(access.server, trust.error));
    if (sunset?.stopped) out.problems.push(P.hubNotaryProblem(ref.gun, sunset));
    const expired = expiredOf(trust.error);
    if (expired) out.roles.push(auditRole(expired.role, expired.expires, o.now, o.warnDays));
    addRoleProblems(out);
    return out;
  }
  const view =
    trust.state === 'none' ? undefined : buildTrustView(trust.repo, { name: ref.gun, crypto: o.crypto, now: o.now });
  const signedRows = view ? signedRowsOf(view) : [];
  if (trust.state !== 'none') {
    out.signed = true;
    // only a server that answered for this repository is asked (never offline, an archive or the cache)
    const asked = trust.state === 'verified' && !access.local && (await snapshotKeyOnServer(access, trust.repo, o));
    out.roles = rolesOf(trust.repo, o, asked);
    if (trust.repo.offlineReason) out.problems.push(P.cachedProblem(access.server, trust.repo.offlineReason.message));
    for (const [name, known] of trust.repo.delegationRoles) {
      if (known.skipped !== undefined && !expiredOf(known.skipped))
        out.problems.push(P.skippedRoleProblem(name, known.skipped.message));
    }
    for (const r of view?.refusedTags ?? []) out.problems.push(P.outsidePathsProblem(r));
    if (sunset) out.problems.push(P.hubNotaryProblem(ref.gun, sunset));
  }

  if (registry === undefined || !registry.ok) {
    if (registry && !registry.ok) out.problems.push(P.registryProblem(ref.domain, registry.error));
    out.tags = signedRows.map((r) => ({ ...r, state: r.shadowedBy !== undefined ? 'shadowed' : 'unchecked' }));
  } else {
    out.registryChecked = true;
    out.tags = await compareWithRegistry(ref, access, signedRows, registry.tags, o, out);
    if (trust.state !== 'none' && access.cosignSignatures)
      await addCosign(
        out.tags,
        trust.repo,
        registry.cosignSigned,
        (d) => access.cosignSignatures!(ref, d),
        ref.gun,
        o.crypto,
      );
  }
  out.tags = naturalSortBy(out.tags, (t) => t.tag);
  addRoleProblems(out);
  return out;
}

function addRoleProblems(out: RepositoryAudit): void {
  for (const r of out.roles) {
    const p = P.roleProblem(out.name, r);
    if (p) out.problems.push(p);
  }
}

type SignedRow = Omit<AuditTag, 'state'>;

/**
 * The signed rows exactly as `signet inspect` lists them (its trust view): one per (tag, digest), a
 * row docker pull does not get for its tag carrying the digest it gets instead (`shadowedBy`).
 */
function signedRowsOf(view: TrustView): SignedRow[] {
  const pulled = new Map(view.signedTags.filter((r) => r.pulled).map((r) => [r.tag, r.digest]));
  return view.signedTags.map((r) => ({
    tag: r.tag,
    signedDigest: r.digest,
    registryDigest: null,
    signers: r.signers.length > 0 ? [...r.signers] : [REPO_ADMIN],
    ...(r.pulled ? {} : { shadowedBy: pulled.get(r.tag) ?? null }),
  }));
}

async function compareWithRegistry(
  ref: ImageReference,
  access: RepositoryAccess,
  rows: SignedRow[],
  registryTags: string[] | undefined,
  o: RepositoryAuditOptions,
  out: RepositoryAudit,
): Promise<AuditTag[]> {
  const problems = out.problems;
  const inRegistry = new Set(registryTags ?? []);
  if (registryTags === undefined && rows.length > 0) problems.push(P.noRepositoryProblem(ref.gun));
  if (registryTags === undefined && !out.signed) problems.push(P.unknownRepositoryProblem(ref.gun, access.server));
  // one HEAD per signed tag the registry lists (a tag it does not list is missing without asking)
  const heads = [...new Set(rows.filter((r) => inRegistry.has(r.tag)).map((r) => r.tag))];
  const served = new Map<string, string | undefined | Error>();
  await mapLimit(heads, o.headConcurrency ?? 4, async (tag) => {
    try {
      served.set(tag, await access.registry.tagDigest(ref, tag));
    } catch (e) {
      served.set(tag, e instanceof Error ? e : new Error(String(e)));
    }
  });
  const tags: AuditTag[] = [];
  let headError: Error | undefined;
  for (const r of rows) {
    const got = served.get(r.tag);
    if (got instanceof Error) headError ??= got;
    const hex = typeof got === 'string' && got.startsWith('sha256:') ? got.slice('sha256:'.length) : null;
    if (r.shadowedBy !== undefined) {
      // docker pull never uses this signature: the tag's problems are its pulled row's
      tags.push({ ...r, registryDigest: hex, state: 'shadowed' });
      continue;
    }
    if (got instanceof Error) {
      tags.push({ ...r, state: 'unchecked' });
      continue;
    }
    const state = hex === null ? 'missing' : hex === r.signedDigest ? 'ok' : 'moved';
    tags.push({ ...r, registryDigest: hex, state });
    if (state === 'missing' && registryTags !== undefined) problems.push(P.missingProblem(ref.gun, r.tag));
    if (state === 'moved') problems.push(P.movedProblem(ref.gun, r.tag, r.signedDigest!, hex!));
  }
  if (headError) problems.push(P.registryProblem(ref.domain, headError));
  const signed = new Set(rows.map((r) => r.tag));
  const unsigned = naturalSortBy(
    (registryTags ?? []).filter((t) => !signed.has(t)),
    (t) => t,
  );
  for (const tag of unsigned)
    tags.push({ tag, signedDigest: null, registryDigest: null, state: 'unsigned', signers: [] });
  if (unsigned.length > 0) problems.push(P.unsignedProblem(ref.gun, unsigned, out.signed));
  return tags;
}
