/**
 * Hardware tokens for a context: the PKCS#11 module a shell chose (flag, SIGNET_PKCS11_MODULE,
 * the app's setting, else a common one installed here) behind the crypto service's TokenKeys.
 */
import type { PassphraseSource } from '../keystore/passphrase.js';
import type { TokenDriver, TokenInfo } from '../keystore/token.js';
import type { TokenKeyMemory } from '../keystore/token-key-memory.js';
import { TokenKeys } from '../keystore/token-keys.js';
import { Pkcs11Driver } from './pkcs11-driver.js';
import { choosePkcs11Module, installedModules } from './pkcs11-module.js';
import { tokenKeyMemoryFor } from './token-key-memory-file.js';

export interface TokenOptions {
  /** `--pkcs11-module PATH` (or `off`). */
  module?: string | undefined;
  /** The app's Settings → Hardware tokens module path. */
  settings?: string | undefined;
  env?: Record<string, string | undefined>;
  /** The token new keys of a role are generated on (`--token`, `--root-token`). */
  newKeysOn?: (role: string) => string | undefined;
  /** Before a token signs (it may wait for a touch). */
  onSign?: (token: string) => void;
}

/** The tokens of the chosen module, or undefined when none is named and none is installed. */
export function nodeTokenKeys(
  opts: TokenOptions,
  passphrases: PassphraseSource,
  now: () => Date,
): TokenKeys | undefined {
  const choice = choosePkcs11Module({ flag: opts.module, env: opts.env, settings: opts.settings });
  if (!choice) return undefined;
  const driver = choice.source === 'default' ? firstWithTokens(installedModules()) : new Pkcs11Driver(choice.path);
  return new TokenKeys(driver, passphrases, now, opts.onSign, memoryFor(opts.env ?? process.env));
}

/** The config folder's memory of token keys; none for an environment naming no home (a test's `{}`). */
function memoryFor(env: Record<string, string | undefined>): TokenKeyMemory | undefined {
  return env['HOME'] || env['USERPROFILE'] || env['XDG_CONFIG_HOME'] || env['APPDATA']
    ? tokenKeyMemoryFor(env)
    : undefined;
}

/**
 * The IDs of the keys on the chosen module's tokens (listing needs no PIN), and those remembered on
 * tokens not inserted now; none without a module.
 */
export async function tokenKeyIds(opts: TokenOptions, now: () => Date): Promise<Set<string>> {
  const ids = new Set<string>();
  const tokens = nodeTokenKeys(opts, { get: async () => undefined }, now);
  if (!tokens) return ids;
  try {
    for (const k of await tokens.list().catch(() => [])) ids.add(k.id);
    for (const k of await tokens.absent().catch(() => [])) ids.add(k.id);
  } finally {
    await tokens.close().catch(() => undefined);
  }
  return ids;
}

/**
 * With no module named: the first common module installed that sees a token (a SoftHSM user with
 * OpenSC installed too finds the SoftHSM token), else the first installed; chosen once. One that
 * cannot be loaded shows no tokens rather than failing a command that uses none.
 */
export function firstWithTokens(paths: string[]): TokenDriver {
  const drivers = paths.map((p) => new Pkcs11Driver(p));
  let chosen: Pkcs11Driver | undefined;
  const pick = async (): Promise<Pkcs11Driver> => {
    if (chosen) return chosen;
    for (const d of drivers) {
      const tokens: TokenInfo[] = await d.listTokens().catch(() => []);
      if (tokens.length > 0) return (chosen = d);
    }
    return (chosen = drivers[0]!);
  };
  return {
    get module() {
      return (chosen ?? drivers[0]!).module;
    },
    // a module nobody named that cannot be loaded means no tokens, never a failed command
    listTokens: async () => (await pick()).listTokens().catch(() => []),
    listKeys: async (t) => (await pick()).listKeys(t),
    loggedIn: (t) => chosen?.loggedIn(t) ?? false,
    login: async (t, pin) => (await pick()).login(t, pin),
    generateKey: async (t, label) => (await pick()).generateKey(t, label),
    importKey: async (t, label, secret) => (await pick()).importKey(t, label, secret),
    writeCertificate: async (t, id, label, der, subject) => (await pick()).writeCertificate(t, id, label, der, subject),
    sign: async (t, id, message) => (await pick()).sign(t, id, message),
    removeKey: async (t, id) => (await pick()).removeKey(t, id),
    close: async () => {
      await Promise.all(drivers.map((d) => d.close()));
    },
  };
}
