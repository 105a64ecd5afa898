import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { AuthenticatingClient } from '../../../core/http/auth.js';
import type { HttpRequest, HttpResponse } from '../../../core/http/transport.js';
import { isSignetError } from '../../../core/errors.js';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { listAllPages, nextLink } from '../../../core/registry/listing.js';
import { parseImageReference } from '../../../core/registry/reference.js';
import { RegistryClient } from '../../../core/registry/registry-client.js';
import { FakeTransport, reply } from '../../helpers/fake-transport.js';

const BASE = 'http://127.0.0.1:5000';
const REF = parseImageReference('127.0.0.1:5000/team/app');
const json = (v: unknown, headers: Record<string, string> = {}): HttpResponse => reply(200, JSON.stringify(v), headers);

/** A registry that pages `items` by n/last like distribution; `link` adds Link headers. */
function pager(items: string[], field: 'tags' | 'repositories', link: 'relative' | 'absolute' | 'none') {
  return (req: HttpRequest): HttpResponse => {
    const u = new URL(req.url);
    const n = Number(u.searchParams.get('n') ?? items.length);
    const last = u.searchParams.get('last');
    const from = last === null ? 0 : items.indexOf(last) + 1;
    const page = items.slice(from, from + n);
    const headers: Record<string, string> = {};
    if (link !== 'none' && from + n < items.length) {
      const next = `${u.pathname}?last=${encodeURIComponent(page.at(-1)!)}&n=${n}`;
      headers.link = `<${link === 'absolute' ? BASE + next : next}>; rel="next"`;
    }
    return json({ [field]: page }, headers);
  };
}

const items = Array.from({ length: 7 }, (_, i) => `team/r${i}`);

test('nextLink: the rel="next" URL of a Link header, resolved against the request', () => {
  assert.equal(
    nextLink('</v2/_catalog?last=a&n=2>; rel="next"', `${BASE}/v2/_catalog?n=2`),
    `${BASE}/v2/_catalog?last=a&n=2`,
  );
  assert.equal(
    nextLink('<https://x.io/v2/_catalog?last=b>; rel=next', `${BASE}/v2/_catalog`),
    'https://x.io/v2/_catalog?last=b',
  );
  assert.equal(nextLink('</a>; rel="prev", </b>; rel="next"', `${BASE}/x`), `${BASE}/b`);
  assert.equal(nextLink('</a>; rel="prev"', `${BASE}/x`), undefined);
  assert.equal(nextLink(undefined, `${BASE}/x`), undefined);
});

for (const link of ['relative', 'absolute', 'none'] as const) {
  test(`listAllPages follows every page (Link ${link}) with n`, async () => {
    const t = new FakeTransport(pager(items, 'repositories', link));
    const got = await listAllPages(
      new AuthenticatingClient(t),
      `${BASE}/v2/_catalog`,
      'repositories',
      'registry:catalog:*',
      { pageSize: 3 },
    );
    assert.deepEqual(got, items);
    assert.ok(t.log.every((r) => new URL(r.url).searchParams.get('n') === '3'));
    // 7 items in pages of 3: 3 pages; without Link a short page ends the listing
    assert.equal(t.log.length, 3);
  });
}

test('a registry that ignores n and last (docker-registry 2.8 tags/list): one extra page that brings nothing new ends it', async () => {
  const t = new FakeTransport(() => json({ name: 'team/app', tags: ['a', 'b', 'c'] }));
  const got = await listAllPages(new AuthenticatingClient(t), `${BASE}/v2/team/app/tags/list`, 'tags', 's', {
    pageSize: 2,
  });
  assert.deepEqual(got, ['a', 'b', 'c']);
  assert.equal(t.log.length, 2);
  assert.equal(new URL(t.log[1]!.url).searchParams.get('last'), 'c');
});

test('a Link that loops is an error, not an endless audit', async () => {
  const t = new FakeTransport(() => json({ tags: ['a'] }, { link: '</v2/team/app/tags/list?n=1>; rel="next"' }));
  await assert.rejects(
    listAllPages(new AuthenticatingClient(t), `${BASE}/v2/team/app/tags/list`, 'tags', 's', { pageSize: 1 }),
    (e: unknown) => isSignetError(e, 'HTTP_SERVER_ERROR') && /keeps sending more tags pages/.test(e.message),
  );
});

