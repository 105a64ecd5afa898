import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EngineClient } from '../../../core/engine/engine-client.js';
import { encodeRegistryAuth } from '../../../core/engine/registry-auth.js';
import type { EngineRequest, EngineResponse, EngineTransport } from '../../../core/engine/transport.js';
import type { PushLayer } from '../../../core/engine/push-stream.js';
import { isSignetError } from '../../../core/errors.js';
import { parseImageReference } from '../../../core/registry/reference.js';

const enc = new TextEncoder();

/** An engine answering from a table of `METHOD path` → status and body chunks; records requests. */
function fakeEngine(
  routes: Record<string, { status?: number; headers?: Record<string, string>; chunks: string[] }>,
  apiVersion = '1.41',
) {
  const seen: EngineRequest[] = [];
  const transport: EngineTransport = {
    address: 'unix:///fake.sock',
    close: () => undefined,
    async request(req): Promise<EngineResponse> {
      seen.push(req);
      if (req.path === '/_ping') return { status: 200, headers: { 'api-version': apiVersion }, body: gen(['OK']) };
      const r = routes[`${req.method} ${req.path}`];
      if (!r) return { status: 404, headers: {}, body: gen(['{"message":"no route"}']) };
      return { status: r.status ?? 200, headers: r.headers ?? {}, body: gen(r.chunks, req) };
    },
  };
  return { client: new EngineClient(transport), seen };
}

async function* gen(chunks: string[], req?: EngineRequest): AsyncIterable<Uint8Array> {
  for (const c of chunks) {
    // as node's IncomingMessage when its connection is destroyed: the stream breaks off
    if (req?.signal?.aborted) throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    yield enc.encode(c);
    await new Promise((r) => setTimeout(r, 0));
  }
}

const ref = parseImageReference('127.0.0.1:5000/team/app:v1');
const PUSH = '/v1.41/images/127.0.0.1:5000/team/app/push?tag=v1';

/** docker's push stream, cut mid-line to show lines are reassembled. */
const dockerStream = [
  '{"status":"The push refers to repository [127.0.0.1:5000/team/app]"}\n{"status":"Prep',
  'aring","progressDetail":{},"id":"5f70bf18a086"}\n',
  '{"status":"Pushing","progressDetail":{"current":512,"total":2048},"progress":"[==>  ]","id":"5f70bf18a086"}\n',
  '{"status":"Layer already exists","progressDetail":{},"id":"e5c62b24f095"}\n',
  '{"status":"Pushed","progressDetail":{},"id":"5f70bf18a086"}\n',
  '{"status":"v1: digest: sha256:aaaa size: 528"}\n{"progressDetail":{},"aux":{"Tag":"v1","Digest":"sha256:aaaa","Size":528}}\n',
];

test('push: the layers as they change, the image named as docker names it, X-Registry-Auth sent', async () => {
  const { client, seen } = fakeEngine({ [`POST ${PUSH}`]: { chunks: dockerStream } });
  const layers: PushLayer[] = [];
  await client.push(ref, 'v1', { registryAuth: 'AUTH', onLayer: (l) => layers.push(l) });
  assert.deepEqual(layers, [
    { id: '5f70bf18a086', status: 'Preparing' },
    { id: '5f70bf18a086', status: 'Pushing', current: 512, total: 2048 },
    { id: 'e5c62b24f095', status: 'Layer already exists' },
    { id: '5f70bf18a086', status: 'Pushed' },
  ]);
  assert.equal(seen.at(-1)!.headers!['x-registry-auth'], 'AUTH');
});

test("push: an error message in the stream fails the push with the engine's words", async () => {
  const { client } = fakeEngine({
    [`POST ${PUSH}`]: {
      chunks: [
        '{"status":"Preparing","id":"abc"}\n',
        '{"errorDetail":{"message":"denied: requested access to the resource is denied"},"error":"denied"}\n',
      ],
    },
  });
  await assert.rejects(
    client.push(ref, 'v1', { registryAuth: 'A' }),
    (e) =>
      isSignetError(e, 'ENGINE_PUSH_FAILED') &&
      e.message === 'pushing 127.0.0.1:5000/team/app:v1 failed: denied: requested access to the resource is denied',
  );
});

test('push: 404 from the engine is ENGINE_NO_IMAGE naming the image and the engine', async () => {
  const { client } = fakeEngine({});
  await assert.rejects(
    client.push(ref, 'v1', { registryAuth: 'A' }),
    (e) =>
      isSignetError(e, 'ENGINE_NO_IMAGE') &&
      e.message === 'no local image 127.0.0.1:5000/team/app:v1 in the Docker engine at unix:///fake.sock',
  );
});

