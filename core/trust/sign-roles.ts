import { SignetError } from '../errors.js';
import type { CryptoProvider } from '../crypto/provider.js';
import type { Signer } from '../crypto/signer.js';
import { canonicalBytes, encodeEnvelope } from '../crypto/canonical-json.js';
import { formatExpires, parseExpires } from '../tuf/expires.js';
import type { FileMeta, PublicKeyJSON, RoleKeys, RoleName, SignatureJSON, SnapshotSigned } from '../tuf/types.js';
import { toBase64 } from '../util/bytes.js';
import { findDelegation } from './apply.js';
import { baseFile, targetsOf, type WorkingRepo } from './working-repo.js';

/** Hands out signers for the keys the user holds among those a role lists. */
export interface SignerLookup {
  /** `need`: how many signatures the role needs (default 1), so a missing token is named when it matters. */
  signersFor(keyIds: string[], keys: Record<string, PublicKeyJSON>, need?: number): Promise<Signer[]>;
}

const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS; // notary's "year" is exactly 365 days
const ROOT_EXPIRY_MS = 10 * YEAR_MS;
const ROLE_EXPIRY_MS = 3 * YEAR_MS;
/** notary re-signs root on publish when it expires within 6 months (client/helpers.go nearExpiry). */
const ROOT_RENEW_MS = 182 * DAY_MS;

export interface SignOptions {
  signers: SignerLookup;
  crypto: CryptoProvider;
  now: Date;
}

/**
 * Signs every changed role with new versions and expiries and returns the files to upload:
 * delegations, targets, root, and the snapshot when its key is held locally (otherwise the
 * server makes it, as in docker-initialised repositories).
 */
export async function signChangedRoles(w: WorkingRepo, opts: SignOptions): Promise<Map<RoleName, Uint8Array>> {
  const files = new Map<RoleName, Uint8Array>();
  const expires = (ms: number) => formatExpires(new Date(opts.now.getTime() + ms));
  if (!w.dirty.has('root') && parseExpires(w.root.expires).getTime() - opts.now.getTime() < ROOT_RENEW_MS)
    w.dirty.add('root');

  // delegations deepest first, then targets: a parent never pins its children's hashes, so any order works
  const roles = [...w.dirty]
    .filter((r) => r.startsWith('targets/'))
    .sort((a, b) => b.split('/').length - a.split('/').length);
  for (const role of roles) {
    const found = findDelegation(w, role);
    if (!found) throw new SignetError('BAD_INPUT', `${role} is not declared by its parent any more`);
    const body = targetsOf(w, role);
    body.version = (baseFile(w, role)?.signed.version ?? 0) + 1;
    body.expires = expires(ROLE_EXPIRY_MS);
    files.set(role, await signBody(role, body, found.entry, found.parent.delegations.keys, opts));
  }
  if (w.dirty.has('targets')) {
    w.targets.version = (baseFile(w, 'targets')?.signed.version ?? 0) + 1;
    w.targets.expires = expires(ROLE_EXPIRY_MS);
    files.set('targets', await signBody('targets', w.targets, w.root.roles.targets, w.root.keys, opts));
  }
  if (w.dirty.has('root')) {
    w.root.version = (baseFile(w, 'root')?.signed.version ?? 0) + 1;
    w.root.expires = expires(ROOT_EXPIRY_MS);
    files.set('root', await signRoot(w, opts));
  }
  const snapshot = await signSnapshot(w, files, opts);
  if (snapshot) files.set('snapshot', snapshot);
  return files;
}

async function sigsFor(
  role: RoleName,
  body: unknown,
  keyRole: RoleKeys,
  keys: Record<string, PublicKeyJSON>,
  opts: SignOptions,
): Promise<SignatureJSON[]> {
  const signers = await opts.signers.signersFor(keyRole.keyids, keys, keyRole.threshold);
  if (signers.length < keyRole.threshold) {
    const need = keyRole.keyids.map((id) => id.slice(0, 12)).join(', ');
    throw new SignetError(
      'NO_SIGNING_KEYS',
      `could not find necessary signing keys for ${role}: at least ${keyRole.threshold} of these keys must be available: ${need}`,
      {
        hint: 'Import the key for this role (signet key import) or ask its holder to make this change.',
      },
    );
  }
  const message = canonicalBytes(body);
  return Promise.all(signers.map((s) => s.sign(message)));
}

async function signBody(
  role: RoleName,
  body: unknown,
  keyRole: RoleKeys,
  keys: Record<string, PublicKeyJSON>,
  opts: SignOptions,
): Promise<Uint8Array> {
  return encodeEnvelope(body, await sigsFor(role, body, keyRole, keys, opts));
}

/** Root is signed by its new root keys and, after a root key rotation, by the previous ones too. */
async function signRoot(w: WorkingRepo, opts: SignOptions): Promise<Uint8Array> {
  const sigs = await sigsFor('root', w.root, w.root.roles.root, w.root.keys, opts);
  const prev = w.base?.root.signed;
  if (prev) {
    const newIds = new Set(w.root.roles.root.keyids);
    const oldOnly = {
      keyids: prev.roles.root.keyids.filter((id) => !newIds.has(id)),
      threshold: prev.roles.root.threshold,
    };
    if (oldOnly.keyids.length > 0)
      sigs.push(...(await sigsFor('root (previous keys)', w.root, oldOnly, prev.keys, opts)));
  }
  return encodeEnvelope(w.root, sigs);
}

function fileMeta(bytes: Uint8Array, crypto: CryptoProvider): FileMeta {
  return {
    hashes: { sha256: toBase64(crypto.sha256(bytes)), sha512: toBase64(crypto.sha512(bytes)) },
    length: bytes.length,
  };
}

/** A client-signed snapshot when a snapshot key is held; undefined when the server manages it. */
async function signSnapshot(
  w: WorkingRepo,
  files: Map<RoleName, Uint8Array>,
  opts: SignOptions,
): Promise<Uint8Array | undefined> {
  const signers = await opts.signers.signersFor(w.root.roles.snapshot.keyids, w.root.keys);
  if (signers.length === 0) return undefined;
  const base = w.base?.snapshot.signed;
  const meta: Record<RoleName, FileMeta> = { ...(base?.meta ?? {}) };
  for (const [role, bytes] of files) meta[role] = fileMeta(bytes, opts.crypto);
  for (const role of Object.keys(meta)) if (role.startsWith('targets/') && !findDelegation(w, role)) delete meta[role];
  const body: SnapshotSigned = {
    _type: 'Snapshot',
    expires: formatExpires(new Date(opts.now.getTime() + ROLE_EXPIRY_MS)),
    meta,
    version: (base?.version ?? 0) + 1,
  };
  return signBody('snapshot', body, w.root.roles.snapshot, w.root.keys, opts);
}
