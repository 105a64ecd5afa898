/**
 * What the `signet key` subcommands share: the context (stores, passphrases), argument checks and
 * key ID prefixes. Failures are cli/errors.ts CommandErrors; key files come from core.
 */
import { stat } from 'node:fs/promises';
import { CryptoService } from '../../../core/keystore/crypto-service.js';
import type { KeyLocation, KeyStore } from '../../../core/keystore/key-store.js';
import type { PassphraseSource } from '../../../core/keystore/passphrase.js';
import { KeychainKeyStore } from '../../../core/node/keychain-key-store.js';
import {
  ChainedPassphraseSource,
  EnvPassphraseSource,
  TtyPassphraseSource,
} from '../../../core/node/passphrase-sources.js';
import { TrustDirKeyStore } from '../../../core/node/trust-dir-key-store.js';
import { nodeTokenKeys } from '../../../core/node/token-context.js';
import type { TokenKeys } from '../../../core/keystore/token-keys.js';
import { parseArgs, UsageError, type FlagSpec } from '../../args.js';
import type { CliIO } from '../../io.js';

/** docker's message for a name that breaks its key name rule (the rule: core/trust/policy.ts isValidKeyName). */
export const badName = (name: string): string =>
  `key name "${name}" must start with lowercase alphanumeric characters and can include "-" or "_" after the first character`;
export const LOCATION_NAME: Record<KeyLocation, string> = {
  keychain: 'keychain',
  'trust-dir': 'trust dir',
  memory: 'memory',
  hardware: 'hardware',
};
export const short = (id: string): string => id.slice(0, 7);

import { CommandError as KeyCommandError } from '../../errors.js';

export { KeyCommandError };

export interface Context {
  io: CliIO;
  /** The keys on hardware tokens (PKCS#11 module from --pkcs11-module, SIGNET_PKCS11_MODULE or a common one). */
  tokens: TokenKeys | undefined;
  keychain: boolean;
  trustDir: TrustDirKeyStore;
  /** [keychain, trust dir] with --keychain, else [trust dir]. */
  stores: KeyStore[];
  passphrases: PassphraseSource;
}

export function context(io: CliIO, keychain: boolean, pkcs11Module?: string): Context {
  const trustDir = TrustDirKeyStore.fromEnv(io.env);
  const stores: KeyStore[] = keychain ? [new KeychainKeyStore(), trustDir] : [trustDir];
  const passphrases = new ChainedPassphraseSource([new EnvPassphraseSource(io.env), new TtyPassphraseSource()]);
  const tokens = nodeTokenKeys({ module: pkcs11Module, env: io.env }, passphrases, io.now);
  return { io, tokens, keychain, trustDir, stores, passphrases };
}

export const service = (
  ctx: Context,
  passphrases: PassphraseSource = ctx.passphrases,
  stores: KeyStore[] = ctx.stores,
): CryptoService =>
  new CryptoService({ stores, passphrases, now: ctx.io.now, ...(ctx.tokens ? { tokens: ctx.tokens } : {}) });

/** The token a `--token LABEL` names: TOKEN_MODULE when no PKCS#11 module is there to reach it. */
export function tokenFlag(flags: Map<string, string | boolean>, ctx: Context): string | undefined {
  const token = flags.get('--token');
  if (typeof token !== 'string') return undefined;
  if (!ctx.tokens) {
    throw new KeyCommandError(
      `cannot use the token "${token}": no PKCS#11 module is configured`,
      undefined,
      'name the module with --pkcs11-module PATH or SIGNET_PKCS11_MODULE (libykcs11, opensc-pkcs11, libsofthsm2)',
    );
  }
  return token;
}

export type Sub = (args: string[], ctx: Context) => Promise<number>;

/** Each subcommand's own flags. */
export const SPECS: Record<string, FlagSpec> = {
  generate: { withValue: ['--dir', '--token'], aliases: { '-d': '--dir' } },
  load: { withValue: ['--name'] },
  list: { withValue: ['--format'], aliases: { '-f': '--format' } },
  ls: { withValue: ['--format'], aliases: { '-f': '--format' } },
  import: {
    withValue: ['--role', '--gun', '--from-trust-dir', '--token'],
    booleans: ['--move'],
    aliases: { '-r': '--role', '-g': '--gun' },
  },
  export: { withValue: ['--output', '--format'], aliases: { '-o': '--output', '-f': '--format' } },
  passwd: {},
  remove: { booleans: ['--yes', '--forget'], aliases: { '-y': '--yes' } },
  rm: { booleans: ['--yes', '--forget'], aliases: { '-y': '--yes' } },
};

/** Parses a subcommand's own arguments (the global --keychain is accepted anywhere). */
export function argsOf(args: string[], name: string): ReturnType<typeof parseArgs> {
  return argsWith(args, SPECS[name]!);
}

export function argsWith(args: string[], spec: FlagSpec): ReturnType<typeof parseArgs> {
  return parseArgs(args, {
    ...spec,
    withValue: [...(spec.withValue ?? []), '--pkcs11-module'],
    booleans: [...(spec.booleans ?? []), '--keychain', '--help'],
    aliases: { ...spec.aliases, '-h': '--help' },
  });
}

export function exactly(positionals: string[], n: number, what: string): void {
  if (positionals.length !== n)
    throw new UsageError(`"signet key ${what}" requires exactly ${n} argument${n === 1 ? '' : 's'}.`);
}

export const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException)?.code;

// ---------------------------------------------------------------- helpers

/** A full key ID, or the one key whose ID starts with `arg`, among the stores' keys (and the tokens'). */
export async function resolveId(arg: string, stores: KeyStore[], tokens?: TokenKeys): Promise<string> {
  const want = arg.toLowerCase();
  if (!/^[0-9a-f]{1,64}$/.test(want))
    throw new KeyCommandError(
      `invalid key ID "${arg}"`,
      undefined,
      'a key ID is 64 hex characters, or a unique prefix of one (see signet key list)',
    );
  const ids = new Set<string>();
  try {
    for (const s of stores) for (const k of await s.list()) if (k.id.startsWith(want)) ids.add(k.id);
    for (const k of tokens ? await tokens.list() : []) if (k.id.startsWith(want)) ids.add(k.id);
    for (const k of tokens ? await tokens.absent() : []) if (k.id.startsWith(want)) ids.add(k.id);
  } catch (e) {
    throw new KeyCommandError('cannot list keys', e);
  }
  if (ids.size === 1) return [...ids][0]!;
  const where = stores.map((s) => (s as { describe?: () => string }).describe?.() ?? s.location).join(' or ');
  if (ids.size === 0) {
    throw new KeyCommandError(
      `no private key with ID ${arg} in ${where}`,
      undefined,
      stores.some((s) => s.location === 'keychain')
        ? 'see signet key list --keychain'
        : 'see signet key list (add --keychain for keys in the OS keychain)',
    );
  }
  throw new KeyCommandError(
    `key ID prefix ${arg} is ambiguous: ${[...ids].sort().join(', ')}`,
    undefined,
    'give more characters of the ID',
  );
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

export { writeNewFile } from '../../../core/node/files.js';
