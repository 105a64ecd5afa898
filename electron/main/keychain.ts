/** Loading keytar and checking that a keychain answers (a Secret Service on Linux), with a timeout. */
import { createRequire } from 'node:module';
import type { KeytarLike } from '../../core/node/keychain-key-store.js';

export function loadKeytar(): KeytarLike {
  return createRequire(import.meta.url)('keytar') as KeytarLike;
}

/** undefined when the keychain answers; else why not (no D-Bus, locked keyring, no keytar...). */
export async function keychainUnavailable(
  keytar: () => KeytarLike = loadKeytar,
  timeoutMs = 3000,
): Promise<string | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const k = keytar();
    await Promise.race([
      k.findCredentials('Signet availability probe'),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        timer.unref?.();
      }),
    ]);
    return undefined;
  } catch (e) {
    return (e instanceof Error ? e.message : String(e)).split('\n')[0];
  } finally {
    if (timer) clearTimeout(timer);
  }
}
