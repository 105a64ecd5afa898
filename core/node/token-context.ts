/**
 * Hardware tokens for a context: the PKCS#11 module a shell chose (flag, SIGNET_PKCS11_MODULE,
 * the app's setting, else a common one installed here) behind the crypto service's TokenKeys.
 */
import type { PassphraseSource } from '../keystore/passphrase.js';
import { TokenKeys } from '../keystore/token-keys.js';
import { Pkcs11Driver } from './pkcs11-driver.js';
import { choosePkcs11Module } from './pkcs11-module.js';

export interface TokenOptions {
  /** `--pkcs11-module PATH` (or `off`). */
  module?: string | undefined;
  /** The app's Settings → Hardware tokens module path. */
  settings?: string | undefined;
  env?: Record<string, string | undefined>;
  /** The token new keys of a role are generated on (`--token`, `--root-token`). */
  newKeysOn?: (role: string) => string | undefined;
}

/** The tokens of the chosen module, or undefined when none is named and none is installed. */
export function nodeTokenKeys(
  opts: TokenOptions,
  passphrases: PassphraseSource,
  now: () => Date,
): TokenKeys | undefined {
  const choice = choosePkcs11Module({ flag: opts.module, env: opts.env, settings: opts.settings });
  return choice ? new TokenKeys(new Pkcs11Driver(choice.path), passphrases, now) : undefined;
}
