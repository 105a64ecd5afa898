/**
 * Who holds each key a history names (the signers of a version, keys before and after a change):
 * you (a private key held on this computer, matched by canonical ID, so a root certificate's ID
 * finds its key file), the trust server (the keys it says it holds, and every timestamp key: a
 * notary server always signs the timestamp itself), or nobody known here. The same three holders
 * the trust view gives administrative keys.
 */
import { canonicalKeyId } from '../crypto/key-id.js';
import type { CryptoProvider } from '../crypto/provider.js';
import { keyHolder } from '../trust/key-holder.js';
import type { KeyHolder } from '../trust/view-types.js';
import type { PublicKeyJSON, RootSigned, TargetsSigned } from '../tuf/types.js';
import type { HistoryEvent, TrustHistory } from './types.js';

export interface HolderOptions {
  crypto: CryptoProvider;
  /** Canonical IDs of the private keys held here. */
  localKeyIds: ReadonlySet<string>;
  /** IDs of the keys the trust server says it holds now (snapshot, timestamp); empty for an archive. */
  serverKeyIds: ReadonlySet<string>;
}

/** Every key ID the events name: who signed each change, and keys before and after it. */
export function eventKeyIds(events: readonly HistoryEvent[]): string[] {
  const ids = new Set<string>();
  for (const e of events)
    for (const id of [...e.keyIds, ...(e.keys?.before ?? []), ...(e.keys?.after ?? [])]) ids.add(id);
  return [...ids];
}

/** Each key ID in `ids` (default: every key the history's events name) → its holder. */
export function keyHolders(
  history: Pick<TrustHistory, 'versions' | 'events'>,
  opts: HolderOptions,
  ids: Iterable<string> = eventKeyIds(history.events),
): Record<string, KeyHolder> {
  const known = new Map<string, PublicKeyJSON>();
  const timestampKeys = new Set<string>();
  for (const v of history.versions) {
    if (v.problem || !v.file) continue;
    if (v.role === 'root') {
      const root = v.file.signed as RootSigned;
      for (const [id, key] of Object.entries(root.keys)) known.set(id, key);
      for (const id of root.roles.timestamp.keyids) timestampKeys.add(id);
    } else if ('delegations' in v.file.signed) {
      for (const [id, key] of Object.entries((v.file.signed as TargetsSigned).delegations.keys)) known.set(id, key);
    }
  }
  const out: Record<string, KeyHolder> = {};
  const holderOf = (id: string): KeyHolder => {
    const key = known.get(id);
    let canonical = id;
    if (key) {
      try {
        canonical = canonicalKeyId(key, opts.crypto);
      } catch {
        // an unparsable certificate: its listed ID is all there is
      }
    }
    return keyHolder(
      id,
      canonical,
      { local: opts.localKeyIds, server: opts.serverKeyIds },
      timestampKeys.has(id) ? 'server' : 'unknown',
    );
  };
  for (const id of ids) out[id] ??= holderOf(id);
  return out;
}
