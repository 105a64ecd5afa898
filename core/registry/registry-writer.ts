/**
 * Writing to a Docker Registry v2 / OCI distribution repository (for cosign signatures): blobs
 * (monolithic upload: POST, then PUT with the digest, as go-containerregistry does for small
 * blobs), manifests by tag, and reading a manifest's and a blob's bytes back, checked against their
 * digests. Every request asks for the `pull,push` scope (Bearer-token registries), so a login
 * that may only pull gets a clear refusal, not a half-written signature.
 */
import type { CryptoProvider } from '../crypto/provider.js';
import { SignetError } from '../errors.js';
import type { AuthenticatingClient } from '../http/auth.js';
import { statusToError } from '../http/status.js';
import type { HttpRequest, HttpResponse } from '../http/transport.js';
import { toHex } from '../util/bytes.js';
import type { ImageReference } from './reference.js';
import { registryBaseUrl } from './registry-client.js';

export interface RegistryWriterOptions {
  crypto: CryptoProvider;
  timeoutMs?: number;
  loopbackHttps?: boolean;
  baseUrl?: (domain: string) => string;
  /** Largest manifest or blob read back (default 4 MiB). */
  maxBytes?: number;
  /** Only reading (the audit): ask for the pull scope alone. */
  readOnly?: boolean;
}

export class RegistryWriter {
  constructor(
    private readonly client: AuthenticatingClient,
    private readonly ref: ImageReference,
    private readonly opts: RegistryWriterOptions,
  ) {}

  private get base(): string {
    const b =
      this.opts.baseUrl?.(this.ref.domain) ??
      registryBaseUrl(this.ref.domain, { loopbackHttps: this.opts.loopbackHttps ?? false });
    return `${b.replace(/\/+$/, '')}/v2/${this.ref.path}`;
  }

  private send(req: Omit<HttpRequest, 'timeoutMs'>): Promise<HttpResponse> {
    return this.client.request(
      { timeoutMs: this.opts.timeoutMs ?? 30_000, ...req },
      `repository:${this.ref.path}:${this.opts.readOnly ? 'pull' : 'pull,push'}`,
    );
  }

  private fail(res: HttpResponse, url: string, action: string): SignetError {
    const e = statusToError(res, url, { action: `${action} in ${this.ref.gun}`, loginHost: this.ref.domain });
    return new SignetError(res.status === 401 || res.status === 403 ? e.code : 'REGISTRY_PUSH', e.message, {
      ...(e.hint ? { hint: e.hint } : {}),
      cause: e,
    });
  }

  private digestOf(bytes: Uint8Array): string {
    return `sha256:${toHex(this.opts.crypto.sha256(bytes))}`;
  }

  /** The manifest stored under `reference` (a tag or digest), or undefined when there is none. */
  async getManifest(reference: string, accept: string): Promise<{ bytes: Uint8Array; digest: string } | undefined> {
    const url = `${this.base}/manifests/${reference}`;
    const res = await this.send({ method: 'GET', url, headers: { accept }, maxBytes: this.opts.maxBytes ?? 4 << 20 });
    if (res.status === 404) return undefined;
    if (res.status < 200 || res.status >= 300) throw this.fail(res, url, `reading manifest ${reference}`);
    const digest = this.digestOf(res.body);
    if (reference.startsWith('sha256:') && digest !== reference)
      throw new SignetError('TUF_HASH_MISMATCH', `${this.ref.gun}@${reference}: the registry served other bytes`);
    return { bytes: res.body, digest };
  }

  /** Whether the registry has the manifest `digest` (HEAD). */
  async hasManifest(digest: string, accept: string): Promise<boolean> {
    const url = `${this.base}/manifests/${digest}`;
    const res = await this.send({ method: 'HEAD', url, headers: { accept } });
    if (res.status === 404) return false;
    if (res.status >= 200 && res.status < 300) return true;
    throw this.fail(res, url, `looking for manifest ${digest}`);
  }

  /** A blob's bytes, checked against its digest. */
  async getBlob(digest: string): Promise<Uint8Array> {
    const url = `${this.base}/blobs/${digest}`;
    const res = await this.send({ method: 'GET', url, maxBytes: this.opts.maxBytes ?? 4 << 20 });
    if (res.status < 200 || res.status >= 300) throw this.fail(res, url, `reading blob ${digest}`);
    if (this.digestOf(res.body) !== digest)
      throw new SignetError('TUF_HASH_MISMATCH', `${this.ref.gun} blob ${digest}: the registry served other bytes`);
    return res.body;
  }

  /**
   * Uploads a blob: one monolithic POST (`?digest=`, the distribution spec's single request); a
   * registry that opens an upload session instead (202) gets the bytes in a PUT to it.
   */
  async putBlob(bytes: Uint8Array): Promise<string> {
    const digest = this.digestOf(bytes);
    const url = `${this.base}/blobs/uploads/?digest=${encodeURIComponent(digest)}`;
    const start = await this.send({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    if (start.status === 201) return digest;
    if (start.status !== 202) throw this.fail(start, `${this.base}/blobs/uploads/`, 'starting an upload');
    const location = start.headers['location'];
    if (!location) throw new SignetError('REGISTRY_PUSH', `${this.ref.gun}: the registry gave no upload location`);
    const at = new URL(location, this.base);
    at.searchParams.set('digest', digest);
    const put = await this.send({
      method: 'PUT',
      url: at.toString(),
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    if (put.status !== 201) throw this.fail(put, at.toString(), `uploading blob ${digest}`);
    return digest;
  }

  /** Stores `bytes` as the manifest `tag` (one PUT: the tag moves to the new manifest whole, or not at all). */
  async putManifest(tag: string, bytes: Uint8Array, mediaType: string): Promise<string> {
    const url = `${this.base}/manifests/${tag}`;
    const res = await this.send({ method: 'PUT', url, headers: { 'content-type': mediaType }, body: bytes });
    if (res.status !== 201) throw this.fail(res, url, `writing manifest ${tag}`);
    return this.digestOf(bytes);
  }
}
