import { SignetError } from '../errors.js';

/**
 * Docker image references, normalised exactly as docker's distribution/reference
 * ParseNormalizedNamed does: `alpine` → `docker.io/library/alpine`, `user/x` → `docker.io/user/x`,
 * `host:5000/a/b` unchanged. The GUN is the normalised name without tag or digest.
 */
export interface ImageReference {
  /** The text as the user typed it (docker prints this in inspect output). */
  input: string;
  /** Registry domain, e.g. `docker.io`, `127.0.0.1:5000`. */
  domain: string;
  /** Path inside the registry, e.g. `library/alpine` (registry token scopes use this). */
  path: string;
  /** Fully qualified name = notary GUN, e.g. `docker.io/library/alpine`. */
  gun: string;
  tag?: string;
  digest?: string;
}

export const DOCKER_HUB_DOMAIN = 'docker.io';
const LEGACY_HUB_DOMAIN = 'index.docker.io';
const MAX_NAME_LENGTH = 255;

const alnum = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alnum}(?:${separator}${alnum})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const ipv6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const domainName = `${domainComponent}(?:\\.${domainComponent})*`;
const host = `(?:${domainName}|${ipv6})`;
const domainRe = new RegExp(`^${host}(?::[0-9]+)?$`);
const pathRe = new RegExp(`^${pathComponent}(?:/${pathComponent})*$`);
const tagRe = /^[\w][\w.-]{0,127}$/;
const digestRe = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const anchoredIdentifierRe = /^[a-f0-9]{64}$/;

function invalid(detail?: string): SignetError {
  const message = detail ? `invalid reference format: ${detail}` : 'invalid reference format';
  return new SignetError('BAD_REFERENCE', message, {
    hint: 'Use an image reference such as example/app, example/app:v1 or registry.example.com:5000/team/app:v1.',
  });
}

/** Splits `name` into domain and remainder the way docker's splitDockerDomain does. */
function splitDomain(name: string): [string, string] {
  const i = name.indexOf('/');
  const first = i === -1 ? '' : name.slice(0, i);
  let domain: string;
  let remainder: string;
  if (i === -1 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
    domain = DOCKER_HUB_DOMAIN;
    remainder = name;
  } else {
    domain = first;
    remainder = name.slice(i + 1);
  }
  if (domain === LEGACY_HUB_DOMAIN) domain = DOCKER_HUB_DOMAIN;
  if (domain === DOCKER_HUB_DOMAIN && !remainder.includes('/')) remainder = `library/${remainder}`;
  return [domain, remainder];
}

/** Parses and normalises an image reference; throws BAD_REFERENCE with docker's wording. */
export function parseImageReference(input: string): ImageReference {
  if (input === '') throw invalid();
  if (anchoredIdentifierRe.test(input)) {
    throw new SignetError(
      'BAD_REFERENCE',
      `invalid repository name (${input}), cannot specify 64-byte hexadecimal strings`,
    );
  }
  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!digestRe.test(digest)) throw invalid();
  }
  let tag: string | undefined;
  const lastColon = rest.lastIndexOf(':');
  if (lastColon > rest.lastIndexOf('/')) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!tagRe.test(tag)) throw invalid();
  }
  const [domain, path] = splitDomain(rest);
  if (path.toLowerCase() !== path) throw invalid(`repository name (${path}) must be lowercase`);
  if (!domainRe.test(domain) || !pathRe.test(path)) throw invalid();
  const gun = `${domain}/${path}`;
  if (gun.length > MAX_NAME_LENGTH) {
    throw invalid(`repository name must not be more than ${MAX_NAME_LENGTH} characters`);
  }
  const ref: ImageReference = { input, domain, path, gun };
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  return ref;
}

/**
 * `text` when it is exactly a registry domain as docker reads one before a `/` (`host`,
 * `host:port`, `[v6]:port`); undefined otherwise.
 */
export function registryDomainOf(text: string): string | undefined {
  if (text.includes('/') || text.includes('@')) return undefined;
  try {
    return parseImageReference(`${text}/x`).domain === text ? text : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A registry address typed on its own: a registry domain that cannot be a Docker Hub name, i.e. a
 * host with a dot (`registry.example.com`, `127.0.0.1:5000`), `localhost:<port>`, or an IPv6
 * literal. Docker would read `127.0.0.1:5000` as the image docker.io/library/127.0.0.1, tag 5000;
 * `alpine`, `node:20`, `localhost` or `user/app` stay Docker Hub names (undefined).
 */
export function registryAddress(text: string): string | undefined {
  const domain = registryDomainOf(text.trim());
  if (domain === undefined) return undefined;
  const host = domain.startsWith('[') ? domain : domain.replace(/:\d+$/, '');
  return host.includes('.') || host.startsWith('[') || (host === 'localhost' && host !== domain) ? domain : undefined;
}

/** Docker's default trust server for a registry domain (trust.go `Server`). */
export function defaultTrustServer(domain: string): string {
  return domain === DOCKER_HUB_DOMAIN ? 'https://notary.docker.io' : `https://${domain}`;
}

/**
 * Loopback registries are "insecure" to docker, which then skips TLS verification for their
 * trust server too (registry config isInsecure). Only literal loopback names are recognised here.
 */
export function isLoopbackDomain(domain: string): boolean {
  const hostOnly = domain.startsWith('[') ? domain.slice(1, domain.indexOf(']')) : domain.replace(/:\d+$/, '');
  return hostOnly === 'localhost' || hostOnly === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostOnly);
}
