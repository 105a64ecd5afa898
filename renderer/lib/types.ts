/** Row types of a TrustView, derived from the IPC contract (the renderer's only type source). */
import type { TrustView } from '../../electron/ipc/contract.ts';

export type { TrustView };
export type SignedTagRow = TrustView['signedTags'][number];
export type SignerRow = TrustView['signers'][number];
export type AdminKey = TrustView['administrativeKeys']['root'][number];
export type RoleStatus = TrustView['roles'][number];
