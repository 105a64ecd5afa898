import type { CryptoProvider } from '../crypto/provider.js';
import { SignetError } from '../errors.js';
import type { AuthenticatingClient } from '../http/auth.js';
import { parseServerErrors, statusToError } from '../http/status.js';
import type { HttpResponse } from '../http/transport.js';
import { toHex } from '../util/bytes.js';
import {
  MANIFEST_ACCEPT,
  bareMediaType,
  bodyMediaType,
  isIndexMediaType,
  parseIndexPlatforms,
  parseManifestJson,
  type PlatformManifest,
} from './manifest.js';
import { DOCKER_HUB_DOMAIN, isLoopbackDomain, type ImageReference } from './reference.js';
import { listCatalog, listTags, type ListOptions } from './listing.js';

/** What a notary target records for an image manifest, plus its platforms for a list / index. */
export interface ManifestInfo {
  /** `sha256:<hex>` of the exact manifest bytes. */
  digest: string;
  hex: string;
  /** Byte length of the manifest. */
  size: number;
  /** Media type the registry served (Content-Type, else the body's `mediaType`); may be ''. */
  mediaType: string;
  /** Only for a manifest list / OCI index: the entries that name a platform. */
  platforms?: PlatformManifest[];
}

export interface RegistryClientOptions {
  /** sha256 for hashing manifest bodies. */
  crypto: CryptoProvider;
  /** Per-request timeout in ms, handed to the transport (default 30 000). */
  timeoutMs?: number;
  /** Largest manifest accepted, in bytes (default 4 MiB, distribution's limit). */
  maxManifestBytes?: number;
  /** Use https for loopback registries too (default: plain http, as docker treats them as insecure). */
  loopbackHttps?: boolean;
  /** Overrides the API base URL for a domain (mirrors, tests). */
  baseUrl?: (domain: string) => string;
}

const SHA256_RE = /^sha256:[a-f0-9]{64}$/;
const DEFAULT_MAX = 4 * 1024 * 1024;

/**
 * Registry API base URL for a reference domain: Docker Hub (`docker.io`) is served by
 * `https://registry-1.docker.io`; loopback registries (127.0.0.0/8, localhost, ::1) use plain
 * `http://<domain>` unless `loopbackHttps`; every other registry `https://<domain>`.
 */
export function registryBaseUrl(domain: string, opts: { loopbackHttps?: boolean } = {}): string {
  if (domain === DOCKER_HUB_DOMAIN) return 'https://registry-1.docker.io';
  if (isLoopbackDomain(domain) && !opts.loopbackHttps) return `http://${domain}`;
  return `https://${domain}`;
}

/** The registry token scope for pulling: the path WITHOUT the domain (`repository:library/alpine:pull`). */
export function pullScope(ref: ImageReference): string {
  return `repository:${ref.path}:pull`;
}

/**
 * Reads manifest digests and sizes from a Docker Registry v2 API the way docker's distribution
 * client does (`repository.go` `tags.Get`): HEAD with the four manifest Accept types, taking
 * `Docker-Content-Digest` + `Content-Length`; when the HEAD fails or lacks them, GET and hash the
 * body. Authentication (Bearer/Basic) and timeouts go through the AuthenticatingClient/transport.
 */
export class RegistryClient {
  constructor(
    private readonly client: AuthenticatingClient,
    private readonly opts: RegistryClientOptions,
  ) {}

  /** Digest, size and media type of `ref.tag` (default `latest`); lists platforms for an index. */
  async resolveTag(ref: ImageReference): Promise<ManifestInfo> {
    const tag = ref.tag ?? 'latest';
    return this.resolve(ref, tag, `tag ${tag}`, undefined);
  }

  /** Size and media type of the manifest `ref.digest` (sha256 only), verified against the digest. */
  async resolveDigest(ref: ImageReference): Promise<ManifestInfo> {
    const digest = ref.digest;
    if (digest === undefined || !SHA256_RE.test(digest)) {
      throw new SignetError('BAD_REFERENCE', `${ref.input} does not name a sha256 manifest digest`, {
        hint: 'use a reference such as example/app@sha256:<64 lower-case hex digits>',
      });
    }
    return this.resolve(ref, digest, `manifest ${digest}`, digest);
  }

  /**
   * The digest (`sha256:<hex>`) the registry serves for `tag` now, from one HEAD with the manifest
   * Accept types; undefined when the registry has no such tag (404). Falls back to resolveTag (GET
   * and hash) when the HEAD answer carries no usable digest.
   */
  async tagDigest(ref: ImageReference, tag: string): Promise<string | undefined> {
    const url = this.url(ref, tag);
    const head = await this.send('HEAD', url, ref);
    if (head.status === 404) return undefined;
    const digest = head.headers['docker-content-digest'] ?? '';
    if (head.status >= 200 && head.status < 300 && SHA256_RE.test(digest)) return digest;
    try {
      return (await this.resolveTag({ ...ref, tag })).digest;
    } catch (e) {
      if (e instanceof SignetError && e.code === 'HTTP_NOT_FOUND') return undefined;
      throw e;
    }
  }

  /** Every tag of the repository (`tags/list`, all pages); undefined when the registry has no such repository. */
  listTags(ref: ImageReference, opts: ListOptions = {}): Promise<string[] | undefined> {
    return listTags(this.client, this.base(ref), ref, this.listOpts(opts));
  }

