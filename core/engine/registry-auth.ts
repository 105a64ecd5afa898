import type { Credentials } from '../http/auth.js';
import { toBase64, utf8 } from '../util/bytes.js';
import { DOCKER_HUB_DOMAIN } from '../registry/reference.js';

/** The login key docker uses for Docker Hub; other registries are keyed by host[:port]. */
const HUB_SERVER = 'https://index.docker.io/v1/';

/**
 * The X-Registry-Auth header as docker builds it (registry.EncodeAuthConfig): base64url of the
 * AuthConfig JSON with empty fields left out, the server address always set. No login: only the
 * server address, which the engine reads as anonymous.
 */
export function encodeRegistryAuth(creds: Credentials | undefined, domain: string): string {
  const config: Record<string, string> = {};
  if (creds && 'identityToken' in creds) config['identitytoken'] = creds.identityToken;
  else if (creds) {
    if (creds.username) config['username'] = creds.username;
    if (creds.password) config['password'] = creds.password;
  }
  config['serveraddress'] = domain === DOCKER_HUB_DOMAIN ? HUB_SERVER : domain;
  return toBase64(utf8(JSON.stringify(config)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}