test('push: cancelled midway is CANCELLED, and the signal reached the transport', async () => {
  const { client, seen } = fakeEngine({ [`POST ${PUSH}`]: { chunks: dockerStream } });
  const ac = new AbortController();
  let n = 0;
  await assert.rejects(
    client.push(ref, 'v1', { registryAuth: 'A', signal: ac.signal, onLayer: () => ++n === 1 && ac.abort() }),
    (e) => isSignetError(e, 'CANCELLED'),
  );
  assert.equal(seen.at(-1)!.signal, ac.signal);
  assert.equal(n, 1);
});

test('push: a stream that breaks off without Cancel is ENGINE_PUSH_FAILED, not a bare socket error', async () => {
  const transport: EngineTransport = {
    address: 'unix:///fake.sock',
    close: () => undefined,
    async request(req) {
      if (req.path === '/_ping') return { status: 200, headers: {}, body: gen(['OK']) };
      return {
        status: 200,
        headers: {},
        body: (async function* () {
          yield enc.encode('{"status":"Preparing","id":"abc"}\n');
          throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
        })(),
      };
    },
  };
  await assert.rejects(
    new EngineClient(transport).push(ref, 'v1', { registryAuth: 'A' }),
    (e) => isSignetError(e, 'ENGINE_PUSH_FAILED') && /the engine's answer broke off$/.test(e.message),
  );
});

test('localImages: only the tags of this repository, familiar and full names, sorted; <none> left out', async () => {
  const filters = encodeURIComponent(JSON.stringify({ reference: ['127.0.0.1:5000/team/app'] }));
  const { client } = fakeEngine({
    [`GET /v1.41/images/json?filters=${filters}`]: {
      chunks: [
        JSON.stringify([
          {
            Id: 'sha256:1',
            RepoTags: ['127.0.0.1:5000/team/app:v2', '127.0.0.1:5000/team/app-other:v9'],
            Created: 5,
            Size: 10,
          },
          { Id: 'sha256:2', RepoTags: ['127.0.0.1:5000/team/app:v1'] },
          { Id: 'sha256:3', RepoTags: ['<none>:<none>'] },
          { Id: 'sha256:4', RepoTags: null },
        ]),
      ],
    },
  });
  assert.deepEqual(await client.localImages(ref), [
    { tag: 'v1', id: 'sha256:2' },
    { tag: 'v2', id: 'sha256:1', created: 5, size: 10 },
  ]);
  const hub = fakeEngine({
    [`GET /v1.41/images/json?filters=${encodeURIComponent(JSON.stringify({ reference: ['alpine'] }))}`]: {
      chunks: [
        JSON.stringify([{ Id: 'sha256:9', RepoTags: ['alpine:3.20', 'docker.io/library/alpine:edge', 'x/alpine:1'] }]),
      ],
    },
  });
  assert.deepEqual(
    (await hub.client.localImages(parseImageReference('alpine'))).map((i) => i.tag),
    ['3.20', 'edge'],
  );
});

test('the API version: the engine’s own when older than the newest asked, else the newest; none: unversioned paths', async () => {
  for (const [v, prefix] of [
    ['1.41', '/v1.41'],
    ['1.51', '/v1.45'],
    ['', ''],
  ] as const) {
    const { client, seen } = fakeEngine(
      { [`GET ${prefix}/images/127.0.0.1:5000/team/app:v1/json`]: { chunks: ['{}'] } },
      v,
    );
    assert.equal(await client.hasImage(ref, 'v1'), true, v);
    assert.equal(seen.at(-1)!.path, `${prefix}/images/127.0.0.1:5000/team/app:v1/json`);
  }
  const { client } = fakeEngine({});
  assert.equal(await client.hasImage(ref, 'v1'), false);
});

test('X-Registry-Auth as docker encodes it: base64url JSON, the server address always, Docker Hub by its login key', () => {
  const decode = (s: string) => JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
  assert.deepEqual(decode(encodeRegistryAuth({ username: 'alice', password: 'p?>>' }, '127.0.0.1:5000')), {
    username: 'alice',
    password: 'p?>>',
    serveraddress: '127.0.0.1:5000',
  });
  assert.doesNotMatch(encodeRegistryAuth({ username: 'alice', password: 'p?>>' }, 'r.example.com'), /[+/]/);
  assert.deepEqual(decode(encodeRegistryAuth({ identityToken: 'tok' }, 'docker.io')), {
    identitytoken: 'tok',
    serveraddress: 'https://index.docker.io/v1/',
  });
  assert.deepEqual(decode(encodeRegistryAuth(undefined, 'r.example.com')), { serveraddress: 'r.example.com' });
});
