import { FakeTransport, reply } from '../../helpers/fake-transport.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { AuthenticatingClient, type Credentials } from '../../../core/http/auth.js';
import type { HttpRequest, HttpResponse } from '../../../core/http/transport.js';
import { isSignetError } from '../../../core/errors.js';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { parseImageReference } from '../../../core/registry/reference.js';
import { MANIFEST_ACCEPT, MEDIA_TYPES, parseIndexPlatforms } from '../../../core/registry/manifest.js';
import { RegistryClient, registryBaseUrl } from '../../../core/registry/registry-client.js';

const enc = new TextEncoder();
const sha = (b: Uint8Array | string): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

const MANIFEST = enc.encode(
  JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.dockerManifest, config: {}, layers: [] }),
);
const DIGEST = sha(MANIFEST);
const REF = parseImageReference('127.0.0.1:5000/example/app:v1');
const URL_V1 = 'http://127.0.0.1:5000/v2/example/app/manifests/v1';

function client(
  handler: (req: HttpRequest) => HttpResponse,
  creds?: Record<string, Credentials>,
): { rc: RegistryClient; t: FakeTransport } {
  const t = new FakeTransport(handler);
  const auth = new AuthenticatingClient(t, creds ? { credentials: { get: async (h) => creds[h] } } : {});
  return { rc: new RegistryClient(auth, { crypto: nodeCrypto, timeoutMs: 1234 }), t };
}

test('registryBaseUrl: Docker Hub API host, loopback over http, others over https', () => {
  assert.equal(registryBaseUrl('docker.io'), 'https://registry-1.docker.io');
  assert.equal(registryBaseUrl('127.0.0.1:5000'), 'http://127.0.0.1:5000');
  assert.equal(registryBaseUrl('localhost:5000'), 'http://localhost:5000');
  assert.equal(registryBaseUrl('[::1]:5000'), 'http://[::1]:5000');
  assert.equal(registryBaseUrl('127.0.0.1:5000', { loopbackHttps: true }), 'https://127.0.0.1:5000');
  assert.equal(registryBaseUrl('reg.example.com:5000'), 'https://reg.example.com:5000');
});

test('HEAD with digest and length: one request, four Accept types, timeout passed on', async () => {
  const { rc, t } = client(() =>
    reply(200, '', {
      'docker-content-digest': DIGEST,
      'content-length': '423',
      'content-type': MEDIA_TYPES.dockerManifest,
    }),
  );
  const info = await rc.resolveTag(REF);
  assert.deepEqual(info, { digest: DIGEST, hex: DIGEST.slice(7), size: 423, mediaType: MEDIA_TYPES.dockerManifest });
  assert.equal(t.log.length, 1);
  assert.equal(t.log[0]!.method, 'HEAD');
  assert.equal(t.log[0]!.url, URL_V1);
  assert.equal(t.log[0]!.timeoutMs, 1234);
  const accept = t.log[0]!.headers?.['accept'] ?? '';
  for (const mt of Object.values(MEDIA_TYPES)) assert.ok(accept.split(', ').includes(mt), mt);
  assert.equal(accept, MANIFEST_ACCEPT);
});

test('HEAD 405 falls back to GET and hashes the body', async () => {
  const { rc, t } = client((req) =>
    req.method === 'HEAD'
      ? reply(405)
      : reply(200, MANIFEST, {
          'docker-content-digest': DIGEST,
          'content-type': `${MEDIA_TYPES.dockerManifest}; charset=utf-8`,
        }),
  );
  const info = await rc.resolveTag(REF);
  assert.deepEqual(info, {
    digest: DIGEST,
    hex: DIGEST.slice(7),
    size: MANIFEST.length,
    mediaType: MEDIA_TYPES.dockerManifest,
  });
  assert.deepEqual(
    t.log.map((r) => r.method),
    ['HEAD', 'GET'],
  );
  assert.equal(t.log[1]!.headers?.['accept'], MANIFEST_ACCEPT);
  assert.ok(t.log[1]!.maxBytes! > 0);
});

