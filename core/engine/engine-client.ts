/**
 * A Docker Engine API client (docker's daemon, or podman's compatible service) over an injected
 * transport: the local images of one repository, whether a tag is there, and pushing it with its
 * per-layer progress. Only what signing a local image needs.
 */
import { SignetError } from '../errors.js';
import type { ImageReference } from '../registry/reference.js';
import { fromUtf8 } from '../util/bytes.js';
import type { CancelSignal } from '../util/pool.js';
import { familiarName } from './names.js';
import { PushStreamReader, type PushLayer } from './push-stream.js';
import type { EngineResponse, EngineTransport } from './transport.js';

/** A tag of the repository held by the engine. */
export interface LocalImage {
  tag: string;
  /** The engine's image ID (`sha256:<hex>` of its config), not a registry digest. */
  id: string;
  /** Unix seconds, when the engine says. */
  created?: number;
  /** Bytes, when the engine says. */
  size?: number;
}

export interface PushOptions {
  /** The X-Registry-Auth header (encodeRegistryAuth). */
  registryAuth: string;
  onLayer?: (layer: PushLayer) => void;
  signal?: CancelSignal;
}

const JSON_CAP = 32 * 1024 * 1024;
/** The newest API version asked for; the engine's own (from /_ping) when older. */
const MAX_API = [1, 45];

export class EngineClient {
  private prefix: Promise<string> | undefined;

  constructor(
    private readonly transport: EngineTransport,
    private readonly opts: { timeoutMs?: number } = {},
  ) {}

  get address(): string {
    return this.transport.address;
  }

  close(): void {
    this.transport.close();
  }

  /** Reaches the engine (GET /_ping) and settles the API version to use; ENGINE_UNREACHABLE when it cannot. */
  async ping(): Promise<void> {
    await this.versionPrefix();
  }

  /** Tags of `ref`'s repository the engine holds, sorted by tag (none: []). */
  async localImages(ref: ImageReference): Promise<LocalImage[]> {
    const name = familiarName(ref);
    const filters = encodeURIComponent(JSON.stringify({ reference: [name] }));
    const res = await this.send('GET', `/images/json?filters=${filters}`);
    const list = await this.json(res, 'listing local images');
    if (!Array.isArray(list)) throw this.unexpected('listing local images', 'not a list');
    const out = new Map<string, LocalImage>();
    for (const item of list as Array<Record<string, unknown>>) {
      const tags = Array.isArray(item['RepoTags']) ? (item['RepoTags'] as unknown[]) : [];
      for (const t of tags) {
        if (typeof t !== 'string') continue;
        const tag = tagOf(t, ref);
        if (tag === undefined || out.has(tag)) continue;
        const image: LocalImage = { tag, id: typeof item['Id'] === 'string' ? item['Id'] : '' };
        if (typeof item['Created'] === 'number') image.created = item['Created'];
        if (typeof item['Size'] === 'number') image.size = item['Size'];
        out.set(tag, image);
      }
    }
    return [...out.values()].sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  }

  /** Whether the engine holds `ref`'s repository at `tag` (docker's checkLocalImageExistence). */
  async hasImage(ref: ImageReference, tag: string): Promise<boolean> {
    const res = await this.send('GET', `/images/${familiarName(ref)}:${tag}/json`);
    if (res.status === 404) {
      await drain(res);
      return false;
    }
    await this.json(res, `looking up ${familiarName(ref)}:${tag}`);
    return true;
  }

