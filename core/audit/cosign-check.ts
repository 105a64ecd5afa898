/**
 * The audit's Cosign column: for each signed tag, the DCT keys (repository key, signers' keys)
 * whose cosign signature on the signed digest verifies, as `cosign verify --key` would judge it.
 * Only digests the registry lists a `sha256-<hex>.sig` tag for are read.
 */
import type { CosignSignature } from '../cosign/signatures.js';
import { verifiesWith } from '../cosign/signatures.js';
import { spkiOf } from '../cosign/target.js';
import type { CryptoProvider } from '../crypto/provider.js';
import type { TrustedRepository } from '../notary/tuf-client.js';
import { signingKeys } from '../trust/role-keys.js';
import type { AuditTag } from './types.js';

export async function addCosign(
  tags: AuditTag[],
  repo: TrustedRepository,
  signedDigests: ReadonlySet<string>,
  read: (digest: string) => Promise<CosignSignature[]>,
  reference: string,
  crypto: CryptoProvider,
): Promise<void> {
  const keys = [...signingKeys(repo, crypto)].map(([id, key]) => [id, spkiOf(key)] as const);
  const byDigest = new Map<string, Promise<string[]>>();
  const verified = (hex: string): Promise<string[]> => {
    let p = byDigest.get(hex);
    if (!p) {
      const digest = `sha256:${hex}`;
      p = read(digest).then(
        (sigs) =>
          keys
            .filter(([, spki]) => sigs.some((s) => verifiesWith(s, spki, reference, digest, crypto)))
            .map(([id]) => id)
            .sort(),
        () => [], // unreadable signatures: none verified
      );
      byDigest.set(hex, p);
    }
    return p;
  };
  for (const t of tags) {
    if (t.signedDigest === null) continue;
    t.cosign = signedDigests.has(t.signedDigest) ? await verified(t.signedDigest) : [];
  }
}