test('HEAD without a digest header: GET; no header and no Content-Type: media type from the body', async () => {
  const { rc } = client((req) =>
    req.method === 'HEAD' ? reply(200, '', { 'content-length': '10' }) : reply(200, MANIFEST),
  );
  const info = await rc.resolveTag(REF);
  assert.equal(info.digest, DIGEST);
  assert.equal(info.mediaType, MEDIA_TYPES.dockerManifest);
});

test('GET body that does not match Docker-Content-Digest is TUF_HASH_MISMATCH', async () => {
  const wrong = sha('something else');
  const { rc } = client((req) =>
    req.method === 'HEAD' ? reply(405) : reply(200, MANIFEST, { 'docker-content-digest': wrong }),
  );
  await assert.rejects(rc.resolveTag(REF), (e) => {
    assert.ok(isSignetError(e, 'TUF_HASH_MISMATCH'));
    assert.match(e.message, new RegExp(`hash to ${DIGEST}, expected ${wrong}`));
    assert.match(e.message, /127\.0\.0\.1:5000\/example\/app/);
    return true;
  });
});

test('resolveDigest: HEAD digest must equal the reference digest; bad digest refs rejected', async () => {
  const byDigest = parseImageReference(`127.0.0.1:5000/example/app@${DIGEST}`);
  const ok = client(() =>
    reply(200, '', {
      'docker-content-digest': DIGEST,
      'content-length': String(MANIFEST.length),
      'content-type': MEDIA_TYPES.ociManifest,
    }),
  );
  assert.equal((await ok.rc.resolveDigest(byDigest)).size, MANIFEST.length);
  assert.equal(ok.t.log[0]!.url, `http://127.0.0.1:5000/v2/example/app/manifests/${DIGEST}`);
  const bad = client(() =>
    reply(200, '', {
      'docker-content-digest': sha('x'),
      'content-length': '1',
      'content-type': MEDIA_TYPES.ociManifest,
    }),
  );
  await assert.rejects(bad.rc.resolveDigest(byDigest), (e) => isSignetError(e, 'TUF_HASH_MISMATCH'));
  const get = client((req) => (req.method === 'HEAD' ? reply(405) : reply(200, 'tampered')));
  await assert.rejects(get.rc.resolveDigest(byDigest), (e) => isSignetError(e, 'TUF_HASH_MISMATCH'));
  await assert.rejects(ok.rc.resolveDigest(REF), (e) => isSignetError(e, 'BAD_REFERENCE'));
});

test('missing tag: HEAD 404, GET 404 → HTTP_NOT_FOUND naming tag and repository, with a push hint', async () => {
  const body = '{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"v9"}}]}';
  const { rc, t } = client((req) => (req.method === 'HEAD' ? reply(404) : reply(404, body)));
  await assert.rejects(rc.resolveTag(parseImageReference('127.0.0.1:5000/example/app:v9')), (e) => {
    assert.ok(isSignetError(e, 'HTTP_NOT_FOUND'));
    assert.equal(e.message, 'tag v9 not found in 127.0.0.1:5000/example/app');
    assert.match(e.hint ?? '', /push the image first/);
    return true;
  });
  assert.deepEqual(
    t.log.map((r) => r.method),
    ['HEAD', 'GET'],
  );
});

test('other statuses map through statusToError (500 → HTTP_SERVER_ERROR)', async () => {
  const { rc } = client(() => reply(503, 'busy'));
  await assert.rejects(
    rc.resolveTag(REF),
    (e) => isSignetError(e, 'HTTP_SERVER_ERROR') && /example\/app/.test(e.message),
  );
});

