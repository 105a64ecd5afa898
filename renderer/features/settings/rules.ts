/** The checks the Settings screen makes before saving (main validates again; these give the clearer message). */
import { parseReference } from '../../lib/reference.ts';

/**
 * A registry (or server) host as core reads it from an image reference: "registry.example.com",
 * "127.0.0.1:5000", "localhost". Null when it is one, else why not.
 */
export function hostProblem(host: string, what: string): string | null {
  if (host === '') return `Type the ${what}.`;
  const p = parseReference(`${host}/signet-check`);
  if (p.ok && p.ref.domain === host) return null;
  if (p.ok && p.ref.domain !== 'docker.io') return `Use ${p.ref.domain}: that is how docker names this ${what}.`;
  if (p.ok && /^(index\.)?docker\.io$/.test(host)) return 'Use docker.io: that is how docker names Docker Hub.';
  return `"${host}" is not a ${what}: use a host name with a dot or a port (registry.example.com, 127.0.0.1:5000), or localhost.`;
}

/** A trust server address: an http(s) URL. */
export function trustServerProblem(registry: string, url: string): string | null {
  const host = hostProblem(registry, 'registry');
  if (host) return host;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `"${url}" is not a URL: type the trust server's address, for example https://notary.example.com:4443.`;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    return `"${url}" is not an http(s) URL: a trust server is reached over https (or http).`;
  return null;
}

/** A CA certificate entry's server: a host[:port] (the file is chosen in main's dialog). */
export function caProblem(hostPort: string): string | null {
  return hostProblem(hostPort, 'server host');
}
