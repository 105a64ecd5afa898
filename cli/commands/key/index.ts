/**
 * `signet key ...`: a drop-in for `docker trust key generate|load` (same messages, files and modes)
 * plus notary-style key management (list, import, export, passwd, remove), over docker's trust dir
 * and, with --keychain, the OS keychain. This module dispatches to the subcommands.
 */
import { UsageError, type FlagSpec } from '../../args.js';
import type { CliIO } from '../../io.js';
import { keyRotateCommand } from '../rotate.js';
import { generate, load } from './generate-load.js';
import { exportCmd, importCmd } from './import-export.js';
import { list } from './list.js';
import { passwd, remove } from './passwd-remove.js';
import { describeFailure } from '../../errors.js';
import { argsWith, context, SPECS, type Sub } from './shared.js';

export const KEY_USAGE = `Usage:  signet key [--keychain] COMMAND

Manage signing keys (drop-in for docker trust key, plus notary-style key management)

Commands:
  generate NAME [--dir DIR] [--token LABEL]
                                       Generate and load a signing key-pair; writes DIR/NAME.pub (as docker trust key generate);
                                       with --token the private key is made on the hardware token LABEL and never leaves it
  load [--name NAME] FILE              Load a private key file, default name "signer" (as docker trust key load)
  list [--format json]                 List private keys: ROLE, GUN, KEY ID, LOCATION
  import FILE [--role ROLE] [--gun GUN]
                                       Import a private key file (as notary key import), or a
                                       cosign.key (its password: COSIGN_PASSWORD, else asked)
  import --from-trust-dir ID [--move]  Copy (or move) a trust-dir key into the OS keychain
  import FILE --token LABEL            Import a key file, then copy it to the hardware token LABEL (the file's key
                                       stays in the trust dir as the backup)
  import --from-trust-dir ID --token LABEL [--move]
                                       Copy a key to the hardware token LABEL; the software copy is kept as the
                                       backup unless --move says to delete it
  export ID [--output FILE]            Write a key as notary's encrypted PEM (mode 0600, never overwrites)
  export ID --format cosign [--output PREFIX]
                                       Write PREFIX.key (cosign's encrypted key; password: COSIGN_PASSWORD,
                                       else asked twice) and PREFIX.pub, mode 0600; default prefix "cosign"
  passwd ID                            Change the passphrase of a key
  remove ID [-y]                       Delete a private key (asks to type its 7-character ID prefix unless -y)
  remove --forget ID                   Stop listing a key remembered on a token that is not inserted
  rotate REPOSITORY ROLE               Rotate a repository key (as notary key rotate; see 'signet key rotate --help')

Global options:
      --keychain   New and imported keys go to the OS keychain; keys are looked up and listed
                   in the keychain and the trust dir. Default: docker's trust dir only
                   ($DOCKER_CONFIG/trust/private), exactly where docker and notary keep them.
      --pkcs11-module PATH
                   The PKCS#11 module for hardware tokens (default: $SIGNET_PKCS11_MODULE, else
                   libykcs11, opensc-pkcs11 or libsofthsm2 where installed; "off": none). Keys on
                   tokens are listed as "hardware: <token label>" and sign where they are.

Key IDs may be abbreviated to any unique prefix.
Passphrases: DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE (root keys), DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE
(every other key), else a prompt on the terminal. 'key passwd' reads the new passphrase from
SIGNET_NEW_PASSPHRASE, else from the terminal. A cosign key's password: COSIGN_PASSWORD, else the terminal.
A token's PIN: SIGNET_PKCS11_PIN, else a prompt on the terminal.
`;

const SUBCOMMANDS: Record<string, { run: Sub; spec: FlagSpec }> = {
  generate: { run: generate, spec: SPECS['generate']! },
  load: { run: load, spec: SPECS['load']! },
  list: { run: list, spec: SPECS['list']! },
  ls: { run: list, spec: SPECS['ls']! },
  import: { run: importCmd, spec: SPECS['import']! },
  export: { run: exportCmd, spec: SPECS['export']! },
  passwd: { run: passwd, spec: SPECS['passwd']! },
  remove: { run: remove, spec: SPECS['remove']! },
  rm: { run: remove, spec: SPECS['rm']! },
};

/**
 * `signet key ...`: exit 0 on success, 1 on any failure (usage errors are thrown as UsageError).
 * Global flags may come before the subcommand (cli/main.ts puts `signet --keychain key ...` ones there):
 * --keychain (or after it), and --server URL, which only `key rotate` uses.
 */
export async function keyCommand(argv: string[], io: CliIO): Promise<number> {
  let keychain = false;
  let help = false;
  let server: string | undefined;
  let pkcs11Module: string | undefined;
  let idx = 0;
  for (; idx < argv.length; idx++) {
    const a = argv[idx]!;
    if (a === '--keychain') keychain = true;
    else if (a === '--help' || a === '-h') help = true;
    else if (a.startsWith('--server=')) server = a.slice('--server='.length);
    else if (a.startsWith('--pkcs11-module=')) pkcs11Module = a.slice('--pkcs11-module='.length);
    else if (a === '--pkcs11-module') {
      pkcs11Module = argv[++idx];
      if (pkcs11Module === undefined) throw new UsageError('flag needs an argument: --pkcs11-module');
    } else if (a === '--server') {
      server = argv[++idx];
      if (server === undefined) throw new UsageError('flag needs an argument: --server');
    } else if (a.startsWith('-')) throw new UsageError(`unknown flag: ${a}`);
    else break;
  }
  if (idx >= argv.length) {
    io.stdout(KEY_USAGE);
    return help ? 0 : 1;
  }
  const name = argv[idx]!;
  const rest = argv.slice(idx + 1);
  if (name === 'rotate') {
    // notary's `key rotate`: a repository operation, implemented in rotate.ts
    const globals = [
      ...(keychain ? ['--keychain'] : []),
      ...(server !== undefined ? ['--server', server] : []),
      ...(pkcs11Module !== undefined ? ['--pkcs11-module', pkcs11Module] : []),
    ];
    return keyRotateCommand([...rest, ...(help ? ['--help'] : []), ...globals], io);
  }
  const sub = SUBCOMMANDS[name];
  if (!sub) throw new UsageError(`unknown key command: ${name}`);
  const parsed = argsWith(rest, sub.spec);
  if (help || parsed.flags.has('--help')) {
    io.stdout(KEY_USAGE);
    return 0;
  }
  const own = parsed.flags.get('--pkcs11-module');
  const ctx = context(io, keychain || parsed.flags.has('--keychain'), typeof own === 'string' ? own : pkcs11Module);
  try {
    return await sub.run(rest, ctx);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    io.stderr(describeFailure(e));
    return 1;
  } finally {
    await ctx.tokens?.close().catch(() => undefined);
  }
}
