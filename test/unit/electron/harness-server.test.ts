/**
 * The browser harness's HTTP side, without servers behind it: the token travels in the page URL's
 * fragment and reaches the server only as the `x-signet-token` header (a token in the query
 * string counts for nothing, so it never has to be in a request line or a log); the API refuses
 * requests without it; the chooser endpoint takes its own control token, which the page never
 * gets. The bridge script, run in a VM, takes the token out of the address bar and sends it as a
 * header on requests and on the event stream.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { HarnessChooser } from '../../../electron/harness/chooser.js';
import { startHarnessServer, type HarnessServer } from '../../../electron/harness/server.js';

const dir = mkdtempSync(join(tmpdir(), 'signet-harness-server-'));
const calls: Array<{ channel: string; args: readonly unknown[] }> = [];
const chooser = new HarnessChooser();
let server: HarnessServer;

before(async () => {
  server = await startHarnessServer({
    dispatch: async (channel, args) => (calls.push({ channel, args }), { ok: true, value: 'pong' }),
    rendererDir: dir,
    port: 0,
    chooser,
  });
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const rpc = (headers: Record<string, string>, query = '') =>
  fetch(`${server.origin}/rpc/app:info${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: '[]',
  });

test('the URL carries the token in its fragment, never in the query', () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{48}$/);
  assert.equal(new URL(server.url).search, '');
  assert.notEqual(server.controlToken, server.token);
});

test('the API needs the x-signet-token header: no header, a wrong one or a query token is refused', async () => {
  assert.equal((await rpc({})).status, 403);
  assert.equal((await rpc({ 'x-signet-token': 'f'.repeat(48) })).status, 403);
  assert.equal((await rpc({}, `?token=${server.token}`)).status, 403, 'a token in the query string counts for nothing');
  assert.equal((await fetch(`${server.origin}/events?token=${server.token}`)).status, 403);
  const before = calls.length;
  const ok = await rpc({ 'x-signet-token': server.token });
  assert.equal(ok.status, 200);
  assert.deepEqual(await ok.json(), { ok: true, value: 'pong' });
  assert.equal(calls.length, before + 1, 'only the request with the header reached the handlers');
  const events = await fetch(`${server.origin}/events`, { headers: { 'x-signet-token': server.token } });
  assert.equal(events.status, 200);
  assert.match(events.headers.get('content-type') ?? '', /text\/event-stream/);
  await events.body?.cancel();
  // the page itself is the public bundle: served without a token, and sets no cookie
  const page = await fetch(`${server.origin}/`);
  assert.equal(page.status, 200);
  assert.equal(page.headers.get('set-cookie'), null);
  assert.match(await page.text(), /<script src="\/harness-bridge.js"><\/script>/);
  const cross = await rpc({ 'x-signet-token': server.token, origin: 'http://evil.example' });
  assert.equal(cross.status, 403);
});

test('/harness/chooser takes the control token only (not the page’s), queues answers and lists the dialogs', async () => {
  const post = (headers: Record<string, string>, body: unknown) =>
    fetch(`${server.origin}/harness/chooser`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  assert.equal((await post({}, { paths: ['/tmp/x'] })).status, 403);
  assert.equal((await post({ 'x-signet-token': server.token }, { paths: ['/tmp/x'] })).status, 403);
  assert.equal((await post({ 'x-signet-control-token': server.token }, { paths: ['/tmp/x'] })).status, 403);
  const control = { 'x-signet-control-token': server.controlToken };
  assert.equal((await post(control, { paths: 'x' })).status, 400);
  assert.equal((await post(control, { paths: ['/tmp/report.json'], replace: true })).status, 200);
  assert.equal((await post(control, { confirm: true })).status, 200);
  assert.deepEqual(
    await chooser.save({ purpose: 'audit-report', title: 'Export', defaultName: 'r.json', filters: [] }),
    { path: '/tmp/report.json', replaceConfirmed: true },
  );
  assert.equal(await chooser.confirm({ title: 't', message: 'm', detail: 'd', confirmLabel: 'Go' }), true);
  const shown = await (await fetch(`${server.origin}/harness/chooser`, { headers: control })).json();
  assert.deepEqual(
    (shown as Array<{ kind: string }>).map((d) => d.kind),
    ['save', 'confirm'],
  );
});

test('the bridge: token from the fragment, taken out of the address bar, sent as a header', async () => {
  const js = await (await fetch(`${server.origin}/harness-bridge.js`)).text();
  const requests: Array<{ url: string; headers: Record<string, string> }> = [];
  const replaced: string[] = [];
  const store = new Map<string, string>();
  const win: Record<string, any> = {};
  let pushEvent: (frame: string) => void = () => undefined;
  const context = {
    window: win,
    location: { hash: `#token=${server.token}`, pathname: '/', search: '' },
    history: { state: null, replaceState: (_s: unknown, _t: string, url: string) => replaced.push(url) },
    sessionStorage: {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => store.set(k, v),
    },
    fetch: async (url: string, init: { headers: Record<string, string> }) => {
      requests.push({ url, headers: init.headers });
      if (url === '/events') {
        const body = new ReadableStream<string>({ start: (c) => void (pushEvent = (f) => c.enqueue(f)) });
        return { status: 200, body: { pipeThrough: () => body } };
      }
      return { status: 200, json: async () => ({ ok: true, value: 'pong' }) };
    },
    TextDecoderStream: class {},
    setTimeout,
    URLSearchParams,
    Object,
    JSON,
    Map,
    Set,
    Promise,
    TypeError,
  };
  runInNewContext(js, context);
  assert.deepEqual(replaced, ['/'], 'the fragment is taken out of the address bar and history');
  assert.equal(store.get('signet-harness-token'), server.token, 'kept for a reload');
  assert.deepEqual(await win['signet'].app.info(), { ok: true, value: 'pong' });
  for (const r of requests) {
    assert.equal(r.headers['x-signet-token'], server.token, r.url);
    assert.doesNotMatch(r.url, /token/);
  }
  assert.deepEqual(
    requests.map((r) => r.url),
    ['/events', '/rpc/app:info'],
  );
  // events arrive through the fetched stream, split on blank lines, to the listeners of their name only
  const got: unknown[] = [];
  win['signet'].on('progress', (p: unknown) => got.push(p));
  pushEvent(': connected\n\nevent: progress\ndata: {"step":"fetch');
  pushEvent('ing"}\n\nevent: audit:progress\ndata: {"x":1}\n\n');
  for (let i = 0; i < 20 && got.length === 0; i++) await new Promise((r) => setImmediate(r));
  assert.deepEqual(got, [{ step: 'fetching' }]);
});
