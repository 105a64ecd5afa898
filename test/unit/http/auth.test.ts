import { FakeTransport, reply } from '../../helpers/fake-transport.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AuthenticatingClient,
  parseChallenges,
  type CredentialSource,
  type Credentials,
} from '../../../core/http/auth.js';
import type { HttpRequest, HttpResponse } from '../../../core/http/transport.js';
import { isSignetError } from '../../../core/errors.js';

const enc = new TextEncoder();
const dec = new TextDecoder();
const SERVER = 'https://notary.example.com';
const REALM = 'https://auth.example.com/token';
const BEARER = `Bearer realm="${REALM}",service="notary-server",scope="repository:docker.io/library/alpine:pull"`;
const SCOPE = 'repository:docker.io/library/alpine:pull';

const creds = (map: Record<string, Credentials>): CredentialSource & { asked: string[] } => {
  const asked: string[] = [];
  return { asked, get: async (h) => (asked.push(h), map[h]) };
};
const basic = (u: string, p: string): string => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

/** A notary server that wants `Bearer good-token` and a token server handing it out. */
function bearerServer(onToken: (req: HttpRequest) => HttpResponse): FakeTransport {
  return new FakeTransport((req) => {
    if (req.url.startsWith(REALM)) return onToken(req);
    if (req.headers?.['authorization'] === 'Bearer good-token') return reply(200, 'meta');
    return reply(401, '{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}', {
      'www-authenticate': BEARER,
    });
  });
}

test('parseChallenges reads several challenges and quoted values', () => {
  assert.deepEqual(parseChallenges(`${BEARER}, Basic realm="a \\"b\\""`), [
    { scheme: 'bearer', params: { realm: REALM, service: 'notary-server', scope: SCOPE } },
    { scheme: 'basic', params: { realm: 'a "b"' } },
  ]);
  assert.deepEqual(parseChallenges('Bearer realm=https://x/t,service=s'), [
    { scheme: 'bearer', params: { realm: 'https://x/t', service: 's' } },
  ]);
});

test('bearer flow with basic credentials: GET realm with service, scope, account and Basic auth, then retry', async () => {
  const t = bearerServer(() => reply(200, JSON.stringify({ token: 'good-token', expires_in: 300 })));
  const src = creds({ 'notary.example.com': { username: 'alice', password: 's3cret' } });
  const c = new AuthenticatingClient(t, { credentials: src });
  const res = await c.request({ method: 'GET', url: `${SERVER}/v2/x/_trust/tuf/root.json` }, SCOPE);
  assert.equal(res.status, 200);
  assert.equal(dec.decode(res.body), 'meta');
  assert.equal(t.log.length, 3);
  const tok = new URL(t.log[1]!.url);
  assert.equal(tok.origin + tok.pathname, REALM);
  assert.equal(tok.searchParams.get('service'), 'notary-server');
  assert.equal(tok.searchParams.get('scope'), SCOPE);
  assert.equal(tok.searchParams.get('account'), 'alice');
  assert.equal(t.log[1]!.headers?.['authorization'], basic('alice', 's3cret'));
  assert.equal(t.log[2]!.headers?.['authorization'], 'Bearer good-token');
  assert.deepEqual(src.asked, ['notary.example.com']);

  // Second request: challenge known, token cached → one request, no token fetch.
  await c.request({ method: 'GET', url: `${SERVER}/v2/x/_trust/tuf/timestamp.json` }, SCOPE);
  assert.equal(t.log.length, 4);
  assert.equal(t.log[3]!.headers?.['authorization'], 'Bearer good-token');
});

test('identity token: POST form with grant_type=refresh_token and client_id=signet; access_token accepted', async () => {
  const t = bearerServer(() => reply(200, JSON.stringify({ access_token: 'good-token' })));
  const c = new AuthenticatingClient(t, {
    credentials: creds({ 'registry.example.com': { identityToken: 'refresh-xyz' } }),
    credentialHost: 'registry.example.com',
  });
  const res = await c.request({ method: 'GET', url: `${SERVER}/v2/x/_trust/tuf/root.json` }, 'repository:x:pull,push');
  assert.equal(res.status, 200);
  const tokReq = t.log[1]!;
  assert.equal(tokReq.method, 'POST');
  assert.equal(tokReq.url, REALM);
  assert.equal(tokReq.headers?.['content-type'], 'application/x-www-form-urlencoded');
  const form = new URLSearchParams(dec.decode(tokReq.body));
  assert.equal(form.get('grant_type'), 'refresh_token');
  assert.equal(form.get('refresh_token'), 'refresh-xyz');
  assert.equal(form.get('service'), 'notary-server');
  assert.equal(form.get('scope'), 'repository:x:pull,push');
  assert.equal(form.get('client_id'), 'signet');
  assert.equal(tokReq.headers?.['authorization'], undefined);
});

test('anonymous token: no account, no Authorization on the token request; challenge scope used when caller gives none', async () => {
  const t = bearerServer(() => reply(200, JSON.stringify({ token: 'good-token' })));
  const c = new AuthenticatingClient(t);
  const res = await c.request({ method: 'GET', url: `${SERVER}/v2/x/_trust/tuf/root.json` });
  assert.equal(res.status, 200);
  const tok = new URL(t.log[1]!.url);
  assert.equal(tok.searchParams.get('account'), null);
  assert.equal(tok.searchParams.get('scope'), SCOPE);
  assert.equal(t.log[1]!.headers?.['authorization'], undefined);
});

