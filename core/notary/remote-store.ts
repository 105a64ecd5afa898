import type { PublicKeyJSON, RoleName } from '../tuf/types.js';

/**
 * A notary server for one GUN (notary storage/interfaces.go RemoteStore).
 * `getMeta` returns the exact bytes served; a missing file throws SignetError HTTP_NOT_FOUND.
 */
export interface RemoteStore {
  readonly gun: string;
  readonly baseUrl: string;
  /** GET /v2/<gun>/_trust/tuf/<name>.json where name is a role, `<role>.<sha256hex>` or `<N>.<role>`. */
  getMeta(name: string, maxBytes: number): Promise<Uint8Array>;
  /** GET /v2/<gun>/_trust/tuf/<role>.key (server-managed timestamp/snapshot key). */
  getKey(role: 'timestamp' | 'snapshot'): Promise<PublicKeyJSON>;
  /** POST /v2/<gun>/_trust/tuf/<role>.key: the server makes a new key and returns it. */
  rotateKey(role: 'timestamp' | 'snapshot'): Promise<PublicKeyJSON>;
  /** POST /v2/<gun>/_trust/tuf/ as one multipart request, filename = role name. */
  publish(files: Map<RoleName, Uint8Array>): Promise<void>;
}
