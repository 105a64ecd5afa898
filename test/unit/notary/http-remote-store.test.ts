import { FakeTransport, reply } from '../../helpers/fake-transport.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuthenticatingClient } from '../../../core/http/auth.js';
import type { HttpTransport } from '../../../core/http/transport.js';
import { HttpRemoteStore, multipartBody } from '../../../core/notary/http-remote-store.js';
import { isSignetError } from '../../../core/errors.js';

const enc = new TextEncoder();
const dec = new TextDecoder();
const GUN = '127.0.0.1:5000/example/trust-demo';

const store = (t: HttpTransport, baseUrl = 'https://notary.example.com:4443', timeoutMs?: number) =>
  new HttpRemoteStore({ baseUrl, gun: GUN, client: new AuthenticatingClient(t), ...(timeoutMs ? { timeoutMs } : {}) });

test('getMeta URL, pass-through bytes, maxBytes and default 30 s timeout', async () => {
  const bytes = enc.encode('{"signed":{},"signatures":[]}');
  const t = new FakeTransport(() => reply(200, bytes));
  const s = store(t);
  assert.equal(s.baseUrl, 'https://notary.example.com:4443');
  assert.deepEqual(await s.getMeta('root', 1234), bytes);
  await s.getMeta('targets/releases.0123abcd', 99);
  await s.getMeta('2.root', 99);
  assert.deepEqual(
    t.log.map((r) => r.url),
    [
      'https://notary.example.com:4443/v2/127.0.0.1:5000/example/trust-demo/_trust/tuf/root.json',
      'https://notary.example.com:4443/v2/127.0.0.1:5000/example/trust-demo/_trust/tuf/targets/releases.0123abcd.json',
      'https://notary.example.com:4443/v2/127.0.0.1:5000/example/trust-demo/_trust/tuf/2.root.json',
    ],
  );
  assert.equal(t.log[0]!.method, 'GET');
  assert.equal(t.log[0]!.maxBytes, 1234);
  assert.equal(t.log[0]!.timeoutMs, 30_000);
});

test('sub-path base URL, trailing slash, configurable timeout, odd characters encoded', async () => {
  const t = new FakeTransport(() => reply(200, '{}'));
  const s = new HttpRemoteStore({
    baseUrl: 'https://h.example/notary/',
    gun: 'reg.example/a b/c#d',
    client: new AuthenticatingClient(t),
    timeoutMs: 500,
  });
  assert.equal(s.baseUrl, 'https://h.example/notary');
  await s.getMeta('timestamp', 10);
  assert.equal(t.log[0]!.url, 'https://h.example/notary/v2/reg.example/a%20b/c%23d/_trust/tuf/timestamp.json');
  assert.equal(t.log[0]!.timeoutMs, 500);
  await assert.rejects(s.getMeta('../root', 10), { code: 'BAD_INPUT' });
  assert.throws(() => new HttpRemoteStore({ baseUrl: 'ftp://x', gun: 'g', client: new AuthenticatingClient(t) }), {
    code: 'BAD_CONFIG',
  });
});

test('getMeta 404 → HTTP_NOT_FOUND with the server code', async () => {
  const t = new FakeTransport(() =>
    reply(
      404,
      '{"errors":[{"code":"METADATA_NOT_FOUND","message":"You have requested metadata that does not exist.","detail":{}}]}\n',
    ),
  );
  await assert.rejects(store(t).getMeta('root', 100), (e) => {
    assert.ok(isSignetError(e, 'HTTP_NOT_FOUND'));
    assert.equal(
      e.message,
      `fetching root.json for ${GUN}: https://notary.example.com:4443/v2/${GUN}/_trust/tuf/root.json answered 404 Not Found: METADATA_NOT_FOUND: You have requested metadata that does not exist.`,
    );
    return true;
  });
});

test('getKey parses the key JSON', async () => {
  const t = new FakeTransport(() => reply(200, '{"keytype":"ed25519","keyval":{"private":null,"public":"AAEC"}}'));
  assert.deepEqual(await store(t).getKey('timestamp'), {
    keytype: 'ed25519',
    keyval: { private: null, public: 'AAEC' },
  });
  assert.equal(t.log[0]!.url, `https://notary.example.com:4443/v2/${GUN}/_trust/tuf/timestamp.key`);
  const bad = new FakeTransport(() => reply(200, '{"keytype":"ed25519"}'));
  await assert.rejects(store(bad).getKey('snapshot'), { code: 'TUF_MALFORMED' });
});

