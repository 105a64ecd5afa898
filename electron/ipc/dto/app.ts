/** The app's DTOs: keys, watched repositories, settings, app info, passphrase prompts, progress. */

/** `hardware`: on a token (PKCS#11); {@link KeyInfoDTO.token} names it. */
export type KeyLocationDTO = 'keychain' | 'trust-dir' | 'memory' | 'hardware';

/** A hardware token the PKCS#11 module offers (never its PIN). */
export interface TokenDTO {
  label: string;
  manufacturer: string;
  model: string;
  serial: string;
  /** Generates and signs ECDSA P-256 keys (the only kind docker and notary use). */
  p256: boolean;
  pin: 'ok' | 'count-low' | 'final-try' | 'locked';
}

/** The tokens Signet can use: the module by file name (its path stays in main), where it came from, and its tokens. */
export interface TokensDTO {
  module: { name: string; source: 'settings' | 'env' | 'default' } | null;
  /** Settings say no module (`off`). */
  off: boolean;
  tokens: TokenDTO[];
  /** The module could not be loaded or asked: what is wrong and what to do. */
  problem?: { message: string; hint?: string };
}

/** A key as the renderer sees it: identifiers and where it lives, never key material. */
export interface KeyInfoDTO {
  id: string;
  role: string;
  gun?: string;
  location: KeyLocationDTO;
  /** `hardware` keys: the token's label (shown as "hardware: <label>"). */
  token?: string;
  /** `hardware` keys: its token is not inserted now (Signet remembers the key from when it was). */
  absent?: true;
  /** Where it is kept, in words and never a path: the keychain's service name, the trust dir's private/ folder. */
  where: string;
  /** The user opted in to keeping this key's passphrase in the keychain. */
  passphraseRemembered: boolean;
  /** Exported (backed up) at least once, or acknowledged by the user. */
  backedUp: boolean;
  /** When the key was created, RFC 3339 UTC (whole seconds); absent when its store has no record of it. */
  created?: string;
}

export interface WatchedRepository {
  /** As the user typed it (normalised GUN without tag). */
  reference: string;
  gun: string;
  registry: string;
}

export interface Settings {
  version: 1;
  /** Trust server URL per registry domain (e.g. "registry.example.com:5000" → "https://notary.example.com"). */
  trustServers: Record<string, string>;
  watchedRepositories: string[];
  /** CA certificate file per registry/notary host:port (PEM). */
  caPaths: Record<string, string>;
  /**
   * The PKCS#11 module for hardware tokens, by path (kept in main like the CA files; `off`: none).
   * Absent: SIGNET_PKCS11_MODULE, else a common module installed here.
   */
  pkcs11Module?: string;
  /** Where new keys go; keys in the other store stay usable. */
  keyStore: 'keychain' | 'trust-dir';
  /** Canonical key IDs exported at least once or acknowledged (backup reminder). */
  backedUpKeys: string[];
  /** Registries added as a whole ("Add registry"): the repositories of their catalogs are listed. */
  watchedRegistries: string[];
}

/** Settings as the renderer sees them: each CA file by its name only (main keeps where it is). */
export interface SettingsView extends Omit<Settings, 'caPaths' | 'pkcs11Module'> {
  /** host:port → the CA certificate file's name (no folder). */
  caFiles: Record<string, string>;
}

/**
 * What the renderer may change with `settings:update`. CA files are set through a file chosen in
 * main's dialog (`settings:setCaFile`), never by path; a trust server change is confirmed in a
 * main-process dialog naming the old and the new server.
 */
export type SettingsPatch = Partial<Omit<Settings, 'version' | 'caPaths' | 'pkcs11Module'>>;

/** A file of the old config folder: moved into the config folder, or kept where it was (it could not be read). */
export interface ConfigNotice {
  kind: 'moved' | 'kept';
  /** One sentence: which file, from where to where, or why it was left. */
  message: string;
}

export interface SettingsState {
  settings: SettingsView;
  /** Set when the settings file could not be used: it was kept aside, defaults are in effect. */
  problem?: { message: string; keptAs: string };
  /** What Signet did with its config folder at start: a file moved in from the old folder, or left there (unreadable). */
  notices?: ConfigNotice[];
  file: string;
  /** The change asked for was not saved (the confirmation was cancelled); says which. */
  notSaved?: string;
}

export interface AppInfo {
  name: string;
  version: string;
  /** 'electron' in the app, 'harness' in the browser harness. */
  shell: 'electron' | 'harness';
  platform: string;
  versions: Record<string, string>;
  dockerConfig: string;
  trustDir: string;
  /** Where new keys go right now, and why (e.g. "no Secret Service reachable"). */
  keyStore: { active: 'keychain' | 'trust-dir'; note?: string };
}

/** A repository found without the user adding it: a key's GUN header, or trust data in the metadata cache. */
export interface DiscoveredRepository {
  gun: string;
  registry: string;
  source: 'keys' | 'cache';
}

/** One platform's image in a manifest list / OCI index (entries without a platform are left out). */

export type KeyImportRequest =
  /** One key file (`<id>.key`, notary's encrypted PEM), chosen in main's dialog (`files:chooseOpen`, purpose key-import). */
  | { file: string; role?: string; gun?: string }
  /** Every key in a docker/notary trust dir (`<dir>/private/**`), chosen in main's dialog (purpose trust-dir). */
  | { trustDir: string };

export interface BackupReminderDTO {
  /** Local keys never exported nor acknowledged, root keys first. */
  pending: Array<{ id: string; role: string; gun?: string; location: KeyLocationDTO }>;
}

/** Passphrase prompt, main → renderer. `requestId` ties the answer to this exact prompt. */
export interface PassphrasePrompt {
  requestId: string;
  keyId: string;
  role: string;
  gun?: string;
  /** Choosing a passphrase for a new key: ask twice, at least `minLength` characters. */
  isNew: boolean;
  attempt: number;
  minLength: number;
  /** The user may tick "remember in keychain" (keychain reachable). */
  canRemember: boolean;
  /** Milliseconds before the request times out and the operation is cancelled. */
  timeoutMs: number;
  /** Asking a hardware token's user PIN (the key is on the token `token`), not a passphrase; never remembered. */
  pin?: { token: string };
}

export interface PassphraseAnswer {
  requestId: string;
  passphrase: string;
  /** Keep it in the OS keychain for this key and use it before asking next time. */
  remember?: boolean;
}

export type ProgressStep =
  'resolving' | 'initializing' | 'fetching' | 'verifying' | 'signing' | 'publishing' | 'done' | 'failed';

export interface ProgressEvent {
  /** One ID per request (the channel call), so the UI can tell concurrent operations apart. */
  operationId: string;
  channel: string;
  gun?: string;
  step: ProgressStep;
}
