/**
 * signTag's local path over in-memory parts (notary, registry, a scripted Engine API): a tag the
 * registry lacks is pushed from the engine and what the registry then serves is signed (never the
 * engine's own digest line or aux, which here lie); a tag the registry has never touches the
 * engine; --local over a signed tag signs the new digest; a failed push leaves earlier staged
 * changes and the server as they were; a new repository creates no key when the image is missing.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { EngineClient } from '../../../core/engine/engine-client.js';
import type { EngineRequest, EngineResponse, EngineTransport } from '../../../core/engine/transport.js';
import { SignetError, isSignetError } from '../../../core/errors.js';
import { AuthenticatingClient } from '../../../core/http/auth.js';
import { signTag, TrustWriter, type OperationEvent, type TrustContext } from '../../../core/operations/index.js';
import type { TargetsSigned } from '../../../core/tuf/types.js';
import { memoryRegistry, memoryTrustWriter, type MemoryImages } from '../../helpers/memory-context.js';
import { MemoryNotary, MemoryWriter } from '../../helpers/memory-notary.js';

const GUN = 'registry.test:5000/org/app';
const enc = new TextEncoder();
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

/** An engine holding `local` (tag → manifest body it pushes); a push writes the body into the registry's images. */
function scriptedEngine(local: Record<string, string>, images: MemoryImages, opts: { failPush?: string } = {}) {
  const seen: string[] = [];
  const body = (chunks: string[]): AsyncIterable<Uint8Array> =>
    (async function* () {
      for (const c of chunks) yield enc.encode(c);
    })();
  const transport: EngineTransport = {
    address: 'unix:///scripted.sock',
    close: () => undefined,
    async request(req: EngineRequest): Promise<EngineResponse> {
      seen.push(`${req.method} ${req.path}`);
      if (req.path === '/_ping') return { status: 200, headers: { 'api-version': '1.41' }, body: body(['OK']) };
      const inspect = /^\/v1\.41\/images\/.+:([^/:]+)\/json$/.exec(req.path);
      if (inspect) return { status: local[inspect[1]!] ? 200 : 404, headers: {}, body: body(['{}']) };
      const push = /push\?tag=(.+)$/.exec(req.path);
      if (req.method === 'POST' && push) {
        const tag = decodeURIComponent(push[1]!);
        if (opts.failPush)
          return { status: 200, headers: {}, body: body([`{"errorDetail":{"message":"${opts.failPush}"}}\n`]) };
        (images['org/app'] ??= {})[tag] = local[tag]!;
        return {
          status: 200,
          headers: {},
          body: body([
            '{"status":"Preparing","progressDetail":{},"id":"abc123"}\n',
            '{"status":"Pushed","progressDetail":{},"id":"abc123"}\n',
            `{"status":"${tag}: digest: sha256:${'0'.repeat(64)} size: 1"}\n`,
            `{"aux":{"Tag":"${tag}","Digest":"sha256:${'0'.repeat(64)}","Size":1}}\n`,
          ]),
        };
      }
      return { status: 404, headers: {}, body: body(['{"message":"no route"}']) };
    },
  };
  return { seen, engine: async () => new EngineClient(transport) };
}

/** A writer for `w` whose registry serves `images` and whose engine is `engine` (none: no engine). */
function writerWith(w: MemoryWriter, images: MemoryImages, engine?: TrustContext['engine']): TrustWriter {
  const base = memoryTrustWriter(w, { login: 'alice' }).ctx;
  const client = new AuthenticatingClient(memoryRegistry(images), { credentials: { get: async () => undefined } });
  return new TrustWriter({
    ...base,
    connect: async (ref) => ({ ...(await base.connect(ref)), client }),
    ...(engine ? { engine } : {}),
  });
}

async function adminRepo() {
  const notary = new MemoryNotary(GUN);
  const admin = new MemoryWriter(notary);
  await admin.init();
  return { notary, admin };
}

test('a tag the registry lacks is pushed, and the registry’s digest is signed (not the engine’s lines)', async () => {
  const { notary, admin } = await adminRepo();
  const images: MemoryImages = { 'org/app': {} };
  const manifest = '{"schemaVersion":2,"local":"v1"}';
  const { seen, engine } = scriptedEngine({ v1: manifest }, images);
  const events: OperationEvent[] = [];
  const r = await signTag(writerWith(admin, images, engine), `${GUN}:v1`, { onEvent: (e) => events.push(e) });
  assert.equal(r.source, 'local');
  assert.equal(r.digest, sha(manifest));
  assert.equal(r.size, manifest.length);
  assert.equal(notary.parsed<TargetsSigned>('targets')!.signed.targets['v1']!.length, manifest.length);
  assert.deepEqual(
    events.map((e) => e.type),
    ['push-start', 'push-layer', 'push-layer', 'pushed'],
  );
  assert.deepEqual(events.at(-1), {
    type: 'pushed',
    gun: GUN,
    tag: 'v1',
    digest: `sha256:${sha(manifest)}`,
    size: manifest.length,
  });
  assert.ok(seen.some((s) => s.startsWith('POST /v1.41/images/registry.test:5000/org/app/push?tag=v1')));
});

