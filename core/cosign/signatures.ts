/**
 * A digest's cosign signatures in its repository: read (every layer of `sha256-<hex>.sig` with its
 * payload), verified against a public key exactly as `cosign verify --key` does (ECDSA P-256,
 * SHA-256 over the payload, the payload naming this repository and digest), and appended to. The
 * write is one manifest PUT after the blobs are in: the signature image changes whole or not at all.
 */
import type { CryptoProvider } from '../crypto/provider.js';
import { ecdsaDer, ecdsaRaw } from '../crypto/ecdsa-der.js';
import { isSignetError, SignetError } from '../errors.js';
import type { RegistryWriter } from '../registry/registry-writer.js';
import { fromBase64, toBase64, toHex } from '../util/bytes.js';
import {
  appendLayers,
  OCI_MANIFEST,
  parseSignatureImage,
  SIGNATURE_ANNOTATION,
  signatureTag,
  SIMPLE_SIGNING,
  type Descriptor,
  type SignatureImage,
} from './manifest.js';
import { decodePayload, type SimpleSigning } from './payload.js';

export interface CosignSignature {
  layer: Descriptor;
  payload: SimpleSigning;
  payloadBytes: Uint8Array;
  /** The DER ECDSA signature from the layer annotation. */
  signature: Uint8Array;
}

export interface StoredSignatures {
  image?: SignatureImage;
  /** The signature manifest's digest as read (to notice a concurrent writer). */
  manifestDigest?: string;
  signatures: CosignSignature[];
}

const ACCEPT = `${OCI_MANIFEST}, application/vnd.docker.distribution.manifest.v2+json`;

/** Every cosign signature stored for `digest` (none: no signature image). Unreadable layers are skipped. */
export async function readSignatures(w: RegistryWriter, digest: string): Promise<StoredSignatures> {
  const tag = signatureTag(digest);
  const got = await w.getManifest(tag, ACCEPT);
  if (!got) return { signatures: [] };
  const shell = parseSignatureImage(got.bytes, new Uint8Array(), tag);
  const image = { manifest: shell.manifest, config: await w.getBlob(shell.manifest.config.digest) };
  const signatures: CosignSignature[] = [];
  for (const layer of image.manifest.layers) {
    const sig = layer.annotations?.[SIGNATURE_ANNOTATION];
    if (layer.mediaType !== SIMPLE_SIGNING || sig === undefined) continue;
    try {
      const payloadBytes = await w.getBlob(layer.digest);
      signatures.push({ layer, payload: decodePayload(payloadBytes), payloadBytes, signature: fromBase64(sig) });
    } catch (e) {
      if (!isSignetError(e)) throw e; // another tool's layer we cannot read: not ours to judge
    }
  }
  return { image, manifestDigest: got.digest, signatures };
}

/** `cosign verify --key`: the payload names `reference` and `digest`, and the key (SPKI DER, P-256) signed it. */
export function verifiesWith(
  s: CosignSignature,
  spki: Uint8Array,
  reference: string,
  digest: string,
  crypto: CryptoProvider,
): boolean {
  if (s.payload.digest !== digest || s.payload.dockerReference !== reference) return false;
  const raw = ecdsaRaw(s.signature);
  if (!raw) return false;
  try {
    return crypto.verify({
      method: 'ecdsa',
      keyType: 'ecdsa',
      publicKey: spki,
      message: s.payloadBytes,
      signature: raw,
    });
  } catch {
    return false;
  }
}

/** A new signature layer: the payload blob's descriptor with the DER signature (from a raw r‖s) annotated. */
export function signatureLayer(payload: Uint8Array, rawSignature: Uint8Array, crypto: CryptoProvider): Descriptor {
  return {
    mediaType: SIMPLE_SIGNING,
    size: payload.length,
    digest: `sha256:${toHex(crypto.sha256(payload))}`,
    annotations: { [SIGNATURE_ANNOTATION]: toBase64(ecdsaDer(rawSignature)) },
  };
}

/**
 * Appends `layers` (with their payloads) to `digest`'s signature image: blobs first, then one PUT.
 * If another writer changed the image since `read`, it is read again and appended to (never replaced).
 */
export async function appendSignatures(
  w: RegistryWriter,
  digest: string,
  read: StoredSignatures,
  layers: Array<{ layer: Descriptor; payload: Uint8Array }>,
  crypto: CryptoProvider,
): Promise<void> {
  let current = read;
  for (let attempt = 0; attempt < 3; attempt++) {
    const built = appendLayers(
      current.image,
      layers.map((l) => l.layer),
      crypto.sha256,
    );
    // the blobs at once (the manifest names them, so they go first), and whether someone wrote meanwhile
    const [now] = await Promise.all([
      w.getManifest(signatureTag(digest), ACCEPT),
      ...(attempt === 0 ? layers.map((l) => w.putBlob(l.payload)) : []),
      w.putBlob(built.config),
    ]);
    if ((now?.digest ?? undefined) !== current.manifestDigest) {
      current = await readSignatures(w, digest); // someone else wrote meanwhile: keep their layers
      continue;
    }
    await w.putManifest(signatureTag(digest), built.manifest, OCI_MANIFEST);
    return;
  }
  throw new SignetError(
    'REGISTRY_PUSH',
    `the signatures of ${digest} keep changing under Signet; nothing was replaced`,
    {
      hint: 'another tool is writing signatures for this image right now: run the migration again when it is done',
    },
  );
}
