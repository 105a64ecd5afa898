/**
 * cosign's signature image (sigstore/cosign pkg/oci: `empty.Signatures()` + `mutate.AppendSignatures`):
 * an OCI image manifest tagged `sha256-<hex>.sig` in the image's repository, one layer per
 * signature (the simple-signing payload, its signature in the layer annotation), and a config
 * whose rootfs lists every layer. Appending keeps every layer and annotation already there.
 */
import { SignetError } from '../errors.js';
import { fromUtf8, toHex, utf8 } from '../util/bytes.js';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const SIMPLE_SIGNING = 'application/vnd.dev.cosign.simplesigning.v1+json';
export const SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature';
/** cosign's layers cap (pkg/oci/mutate maxLayers). */
export const MAX_SIGNATURE_LAYERS = 1000;

export interface Descriptor {
  mediaType: string;
  size: number;
  digest: string;
  annotations?: Record<string, string>;
}

/** A signature image: its manifest, and the config blob it names (bytes as they are or will be stored). */
export interface SignatureImage {
  manifest: { schemaVersion: 2; mediaType: string; config: Descriptor; layers: Descriptor[] } & Record<string, unknown>;
  config: Uint8Array;
}

/** The tag cosign reads a digest's signatures from: `sha256:<hex>` → `sha256-<hex>.sig`. */
export function signatureTag(digest: string): string {
  return `${digest.replace(':', '-')}.sig`;
}

export { isSignatureArtifactTag } from '../registry/artifact-tags.js';

const ZERO_TIME = '0001-01-01T00:00:00Z';

/** The empty signature image cosign starts from (go-containerregistry's empty image, OCI types). */
function emptyConfig(): Record<string, unknown> {
  return {
    architecture: '',
    created: ZERO_TIME,
    history: [],
    os: '',
    rootfs: { type: 'layers', diff_ids: [] },
    config: {},
  };
}

export function parseSignatureImage(manifestBytes: Uint8Array, configBytes: Uint8Array, where: string): SignatureImage {
  const bad = (why: string) => new SignetError('COSIGN_BAD_MANIFEST', `${where}: ${why}`);
  let manifest: SignatureImage['manifest'];
  try {
    manifest = JSON.parse(fromUtf8(manifestBytes)) as SignatureImage['manifest'];
  } catch {
    throw bad('the signature manifest is not JSON');
  }
  if (manifest?.schemaVersion !== 2 || !Array.isArray(manifest.layers) || typeof manifest.config?.digest !== 'string')
    throw bad('not an image manifest with layers and a config');
  return { manifest, config: configBytes };
}

/**
 * `image` with `layers` appended (or a new signature image), its config's rootfs and history
 * extended as go-containerregistry's mutate.Append does. Returns the manifest and config bytes.
 */
export function appendLayers(
  image: SignatureImage | undefined,
  layers: Descriptor[],
  sha256: (b: Uint8Array) => Uint8Array,
): { manifest: Uint8Array; config: Uint8Array; configDigest: string } {
  const config = image ? (JSON.parse(fromUtf8(image.config)) as Record<string, unknown>) : emptyConfig();
  const rootfs = (config['rootfs'] ??= { type: 'layers', diff_ids: [] }) as { diff_ids?: string[] };
  const history = (config['history'] ??= []) as unknown[];
  rootfs.diff_ids ??= [];
  for (const l of layers) {
    rootfs.diff_ids.push(l.digest); // uncompressed layers: the diff ID is the digest
    history.push({ created: ZERO_TIME });
  }
  const configBytes = utf8(JSON.stringify(config));
  const configDigest = `sha256:${toHex(sha256(configBytes))}`;
  const base = image?.manifest ?? { schemaVersion: 2 as const, mediaType: OCI_MANIFEST };
  const all = [...(image?.manifest.layers ?? []), ...layers];
  if (all.length > MAX_SIGNATURE_LAYERS)
    throw new SignetError('COSIGN_BAD_MANIFEST', `a signature image holds at most ${MAX_SIGNATURE_LAYERS} signatures`);
  const manifest = {
    ...base,
    config: {
      mediaType: image?.manifest.config.mediaType ?? OCI_CONFIG,
      size: configBytes.length,
      digest: configDigest,
    },
    layers: all,
  };
  return { manifest: utf8(JSON.stringify(manifest)), config: configBytes, configDigest };
}
