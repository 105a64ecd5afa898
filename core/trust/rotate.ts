import { SignetError } from '../errors.js';
import { rootCertificateFor } from '../crypto/root-cert.js';
import type { RemoteStore } from '../notary/remote-store.js';
import type { Change } from './changelist.js';
import type { KeyService } from './key-signers.js';

export type RotatableRole = 'root' | 'targets' | 'snapshot' | 'timestamp';

export interface RotateOptions {
  gun: string;
  role: RotatableRole;
  /** Let the server hold the new key (snapshot, timestamp) rather than a new local key (root, targets, snapshot). */
  serverManaged: boolean;
  keys: KeyService;
  remote: RemoteStore;
  now: Date;
}

/**
 * Plans a key rotation (notary key rotate): a new key for the role replaces the old in root.json.
 * Root goes to version + 1 signed by the old and the new root keys; a new root key gets its own
 * CN=GUN certificate; a rotated targets key re-signs targets. Only snapshot and timestamp can be
 * server-managed; root and targets are always local.
 */
export async function planRotate(opts: RotateOptions): Promise<{ changes: Change[]; newKeyId: string }> {
  const { role, serverManaged } = opts;
  if (serverManaged && (role === 'root' || role === 'targets')) {
    throw new SignetError(
      'BAD_INPUT',
      `the ${role} key is always held locally; only snapshot and timestamp keys can be server-managed`,
    );
  }
  if (!serverManaged && role === 'timestamp') {
    throw new SignetError(
      'BAD_INPUT',
      'the timestamp key is always held by the server: rotate it with the server-managed option',
    );
  }
  if (serverManaged) {
    const key = await opts.remote.rotateKey(role as 'snapshot' | 'timestamp');
    return { changes: [{ type: 'root-role', action: 'update', role, keys: [key] }], newKeyId: '' };
  }
  const { key } = await opts.keys.generateKey(role, role === 'root' ? undefined : opts.gun);
  const listed = role === 'root' ? (await rootCertificateFor(key, opts.gun, opts.now)).publicKey : key.publicKey;
  return { changes: [{ type: 'root-role', action: 'update', role, keys: [listed] }], newKeyId: key.canonicalId };
}
