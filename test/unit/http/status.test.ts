import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  describeServerErrors,
  displayUrl,
  expectOk,
  parseServerErrors,
  statusToError,
} from '../../../core/http/status.js';
import type { HttpResponse } from '../../../core/http/transport.js';

const URL1 = 'https://notary.example.com:4443/v2/docker.io/library/alpine/_trust/tuf/root.json';
const res = (status: number, body = ''): HttpResponse => ({
  status,
  headers: {},
  body: new TextEncoder().encode(body),
});
const errBody = (code: string, message: string, detail?: unknown): string =>
  JSON.stringify({ errors: [detail === undefined ? { code, message } : { code, message, detail }] }) + '\n';

test('401 → HTTP_UNAUTHORIZED naming the URL, hint names docker login for the host', () => {
  const e = statusToError(res(401), URL1);
  assert.equal(e.code, 'HTTP_UNAUTHORIZED');
  assert.equal(e.message, `${URL1} answered 401 Unauthorized`);
  assert.equal(
    e.hint,
    'log in with `docker login notary.example.com:4443` or check the credentials in $DOCKER_CONFIG/config.json',
  );
});

test('loginHost replaces the host in the login hint', () => {
  const e = statusToError(res(401), URL1, { loginHost: 'registry.example.com' });
  assert.match(e.hint!, /docker login registry\.example\.com`/);
});

test('403, 404 and 5xx map to their codes', () => {
  assert.equal(statusToError(res(403), URL1).code, 'HTTP_FORBIDDEN');
  const nf = statusToError(
    res(404, errBody('METADATA_NOT_FOUND', 'You have requested metadata that does not exist.', {})),
    URL1,
  );
  assert.equal(nf.code, 'HTTP_NOT_FOUND');
  assert.equal(
    nf.message,
    `${URL1} answered 404 Not Found: METADATA_NOT_FOUND: You have requested metadata that does not exist.`,
  );
  for (const s of [500, 502, 503]) assert.equal(statusToError(res(s), URL1).code, 'HTTP_SERVER_ERROR');
  assert.equal(statusToError(res(302), URL1).code, 'HTTP_SERVER_ERROR');
  assert.equal(statusToError(res(302), URL1).message, `${URL1} answered 302 unexpectedly`);
});

test('400 INVALID_UPDATE keeps code, message and the ErrBadRoot detail', () => {
  const body = errBody('INVALID_UPDATE', 'Update sent by the client is invalid.', {
    Name: 'ErrBadRoot',
    Error: { Msg: 'Root modifications must increment the version. Current 2, new 4' },
  });
  const e = statusToError(res(400, body), URL1, { action: 'publishing root' });
  assert.equal(e.code, 'HTTP_BAD_REQUEST');
  assert.equal(
    e.message,
    `publishing root: ${URL1} answered 400 Bad Request: INVALID_UPDATE: Update sent by the client is invalid. (ErrBadRoot: Root modifications must increment the version. Current 2, new 4)`,
  );
  assert.deepEqual((e.cause as { errors: unknown[] }).errors, parseServerErrors(new TextEncoder().encode(body)));
});

test('badRequestCode overrides the 400 code', () => {
  assert.equal(
    statusToError(res(400, errBody('VERSION', 'A newer version of metadata is already available.', {})), URL1, {
      badRequestCode: 'NOTARY_REJECTED',
    }).code,
    'NOTARY_REJECTED',
  );
});

test('detail forms: absent, {}, string, arbitrary object', () => {
  assert.equal(describeServerErrors([{ code: 'NO_FILENAME', message: 'No file name' }]), 'NO_FILENAME: No file name');
  assert.equal(describeServerErrors([{ code: 'VERSION', message: 'newer', detail: {} }]), 'VERSION: newer');
  assert.equal(
    describeServerErrors([{ code: 'INVALID_ROLE', message: 'bad role', detail: 'foo' }]),
    'INVALID_ROLE: bad role (foo)',
  );
  assert.equal(describeServerErrors([{ code: 'X', message: 'm', detail: { a: 1 } }]), 'X: m ({"a":1})');
  assert.equal(
    describeServerErrors([
      { code: 'A', message: 'a' },
      { code: 'B', message: '', detail: null },
    ]),
    'A: a; B',
  );
});

test('parseServerErrors tolerates non-errcode bodies', () => {
  assert.deepEqual(parseServerErrors(new TextEncoder().encode('<html>502</html>')), []);
  assert.deepEqual(parseServerErrors(new TextEncoder().encode('{"errors":"x"}')), []);
  assert.deepEqual(parseServerErrors(new TextEncoder().encode('{"errors":[{"message":"m"}]}')), [
    { code: 'UNKNOWN', message: 'm' },
  ]);
  assert.equal(statusToError(res(502, '<html>bad gateway</html>'), URL1).message, `${URL1} answered 502 Server Error`);
});

test('messages never include the query string (account names, tokens)', () => {
  const e = statusToError(res(500), 'https://auth.example.com/token?account=alice&scope=x');
  assert.equal(e.message, 'https://auth.example.com/token answered 500 Server Error');
  assert.equal(displayUrl('https://h/p?q=1#f'), 'https://h/p');
});

test('expectOk passes 2xx through and throws the mapped error otherwise', () => {
  const ok = res(204);
  assert.equal(expectOk(ok, URL1), ok);
  assert.throws(() => expectOk(res(404), URL1), { code: 'HTTP_NOT_FOUND' });
});
