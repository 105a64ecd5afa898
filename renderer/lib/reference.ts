/**
 * Image references in the renderer are core's (core/registry/reference.ts, docker's rules): the
 * renderer only picks the parts it shows and turns core's error into the ErrorDTO the UI shows.
 */
import { isSignetError } from '../../core/errors.ts';
import { parseImageReference, type ImageReference } from '../../core/registry/reference.ts';
import type { ErrorDTO } from '../../electron/ipc/contract.ts';

export { defaultTrustServer, registryAddress, type ImageReference } from '../../core/registry/reference.ts';

export type Parsed = { ok: true; ref: ImageReference } | { ok: false; error: ErrorDTO };

/** Core's parse; a refused reference comes back as core's BAD_REFERENCE error (message and hint). */
export function parseReference(input: string): Parsed {
  try {
    return { ok: true, ref: parseImageReference(input) };
  } catch (e) {
    if (isSignetError(e)) return { ok: false, error: e.toData() };
    throw e;
  }
}

/**
 * The repository as the user typed it, without tag or digest (Signet watches repositories, not
 * tags): "host:5000/team/app:v1" → "host:5000/team/app", "team/app@sha256:…" → "team/app".
 */
export function repositoryPart(ref: ImageReference): string {
  let r = ref.input;
  if (ref.digest !== undefined) r = r.slice(0, r.length - ref.digest.length - 1);
  if (ref.tag !== undefined) r = r.slice(0, r.length - ref.tag.length - 1);
  return r;
}

/** The registry of a GUN (core's domain), or undefined when it is not an image name (a notary-only GUN). */
export function registryOf(gun: string): string | undefined {
  const p = parseReference(gun);
  return p.ok ? p.ref.domain : undefined;
}

/** The normalised GUN of a reference ("example/app:v1" → "docker.io/example/app"); the input when core refuses it. */
export function gunOf(reference: string): string {
  const p = parseReference(reference);
  return p.ok ? p.ref.gun : reference;
}

/**
 * A tag checked by core's reference rules (`<gun>:<tag>` must parse back to exactly that tag);
 * null when valid, else the error to show, naming the tag.
 */
export function tagError(gun: string, tag: string): ErrorDTO | null {
  const p = parseReference(`${gun}:${tag}`);
  if (p.ok && p.ref.tag === tag && p.ref.digest === undefined) return null;
  return {
    code: 'BAD_REFERENCE',
    message: `"${tag}" is not a valid tag${p.ok ? '' : ` (${p.error.message})`}`,
    hint: 'A tag is up to 128 letters, digits, _ . and -, and does not start with . or -.',
  };
}
