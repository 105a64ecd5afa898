import type { PublicKeyJSON, RoleName } from '../tuf/types.js';
import type { ChangefeedPage } from './changefeed.js';

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
  /** GET /v2/<gun>/_trust/tuf/<N>.<role>.json: stored version N of a role (HTTP_NOT_FOUND when not stored). */
  getVersion(role: RoleName, version: number, maxBytes: number): Promise<Uint8Array>;
  /**
   * GET /v2/<gun>/_trust/changefeed?change_id=<id>&records=<n>: up to n records after change `id`
   * ('0': from the start). Each record is one publish (a new timestamp) or a deletion of the GUN.
   */
  getChangefeed(changeId: string, records: number): Promise<ChangefeedPage>;
}