test('a tag the registry has is signed from the registry; the engine is never asked', async () => {
  const { admin } = await adminRepo();
  const images: MemoryImages = { 'org/app': { v1: '{"remote":"v1"}' } };
  const { seen, engine } = scriptedEngine({ v1: '{"local":"v1"}' }, images);
  const r = await signTag(writerWith(admin, images, engine), `${GUN}:v1`);
  assert.equal(r.source, 'registry');
  assert.equal(r.digest, sha('{"remote":"v1"}'));
  assert.deepEqual(seen, []);
});

test('--local over a signed tag pushes and signs the new digest, not a co-signature of the old one', async () => {
  const { notary, admin } = await adminRepo();
  const images: MemoryImages = { 'org/app': { v1: '{"remote":"v1"}' } };
  const { engine } = scriptedEngine({ v1: '{"local":"v1, rebuilt"}' }, images);
  await signTag(writerWith(admin, images, engine), `${GUN}:v1`);
  const r = await signTag(writerWith(admin, images, engine), `${GUN}:v1`, { local: true });
  assert.equal(r.source, 'local');
  assert.equal(r.digest, sha('{"local":"v1, rebuilt"}'));
  const entry = notary.parsed<TargetsSigned>('targets')!.signed.targets['v1']!;
  assert.equal(Buffer.from(entry.hashes['sha256']!, 'base64').toString('hex'), sha('{"local":"v1, rebuilt"}'));
});

test('a failed push: the engine’s words, earlier staged changes kept, nothing published', async () => {
  const { notary, admin } = await adminRepo();
  await admin.stage([
    {
      type: 'target',
      action: 'create',
      role: 'targets',
      path: 'staged',
      meta: { hashes: { sha256: 'AA==' }, length: 1 },
    },
  ]);
  const before = notary.parsed<TargetsSigned>('targets')!.signed.version;
  const images: MemoryImages = { 'org/app': {} };
  const { engine } = scriptedEngine({ v1: '{}' }, images, {
    failPush: 'denied: requested access to the resource is denied',
  });
  await assert.rejects(
    signTag(writerWith(admin, images, engine), `${GUN}:v1`),
    (e) =>
      isSignetError(e, 'ENGINE_PUSH_FAILED') && /denied: requested access to the resource is denied$/.test(e.message),
  );
  assert.equal((await admin.changes.list()).length, 1, 'the staged change is kept');
  assert.equal(notary.parsed<TargetsSigned>('targets')!.signed.version, before);
});

test('no engine in the context: the registry’s not-found; an unreachable one: both said, in one line', async () => {
  const { admin } = await adminRepo();
  const images: MemoryImages = { 'org/app': {} };
  await assert.rejects(signTag(writerWith(admin, images), `${GUN}:v9`), (e) => isSignetError(e, 'HTTP_NOT_FOUND'));
  const down: TrustContext['engine'] = async () =>
    new EngineClient({
      address: 'unix:///gone.sock',
      close: () => undefined,
      request: async () => {
        throw new SignetError(
          'ENGINE_UNREACHABLE',
          'no Docker engine is reachable at unix:///gone.sock (no such socket)',
        );
      },
    });
  await assert.rejects(
    signTag(writerWith(admin, images, down), `${GUN}:v9`),
    (e) =>
      isSignetError(e, 'ENGINE_UNREACHABLE') &&
      e.message ===
        `${GUN}:v9 is not in the registry, and no Docker engine is reachable at unix:///gone.sock (no such socket)`,
  );
});

test('a new repository whose image is neither in the registry nor local: refused before any key is made', async () => {
  const notary = new MemoryNotary(GUN);
  const alice = new MemoryWriter(notary);
  const images: MemoryImages = { 'org/app': {} };
  const { engine } = scriptedEngine({}, images);
  await assert.rejects(
    signTag(writerWith(alice, images, engine), `${GUN}:v1`),
    (e) =>
      isSignetError(e, 'ENGINE_NO_IMAGE') &&
      e.message ===
        `${GUN}:v1 is neither in the registry nor a local image of the Docker engine at unix:///scripted.sock`,
  );
  assert.deepEqual(await alice.keys.listKeys(), []);
});
