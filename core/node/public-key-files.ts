import { SignetError } from '../errors.js';
import type { PublicKeyFile } from '../operations/signer-keys.js';
import { readUserFile, USER_FILE_CAPS } from './files.js';

/**
 * Reads the files a signer's public keys come from (regular files, at most USER_FILE_CAPS.pem
 * bytes each); core's signerPublicKeys parses and checks them. `name` is what messages call the
 * file (default: its path as given).
 */
export async function readPublicKeyFiles(
  files: ReadonlyArray<{ path: string; name?: string }>,
): Promise<PublicKeyFile[]> {
  const out: PublicKeyFile[] = [];
  for (const f of files) {
    try {
      const bytes = await readUserFile(f.path, { maxBytes: USER_FILE_CAPS.pem, what: 'public key file' });
      out.push({ name: f.name ?? f.path, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) });
    } catch (e) {
      if (e instanceof SignetError) throw e;
      throw new SignetError('BAD_INPUT', `unable to read public key from file: ${(e as Error).message}`, { cause: e });
    }
  }
  return out;
}
