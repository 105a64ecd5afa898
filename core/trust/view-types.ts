import type { HubSunset } from '../notary/hub-sunset.js';
import type { RoleName } from '../tuf/types.js';
import type { ExpiryState, Renewal } from './policy.js';

/** A tag released in `targets` or `targets/releases`, as `docker trust inspect` lists it. */
export interface SignedTagRow {
  tag: string;
  /** Hex sha256 of the manifest (docker's DIGEST column). */
  digest: string;
  /** Manifest size in bytes, from the target's length. */
  size: number;
  /** Delegations (without `targets/`) that signed the same digest, in walk order; empty = Repo Admin. */
  signers: string[];
  /** Every role whose metadata holds this tag with this digest. */
  roles: RoleName[];
  /**
   * This row's digest is what `docker pull` with DCT gets for the tag (docker asks notary's
   * GetTargetByName(tag, targets/releases, targets): releases first, then targets; the notary CLI's
   * `lookup` asks targets only, so it may answer otherwise). False for a digest the same tag is also
   * signed with but that docker pull never gets: shadowed. (tag, digest) is a row's identity; a tag
   * may have two rows.
   */
  pulled: boolean;
}

/**
 * A tag a delegation lists outside the paths it may sign: not signed (docker pull and notary lookup
 * refuse it), although `docker trust inspect` of the whole repository lists it.
 */
export interface RefusedTag {
  tag: string;
  role: RoleName;
  /** Hex sha256 the role lists for it. */
  digest: string;
  /** What the role may sign (its paths after its ancestors'). */
  paths: string[];
}

export interface SignerRow {
  /** Signer name = delegation role without the `targets/` prefix. */
  name: string;
  role: RoleName;
  /** Canonical key IDs (what docker shows and what names private key files). */
  keyIds: string[];
  threshold: number;
  paths: string[];
  /** Details of the role's own file; absent when it has never signed anything. */
  version?: number;
  expires?: string;
  /** With `expires`: its state and days left at the view's clock (the trust policy, core/trust/policy.ts). */
  state?: ExpiryState;
  days?: number | null;
  /** Why the role's file was not trusted (expired, bad signature), when skipped. */
  skipped?: string;
  /** Key IDs of this signer that are available locally. */
  localKeyIds: string[];
}

export type KeyHolder = 'local' | 'server' | 'unknown';

export interface AdminKey {
  /** Key ID as root.json lists it (for root keys: the certificate-based ID docker shows). */
  id: string;
  /** Canonical ID of the bare public key (names the private key file). */
  canonicalId: string;
  keytype: string;
  holder: KeyHolder;
  /** Root certificates only; `state` and `days` of `notAfter` at the view's clock. */
  certificate?: { commonName: string; notBefore: string; notAfter: string; state: ExpiryState; days: number | null };
}

export interface RoleStatus {
  role: RoleName;
  version: number;
  expires: string;
  threshold: number;
  keyIds: string[];
  /** At the view's clock, by the trust policy: never `expiring` when the server renews the role. */
  state: ExpiryState;
  days: number | null;
  /** Who renews it from here: the server, you (with which keys), your every publish, or others. */
  renewal: Renewal;
}

export interface TrustView {
  gun: string;
  /** The reference exactly as given (docker's Name). */
  name: string;
  /** The tag asked about, if any. */
  tag?: string;
  signedTags: SignedTagRow[];
  /** Tags listed outside their role's paths: left out of signedTags (DCT's enforcement). */
  refusedTags: RefusedTag[];
  signers: SignerRow[];
  administrativeKeys: { root: AdminKey[]; repository: AdminKey[]; snapshot: AdminKey[]; timestamp: AdminKey[] };
  /** Every verified base role and delegation file: version, expiry, threshold, keys. */
  roles: RoleStatus[];
  /** The clock the expiry states were computed at (ISO 8601), and the warning window they used. */
  at: string;
  warnDays: number;
  /** 'cache' when the server could not be used and cached data is shown. */
  source: 'remote' | 'cache';
  offlineReason?: string;
  warnings: string[];
  /**
   * How the root is trusted: pinned certificate IDs, a pinned CA (GUN prefix and CA file), or trust
   * on first use (the root first seen was accepted; pin its certificate ID to refuse any other).
   */
  rootTrust?:
    | { kind: 'certs'; ids: string[] }
    | { kind: 'ca'; prefix: string; source: string }
    /** `firstUse`: nothing trusted before anchors it; trusted now from what was read (an archive itself). */
    | { kind: 'tofu'; firstUse?: boolean };
  /** Read from Docker Hub's notary, which stops on 2026-12-08: how long is left (core/notary/hub-sunset.ts). */
  hubNotary?: HubSunset;
}

/** One sentence for a refused tag, the same in the CLI and the app. */
export function refusedTagNote(r: RefusedTag): string {
  const paths = r.paths.length === 0 ? 'no paths' : r.paths.map((p) => JSON.stringify(p)).join(', ');
  return (
    `${r.tag} is not signed: ${r.role} lists it outside the paths it may sign (${paths}), so docker pull and ` +
    `notary lookup refuse it (docker trust inspect of the whole repository still lists it)`
  );
}
