import { SignetError } from '../errors.js';
import { parsePublicKeyPem } from '../crypto/key-file.js';
import type { PublicKeyJSON } from '../tuf/types.js';
import { readUserFile, USER_FILE_CAPS } from './files.js';

/**
 * Reads signer public keys from files as docker's ingestPublicKeys does (PEM PUBLIC KEY or
 * CERTIFICATE). A private key file is refused outright so it is never handled by mistake.
 */
export async function readPublicKeyFiles(paths: string[], now: Date): Promise<PublicKeyJSON[]> {
  const out: PublicKeyJSON[] = [];
  for (const p of paths) {
    let text: string;
    try {
      text = (await readUserFile(p, { maxBytes: USER_FILE_CAPS.pem, what: 'public key file' })).toString('utf8');
    } catch (e) {
      if (e instanceof SignetError) throw e;
      throw new SignetError('BAD_INPUT', `unable to read public key from file: ${(e as Error).message}`, { cause: e });
    }
    if (/PRIVATE KEY/.test(text)) {
      throw new SignetError('BAD_INPUT', `${p} holds a private key, not a public key`, {
        hint: "choose the signer's public key (.pub / .crt) file",
      });
    }
    try {
      out.push(parsePublicKeyPem(text, now));
    } catch (e) {
      throw new SignetError('BAD_INPUT', `could not parse public key from file: ${p}: ${(e as Error).message}`, {
        cause: e,
      });
    }
  }
  return out;
}
