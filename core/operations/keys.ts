/**
 * Key import and export, once for the CLI and the app: a file may hold several keys (each PEM
 * block is imported; a cosign.key too), and an export is notary's `key export` form, loadable by
 * `notary key import` and `docker trust key load`, or cosign's key pair. Writing the files is the
 * shell's (core/node/files.ts writeKeyFile, writeKeyFiles).
 */
import { encryptCosignKey, type CosignKeyFiles } from '../crypto/cosign-key.js';
import { privateKeyBlocks, withPathHeader } from '../crypto/key-blocks.js';
import { readKeyFileHeaders } from '../crypto/key-file.js';
import { SignetError } from '../errors.js';
import type { CryptoService } from '../keystore/crypto-service.js';
import type { KeyStore, StoredKeyInfo } from '../keystore/key-store.js';

export interface ImportKeyFileOptions {
  role?: string;
  gun?: string;
  /** Told of each key as it is imported (a later block may still fail). */
  onImported?: (info: StoredKeyInfo) => void;
  /** Also put each key on this hardware token (the store keeps the software copy as the backup). */
  token?: string;
}

/** Imports every private key block of a key file's text (`source` names the file in errors). */
export async function importKeyFile(
  keys: CryptoService,
  text: string,
  source: string,
  opts: ImportKeyFileOptions = {},
): Promise<StoredKeyInfo[]> {
  const blocks = privateKeyBlocks(text);
  if (blocks.length === 0) {
    throw new SignetError('BAD_INPUT', `${source} holds no supported private key`, {
      hint: 'expected a PEM private key (ENCRYPTED PRIVATE KEY, PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY) or a cosign.key',
    });
  }
  const out: StoredKeyInfo[] = [];
  for (const block of blocks) {
    const info = await keys.importKey(block.pem, {
      ...(opts.role !== undefined ? { role: opts.role } : {}),
      ...(opts.gun !== undefined ? { gun: opts.gun } : {}),
      ...(opts.token !== undefined ? { token: opts.token } : {}),
    });
    opts.onImported?.(info);
    out.push(info);
  }
  return out;
}

/** Imports every key of another store (a docker or notary trust dir), keeping role, GUN and creation time. */
export async function importKeyStore(keys: CryptoService, source: KeyStore, where: string): Promise<StoredKeyInfo[]> {
  const found = await source.list();
  if (found.length === 0) {
    throw new SignetError('KEY_NOT_FOUND', `no private keys in ${where}`, {
      hint: 'choose a docker trust dir (~/.docker/trust) or notary dir (~/.notary)',
    });
  }
  const out: StoredKeyInfo[] = [];
  for (const k of found) {
    const stored = await source.get(k.id);
    if (!stored) continue;
    out.push(
      await keys.importKey(stored.pem, {
        role: k.role,
        ...(k.gun !== undefined ? { gun: k.gun } : {}),
        ...(k.created !== undefined ? { created: k.created } : {}),
      }),
    );
  }
  return out;
}

export interface ExportedKey {
  id: string;
  /** The key file text, as stored (encrypted when the key is) with notary's `path:` header. */
  pem: string;
  /** False when the key is stored unencrypted: the exported file is unencrypted too (warn the user). */
  encrypted: boolean;
}

export async function exportKey(keys: CryptoService, id: string): Promise<ExportedKey> {
  const pem = withPathHeader(await keys.exportKey(id), id);
  return { id, pem, encrypted: readKeyFileHeaders(pem).encrypted };
}

/** A key as cosign's key pair: write `privateKey` to PREFIX.key and `publicKey` to PREFIX.pub. */
export interface ExportedCosignKey extends CosignKeyFiles {
  id: string;
}

/**
 * Key `id` in cosign's format, for `cosign sign --key`: decrypted with its own passphrase (asked
 * first), then encrypted with a cosign password (COSIGN_PASSWORD, else asked as a new one). Only
 * ECDSA P-256 keys (KEY_UNSUPPORTED otherwise).
 */
export async function exportCosignKey(keys: CryptoService, id: string): Promise<ExportedCosignKey> {
  const key = await keys.unlockSoftwareCopy(id);
  if (key.algorithm !== 'ecdsa') {
    throw new SignetError(
      'KEY_UNSUPPORTED',
      `key ${id.slice(0, 7)} is ${key.algorithm}: cosign keys here are ECDSA P-256`,
      {
        hint: 'export a P-256 key (every key docker, notary and Signet generate is one)',
      },
    );
  }
  const password = await keys.newCosignPassword(id);
  return { id, ...(await encryptCosignKey(key, password)) };
}
