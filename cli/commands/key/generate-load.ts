/** `signet key generate|load`: drop-ins for `docker trust key generate|load` (same checks, order, messages, files and modes). */
import { stat } from 'node:fs/promises';
import { readKeyFile } from '../../../core/node/files.js';
import { join } from 'node:path';
import { publicKeyPem, readKeyFileHeaders } from '../../../core/crypto/key-file.js';
import { isSignetError } from '../../../core/errors.js';
import { isValidKeyName } from '../../../core/trust/policy.js';
import {
  argsOf,
  badName,
  type Context,
  errno,
  exactly,
  exists,
  KeyCommandError,
  service,
  short,
  tokenFlag,
  writeNewFile,
} from './shared.js';
import { privateKeyBlocks } from '../../../core/crypto/key-blocks.js';

// ---------------------------------------------------------------- generate

/** docker trust key generate: same checks, order, messages, files (NAME.pub 0600, `role: NAME`). */
export async function generate(argv: string[], ctx: Context): Promise<number> {
  const { flags, positionals } = argsOf(argv, 'generate');
  exactly(positionals, 1, 'generate');
  const name = positionals[0]!;
  const token = tokenFlag(flags, ctx);
  const dirFlag = flags.get('--dir');
  const dir = typeof dirFlag === 'string' && dirFlag !== '' ? dirFlag : process.cwd();
  if (!isValidKeyName(name)) throw new KeyCommandError(badName(name));
  try {
    await stat(dir);
  } catch (e) {
    if (errno(e) === 'ENOENT') throw new KeyCommandError(`public key path does not exist: "${dir}"`);
    throw new KeyCommandError(`cannot use public key path "${dir}"`, e);
  }
  const pubPath = join(dir, `${name}.pub`);
  if (await exists(pubPath)) throw new KeyCommandError(`public key file already exists: "${pubPath}"`);
  ctx.io.stdout(`Generating key for ${name}...\n`);
  let key;
  try {
    ({ key } = await service(ctx).generateKey(name, undefined, token !== undefined ? { token } : {}));
  } catch (e) {
    throw new KeyCommandError(`failed to generate key for ${name}`, e);
  }
  try {
    await writeNewFile(pubPath, publicKeyPem(key.publicKey, name), { atomic: true });
  } catch (e) {
    throw new KeyCommandError(
      `failed to write public key to ${pubPath}`,
      e,
      token !== undefined
        ? `the private key ${key.canonicalId} is on the token "${token}"; signet key list shows it`
        : `the private key ${key.canonicalId} was stored; signet key export ${short(key.canonicalId)} gives it back`,
    );
  }
  ctx.io.stdout(`Successfully generated and loaded private key. Corresponding public key available: ${pubPath}\n`);
  return 0;
}

// ---------------------------------------------------------------- load

/**
 * docker trust key load: name check, `Loading key from "FILE"...`, the permission check, then the
 * import. Unlike docker 28 an encrypted file is really imported: its passphrase is asked and kept.
 * As in docker, a `role:` header in the file wins over --name (the name is the fallback).
 */
export async function load(argv: string[], ctx: Context): Promise<number> {
  const { flags, positionals } = argsOf(argv, 'load');
  exactly(positionals, 1, 'load');
  const file = positionals[0]!;
  const nameFlag = flags.get('--name');
  const name = typeof nameFlag === 'string' ? nameFlag : 'signer';
  if (name !== '' && !isValidKeyName(name)) throw new KeyCommandError(badName(name));
  ctx.io.stdout(`Loading key from "${file}"...\n`);
  let text: string;
  try {
    const st = await stat(file);
    if ((st.mode & 0o077) !== 0) throw new Error(`private key file ${file} must not be readable or writable by others`);
    text = await readKeyFile(file);
  } catch (e) {
    const message = errno(e) === 'ENOENT' ? `stat ${file}: no such file or directory` : (e as Error).message;
    throw new KeyCommandError(`refusing to load key from ${file}: ${message}`);
  }
  const blocks = privateKeyBlocks(text);
  if (blocks.length === 0) {
    throw new KeyCommandError(
      `error importing key from ${file}: provided file ${file} is not a supported private key - to add a signer's public key use docker trust signer add`,
    );
  }
  const svc = service(ctx);
  for (const block of blocks) {
    const role = block.headers.role || name || 'signer';
    try {
      await svc.importKey(block.pem, { role });
    } catch (e) {
      const encrypted = readKeyFileHeaders(block.pem).encrypted;
      const what =
        encrypted &&
        (isSignetError(e, 'KEY_WRONG_PASSPHRASE') || isSignetError(e, 'KEY_CANCELLED') || isSignetError(e, 'BAD_INPUT'))
          ? `cannot load key from provided file ${file}: could not decrypt key`
          : isSignetError(e, 'KEY_CANCELLED')
            ? 'no passphrase to encrypt the key with'
            : 'the key could not be read or stored';
      throw new KeyCommandError(`error importing key from ${file}: ${what}`, e);
    }
  }
  ctx.io.stdout(`Successfully imported key from ${file}\n`);
  return 0;
}