test('a page size above the registry limit (PAGINATION_NUMBER_INVALID) is retried with pages of 100', async () => {
  const t = new FakeTransport((req) =>
    Number(new URL(req.url).searchParams.get('n')) > 100
      ? reply(400, JSON.stringify({ errors: [{ code: 'PAGINATION_NUMBER_INVALID', message: 'invalid number' }] }))
      : pager(items, 'repositories', 'relative')(req),
  );
  assert.deepEqual(await listAllPages(new AuthenticatingClient(t), `${BASE}/v2/_catalog`, 'repositories', 's'), items);
});

test('tags: null is an empty list; a body that is not a list is a clear error', async () => {
  const empty = new FakeTransport(() => json({ name: 'x', tags: null }));
  assert.deepEqual(await listAllPages(new AuthenticatingClient(empty), `${BASE}/v2/x/tags/list`, 'tags', 's'), []);
  const bad = new FakeTransport(() => reply(200, '<html>'));
  await assert.rejects(
    listAllPages(new AuthenticatingClient(bad), `${BASE}/v2/x/tags/list`, 'tags', 's'),
    /not valid JSON/,
  );
});

test('catalog: with token auth the scope is registry:catalog:*', async () => {
  const scopes: string[] = [];
  const t = new FakeTransport((req) => {
    const u = new URL(req.url);
    if (u.pathname === '/token') {
      scopes.push(u.searchParams.get('scope') ?? '');
      return json({ token: 'T' });
    }
    if (req.headers?.authorization !== 'Bearer T')
      return reply(401, '', { 'www-authenticate': `Bearer realm="${BASE}/token",service="reg"` });
    return pager(items, 'repositories', 'relative')(req);
  });
  const rc = new RegistryClient(new AuthenticatingClient(t), { crypto: nodeCrypto });
  assert.deepEqual(await rc.catalog('127.0.0.1:5000', { pageSize: 4 }), items);
  assert.deepEqual(scopes, ['registry:catalog:*']);
});

for (const status of [404, 401, 403]) {
  test(`catalog answering ${status}: one error that says to name repositories`, async () => {
    const rc = new RegistryClient(new AuthenticatingClient(new FakeTransport(() => reply(status, 'no'))), {
      crypto: nodeCrypto,
    });
    await assert.rejects(rc.catalog('127.0.0.1:5000'), (e: unknown) => {
      assert.ok(isSignetError(e));
      assert.match(
        e.message,
        new RegExp(
          `^registry 127\\.0\\.0\\.1:5000 does not list its repositories \\(the catalog answered ${status}\\)$`,
        ),
      );
      assert.match(e.hint!, /^name its repositories instead, e\.g\. signet audit 127\.0\.0\.1:5000\/team\/app/);
      return true;
    });
  });
}

test('listTags: all pages; a repository the registry does not know is undefined', async () => {
  const rc = new RegistryClient(
    new AuthenticatingClient(
      new FakeTransport((req) =>
        req.url.includes('/team/app/')
          ? pager(['v1', 'v2', 'v3'], 'tags', 'relative')(req)
          : reply(404, '{"errors":[{"code":"NAME_UNKNOWN"}]}'),
      ),
    ),
    { crypto: nodeCrypto },
  );
  assert.deepEqual(await rc.listTags(REF, { pageSize: 2 }), ['v1', 'v2', 'v3']);
  assert.equal(await rc.listTags(parseImageReference('127.0.0.1:5000/team/gone')), undefined);
});

test('tagDigest: the HEAD digest with the manifest Accept types; 404 is undefined; no digest header falls back to GET', async () => {
  const body = new TextEncoder().encode(
    '{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json"}',
  );
  const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
  const t = new FakeTransport((req) => {
    if (req.url.endsWith('/gone')) return reply(404);
    if (req.url.endsWith('/nohdr'))
      return req.method === 'HEAD'
        ? reply(200)
        : reply(200, body, { 'content-type': 'application/vnd.docker.distribution.manifest.v2+json' });
    return reply(200, '', { 'docker-content-digest': digest, 'content-length': String(body.length) });
  });
  const rc = new RegistryClient(new AuthenticatingClient(t), { crypto: nodeCrypto });
  assert.equal(await rc.tagDigest(REF, 'v1'), digest);
  assert.match(t.log[0]!.headers!.accept!, /manifest\.list\.v2\+json.*image\.index\.v1\+json/);
  assert.equal(t.log[0]!.method, 'HEAD');
  assert.equal(await rc.tagDigest(REF, 'gone'), undefined);
  assert.equal(await rc.tagDigest(REF, 'nohdr'), digest);
});
