import type { KeyHolder } from './view-types.js';

/**
 * Who holds a key: you (a private key here, by canonical ID), the trust server (it said so), or
 * `fallback` (e.g. 'server' for timestamp keys, which a notary server always holds).
 */
export function keyHolder(
  id: string,
  canonicalId: string,
  held: { local: ReadonlySet<string>; server: ReadonlySet<string> },
  fallback: KeyHolder = 'unknown',
): KeyHolder {
  if (held.local.has(canonicalId) || held.local.has(id)) return 'local';
  return held.server.has(id) ? 'server' : fallback;
}