  /** POST /images/{name}/push?tag=: resolves when the engine says the push is done, layer by layer through onLayer. */
  async push(ref: ImageReference, tag: string, opts: PushOptions): Promise<void> {
    const what = `${ref.gun}:${tag}`;
    const res = await this.send('POST', `/images/${familiarName(ref)}/push?tag=${encodeURIComponent(tag)}`, {
      headers: { 'x-registry-auth': opts.registryAuth },
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    if (res.status === 404) {
      await drain(res);
      throw noImage(ref, tag, this.address);
    }
    if (res.status < 200 || res.status >= 300) {
      const text = await readText(res, 64 * 1024);
      throw new SignetError('ENGINE_PUSH_FAILED', `pushing ${what} failed: ${engineMessage(text, res.status)}`, {
        hint: 'check the registry login (docker login) and the engine; nothing was signed',
      });
    }
    const reader = new PushStreamReader(what, opts.onLayer ?? (() => undefined));
    try {
      for await (const chunk of res.body) {
        if (opts.signal?.aborted) break;
        reader.feed(chunk);
      }
    } catch (e) {
      // closing the connection is how a push is cancelled: the stream then ends with a reset
      if (opts.signal?.aborted) throw cancelled(what);
      if (e instanceof SignetError) throw e;
      throw new SignetError('ENGINE_PUSH_FAILED', `pushing ${what} failed: the engine's answer broke off`, {
        hint: 'check that the engine is still running, then sign again; nothing was signed',
        cause: e,
      });
    }
    if (opts.signal?.aborted) throw cancelled(what);
    reader.end();
  }

  private versionPrefix(): Promise<string> {
    this.prefix ??= (async () => {
      // a running engine answers /_ping at once: an address nobody answers fails in seconds, not at the request timeout
      const res = await this.transport.request({
        method: 'GET',
        path: '/_ping',
        timeoutMs: Math.min(5_000, this.timeout()),
      });
      await drain(res);
      if (res.status !== 200) throw this.unexpected('GET /_ping', `HTTP ${res.status}`);
      const v = /^(\d+)\.(\d+)$/.exec(res.headers['api-version'] ?? '');
      if (!v) return '';
      const [maj, min] = [Number(v[1]), Number(v[2])];
      return maj < MAX_API[0]! || (maj === MAX_API[0] && min <= MAX_API[1]!) ? `/v${maj}.${min}` : `/v1.${MAX_API[1]}`;
    })();
    this.prefix.catch(() => (this.prefix = undefined));
    return this.prefix;
  }

  private async send(
    method: 'GET' | 'POST',
    path: string,
    extra: { headers?: Record<string, string>; signal?: CancelSignal } = {},
  ): Promise<EngineResponse> {
    const prefix = await this.versionPrefix();
    return this.transport.request({ method, path: `${prefix}${path}`, timeoutMs: this.timeout(), ...extra });
  }

  private timeout(): number {
    return this.opts.timeoutMs ?? 30_000;
  }

  private async json(res: EngineResponse, what: string): Promise<unknown> {
    const text = await readText(res, JSON_CAP);
    if (res.status < 200 || res.status >= 300) throw this.unexpected(what, engineMessage(text, res.status));
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw this.unexpected(what, 'the answer is not JSON');
    }
  }

  private unexpected(what: string, why: string): SignetError {
    return new SignetError('ENGINE_UNREACHABLE', `the Docker engine at ${this.address} failed ${what}: ${why}`, {
      hint: 'check that the engine is running and is a Docker Engine API (docker, or podman system service)',
    });
  }
}

/** The tag of a RepoTags entry of `ref`'s repository; undefined for other repositories and `<none>`. */
function tagOf(repoTag: string, ref: ImageReference): string | undefined {
  const i = repoTag.lastIndexOf(':');
  if (i <= repoTag.lastIndexOf('/')) return undefined;
  const tag = repoTag.slice(i + 1);
  const name = repoTag.slice(0, i);
  if (tag === '<none>') return undefined;
  const first = name.split('/')[0]!;
  // a name with a registry part is compared whole; a familiar one (docker's Docker Hub names) as docker prints it
  if (name.includes('/') && (/[.:]/.test(first) || first === 'localhost')) return name === ref.gun ? tag : undefined;
  return name === familiarName(ref) ? tag : undefined;
}

export function noImage(ref: ImageReference, tag: string, address: string): SignetError {
  return new SignetError('ENGINE_NO_IMAGE', `no local image ${ref.gun}:${tag} in the Docker engine at ${address}`, {
    hint: `build or tag it first (docker tag IMAGE ${familiarName(ref)}:${tag}), or sign a tag the registry already has`,
  });
}

function cancelled(what: string): SignetError {
  return new SignetError('CANCELLED', `pushing ${what} was cancelled; nothing was signed`, {
    hint: 'the registry may hold some of its layers already; sign again to push the rest',
  });
}

/** The engine's `{"message": ...}` (docker) or `{"cause", "message"}` (podman), else the status. */
function engineMessage(text: string, status: number): string {
  try {
    const o = JSON.parse(text) as { message?: unknown };
    if (typeof o.message === 'string' && o.message !== '') return o.message;
  } catch {
    /* not JSON */
  }
  return `HTTP ${status}`;
}

async function readText(res: EngineResponse, cap: number): Promise<string> {
  const parts: Uint8Array[] = [];
  let n = 0;
  for await (const c of res.body) {
    n += c.length;
    if (n > cap) throw new SignetError('ENGINE_UNREACHABLE', `the Docker engine's answer is larger than ${cap} bytes`);
    parts.push(c);
  }
  const all = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.length;
  }
  return fromUtf8(all);
}

async function drain(res: EngineResponse): Promise<void> {
  for await (const _ of res.body) void _;
}
