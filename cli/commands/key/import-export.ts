/** `signet key import|export`: notary-style key import (or a copy / move into the OS keychain) and export. */
import { decryptPrivateKey, readKeyFileHeaders } from '../../../core/crypto/key-file.js';
import { isSignetError, SignetError } from '../../../core/errors.js';
import { readKeyFile, writeKeyFile, writeKeyFiles } from '../../../core/node/files.js';
import { exportCosignKey, exportKey, importKeyFile } from '../../../core/operations/keys.js';
import type { PassphraseSource } from '../../../core/keystore/passphrase.js';
import { KeychainKeyStore } from '../../../core/node/keychain-key-store.js';
import { UsageError } from '../../args.js';
import {
  argsOf,
  type Context,
  exactly,
  exists,
  KeyCommandError,
  LOCATION_NAME,
  resolveId,
  service,
  tokenFlag,
} from './shared.js';

// ---------------------------------------------------------------- import

export async function importCmd(argv: string[], ctx: Context): Promise<number> {
  const { flags, positionals } = argsOf(argv, 'import');
  const from = flags.get('--from-trust-dir');
  const token = tokenFlag(flags, ctx);
  if (typeof from === 'string') {
    exactly(positionals, 0, 'import --from-trust-dir ID');
    if (token !== undefined) return importToToken(from, token, flags.has('--move'), ctx);
    return importFromTrustDir(from, flags.has('--move'), ctx);
  }
  if (flags.has('--move')) throw new UsageError('--move is only for --from-trust-dir');
  exactly(positionals, 1, 'import');
  const file = positionals[0]!;
  const role = flags.get('--role');
  const gun = flags.get('--gun');
  let text: string;
  try {
    text = await readKeyFile(file);
  } catch (e) {
    throw new KeyCommandError(`cannot read ${file}`, e);
  }
  try {
    await importKeyFile(service(ctx), text, file, {
      ...(typeof role === 'string' ? { role } : {}),
      ...(typeof gun === 'string' ? { gun } : {}),
      ...(token !== undefined ? { token } : {}),
      onImported: (info) =>
        ctx.io.stdout(
          `Imported key ${info.id} (role ${info.role}${info.gun ? `, gun ${info.gun}` : ''}) into the ${LOCATION_NAME[info.location]}\n`,
        ),
    });
  } catch (e) {
    throw new KeyCommandError(`cannot import key from ${file}`, e);
  }
  return 0;
}

/**
 * Copies a software key to a hardware token (notary's import to a YubiKey): the software copy stays
 * as the backup; `--move` is the user's consent to delete it once the token holds the key.
 */
async function importToToken(idArg: string, token: string, move: boolean, ctx: Context): Promise<number> {
  const id = await resolveId(idArg, ctx.stores);
  try {
    const info = await service(ctx).copyToToken(id, token, { removeSoftwareCopy: move });
    ctx.io.stdout(
      `Copied key ${info.id} (role ${info.role}${info.gun ? `, gun ${info.gun}` : ''}) to the token "${token}"; ` +
        (move ? 'the software copy was deleted\n' : 'the software copy is kept as the backup\n'),
    );
  } catch (e) {
    throw new KeyCommandError(`cannot copy key ${id} to the token "${token}"`, e);
  }
  return 0;
}

/**
 * Copies a trust-dir key into the keychain unchanged (still encrypted with its passphrase), then
 * reads the keychain entry back and decrypts it; with --move the trust-dir file is deleted only then.
 */