  /** The registry's repositories from its catalog (all pages); see listCatalog. */
  catalog(domain: string, opts: ListOptions = {}): Promise<string[]> {
    return listCatalog(this.client, this.baseFor(domain), domain, this.listOpts(opts));
  }

  private listOpts(opts: ListOptions): ListOptions {
    return { timeoutMs: this.opts.timeoutMs ?? 30_000, ...opts };
  }

  private baseFor(domain: string): string {
    const base =
      this.opts.baseUrl?.(domain) ?? registryBaseUrl(domain, { loopbackHttps: this.opts.loopbackHttps ?? false });
    return base.replace(/\/+$/, '');
  }

  private base(ref: ImageReference): string {
    return this.baseFor(ref.domain);
  }

  private url(ref: ImageReference, reference: string): string {
    return `${this.base(ref)}/v2/${ref.path}/manifests/${reference}`;
  }

  private send(method: 'HEAD' | 'GET', url: string, ref: ImageReference): Promise<HttpResponse> {
    const req = { method, url, headers: { accept: MANIFEST_ACCEPT }, timeoutMs: this.opts.timeoutMs ?? 30_000 };
    return this.client.request(
      method === 'GET' ? { ...req, maxBytes: this.opts.maxManifestBytes ?? DEFAULT_MAX } : req,
      pullScope(ref),
    );
  }

  private async resolve(
    ref: ImageReference,
    reference: string,
    what: string,
    expected: string | undefined,
  ): Promise<ManifestInfo> {
    const url = this.url(ref, reference);
    const head = await this.send('HEAD', url, ref);
    const ok = head.status >= 200 && head.status < 300;
    const headerDigest = head.headers['docker-content-digest'] ?? '';
    const length = head.headers['content-length'] ?? '';
    const mediaType = bareMediaType(head.headers['content-type']);
    if (ok && SHA256_RE.test(headerDigest) && /^\d+$/.test(length) && mediaType !== '') {
      if (expected !== undefined && headerDigest !== expected) {
        throw this.mismatch(ref, what, `the registry reports ${headerDigest}`, expected);
      }
      const info = this.info(headerDigest, Number(length), mediaType);
      if (!isIndexMediaType(mediaType)) return info;
      // A list/index: fetch it by digest (not by tag, which may move) and check the bytes.
      const byDigest = this.url(ref, headerDigest);
      const res = this.expectManifest(await this.send('GET', byDigest, ref), byDigest, ref, `manifest ${headerDigest}`);
      const got = this.hash(res.body);
      if (got !== headerDigest) throw this.mismatch(ref, what, `its bytes hash to ${got}`, headerDigest);
      return { ...info, size: res.body.length, platforms: parseIndexPlatforms(res.body, `${ref.gun}@${headerDigest}`) };
    }
    // HEAD failed (405, 404, …) or lacked a usable digest/length/type: GET, hash the body, check it.
    const res = this.expectManifest(await this.send('GET', url, ref), url, ref, what);
    const digest = this.hash(res.body);
    const claimed = res.headers['docker-content-digest'] ?? '';
    if (claimed.startsWith('sha256:') && claimed !== digest) {
      throw this.mismatch(ref, what, `its bytes hash to ${digest}`, claimed);
    }
    if (expected !== undefined && digest !== expected)
      throw this.mismatch(ref, what, `its bytes hash to ${digest}`, expected);
    const source = `${ref.gun}@${digest}`;
    let type = bareMediaType(res.headers['content-type']);
    if (type === '' || type === 'application/json' || type === 'text/plain') {
      type = bodyMediaType(parseManifestJson(res.body, source)) || type;
    }
    const info = this.info(digest, res.body.length, type);
    return isIndexMediaType(type) ? { ...info, platforms: parseIndexPlatforms(res.body, source) } : info;
  }

  private info(digest: string, size: number, mediaType: string): ManifestInfo {
    return { digest, hex: digest.slice('sha256:'.length), size, mediaType };
  }

  private hash(body: Uint8Array): string {
    return `sha256:${toHex(this.opts.crypto.sha256(body))}`;
  }

  /** Returns a 2xx response; maps 404 to `<what> not found in <gun>` and the rest via statusToError. */
  private expectManifest(res: HttpResponse, url: string, ref: ImageReference, what: string): HttpResponse {
    if (res.status >= 200 && res.status < 300) return res;
    if (res.status === 404) {
      const pushed = what.startsWith('tag ') ? `${ref.gun}:${what.slice(4)}` : ref.gun;
      throw new SignetError('HTTP_NOT_FOUND', `${what} not found in ${ref.gun}`, {
        hint: `push the image first (docker push ${pushed}), or check the repository name and tag`,
        cause: { status: 404, errors: parseServerErrors(res.body) },
      });
    }
    throw statusToError(res, url, { action: `resolving ${what} of ${ref.gun}`, loginHost: ref.domain });
  }

  /**
   * A manifest whose bytes do not match the digest the registry (or the reference) names.
   * Code TUF_HASH_MISMATCH: the same integrity failure as TUF target bytes not matching their
   * hash, and signing it would record a digest that does not identify the served bytes.
   */
  private mismatch(ref: ImageReference, what: string, actual: string, wanted: string): SignetError {
    return new SignetError(
      'TUF_HASH_MISMATCH',
      `${what} of ${ref.gun} (registry ${this.base(ref)}): ${actual}, expected ${wanted}`,
      {
        hint: 'the registry or a proxy in between served different manifest bytes than it names; do not sign or pull this image until the registry is checked',
      },
    );
  }
}
