import { SignetError } from '../errors.js';
import { redactUrlCredentials } from '../http/redact.js';
import { defaultTrustServer, type ImageReference } from '../registry/reference.js';

/**
 * The trust server for an image reference, as docker picks it: the one configured (--server,
 * DOCKER_CONTENT_TRUST_SERVER, the app's setting for the registry), else docker's default for the
 * registry. An https URL; plain http is accepted (docker refuses it) with a warning, which never
 * shows the URL's user:password.
 */
export function trustServerFor(
  ref: Pick<ImageReference, 'domain'>,
  configured: string | undefined,
  warn: (message: string) => void,
): string {
  const server = configured && configured !== '' ? configured : defaultTrustServer(ref.domain);
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new SignetError('BAD_CONFIG', `valid https URL required for trust server, got ${server}`);
  }
  if (url.protocol === 'http:') {
    warn(
      redactUrlCredentials(
        `Warning: trust server ${server} uses plain HTTP: the metadata is still verified by its signatures, but the connection is neither private nor authenticated.`,
      ),
    );
  } else if (url.protocol !== 'https:') {
    throw new SignetError('BAD_CONFIG', `valid https URL required for trust server, got ${server}`);
  }
  return server.replace(/\/+$/, '');
}