test('publish sends one multipart POST with exact bytes and pull,push scope', async () => {
  const root = enc.encode('{"signed":{"_type":"Root"}}');
  const targets = new Uint8Array([0, 1, 2, 255, 13, 10]);
  const t = new FakeTransport(() => reply(200));
  await store(t).publish(
    new Map([
      ['root', root],
      ['targets/releases', targets],
    ]),
  );
  assert.equal(t.log.length, 1);
  const req = t.log[0]!;
  assert.equal(req.method, 'POST');
  assert.equal(req.url, `https://notary.example.com:4443/v2/${GUN}/_trust/tuf/`);
  const m = /^multipart\/form-data; boundary=(signet[0-9a-z]{24})$/.exec(req.headers!['content-type']!);
  assert.ok(m, req.headers!['content-type']);
  const b = m[1]!;
  const expected = Buffer.concat([
    Buffer.from(
      `--${b}\r\nContent-Disposition: form-data; name="files"; filename="root"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    root,
    Buffer.from(
      `\r\n--${b}\r\nContent-Disposition: form-data; name="files"; filename="targets/releases"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    targets,
    Buffer.from(`\r\n--${b}--\r\n`),
  ]);
  assert.deepEqual(Buffer.from(req.body!), expected);
  assert.deepEqual(
    multipartBody(new Map([['snapshot', enc.encode('x')]]), 'B'),
    enc.encode(
      '--B\r\nContent-Disposition: form-data; name="files"; filename="snapshot"\r\nContent-Type: application/octet-stream\r\n\r\nx\r\n--B--\r\n',
    ),
  );
});

test('publish scope reaches the token server', async () => {
  const t = new FakeTransport((req) => {
    if (req.url.startsWith('https://auth.example/')) return reply(200, '{"token":"tk"}');
    return req.headers?.['authorization'] === 'Bearer tk'
      ? reply(200)
      : reply(401, '', { 'www-authenticate': 'Bearer realm="https://auth.example/token",service="notary"' });
  });
  await store(t).publish(new Map([['targets', enc.encode('{}')]]));
  assert.equal(new URL(t.log[1]!.url).searchParams.get('scope'), `repository:${GUN}:pull,push`);
  await store(t).getMeta('root', 10);
  assert.equal(new URL(t.log[4]!.url).searchParams.get('scope'), `repository:${GUN}:pull`);
});

test('publish 400 INVALID_UPDATE / VERSION → NOTARY_REJECTED keeping server code and message', async () => {
  const body =
    '{"errors":[{"code":"INVALID_UPDATE","message":"Update sent by the client is invalid.","detail":{"Name":"ErrBadRoot","Error":{"Msg":"Root modifications must increment the version. Current 2, new 4"}}}]}\n';
  await assert.rejects(
    store(new FakeTransport(() => reply(400, body))).publish(new Map([['root', enc.encode('{}')]])),
    (e) => {
      assert.ok(isSignetError(e, 'NOTARY_REJECTED'));
      assert.match(
        e.message,
        /^publishing root for 127\.0\.0\.1:5000\/example\/trust-demo: .* answered 400 Bad Request: INVALID_UPDATE: Update sent by the client is invalid\. \(ErrBadRoot: Root modifications must increment the version\. Current 2, new 4\)$/,
      );
      return true;
    },
  );
  const version =
    '{"errors":[{"code":"VERSION","message":"A newer version of metadata is already available.","detail":{}}]}';
  await assert.rejects(
    store(new FakeTransport(() => reply(400, version))).publish(new Map([['targets', enc.encode('{}')]])),
    {
      code: 'NOTARY_REJECTED',
      message: `publishing targets for ${GUN}: https://notary.example.com:4443/v2/${GUN}/_trust/tuf/ answered 400 Bad Request: VERSION: A newer version of metadata is already available.`,
    },
  );
  await assert.rejects(store(new FakeTransport(() => reply(500))).publish(new Map([['targets', enc.encode('{}')]])), {
    code: 'HTTP_SERVER_ERROR',
  });
  await assert.rejects(store(new FakeTransport(() => reply(403))).publish(new Map([['targets', enc.encode('{}')]])), {
    code: 'HTTP_FORBIDDEN',
  });
});

test('publish refuses timestamp and empty maps without a request', async () => {
  const t = new FakeTransport(() => reply(200));
  await assert.rejects(store(t).publish(new Map([['timestamp', enc.encode('{}')]])), { code: 'BAD_INPUT' });
  await assert.rejects(store(t).publish(new Map()), { code: 'BAD_INPUT' });
  assert.equal(t.log.length, 0);
});

test('ping: GET <base>/v2/; 200 and 401-with-challenge are fine, 500 is an error', async () => {
  const ok = new FakeTransport(() => reply(200, '{}'));
  await store(ok, 'https://h.example/sub').ping();
  assert.equal(ok.log[0]!.url, 'https://h.example/sub/v2/');
  await store(new FakeTransport(() => reply(401, '', { 'www-authenticate': 'Bearer realm="https://a/t"' }))).ping();
  await assert.rejects(store(new FakeTransport(() => reply(503, '{}'))).ping(), { code: 'HTTP_SERVER_ERROR' });
  assert.equal(dec.decode(ok.log[0]!.body ?? new Uint8Array()), '');
});
