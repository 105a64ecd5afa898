import { SignetError } from '../errors.js';

/**
 * Manifest media types a Docker Content Trust target can point at, and a strict reader for
 * manifest lists / OCI indexes (the multi-platform kinds). Pure: no I/O.
 */
export const MEDIA_TYPES = {
  /** Docker image manifest, schema 2. */
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  /** Docker manifest list (multi-platform). */
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  /** OCI image manifest. */
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  /** OCI image index (multi-platform). */
  ociIndex: 'application/vnd.oci.image.index.v1+json',
} as const;

/**
 * The `Accept` value for manifest requests: the four types docker's distribution client sends
 * (`repository.go` `tags.Get`), one per header there, comma-joined here (equivalent in HTTP).
 */
export const MANIFEST_ACCEPT = [
  MEDIA_TYPES.dockerManifest,
  MEDIA_TYPES.dockerManifestList,
  MEDIA_TYPES.ociManifest,
  MEDIA_TYPES.ociIndex,
].join(', ');

/** True for a manifest list or an OCI index. */
export function isIndexMediaType(mediaType: string): boolean {
  return mediaType === MEDIA_TYPES.dockerManifestList || mediaType === MEDIA_TYPES.ociIndex;
}

/** One platform-specific manifest named by a list / index. */
export interface PlatformManifest {
  os: string;
  architecture: string;
  variant?: string;
  /** `algorithm:hex` of the platform manifest. */
  digest: string;
  /** Byte length of the platform manifest. */
  size: number;
  /** The entry's media type, when it states one. */
  mediaType?: string;
}

const DIGEST_RE = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/** `Content-Type` without parameters, lower-cased; '' when absent. */
export function bareMediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

function malformed(source: string, why: string): SignetError {
  return new SignetError('HTTP_SERVER_ERROR', `the manifest from ${source} is malformed: ${why}`, {
    hint: 'the registry sent a manifest that is not valid JSON of the expected shape; check the image or ask the registry operator',
  });
}

/** Parses JSON bytes into an object; throws HTTP_SERVER_ERROR naming `source` otherwise. */
export function parseManifestJson(body: Uint8Array, source: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch (e) {
    throw malformed(source, `not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw malformed(source, 'not a JSON object');
  return parsed as Record<string, unknown>;
}

/** The body's own `mediaType` field, or '' (schema2 and most OCI manifests carry one). */
export function bodyMediaType(manifest: Record<string, unknown>): string {
  const mt = manifest['mediaType'];
  return typeof mt === 'string' ? mt : '';
}

/**
 * Lists the platforms of a manifest list / OCI index body. Entries without a `platform` object
 * (allowed by OCI) are skipped; an entry with a bad digest, size or platform is an error.
 * `source` names the manifest in error messages (e.g. `127.0.0.1:5000/app:v1`).
 */
export function parseIndexPlatforms(body: Uint8Array, source: string): PlatformManifest[] {
  const doc = parseManifestJson(body, source);
  if (doc['schemaVersion'] !== 2)
    throw malformed(source, `schemaVersion is ${JSON.stringify(doc['schemaVersion'])}, expected 2`);
  const list = doc['manifests'];
  if (!Array.isArray(list)) throw malformed(source, '"manifests" is not an array');
  const out: PlatformManifest[] = [];
  list.forEach((entry: unknown, i: number) => {
    const at = `manifests[${i}]`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
      throw malformed(source, `${at} is not an object`);
    const e = entry as Record<string, unknown>;
    const { digest, size, platform, mediaType } = e;
    if (typeof digest !== 'string' || !DIGEST_RE.test(digest)) throw malformed(source, `${at}.digest is not a digest`);
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
      throw malformed(source, `${at}.size is not a byte count`);
    if (mediaType !== undefined && typeof mediaType !== 'string')
      throw malformed(source, `${at}.mediaType is not a string`);
    if (platform === undefined) return;
    if (platform === null || typeof platform !== 'object' || Array.isArray(platform))
      throw malformed(source, `${at}.platform is not an object`);
    const p = platform as Record<string, unknown>;
    if (typeof p['os'] !== 'string' || typeof p['architecture'] !== 'string') {
      throw malformed(source, `${at}.platform needs string "os" and "architecture"`);
    }
    if (p['variant'] !== undefined && typeof p['variant'] !== 'string')
      throw malformed(source, `${at}.platform.variant is not a string`);
    const pm: PlatformManifest = { os: p['os'], architecture: p['architecture'], digest, size };
    if (typeof p['variant'] === 'string' && p['variant']) pm.variant = p['variant'];
    if (typeof mediaType === 'string') pm.mediaType = mediaType;
    out.push(pm);
  });
  return out;
}
