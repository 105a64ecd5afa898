import type { PublicKeyJSON } from '../tuf/types.js';
import type { Change } from './changelist.js';
import { RELEASES, checkSignerName } from './roles.js';

/**
 * Changes that add a signer (docker trust signer add): `targets/NAME` with the keys, threshold 1,
 * all paths; the same keys added to `targets/releases`. Both edits are to targets.json, so only the
 * repository key signs them; the signer's own file appears when it first signs.
 */
export function planAddSigner(name: string, keys: PublicKeyJSON[]): Change[] {
  checkSignerName(name);
  return [
    { type: 'delegation', action: 'create', role: `targets/${name}`, addKeys: keys, threshold: 1, addPaths: [''] },
    { type: 'delegation', action: 'create', role: RELEASES, addKeys: keys, threshold: 1, addPaths: [''] },
  ];
}
