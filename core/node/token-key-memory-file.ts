/** The token-key memory as a file in Signet's config folder (public facts only: IDs, labels, roles). */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  formatTokenKeyMemory,
  parseTokenKeyMemory,
  type RememberedTokenKey,
  type TokenKeyMemory,
} from '../keystore/token-key-memory.js';
import { readUserFile, writeFileAtomic } from './files.js';
import { signetConfigDir } from './signet-config.js';

export const TOKEN_KEYS_FILE = 'token-keys.json';

/** `token-keys.json` in the config folder the environment names (the CLI's and the app's). */
export function tokenKeyMemoryFor(env: Record<string, string | undefined>): TokenKeyMemory {
  return fileTokenKeyMemory(join(signetConfigDir(env), TOKEN_KEYS_FILE));
}

export function fileTokenKeyMemory(path: string): TokenKeyMemory {
  return {
    async read(): Promise<RememberedTokenKey[]> {
      try {
        const text = await readUserFile(path, { what: 'token key list', maxBytes: 1 << 20 });
        return parseTokenKeyMemory(text.toString('utf8'));
      } catch {
        return []; // none yet, or unreadable: nothing remembered
      }
    },
    async write(keys: RememberedTokenKey[]): Promise<void> {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      await writeFileAtomic(path, formatTokenKeyMemory(keys), { mode: 0o600 });
    },
  };
}
