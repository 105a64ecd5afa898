/**
 * Notary-flavoured TUF wire types (notary tuf/data/*.go). Field sets are exactly notary's:
 * emitting more or fewer fields breaks the server's hash of the re-marshalled file (protocol §0).
 */
export type RoleName = string; // 'root' | 'targets' | 'snapshot' | 'timestamp' | 'targets/<name>'...
export const BASE_ROLES = ['root', 'targets', 'snapshot', 'timestamp'] as const;
export type BaseRole = (typeof BASE_ROLES)[number];

import type { PublicKeyJSON, SignatureJSON } from '../crypto/key-types.js';
export type { KeyType, PublicKeyJSON, SignatureJSON, SigMethod } from '../crypto/key-types.js';

export interface FileMeta {
  hashes: Record<string, string>; // algorithm -> base64 digest ('sha256', 'sha512')
  length: number;
  custom?: unknown;
}

export interface RoleKeys {
  keyids: string[];
  threshold: number;
}

export interface RootSigned {
  _type: 'Root';
  consistent_snapshot: boolean;
  expires: string;
  keys: Record<string, PublicKeyJSON>;
  roles: Record<BaseRole, RoleKeys>;
  version: number;
}

export interface DelegationRoleJSON {
  keyids: string[];
  name: RoleName;
  paths?: string[];
  threshold: number;
}

export interface TargetsSigned {
  _type: 'Targets';
  delegations: { keys: Record<string, PublicKeyJSON>; roles: DelegationRoleJSON[] | null };
  expires: string;
  targets: Record<string, FileMeta>;
  version: number;
}

export interface SnapshotSigned {
  _type: 'Snapshot';
  expires: string;
  meta: Record<RoleName, FileMeta>;
  version: number;
}

export interface TimestampSigned {
  _type: 'Timestamp';
  expires: string;
  meta: { snapshot: FileMeta };
  version: number;
}

export type AnySigned = RootSigned | TargetsSigned | SnapshotSigned | TimestampSigned;

/**
 * A metadata file as received. `raw` is the exact bytes (hashed against snapshot/timestamp meta);
 * `signedValue` is the parsed `signed` object exactly as received (canonicalised for verification,
 * never a re-serialised model); `signed` is the same object, typed after validation.
 */
export interface SignedFile<T extends AnySigned = AnySigned> {
  role: RoleName;
  raw: Uint8Array;
  signedValue: unknown;
  signed: T;
  signatures: SignatureJSON[];
}
