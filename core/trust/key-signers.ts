import { canonicalKeyId } from '../crypto/key-id.js';
import type { CryptoProvider } from '../crypto/provider.js';
import { isSignetError } from '../errors.js';
import type { Signer } from '../crypto/signer.js';
import type { StoredKeyInfo } from '../keystore/key-store.js';
import type { HeldKey } from '../crypto/held-key.js';
import type { PublicKeyJSON } from '../tuf/types.js';
import type { SignerLookup } from './sign-roles.js';

/** What the trust operations need from the key manager (implemented by keystore/crypto-service.ts). */
export interface KeyService {
  listKeys(): Promise<StoredKeyInfo[]>;
  hasKey(id: string): Promise<boolean>;
  signer(id: string, listedAs?: { keyId: string; publicKey: PublicKeyJSON }): Promise<Signer>;
  generateKey(role: string, gun?: string): Promise<{ key: HeldKey; info: StoredKeyInfo }>;
  unlock(id: string): Promise<HeldKey>;
}

/** Canonical IDs of every key the user holds. */
export async function heldKeyIds(keys: KeyService): Promise<Set<string>> {
  return new Set((await keys.listKeys()).map((k) => k.id));
}

/**
 * Signers for the listed keys the user holds: a listed key (possibly an x509 certificate key) is
 * held when its canonical ID names a stored private key; it then signs under its listed ID. A key on
 * a token that is not inserted is passed over while the others still make `need` signatures; when
 * they do not, the error says to insert the token.
 */
export function keySignerLookup(keys: KeyService, crypto: CryptoProvider): SignerLookup {
  return {
    async signersFor(keyIds, listed, need = 1) {
      const out: Signer[] = [];
      let absent: unknown;
      for (const id of keyIds) {
        const key = listed[id];
        if (!key) continue;
        const canonical = canonicalKeyId(key, crypto);
        if (!(await keys.hasKey(canonical))) continue;
        try {
          out.push(await keys.signer(canonical, { keyId: id, publicKey: key }));
        } catch (e) {
          if (!isSignetError(e, 'TOKEN_ABSENT')) throw e;
          absent ??= e;
        }
      }
      if (absent !== undefined && out.length < need) throw absent;
      return out;
    },
  };
}
