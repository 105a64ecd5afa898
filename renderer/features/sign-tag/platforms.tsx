/** A manifest list / OCI index in the Sign dialog: what is signed (the index) and the platform images it lists. */
import type { ReactNode } from 'react';
import type { ImagePlatformDTO, ResolvedDigest } from '../../../electron/ipc/contract.ts';
import { IdChip } from '../../components/id-chip.tsx';
import { formatSize } from '../../lib/format.ts';

const INDEX_TYPES = [
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.index.v1+json',
];

export function isIndex(resolved: ResolvedDigest): boolean {
  return resolved.platforms !== undefined || INDEX_TYPES.includes(resolved.mediaType);
}

/** "linux/arm64/v8": OS, architecture and variant, as docker names a platform. */
export function platformName(p: Pick<ImagePlatformDTO, 'os' | 'architecture' | 'variant'>): string {
  return [p.os, p.architecture, ...(p.variant ? [p.variant] : [])].join('/');
}

export function PlatformTable({ resolved }: { resolved: ResolvedDigest }): ReactNode {
  const platforms = resolved.platforms ?? [];
  return (
    <>
      <p className="dlg-info">
        <strong>Multi-platform image (index).</strong> The signature covers the index digest above; the index names each
        platform’s image by its digest, so a verified pull of this tag on any of these platforms gets exactly the image
        listed here.
      </p>
      {platforms.length > 0 ? (
        <table className="dlg-table" aria-label="Platforms">
          <caption>
            {platforms.length} platform{platforms.length === 1 ? '' : 's'} in the index
          </caption>
          <thead>
            <tr>
              <th scope="col">Platform (OS/Arch/variant)</th>
              <th scope="col">Digest</th>
              <th scope="col">Size</th>
            </tr>
          </thead>
          <tbody>
            {platforms.map((p) => (
              <tr key={`${p.digest} ${platformName(p)}`}>
                <td>{platformName(p)}</td>
                <td>
                  <IdChip value={p.digest} kind={`digest of ${platformName(p)}`} />
                </td>
                <td>
                  {formatSize(p.size)} ({p.size} bytes)
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">The index names no platform (its entries carry no OS and architecture).</p>
      )}
    </>
  );
}

/** The image being signed: reference, and the registry's digest, size and media type when resolved. */
export function ImageFacts({ image, resolved }: { image: string; resolved: ResolvedDigest | null }): ReactNode {
  return (
    <>
      <dl className="dlg-facts" aria-label="Image">
        <dt>Image</dt>
        <dd>{image}</dd>
        {resolved && (
          <>
            <dt>Digest (registry)</dt>
            <dd>
              <code data-full={resolved.digest}>sha256:{resolved.digest}</code>
            </dd>
            <dt>Size</dt>
            <dd>
              {formatSize(resolved.size)} ({resolved.size} bytes)
            </dd>
            <dt>Media type</dt>
            <dd>{resolved.mediaType}</dd>
          </>
        )}
      </dl>
      {resolved && isIndex(resolved) && <PlatformTable resolved={resolved} />}
    </>
  );
}
