import { SignetError } from '../errors.js';
import { parseImageReference, type ImageReference } from '../registry/reference.js';

/** What `signet audit` is pointed at: a whole registry (its catalog) or one repository. */
export type AuditTarget =
  { kind: 'registry'; input: string; registry: string } | { kind: 'repository'; input: string; ref: ImageReference };

function malformed(input: string, why: string): SignetError {
  return new SignetError('BAD_REFERENCE', `invalid audit target "${input}": ${why}`, {
    hint: 'name a registry as host[:port] (e.g. registry.example.com:5000) or a repository as host/name (e.g. registry.example.com:5000/team/app)',
  });
}

/**
 * Parses a target: `host[:port]` (a registry: a host with a dot or a port, or localhost) or
 * `host/name[:tag]` (a repository, normalised as docker does; a tag or digest is ignored).
 */
export function parseAuditTarget(input: string): AuditTarget {
  const text = input.trim();
  if (text === '') throw malformed(input, 'it is empty');
  if (!text.includes('/')) {
    let domain: string;
    try {
      domain = parseImageReference(`${text}/x`).domain;
    } catch {
      throw malformed(input, 'it is not a registry host[:port]');
    }
    if (domain !== text)
      throw malformed(input, 'a registry needs a host with a dot or a port, e.g. registry.example.com');
    return { kind: 'registry', input, registry: text };
  }
  let ref: ImageReference;
  try {
    ref = parseImageReference(text);
  } catch (e) {
    throw malformed(input, e instanceof Error ? e.message : String(e));
  }
  const bare: ImageReference = { input: ref.gun, domain: ref.domain, path: ref.path, gun: ref.gun };
  return { kind: 'repository', input, ref: bare };
}

/** The repository `path` of `registry` as a reference. */
export function repositoryRef(registry: string, path: string): ImageReference {
  const ref = parseImageReference(`${registry}/${path}`);
  return { input: ref.gun, domain: ref.domain, path: ref.path, gun: ref.gun };
}
