/**
 * Where a migration writes signatures: an interface (cosign now; Notation can follow without
 * touching the use case) and its cosign implementation over the registry.
 */
import type { CryptoProvider } from '../crypto/provider.js';
import type { Signer } from '../crypto/signer.js';
import { certsFromKey, isX509KeyType } from '../crypto/x509.js';
import type { PublicKeyJSON } from '../crypto/key-types.js';
import { RegistryWriter } from '../registry/registry-writer.js';
import { fromBase64 } from '../util/bytes.js';
import { encodePayload } from './payload.js';
import { appendSignatures, readSignatures, signatureLayer, verifiesWith, type StoredSignatures } from './signatures.js';
import type { Descriptor } from './manifest.js';

/** One digest's signatures at the target: what is there, what this run adds. */
export interface TargetDigest {
  /** A signature by this key (a DCT role's key) is there already. */
  signedBy(key: PublicKeyJSON): boolean;
  /** Stages a signature by `signer`, with `annotations` recording where it came from. */
  sign(signer: Signer, annotations: Record<string, string>): Promise<void>;
  /** Writes what was staged, whole or not at all; returns how many signatures were added. */
  commit(): Promise<number>;
}

export interface SignatureTarget {
  /** For messages: `cosign`. */
  readonly name: string;
  /** `none`: the registry lists no signature artifact for the digest (nothing to read first). */
  open(digest: string, hint?: { none?: boolean }): Promise<TargetDigest>;
}

/** A public key as the SubjectPublicKeyInfo DER cosign verifies with (a certificate's key for x509 key types). */
export function spkiOf(key: PublicKeyJSON): Uint8Array {
  if (isX509KeyType(key.keytype)) return certsFromKey(key)[0]!.spki;
  return fromBase64(key.keyval.public);
}

/** cosign signatures in the image's own repository (`sha256-<hex>.sig`), as `cosign sign --key` writes them. */
export class CosignTarget implements SignatureTarget {
  readonly name = 'cosign';

  constructor(
    private readonly writer: RegistryWriter,
    /** cosign's docker-reference: the repository, registry/path. */
    private readonly reference: string,
    private readonly crypto: CryptoProvider,
  ) {}

  async open(digest: string, hint: { none?: boolean } = {}): Promise<TargetDigest> {
    const stored: StoredSignatures = hint.none ? { signatures: [] } : await readSignatures(this.writer, digest);
    const staged: Array<{ layer: Descriptor; payload: Uint8Array; spki: Uint8Array }> = [];
    const sameKey = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
    const { reference, crypto, writer } = this;
    return {
      signedBy(key: PublicKeyJSON): boolean {
        const spki = spkiOf(key);
        return (
          staged.some((s) => sameKey(s.spki, spki)) ||
          stored.signatures.some((s) => verifiesWith(s, spki, reference, digest, crypto))
        );
      },
      async sign(signer: Signer, annotations: Record<string, string>): Promise<void> {
        const payload = encodePayload({ dockerReference: reference, digest, optional: annotations });
        const sig = await signer.sign(payload);
        staged.push({
          layer: signatureLayer(payload, fromBase64(sig.sig), crypto),
          payload,
          spki: spkiOf(signer.publicKey),
        });
      },
      async commit(): Promise<number> {
        if (staged.length === 0) return 0;
        await appendSignatures(writer, digest, stored, staged, crypto);
        return staged.length;
      },
    };
  }
}
