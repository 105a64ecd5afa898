/** Values computed from the store: sidebar entries and their status, expiry items, key usage. */
import type {
  DiscoveredRepository,
  KeyInfoDTO,
  RegistryListing,
  TrustView,
  WatchedRepository,
} from '../../electron/ipc/contract.ts';
import type { RepositoryEntry, ViewEntry } from '../store/types.ts';
import { instantOf, type ExpiryState } from '../../core/trust/policy.ts';
import { uiNow } from './clock.ts';
import { registryOf } from './reference.ts';
import { isNotSigned } from './explain.ts';

/** Watched first (in the user's order), then discovered ones not already watched (same GUN), then added registries' catalogs. */
export function repositoryEntries(
  watched: WatchedRepository[],
  discovered: DiscoveredRepository[],
  keys: KeyInfoDTO[],
  registries: RegistryListing[] = [],
): RepositoryEntry[] {
  const out: RepositoryEntry[] = watched.map((w) => ({
    reference: w.reference,
    gun: w.gun,
    registry: w.registry,
    origin: 'watched',
  }));
  const seen = new Set(out.map((e) => e.gun));
  const add = (gun: string, registry: string, origin: 'keys' | 'cache' | 'registry'): void => {
    if (seen.has(gun)) return;
    seen.add(gun);
    out.push({ reference: gun, gun, registry, origin });
  };
  for (const d of discovered) add(d.gun, d.registry, d.source);
  for (const k of keys) {
    // as main's discovery: a GUN that is not an image name (a notary-only GUN) is not a repository here
    const registry = k.gun ? registryOf(k.gun) : undefined;
    if (k.gun && registry) add(k.gun, registry, 'keys');
  }
  for (const l of registries) for (const gun of l.repositories) add(gun, l.registry, 'registry');
  return out;
}

export type RepoStatus = 'signed' | 'unsigned' | 'expiring' | 'expired' | 'error' | 'loading' | 'unknown';

export interface ExpiryItem {
  reference: string;
  gun: string;
  /** role name, "root certificate …", or Docker Hub's notary stopping */
  what: string;
  kind: 'role' | 'certificate' | 'notary';
  expires: string;
  /** core's state at `now` (the view's clock). */
  state: ExpiryState;
  now: number;
  /** The server re-signs this role on its own (timestamp; snapshot when server-managed): only a past date matters. */
  renewedByServer: boolean;
}

/** The clock (ms) a view's expiry states were computed at, in the main process: relative times are shown against it. */
export function viewNow(view: TrustView): number {
  return instantOf(view.at) ?? uiNow();
}

/** Every role's expiry and each root certificate's notAfter in one view, with core's states. */
export function expiryItems(reference: string, view: TrustView): ExpiryItem[] {
  const out: ExpiryItem[] = [];
  const now = viewNow(view);
  for (const r of view.roles) {
    out.push({
      reference,
      gun: view.gun,
      what: r.role,
      kind: 'role',
      expires: r.expires,
      state: r.state,
      now,
      renewedByServer: r.renewal.by === 'server',
    });
  }
  for (const k of view.administrativeKeys.root) {
    if (k.certificate) {
      out.push({
        reference,
        gun: view.gun,
        what: `root certificate ${k.certificate.commonName}`,
        kind: 'certificate',
        expires: k.certificate.notAfter,
        state: k.certificate.state,
        now,
        renewedByServer: false,
      });
    }
  }
  const hub = view.hubNotary;
  if (hub) {
    // after this day nobody can read or verify these signatures from Docker Hub (core/notary/hub-sunset.ts)
    out.push({
      reference,
      gun: view.gun,
      what: 'Docker Hub’s notary stops',
      kind: 'notary',
      expires: `${hub.stops}T00:00:00Z`,
      state: hub.stopped ? 'expired' : hub.daysLeft <= view.warnDays ? 'expiring' : 'ok',
      now,
      renewedByServer: false,
    });
  }
  return out;
}

const SEVERITY: Record<ExpiryState, number> = { ok: 0, expiring: 1, expired: 2 };

export function worstExpiry(view: TrustView): ExpiryState {
  let worst: ExpiryState = 'ok';
  for (const i of expiryItems('', view)) if (SEVERITY[i.state] > SEVERITY[worst]) worst = i.state;
  return worst;
}

export function repoStatus(entry: ViewEntry | undefined): RepoStatus {
  if (!entry) return 'unknown';
  if (entry.status === 'loading' && !entry.view) return 'loading';
  if (entry.status === 'error') return entry.error && isNotSigned(entry.error.code) ? 'unsigned' : 'error';
  const view = entry.view;
  if (!view) return 'unknown';
  const worst = worstExpiry(view);
  if (worst === 'expired') return 'expired';
  if (worst === 'expiring') return 'expiring';
  return view.signedTags.length > 0 ? 'signed' : 'unsigned';
}

/** Key ID → GUNs of the loaded views in which the key can sign (a signer's key, the targets or root key). */
export function keyUsage(views: Record<string, ViewEntry>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (id: string, gun: string): void => {
    let s = out.get(id);
    if (!s) out.set(id, (s = new Set()));
    s.add(gun);
  };
  for (const e of Object.values(views)) {
    const v = e.view;
    if (!v) continue;
    for (const s of v.signers) for (const id of s.keyIds) add(id, v.gun);
    const a = v.administrativeKeys;
    for (const k of [...a.root, ...a.repository, ...a.snapshot, ...a.timestamp]) {
      add(k.id, v.gun);
      add(k.canonicalId, v.gun);
    }
  }
  return out;
}

/** Roles (of this view) whose keys this computer holds: signers with a local key, targets when its key is local. */
export function localRoles(view: TrustView): Set<string> {
  const out = new Set<string>();
  for (const s of view.signers) if (s.localKeyIds.length > 0) out.add(s.role);
  if (view.administrativeKeys.repository.some((k) => k.holder === 'local')) out.add('targets');
  return out;
}
