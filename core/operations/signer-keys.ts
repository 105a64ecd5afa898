/**
 * A signer's public keys from the files a user gave (`signet signer add --key FILE`, the app's
 * Add signer dialog), as docker's ingestPublicKeys reads them: PEM `PUBLIC KEY` or `CERTIFICATE`
 * (valid at `now`). A private key is refused outright, so it is never handled by mistake. The
 * shells only read the bytes; every rule is here.
 */
import { parsePublicKeyPem } from '../crypto/key-file.js';
import { SignetError } from '../errors.js';
import type { CryptoService } from '../keystore/crypto-service.js';
import { checkSignerName } from '../trust/roles.js';
import type { PublicKeyJSON } from '../tuf/types.js';

/** A file's bytes and the name messages give it (the path as typed, or the chosen file's name). */
export interface PublicKeyFile {
  name: string;
  bytes: Uint8Array;
}

/** The files' public keys, in file order; the same key given twice is listed once. */
export function signerPublicKeys(files: readonly PublicKeyFile[], now: Date): PublicKeyJSON[] {
  const out: PublicKeyJSON[] = [];
  const seen = new Set<string>();
  for (const { name, bytes } of files) {
    const text = new TextDecoder().decode(bytes); // not strict: a binary file is "no valid public key", not a crash
    if (/PRIVATE KEY/.test(text)) {
      throw new SignetError('BAD_INPUT', `${name} holds a private key, not a public key`, {
        hint: "choose the signer's public key (.pub / .crt) file",
      });
    }
    let key: PublicKeyJSON;
    try {
      key = parsePublicKeyPem(text, now);
    } catch (e) {
      throw new SignetError('BAD_INPUT', `could not parse public key from file: ${name}: ${(e as Error).message}`, {
        cause: e,
      });
    }
    const id = `${key.keytype}\u0000${key.keyval.public}`;
    if (!seen.has(id)) out.push(key);
    seen.add(id);
  }
  return out;
}

/**
 * More of a signer's keys, from the user's key stores: keys held here (unlocked, so their
 * passphrases are asked) and a new key named after the signer (docker trust key generate NAME).
 */
export async function heldSignerKeys(
  keys: CryptoService,
  name: string,
  opts: { keyIds?: readonly string[]; newKey?: boolean },
): Promise<{ keys: PublicKeyJSON[]; newKeyId?: string }> {
  checkSignerName(name); // before a key is created for a name that cannot be used
  const out: PublicKeyJSON[] = [];
  for (const id of opts.keyIds ?? []) out.push((await keys.unlock(id)).publicKey);
  if (!opts.newKey) return { keys: out };
  const { key } = await keys.generateKey(name);
  out.push(key.publicKey);
  return { keys: out, newKeyId: key.canonicalId };
}