async function importFromTrustDir(idArg: string, move: boolean, ctx: Context): Promise<number> {
  const keychain =
    (ctx.stores.find((s) => s.location === 'keychain') as KeychainKeyStore | undefined) ?? new KeychainKeyStore();
  const id = await resolveId(idArg, [ctx.trustDir]);
  const stored = await ctx.trustDir.get(id);
  if (!stored) throw new KeyCommandError(`no private key with ID ${idArg} in ${ctx.trustDir.describe()}`);
  const answers = new Map<string, string>();
  const recording: PassphraseSource = {
    get: async (r) => {
      const p = await ctx.passphrases.get(r);
      if (p !== undefined) answers.set(`${r.isNew}`, p);
      return p;
    },
  };
  const verb = move ? 'move' : 'copy';
  try {
    await service(ctx, recording, [keychain, ctx.trustDir]).importKey(stored.pem, { to: 'keychain' });
  } catch (e) {
    throw new KeyCommandError(`cannot ${verb} key ${id} into the keychain`, e);
  }
  try {
    const back = await keychain.get(id);
    if (!back) throw new SignetError('KEY_STORE', 'the keychain does not return the entry just written');
    const pass = answers.get('true') ?? answers.get('false');
    const got = decryptPrivateKey(back.pem, readKeyFileHeaders(back.pem).encrypted ? pass : undefined).key.canonicalId;
    if (got !== id) throw new SignetError('KEY_STORE', `the keychain entry decrypts to key ${got}`);
  } catch (e) {
    await keychain.remove(id).catch(() => undefined);
    throw new KeyCommandError(
      `the key ${id} read back from the keychain does not verify; the keychain entry was removed and the trust dir was not changed`,
      e,
    );
  }
  if (move) {
    try {
      await ctx.trustDir.remove(id);
    } catch (e) {
      throw new KeyCommandError(
        `key ${id} was copied into the keychain but could not be deleted from the trust dir`,
        e,
      );
    }
  }
  ctx.io.stdout(
    `${move ? 'Moved' : 'Copied'} key ${id} (role ${stored.info.role}${stored.info.gun ? `, gun ${stored.info.gun}` : ''}) from the trust dir into the keychain (verified)\n`,
  );
  return 0;
}

// ---------------------------------------------------------------- export

export async function exportCmd(argv: string[], ctx: Context): Promise<number> {
  const { flags, positionals } = argsOf(argv, 'export');
  exactly(positionals, 1, 'export');
  const out = flags.get('--output');
  const format = flags.get('--format') ?? 'notary';
  if (format !== 'notary' && format !== 'cosign')
    throw new UsageError(`invalid --format "${String(format)}": use notary (the default) or cosign`);
  const id = await resolveId(positionals[0]!, ctx.stores, ctx.tokens);
  if (format === 'cosign') return exportCosign(id, typeof out === 'string' ? out : 'cosign', ctx);
  let exported;
  try {
    exported = await exportKey(service(ctx), id);
  } catch (e) {
    throw new KeyCommandError(`cannot export key ${id}`, e);
  }
  if (!exported.encrypted)
    ctx.io.stderr(`Warning: key ${id} is stored unencrypted; the exported file is unencrypted too\n`);
  if (typeof out !== 'string' || out === '' || out === '-') {
    ctx.io.stdout(exported.pem);
    return 0;
  }
  try {
    await writeKeyFile(out, exported.pem);
  } catch (e) {
    throw new KeyCommandError(
      e instanceof Error ? e.message : String(e),
      undefined,
      isSignetError(e) ? e.hint : undefined,
    );
  }
  ctx.io.stdout(`Exported key ${id} to ${out}\n`);
  return 0;
}

/**
 * `key export ID --format cosign [--output PREFIX]`: PREFIX.key (cosign's encrypted form, its
 * password from COSIGN_PASSWORD or asked twice) and PREFIX.pub, as cosign generate-key-pair writes
 * them (PREFIX defaults to "cosign", as there). Nothing is asked when either file already exists.
 */
async function exportCosign(id: string, prefix: string, ctx: Context): Promise<number> {
  if (prefix === '' || prefix === '-') throw new UsageError('--format cosign writes two files: give --output PREFIX');
  if (/\.(key|pub)$/.test(prefix))
    throw new UsageError(
      `--output takes a prefix: PREFIX.key and PREFIX.pub are written (did you mean --output ${prefix.slice(0, -4)}?)`,
    );
  const files = { key: `${prefix}.key`, pub: `${prefix}.pub` };
  for (const path of [files.key, files.pub]) {
    if (await exists(path))
      throw new KeyCommandError(
        `refusing to overwrite ${path}`,
        undefined,
        'choose another --output prefix, or delete that file first',
      );
  }
  let exported;
  try {
    exported = await exportCosignKey(service(ctx), id);
  } catch (e) {
    throw new KeyCommandError(`cannot export key ${id} for cosign`, e);
  }
  try {
    await writeKeyFiles([
      { path: files.key, text: exported.privateKey },
      { path: files.pub, text: exported.publicKey },
    ]);
  } catch (e) {
    throw new KeyCommandError(
      e instanceof Error ? e.message : String(e),
      undefined,
      isSignetError(e) ? e.hint : undefined,
    );
  }
  ctx.io.stdout(`Private key written to ${files.key}\nPublic key written to ${files.pub}\n`);
  return 0;
}
