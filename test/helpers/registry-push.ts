/**
 * Push a small deterministic image to a local registry with the raw Registry v2 API
 * (no engine): one layer holding hello.txt (fixed mtimes, gzip without name/mtime),
 * a config blob and a schema2 or OCI manifest. The bytes depend only on repo:tag.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export const MT = {
  docker: {
    manifest: 'application/vnd.docker.distribution.manifest.v2+json',
    config: 'application/vnd.docker.container.image.v1+json',
    layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  },
  oci: {
    manifest: 'application/vnd.oci.image.manifest.v1+json',
    config: 'application/vnd.oci.image.config.v1+json',
    layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  },
} as const;

const ACCEPT = [
  MT.docker.manifest,
  MT.oci.manifest,
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

export interface PushOptions {
  /** 'docker' (schema2, default) or 'oci' */
  media?: 'docker' | 'oci';
  /** basic-auth credentials, as {user,password} or "user:password" */
  creds?: { user: string; password: string } | string;
  /** a Bearer token (token-auth registries) instead of basic credentials */
  bearer?: string;
  /** file content (default: "signet test image REPO:TAG\n") */
  content?: string;
}

export interface PushResult {
  /** sha256:<hex> of the manifest bytes, from Docker-Content-Digest */
  digest: string;
  /** hex part of digest */
  hex: string;
  /** manifest length in bytes, from Content-Length */
  size: number;
  mediaType: string;
}

/* ------------------------------------------------------------- tiny tar writer */

function octal(n: number, width: number): string {
  // width includes the terminating NUL
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

function tarHeader(name: string, size: number, type: '0' | '5', mode: number): Buffer {
  const h = Buffer.alloc(512, 0);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(mode, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii'); // uid
  h.write(octal(0, 8), 116, 'ascii'); // gid
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(0, 12), 136, 'ascii'); // mtime = 0
  h.write('        ', 148, 'ascii'); // checksum placeholder
  h.write(type, 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return h;
}

/** ustar archive with "./" and the given regular files, sorted by name */
export function makeTar(files: Record<string, string | Buffer>): Buffer {
  const parts: Buffer[] = [tarHeader('./', 0, '5', 0o755)];
  for (const name of Object.keys(files).sort()) {
    const body = Buffer.from(files[name] as string | Buffer);
    parts.push(tarHeader(`./${name}`, body.length, '0', 0o644), body);
    const pad = (512 - (body.length % 512)) % 512;
    if (pad) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

export interface ImageBlobs {
  layer: Buffer;
  layerDigest: string;
  config: Buffer;
  configDigest: string;
  manifest: Buffer;
  manifestDigest: string;
  mediaType: string;
}

/** build the image bytes without pushing */
export function buildImage(repo: string, tag: string, opts: PushOptions = {}): ImageBlobs {
  const mt = MT[opts.media ?? 'docker'];
  const content = opts.content ?? `signet test image ${repo}:${tag}\n`;
  const tar = makeTar({ 'hello.txt': content });
  const layer = gzipSync(tar, { level: 9 }); // zlib writes mtime 0 and no file name
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      config: { Cmd: ['/hello.txt'], Env: ['PATH=/bin'] },
      created: '1970-01-01T00:00:00Z',
      history: [{ created: '1970-01-01T00:00:00Z', created_by: 'signet test registry-push' }],
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: [`sha256:${sha256(tar)}`] },
    }),
  );
  const layerDigest = `sha256:${sha256(layer)}`;
  const configDigest = `sha256:${sha256(config)}`;
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: mt.manifest,
      config: { mediaType: mt.config, size: config.length, digest: configDigest },
      layers: [{ mediaType: mt.layer, size: layer.length, digest: layerDigest }],
    }),
  );
  return {
    layer,
    layerDigest,
    config,
    configDigest,
    manifest,
    manifestDigest: `sha256:${sha256(manifest)}`,
    mediaType: mt.manifest,
  };
}

function assertLoopback(host: string): void {
  if (!/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/.test(host)) {
    throw new Error(`refusing non-loopback registry ${host}`);
  }
}

/**
 * Push repo:tag to http://registryHost and return what a notary target records
 * (digest and size of the manifest bytes, read back with HEAD).
 */
