import { readKeyFileHeaders } from './key-file.js';
import { decodePemBlocks, encodePem } from './pem.js';

export interface KeyBlock {
  pem: string;
  headers: Record<string, string>;
}

/**
 * The private key blocks of a file, each re-encoded in Go's PEM form without notary's export-only
 * `path:` header (notary strips it on import too). Public keys, certificates, EC PARAMETERS and
 * blocks that are not a supported key are skipped.
 */
export function privateKeyBlocks(text: string): KeyBlock[] {
  let blocks;
  try {
    blocks = decodePemBlocks(text);
  } catch {
    return [];
  }
  const out: KeyBlock[] = [];
  for (const b of blocks) {
    if (!/PRIVATE KEY$/.test(b.type)) continue;
    const { path: _path, ...headers } = b.headers;
    const pem = encodePem(b.type, b.bytes, headers);
    try {
      readKeyFileHeaders(pem);
    } catch {
      continue;
    }
    out.push({ pem, headers });
  }
  return out;
}

/** notary `key export` form: the stored PEM plus a `path: <ID>` header, which `notary key import` needs. */
export function withPathHeader(pem: string, id: string): string {
  return decodePemBlocks(pem)
    .filter((b) => /PRIVATE KEY$/.test(b.type))
    .map((b) => encodePem(b.type, b.bytes, { ...b.headers, path: id }))
    .join('');
}
