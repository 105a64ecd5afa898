import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

const KEY_FILE = /^([0-9a-f]{64})(?:_[\w-]+)?\.key$/;

/**
 * Canonical IDs of the private keys in a docker/notary trust dir (`<trustDir>/private/<id>.key`,
 * plus notary's legacy `root_keys/` and `tuf_keys/<gun>/` layouts). Only names are read here:
 * nothing is decrypted, so no passphrase is needed to know which keys are held.
 */
export async function listTrustDirKeyIds(trustDir: string): Promise<Set<string>> {
  const ids = new Set<string>();
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // no private dir yet: no keys
    }
    for (const e of entries) {
      if (e.isDirectory() && depth < 6) await walk(join(dir, e.name), depth + 1);
      else if (e.isFile()) {
        const m = KEY_FILE.exec(e.name);
        if (m) ids.add(m[1]!);
      }
    }
  };
  await walk(join(trustDir, 'private'), 0);
  return ids;
}