export async function pushImage(
  registryHost: string,
  repo: string,
  tag: string,
  opts: PushOptions = {},
): Promise<PushResult> {
  assertLoopback(registryHost);
  const base = `http://${registryHost}`;
  const headers: Record<string, string> = {};
  if (opts.creds) {
    const c = typeof opts.creds === 'string' ? opts.creds : `${opts.creds.user}:${opts.creds.password}`;
    headers.authorization = `Basic ${Buffer.from(c).toString('base64')}`;
  }
  if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`;
  const img = buildImage(repo, tag, opts);

  const req = async (
    method: string,
    url: string,
    extra: Record<string, string> = {},
    body?: Buffer,
  ): Promise<Response> => {
    const res = await fetch(url, { method, headers: { ...headers, ...extra }, body, redirect: 'manual' });
    return res;
  };
  const fail = async (what: string, res: Response): Promise<never> => {
    const text = await res.text().catch(() => '');
    throw new Error(`${what}: HTTP ${res.status} ${text}`);
  };

  const pushBlob = async (blob: Buffer, digest: string): Promise<void> => {
    const head = await req('HEAD', `${base}/v2/${repo}/blobs/${digest}`);
    if (head.status === 200) return;
    const start = await req('POST', `${base}/v2/${repo}/blobs/uploads/`);
    await start.arrayBuffer();
    if (start.status !== 202) await fail(`start upload ${repo}`, start);
    let loc = start.headers.get('location');
    if (!loc) throw new Error(`no upload Location for ${repo}`);
    if (loc.startsWith('/')) loc = base + loc;
    loc += (loc.includes('?') ? '&' : '?') + `digest=${encodeURIComponent(digest)}`;
    const put = await req('PUT', loc, { 'content-type': 'application/octet-stream' }, blob);
    if (put.status !== 201) await fail(`put blob ${digest}`, put);
    await put.arrayBuffer();
  };

  await pushBlob(img.layer, img.layerDigest);
  await pushBlob(img.config, img.configDigest);
  const put = await req('PUT', `${base}/v2/${repo}/manifests/${tag}`, { 'content-type': img.mediaType }, img.manifest);
  if (put.status !== 201) await fail(`put manifest ${repo}:${tag}`, put);
  await put.arrayBuffer();

  const head = await req('HEAD', `${base}/v2/${repo}/manifests/${tag}`, { accept: ACCEPT });
  if (head.status !== 200) await fail(`head manifest ${repo}:${tag}`, head);
  const digest = head.headers.get('docker-content-digest') ?? '';
  const size = Number(head.headers.get('content-length'));
  const mediaType = (head.headers.get('content-type') ?? '').split(';')[0]!.trim();
  if (!digest.startsWith('sha256:') || !Number.isFinite(size)) throw new Error(`bad HEAD answer for ${repo}:${tag}`);
  if (digest !== img.manifestDigest) throw new Error(`registry digest ${digest} != pushed ${img.manifestDigest}`);
  return { digest, hex: digest.slice('sha256:'.length), size, mediaType };
}

/**
 * PUTs a manifest list / OCI index (per `mediaType`) naming two pushed images as linux/amd64 and
 * linux/arm64/v8, and returns what a notary target records for it.
 */
export async function putIndex(
  registryHost: string,
  repo: string,
  tag: string,
  mediaType: string,
  amd: PushResult,
  arm: PushResult,
): Promise<{ digest: string; hex: string; size: number }> {
  assertLoopback(registryHost);
  const body = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType,
      manifests: [
        {
          mediaType: amd.mediaType,
          digest: amd.digest,
          size: amd.size,
          platform: { architecture: 'amd64', os: 'linux' },
        },
        {
          mediaType: arm.mediaType,
          digest: arm.digest,
          size: arm.size,
          platform: { architecture: 'arm64', os: 'linux', variant: 'v8' },
        },
      ],
    }),
  );
  const res = await fetch(`http://${registryHost}/v2/${repo}/manifests/${tag}`, {
    method: 'PUT',
    headers: { 'content-type': mediaType },
    body,
  });
  if (res.status !== 201) throw new Error(`PUT ${repo}:${tag} index: ${res.status} ${await res.text()}`);
  const hex = createHash('sha256').update(body).digest('hex');
  return { digest: `sha256:${hex}`, hex, size: body.length };
}
