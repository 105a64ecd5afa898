import { SignetError } from '../errors.js';
import type { AuthenticatingClient } from '../http/auth.js';
import { expectOk, statusToError } from '../http/status.js';
import type { HttpResponse } from '../http/transport.js';
import type { PublicKeyJSON, RoleName } from '../tuf/types.js';
import { concatBytes, utf8 } from '../util/bytes.js';
import type { RemoteStore } from './remote-store.js';
import { parseChangefeed, type ChangefeedPage } from './changefeed.js';

export interface HttpRemoteStoreOptions {
  /** Trust server base URL; may carry a sub-path (`https://host/notary`). */
  baseUrl: string;
  gun: string;
  client: AuthenticatingClient;
  /** Per-request timeout; default 30 000 ms. */
  timeoutMs?: number;
  /** Host whose `docker login` the hints name (the registry's host); default the server's host. */
  loginHost?: string;
}

const KEY_MAX_BYTES = 64 * 1024;
/** A changefeed page of 1000 records is about 200 KB. */
const CHANGEFEED_MAX_BYTES = 16 << 20;

/** Encodes one path segment, leaving RFC 3986 pchars (`:`, `@`, sub-delims) readable like Go does. */
function segment(s: string, what: string): string {
  if (s === '' || s === '.' || s === '..' || /[\u0000-\u001f\\]/.test(s)) {
    throw new SignetError('BAD_INPUT', `invalid ${what} path segment ${JSON.stringify(s)}`);
  }
  return encodeURIComponent(s).replace(/%(24|26|2B|2C|3A|3B|3D|40)/g, (_, h: string) =>
    String.fromCharCode(parseInt(h, 16)),
  );
}

function path(s: string, what: string): string {
  return s
    .split('/')
    .map((p) => segment(p, what))
    .join('/');
}

/** A random multipart boundary that occurs in none of the parts. */
function boundaryFor(parts: Uint8Array[]): string {
  for (;;) {
    let b = 'signet';
    for (let i = 0; i < 24; i++) b += Math.floor(Math.random() * 36).toString(36);
    const needle = utf8(b);
    const clash = parts.some((p) => {
      outer: for (let i = 0; i + needle.length <= p.length; i++) {
        for (let j = 0; j < needle.length; j++) if (p[i + j] !== needle[j]) continue outer;
        return true;
      }
      return false;
    });
    if (!clash) return b;
  }
}

