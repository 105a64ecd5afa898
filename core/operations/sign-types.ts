/** What signing a tag takes and tells (sign.ts, sign-new.ts). */
import type { RoleName } from '../tuf/types.js';
import type { CancelSignal } from '../util/pool.js';
import type { EventOptions, Published, StageOnlyOption } from './common.js';

export interface SignOptions extends EventOptions, StageOnlyOption {
  /** Signer (delegation) name: on a new repository the first signer (default: the registry login
   *  username, as docker); on an existing one, sign only as this signer (and into releases). */
  signer?: string;
  /** A new repository only: the root key to use (canonical ID); default: your first root key, else a new one. */
  rootKeyId?: string;
  /**
   * docker's --local: push the tag from the local Docker engine and sign what the registry then
   * serves, even when the registry or the trust data has the tag. Without it the engine is used
   * only for a tag the registry does not have.
   */
  local?: boolean;
  /**
   * Sign the digest the registry serves now even when the tag is signed (a local image just pushed,
   * as --local does without pushing again); default: co-sign the signed digest.
   */
  fresh?: boolean;
  /** Cancels a push from the engine (nothing is signed then). */
  signal?: CancelSignal;
}

export interface SignResult {
  gun: string;
  tag: string;
  /** Hex sha256 of the manifest, as docker trust inspect prints it. */
  digest: string;
  size: number;
  /** 'existing': co-signed the released digest (no registry access); 'registry': resolved the tag;
   *  'local': pushed from the Docker engine, then read from the registry. */
  source: 'registry' | 'existing' | 'local';
  roles: RoleName[];
  /** Roles that already held this exact entry. */
  unchanged: RoleName[];
  /** Who had signed the released digest before (docker names: "Repo Admin", signer names), sorted. */
  existingSigners: string[];
  /** Set when the repository was created by this signing. */
  created?: { signer: string; signerKeyId: string; rootKeyId: string; createdRootKey: boolean; targetsKeyId: string };
  /** Undefined when nothing had to change (the tag was already signed identically everywhere), or with stageOnly. */
  published?: Published;
}