test('token cache is per scope, and an expired token is fetched again', async () => {
  let now = 1_000_000;
  let n = 0;
  const t = new FakeTransport((req) => {
    if (req.url.startsWith(REALM)) return reply(200, JSON.stringify({ token: `tok-${++n}`, expires_in: 60 }));
    return req.headers?.['authorization']?.startsWith('Bearer tok-')
      ? reply(200)
      : reply(401, '', { 'www-authenticate': BEARER });
  });
  const c = new AuthenticatingClient(t, { now: () => now });
  const get = (scope: string) => c.request({ method: 'GET', url: `${SERVER}/v2/` }, scope);
  await get('repository:a:pull');
  await get('repository:a:pull');
  await get('repository:b:pull');
  assert.equal(n, 2);
  now += 61_000;
  await get('repository:a:pull');
  assert.equal(n, 3);
  assert.equal(t.log.at(-1)!.headers?.['authorization'], 'Bearer tok-3');
});

test('basic challenge → resend with Basic credentials; ping records the challenge for later requests', async () => {
  const t = new FakeTransport((req) =>
    req.headers?.['authorization'] === basic('testuser', 'testpassword')
      ? reply(200, '{}')
      : reply(401, '', { 'www-authenticate': 'Basic realm="trust-peers"' }),
  );
  const c = new AuthenticatingClient(t, {
    credentials: creds({ 'notary.example.com': { username: 'testuser', password: 'testpassword' } }),
  });
  const ping = await c.ping(`${SERVER}/v2/`);
  assert.equal(ping.status, 401);
  assert.equal(t.log.length, 1);
  const res = await c.request(
    { method: 'POST', url: `${SERVER}/v2/x/_trust/tuf/`, body: enc.encode('abc') },
    'repository:x:pull,push',
  );
  assert.equal(res.status, 200);
  assert.equal(t.log.length, 2, 'credentials sent up front after the ping');
  assert.equal(t.log[1]!.headers?.['authorization'], basic('testuser', 'testpassword'));
  assert.equal(dec.decode(t.log[1]!.body), 'abc');
});

test('no credentials + basic 401 → HTTP_UNAUTHORIZED with a login hint', async () => {
  const t = new FakeTransport(() => reply(401, '', { 'www-authenticate': 'Basic realm="r"' }));
  const c = new AuthenticatingClient(t, { credentials: creds({}) });
  await assert.rejects(c.request({ method: 'GET', url: `${SERVER}:4443/v2/x/_trust/tuf/root.json` }, SCOPE), (e) => {
    assert.ok(isSignetError(e, 'HTTP_UNAUTHORIZED'));
    assert.equal(
      e.message,
      `${SERVER}:4443/v2/x/_trust/tuf/root.json requires authentication: no credentials for notary.example.com:4443`,
    );
    assert.equal(
      e.hint,
      'log in with `docker login notary.example.com:4443` or check the credentials in $DOCKER_CONFIG/config.json',
    );
    return true;
  });
  assert.equal(t.log.length, 1);
});

test('rejected credentials → HTTP_UNAUTHORIZED without the password or token anywhere', async () => {
  const t = bearerServer(() => reply(401, '{"details":"bad creds"}'));
  const c = new AuthenticatingClient(t, {
    credentials: creds({ 'notary.example.com': { username: 'bob', password: 'hunter2-secret' } }),
  });
  await assert.rejects(c.request({ method: 'GET', url: `${SERVER}/v2/x/_trust/tuf/root.json?x=1` }, SCOPE), (e) => {
    assert.ok(isSignetError(e, 'HTTP_UNAUTHORIZED'));
    assert.match(e.message, /credentials for notary\.example\.com were not accepted/);
    assert.doesNotMatch(JSON.stringify(e.toData()), /hunter2|Basic|\?x=1/);
    return true;
  });
});

test('a server still answering 401 to a fresh token → HTTP_UNAUTHORIZED after exactly one retry', async () => {
  const t = new FakeTransport((req) =>
    req.url.startsWith(REALM) ? reply(200, '{"token":"t"}') : reply(401, '', { 'www-authenticate': BEARER }),
  );
  const c = new AuthenticatingClient(t);
  await assert.rejects(c.request({ method: 'GET', url: `${SERVER}/v2/` }, SCOPE), { code: 'HTTP_UNAUTHORIZED' });
  assert.deepEqual(
    t.log.map((r) => new URL(r.url).host),
    ['notary.example.com', 'auth.example.com', 'notary.example.com'],
  );
});

test('401 without a challenge is returned; token answer without a token → HTTP_SERVER_ERROR', async () => {
  const plain = new AuthenticatingClient(new FakeTransport(() => reply(401)));
  assert.equal((await plain.request({ method: 'GET', url: `${SERVER}/v2/` })).status, 401);
  const c = new AuthenticatingClient(bearerServer(() => reply(200, '{"expires_in":300}')));
  await assert.rejects(c.request({ method: 'GET', url: `${SERVER}/v2/` }, SCOPE), {
    code: 'HTTP_SERVER_ERROR',
    message: `token server ${REALM} answered without a token`,
  });
});

test('credentials are never sent over plain HTTP to a non-loopback host', async () => {
  const t = new FakeTransport(() =>
    reply(401, '', { 'www-authenticate': 'Bearer realm="http://auth.example.com/token",service="s"' }),
  );
  const c = new AuthenticatingClient(t, {
    credentials: creds({ 'notary.example.com': { username: 'u', password: 'p' } }),
  });
  await assert.rejects(c.request({ method: 'GET', url: `${SERVER}/v2/` }, SCOPE), { code: 'HTTP_INSECURE' });
  assert.equal(t.log.length, 1);
});