/** Builds the multipart/form-data body notary expects: one `files` part per role, filename = role. */
export function multipartBody(files: Map<RoleName, Uint8Array>, boundary: string): Uint8Array {
  const chunks: Uint8Array[] = [];
  let first = true;
  for (const [role, bytes] of files) {
    const head = `${first ? '' : '\r\n'}--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${role}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
    chunks.push(utf8(head), bytes);
    first = false;
  }
  chunks.push(utf8(`\r\n--${boundary}--\r\n`));
  return concatBytes(...chunks);
}

/** RemoteStore over HTTP(S): notary server.go routes, docker's scopes, errors mapped by http/status.ts. */
export class HttpRemoteStore implements RemoteStore {
  readonly gun: string;
  readonly baseUrl: string;
  private readonly client: AuthenticatingClient;
  private readonly timeoutMs: number;
  private readonly loginHost: string | undefined;
  private readonly tufUrl: string;

  constructor(opts: HttpRemoteStoreOptions) {
    let u: URL;
    try {
      u = new URL(opts.baseUrl);
    } catch {
      throw new SignetError('BAD_CONFIG', `trust server URL ${JSON.stringify(opts.baseUrl)} is not a URL`);
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') {
      throw new SignetError('BAD_CONFIG', `trust server URL ${opts.baseUrl} must be http:// or https://`);
    }
    this.gun = opts.gun;
    this.baseUrl = `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
    this.client = opts.client;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.loginHost = opts.loginHost;
    this.tufUrl = `${this.baseUrl}/v2/${path(opts.gun, 'GUN')}/_trust/tuf/`;
  }

  /** GET <base>/v2/ like docker does first: 200, or a 401 whose challenge is recorded, is fine. */
  async ping(): Promise<void> {
    const url = `${this.baseUrl}/v2/`;
    const res = await this.client.ping(url, this.timeoutMs);
    if (res.status === 401 && res.headers['www-authenticate']) return;
    expectOk(res, url, this.ctx('pinging the trust server'));
  }

  async getMeta(name: string, maxBytes: number): Promise<Uint8Array> {
    const url = `${this.tufUrl}${path(name, 'role')}.json`;
    const res = await this.get(url, maxBytes);
    if (res.status !== 200) throw statusToError(res, url, this.ctx(`fetching ${name}.json for ${this.gun}`));
    return res.body;
  }

  async getVersion(role: RoleName, version: number, maxBytes: number): Promise<Uint8Array> {
    if (!Number.isSafeInteger(version) || version < 0) throw new SignetError('BAD_INPUT', `invalid version ${version}`);
    return this.getMeta(`${version}.${role}`, maxBytes);
  }

  async getChangefeed(changeId: string, records: number): Promise<ChangefeedPage> {
    if (!/^-?\d+$/.test(changeId) || !Number.isSafeInteger(records)) {
      throw new SignetError('BAD_INPUT', `invalid changefeed position ${JSON.stringify(changeId)}/${records}`);
    }
    const url = `${this.baseUrl}/v2/${path(this.gun, 'GUN')}/_trust/changefeed?change_id=${changeId}&records=${records}`;
    const res = await this.get(url, CHANGEFEED_MAX_BYTES);
    if (res.status !== 200) throw statusToError(res, url, this.ctx(`reading the changefeed of ${this.gun}`));
    return parseChangefeed(res.body);
  }

  async getKey(role: 'timestamp' | 'snapshot'): Promise<PublicKeyJSON> {
    return this.keyRequest('GET', role, `fetching the ${role} key for ${this.gun}`);
  }

  async rotateKey(role: 'timestamp' | 'snapshot'): Promise<PublicKeyJSON> {
    return this.keyRequest('POST', role, `rotating the server's ${role} key for ${this.gun}`);
  }

  private async keyRequest(
    method: 'GET' | 'POST',
    role: 'timestamp' | 'snapshot',
    action: string,
  ): Promise<PublicKeyJSON> {
    const url = `${this.tufUrl}${role}.key`;
    const res =
      method === 'GET'
        ? await this.get(url, KEY_MAX_BYTES)
        : await this.client.request(
            { method, url, timeoutMs: this.timeoutMs, maxBytes: KEY_MAX_BYTES },
            `repository:${this.gun}:*`,
          );
    if (res.status !== 200) throw statusToError(res, url, this.ctx(action));
    let key: { keytype?: unknown; keyval?: { public?: unknown } } | null;
    try {
      key = JSON.parse(new TextDecoder().decode(res.body));
    } catch {
      key = null;
    }
    if (!key || typeof key.keytype !== 'string' || typeof key.keyval?.public !== 'string') {
      throw new SignetError('TUF_MALFORMED', `${url} did not return a public key ({"keytype","keyval":{"public"}})`);
    }
    return { keytype: key.keytype, keyval: { private: null, public: key.keyval.public } };
  }

  async publish(files: Map<RoleName, Uint8Array>): Promise<void> {
    if (files.size === 0) throw new SignetError('BAD_INPUT', 'nothing to publish');
    for (const role of files.keys()) {
      path(role, 'role');
      if (role === 'timestamp' || /["\r\n]/.test(role)) {
        // The server makes the timestamp itself and ignores an uploaded one.
        throw new SignetError('BAD_INPUT', `cannot publish role ${JSON.stringify(role)}`);
      }
    }
    const boundary = boundaryFor([...files.values()]);
    const res = await this.client.request(
      {
        method: 'POST',
        url: this.tufUrl,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        body: multipartBody(files, boundary),
        timeoutMs: this.timeoutMs,
        maxBytes: KEY_MAX_BYTES,
      },
      `repository:${this.gun}:pull,push`,
    );
    if (res.status >= 200 && res.status < 300) return;
    throw statusToError(res, this.tufUrl, {
      ...this.ctx(`publishing ${[...files.keys()].join(', ')} for ${this.gun}`),
      badRequestCode: 'NOTARY_REJECTED',
    });
  }

  private get(url: string, maxBytes: number): Promise<HttpResponse> {
    return this.client.request(
      { method: 'GET', url, timeoutMs: this.timeoutMs, maxBytes },
      `repository:${this.gun}:pull`,
    );
  }

  private ctx(action: string): { action: string; loginHost?: string } {
    return this.loginHost === undefined ? { action } : { action, loginHost: this.loginHost };
  }
}
