/**
 * What the key store asks a {@link PassphraseSource} for: a key file's passphrase (retried on a
 * wrong one, a cosign key's password), a new passphrase to encrypt a key with, and a cosign copy's
 * password. Nothing here keeps a passphrase.
 */
import { decryptCosignKey, isCosignKeyType } from '../crypto/cosign-key.js';
import { decryptPrivateKey, encryptPrivateKey, readKeyFileHeaders } from '../crypto/key-file.js';
import type { PrivateKey } from '../crypto/private-key.js';
import { SignetError, isSignetError } from '../errors.js';
import type { StoredKeyInfo } from './key-store.js';
import { MAX_PASSPHRASE_ATTEMPTS, displayAlias, type PassphraseRequest, type PassphraseSource } from './passphrase.js';

const short = (id: string): string => id.slice(0, 7);
/** `o` with `gun` set only when there is one (no `gun: undefined` keys in requests). */
const withGun = <T extends object>(o: T, gun: string | undefined): T & { gun?: string } => (gun ? { ...o, gun } : o);

/** Decrypts, asking the existing passphrase; the passphrase is returned only to re-encrypt on import. */
export async function decryptAsking(
  passphrases: PassphraseSource,
  pem: string,
  req: Omit<PassphraseRequest, 'isNew' | 'attempt'>,
): Promise<{ key: PrivateKey; passphrase?: string }> {
  const headers = readKeyFileHeaders(pem);
  if (!headers.encrypted) return { key: decryptPrivateKey(pem, undefined).key };
  // a cosign.key: its password is cosign's, never kept (the key is stored under a new passphrase)
  const cosign = isCosignKeyType(headers.type);
  const ask: Omit<PassphraseRequest, 'isNew' | 'attempt'> = cosign
    ? { keyId: '', role: 'cosign', format: 'cosign' }
    : req;
  const what = cosign
    ? 'the cosign private key'
    : `${displayAlias(req.role)} key${req.keyId ? ` with ID ${short(req.keyId)}` : ''}`;
  const word = cosign ? 'password' : 'passphrase';
  for (let attempt = 1; attempt <= MAX_PASSPHRASE_ATTEMPTS; attempt++) {
    const passphrase = await passphrases.get({ ...ask, isNew: false, attempt });
    if (passphrase === undefined) throw new SignetError('KEY_CANCELLED', `no ${word} given for ${what}`);
    try {
      if (cosign) return { key: await decryptCosignKey(pem, passphrase) };
      return { key: decryptPrivateKey(pem, passphrase).key, passphrase };
    } catch (e) {
      if (!isSignetError(e, 'KEY_WRONG_PASSPHRASE')) throw e;
    }
  }
  throw new SignetError('KEY_WRONG_PASSPHRASE', `Too many attempts: wrong ${word} for ${what}`, {
    hint: cosign
      ? 'check the password the key was made with (or COSIGN_PASSWORD)'
      : 'check the passphrase (or DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE / DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE)',
  });
}

/**
 * The password for a cosign copy of key `id` (what `cosign sign --key` will ask): COSIGN_PASSWORD
 * or asked twice, as a new passphrase is. An empty one is refused: the file would be as good as
 * unencrypted.
 */
export async function askCosignPassword(passphrases: PassphraseSource, id: string): Promise<string> {
  const password = await passphrases.get({
    keyId: id,
    role: 'cosign',
    format: 'cosign',
    isNew: true,
    attempt: 1,
  });
  if (password === undefined)
    throw new SignetError('KEY_CANCELLED', `no password given for the cosign copy of key ${short(id)}`);
  if (password === '')
    throw new SignetError('BAD_INPUT', 'refusing to write a cosign private key with an empty password', {
      hint: 'set COSIGN_PASSWORD to a password (or unset it to be asked)',
    });
  return password;
}

/** Asks for a new passphrase and encrypts; nothing is stored by the caller if this throws. */
export async function encryptAsking(
  passphrases: PassphraseSource,
  key: PrivateKey,
  info: StoredKeyInfo,
): Promise<string> {
  const passphrase = await passphrases.get(
    withGun({ keyId: info.id, role: info.role, isNew: true, attempt: 1 }, info.gun),
  );
  if (passphrase === undefined)
    throw new SignetError(
      'KEY_CANCELLED',
      `no passphrase given for new ${displayAlias(info.role)} key with ID ${short(info.id)}`,
    );
  if (passphrase === '')
    throw new SignetError('BAD_INPUT', 'refusing to store a private key unencrypted: the passphrase is empty');
  return encryptPrivateKey(key, passphrase, withGun({ role: info.role }, info.gun));
}
