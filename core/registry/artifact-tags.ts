/**
 * Tags that name signature artifacts, not images: cosign's `sha256-<hex>.sig` / `.att` / `.sbom`
 * and the OCI referrers fallback tag `sha256-<hex>`. Never listed as (unsigned) image tags.
 */
export function isSignatureArtifactTag(tag: string): boolean {
  return /^sha256-[0-9a-f]{64}(\.(sig|att|sbom))?$/.test(tag);
}

/** A registry's tag list split into image tags and the digests (hex) that have a cosign signature tag. */
export function splitArtifactTags(tags: readonly string[]): { images: string[]; signed: Set<string> } {
  const images: string[] = [];
  const signed = new Set<string>();
  for (const t of tags) {
    if (!isSignatureArtifactTag(t)) images.push(t);
    else if (t.endsWith('.sig')) signed.add(t.slice('sha256-'.length, -'.sig'.length));
  }
  return { images, signed };
}
