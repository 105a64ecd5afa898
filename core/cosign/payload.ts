/**
 * cosign's simple-signing payload (sigstore/sigstore pkg/signature/payload `SimpleContainerImage`),
 * byte for byte as cosign marshals it (Go encoding/json: fields in struct order, `optional` keys
 * sorted, `<`, `>` and `&` escaped): what a cosign signature signs.
 */
import { SignetError } from '../errors.js';
import { fromUtf8, utf8 } from '../util/bytes.js';

export const PAYLOAD_TYPE = 'cosign container image signature';

export interface SimpleSigning {
  /** The repository the signature is for (cosign's docker-reference: registry/path, no tag). */
  dockerReference: string;
  /** `sha256:<hex>` of the signed manifest. */
  digest: string;
  /** Annotations (`cosign verify -a key=value` checks them); null when none. */
  optional: Record<string, string> | null;
}

const HTML = /[<>&\u2028\u2029]/g;
const escapeHtml = (json: string): string =>
  json.replace(HTML, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const str = (s: string): string => escapeHtml(JSON.stringify(s));

/** The payload bytes cosign would sign for this image. */
export function encodePayload(p: SimpleSigning): Uint8Array {
  const optional =
    p.optional === null
      ? 'null'
      : `{${Object.keys(p.optional)
          .sort()
          .map((k) => `${str(k)}:${str(p.optional![k]!)}`)
          .join(',')}}`;
  return utf8(
    `{"critical":{"identity":{"docker-reference":${str(p.dockerReference)}},"image":{"docker-manifest-digest":${str(p.digest)}},"type":${str(PAYLOAD_TYPE)}},"optional":${optional}}`,
  );
}

/** Reads a payload (any signer's); throws COSIGN_BAD_PAYLOAD when it is not a simple-signing payload. */
export function decodePayload(bytes: Uint8Array): SimpleSigning {
  let doc: unknown;
  try {
    doc = JSON.parse(fromUtf8(bytes));
  } catch {
    throw bad('not JSON');
  }
  const critical = (doc as { critical?: Record<string, unknown> } | null)?.critical;
  const ref = (critical?.['identity'] as Record<string, unknown> | undefined)?.['docker-reference'];
  const digest = (critical?.['image'] as Record<string, unknown> | undefined)?.['docker-manifest-digest'];
  if (critical?.['type'] !== PAYLOAD_TYPE || typeof ref !== 'string' || typeof digest !== 'string')
    throw bad('not a cosign container image signature');
  const opt = (doc as { optional?: unknown }).optional;
  const optional =
    opt && typeof opt === 'object'
      ? Object.fromEntries(Object.entries(opt).filter((e): e is [string, string] => typeof e[1] === 'string'))
      : null;
  return { dockerReference: ref, digest, optional };
}

function bad(why: string): SignetError {
  return new SignetError('COSIGN_BAD_PAYLOAD', `a cosign signature payload is ${why}`);
}
