/**
 * Hardware tokens (a YubiKey, a smart card, an HSM partition, SoftHSM) behind the few calls Signet
 * needs, whatever speaks to them: core/node/pkcs11-driver.ts over a PKCS#11 module, an in-memory
 * stand-in in unit tests. Only ECDSA P-256 keys, which notary and docker use everywhere.
 */
import type { PublicKeyJSON } from '../crypto/key-types.js';

/** The state of a token's user PIN as the token reports it (CKF_USER_PIN_*). */
export type PinState = 'ok' | 'count-low' | 'final-try' | 'locked';

export interface TokenInfo {
  /** CKA token label, trimmed: how the user names the token (`--token LABEL`). */
  label: string;
  serial: string;
  manufacturer: string;
  model: string;
  /** The token generates and signs with ECDSA P-256 (CKM_EC_KEY_PAIR_GEN and CKM_ECDSA at 256 bits). */
  p256: boolean;
  pin: PinState;
}

/** A P-256 key found on a token (its public half; the private half never leaves). */
export interface TokenKey {
  /** Label of the token holding it. */
  token: string;
  /** CKA_ID in hex: names the key's objects (private key, public key, certificate) on the token. */
  objectId: string;
  /** CKA_LABEL: `<role>` or `<role> <gun>` as Signet writes it; anything else for keys made elsewhere. */
  label: string;
  /** The bare `ecdsa` key. */
  publicKey: PublicKeyJSON;
}

export interface TokenDriver {
  /** Which module this is (a path), for messages. */
  readonly module: string;
  /** Tokens present now. */
  listTokens(): Promise<TokenInfo[]>;
  /** P-256 keys on a token (public objects: no PIN needed). TOKEN_ABSENT if it is not there. */
  listKeys(token: string): Promise<TokenKey[]>;
  /** True once this driver holds a logged-in session on the token. */
  loggedIn(token: string): boolean;
  /** User login: TOKEN_PIN_INCORRECT, TOKEN_PIN_LOCKED, TOKEN_ABSENT. */
  login(token: string, pin: string): Promise<void>;
  /** A new P-256 key pair, private half sensitive and not extractable (needs a login). */
  generateKey(token: string, label: string): Promise<TokenKey>;
  /** Writes an existing P-256 scalar as a sensitive, non-extractable private key (needs a login). */
  importKey(token: string, label: string, secret: Uint8Array): Promise<TokenKey>;
  /** Stores a DER certificate (`subject`: its subject Name, DER) beside the key (same CKA_ID), as notary does. */
  writeCertificate(token: string, objectId: string, label: string, der: Uint8Array, subject: Uint8Array): Promise<void>;
  /** ECDSA P-256 over SHA-256(message), raw r‖s. TOKEN_ABSENT when the token went away. */
  sign(token: string, objectId: string, message: Uint8Array): Promise<Uint8Array>;
  /** Deletes the key's objects (needs a login). */
  removeKey(token: string, objectId: string): Promise<void>;
  close(): Promise<void>;
}

/** The role and GUN a key's CKA_LABEL names: `root`, `targets example.com/app`; others are `delegation`. */
export function parseTokenKeyLabel(label: string): { role: string; gun?: string } {
  const m = /^([a-z0-9_./-]+)(?: (\S+))?$/i.exec(label.trim());
  if (!m) return { role: 'delegation' };
  return m[2] ? { role: m[1]!, gun: m[2] } : { role: m[1]! };
}

export function tokenKeyLabel(role: string, gun?: string): string {
  return gun ? `${role} ${gun}` : role;
}