test('401 Bearer: token scope is the path without the domain; Docker Hub uses registry-1.docker.io', async () => {
  const realm = 'https://auth.docker.io/token';
  const hub = parseImageReference('alpine:3');
  const { rc, t } = client(
    (req) => {
      if (req.url.startsWith(realm)) return reply(200, JSON.stringify({ token: 'tok', expires_in: 300 }));
      if (req.headers?.['authorization'] !== 'Bearer tok') {
        return reply(401, '', { 'www-authenticate': `Bearer realm="${realm}",service="registry.docker.io"` });
      }
      return reply(200, '', {
        'docker-content-digest': DIGEST,
        'content-length': '7',
        'content-type': MEDIA_TYPES.dockerManifest,
      });
    },
    { 'registry-1.docker.io': { username: 'alice', password: 'pw' } },
  );
  const info = await rc.resolveTag(hub);
  assert.equal(info.size, 7);
  assert.equal(t.log[0]!.url, 'https://registry-1.docker.io/v2/library/alpine/manifests/3');
  const tokenUrl = new URL(t.log[1]!.url);
  assert.equal(tokenUrl.searchParams.get('scope'), 'repository:library/alpine:pull');
  assert.equal(tokenUrl.searchParams.get('service'), 'registry.docker.io');
  assert.equal(tokenUrl.searchParams.get('account'), 'alice');
  assert.equal(t.log[2]!.headers?.['authorization'], 'Bearer tok');
});

test('manifest list: HEAD gives the index digest, GET by digest lists platforms', async () => {
  const index = enc.encode(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.dockerManifestList,
      manifests: [
        {
          mediaType: MEDIA_TYPES.dockerManifest,
          digest: sha('a'),
          size: 10,
          platform: { os: 'linux', architecture: 'amd64' },
        },
        {
          mediaType: MEDIA_TYPES.dockerManifest,
          digest: sha('b'),
          size: 11,
          platform: { os: 'linux', architecture: 'arm', variant: 'v7' },
        },
        { mediaType: MEDIA_TYPES.dockerManifest, digest: sha('c'), size: 12 },
      ],
    }),
  );
  const idx = sha(index);
  const { rc, t } = client((req) =>
    req.method === 'HEAD'
      ? reply(200, '', {
          'docker-content-digest': idx,
          'content-length': String(index.length),
          'content-type': MEDIA_TYPES.dockerManifestList,
        })
      : reply(200, index, { 'content-type': MEDIA_TYPES.dockerManifestList }),
  );
  const info = await rc.resolveTag(REF);
  assert.equal(info.digest, idx);
  assert.equal(info.size, index.length);
  assert.deepEqual(info.platforms, [
    { os: 'linux', architecture: 'amd64', digest: sha('a'), size: 10, mediaType: MEDIA_TYPES.dockerManifest },
    {
      os: 'linux',
      architecture: 'arm',
      variant: 'v7',
      digest: sha('b'),
      size: 11,
      mediaType: MEDIA_TYPES.dockerManifest,
    },
  ]);
  assert.equal(t.log[1]!.url, `http://127.0.0.1:5000/v2/example/app/manifests/${idx}`);
});

test('parseIndexPlatforms rejects malformed bodies with HTTP_SERVER_ERROR', () => {
  const bad = (v: unknown): void =>
    assert.throws(
      () => parseIndexPlatforms(enc.encode(typeof v === 'string' ? v : JSON.stringify(v)), 'r'),
      (e) => isSignetError(e, 'HTTP_SERVER_ERROR'),
    );
  bad('{not json');
  bad([]);
  bad({ schemaVersion: 2 });
  bad({ schemaVersion: 1, manifests: [] });
  bad({ schemaVersion: 2, manifests: [{ digest: 'nope', size: 1 }] });
  bad({ schemaVersion: 2, manifests: [{ digest: sha('a'), size: -1 }] });
  bad({ schemaVersion: 2, manifests: [{ digest: sha('a'), size: 1, platform: { os: 'linux' } }] });
  assert.deepEqual(parseIndexPlatforms(enc.encode('{"schemaVersion":2,"manifests":[]}'), 'r'), []);
});
