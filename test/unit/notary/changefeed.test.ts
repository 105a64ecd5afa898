import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuthenticatingClient } from '../../../core/http/auth.js';
import { parseChangefeed, readChangefeed, type ChangefeedPage } from '../../../core/notary/changefeed.js';
import { HttpRemoteStore } from '../../../core/notary/http-remote-store.js';
import { FakeTransport, reply } from '../../helpers/fake-transport.js';

const enc = new TextEncoder();
const GUN = '127.0.0.1:45183/x/probe';
// notary-server 0.7.0's answer (probed 2026-12-04), verbatim
const SERVED = `{"count":2,"records":[{"ID":"1","CreatedAt":"2026-12-04T05:09:01.746008784Z","GUN":"${GUN}","Version":1,"SHA256":"e20c6929d4d3d1fd96478f3d21fbf63f6a0de0617c593b4ea47c263c2c9674cd","Category":"update"},{"ID":"2","CreatedAt":"2026-12-04T05:09:01.8278276Z","GUN":"${GUN}","Version":2,"SHA256":"8a074658f9d367e96854044b36671941bb939d175d064fa5976b3ff107ff3887","Category":"update"}]}`;

test('parseChangefeed reads notary-server records; an empty page has "records": null', () => {
  const page = parseChangefeed(enc.encode(SERVED));
  assert.equal(page.count, 2);
  assert.deepEqual(page.records[1], {
    id: '2',
    createdAt: '2026-12-04T05:09:01.8278276Z',
    gun: GUN,
    version: 2,
    sha256: '8a074658f9d367e96854044b36671941bb939d175d064fa5976b3ff107ff3887',
    category: 'update',
  });
  assert.deepEqual(parseChangefeed(enc.encode('{"count":0,"records":null}')), { count: 0, records: [] });
});

test('parseChangefeed refuses what is not a changefeed, naming what is wrong', () => {
  for (const [body, message] of [
    ['<html>', /not JSON/],
    ['{"records":{}}', /"records" is not an array/],
    ['{"records":[{"ID":"x"}]}', /no numeric "ID"/],
    ['{"records":[{"ID":"1","CreatedAt":"yesterday"}]}', /no RFC 3339 "CreatedAt"/],
    [`{"records":[{"ID":"1","CreatedAt":"2026-12-04T05:09:01Z","GUN":"g","Version":1,"SHA256":"zz"}]}`, /bad "SHA256"/],
  ] as const) {
    assert.throws(
      () => parseChangefeed(enc.encode(body)),
      (e: any) => e.code === 'TUF_MALFORMED' && message.test(e.message),
    );
  }
});

test('readChangefeed pages after the last ID until a short page, and never loops on a server that does not advance', async () => {
  const all = Array.from({ length: 2500 }, (_, i) => ({
    id: String(i + 1),
    createdAt: 'x',
    gun: 'g',
    version: i + 1,
    sha256: '',
    category: 'update',
  }));
  const asked: string[] = [];
  const feed = async (id: string, n: number): Promise<ChangefeedPage> => {
    asked.push(id);
    const records = all.filter((r) => Number(r.id) > Number(id)).slice(0, n);
    return { count: records.length, records };
  };
  assert.equal((await readChangefeed(feed)).length, 2500);
  assert.deepEqual(asked, ['0', '1000', '2000']);
  const stuck = async (): Promise<ChangefeedPage> => ({ count: 1000, records: all.slice(0, 1000) });
  assert.equal((await readChangefeed(stuck, '5000')).length, 1000);
});

test('HttpRemoteStore: version by number and the GUN changefeed URLs; errors mapped like every request', async () => {
  const t = new FakeTransport((req) =>
    req.url.includes('changefeed')
      ? reply(200, SERVED)
      : req.url.endsWith('/9.targets/releases.json')
        ? reply(404, '{"errors":[{"code":"METADATA_NOT_FOUND","message":"gone"}]}')
        : reply(200, 'bytes'),
  );
  const s = new HttpRemoteStore({ baseUrl: 'https://notary.test', gun: GUN, client: new AuthenticatingClient(t) });
  assert.deepEqual(await s.getVersion('targets', 3, 77), enc.encode('bytes'));
  await assert.rejects(s.getVersion('targets/releases', 9, 77), { code: 'HTTP_NOT_FOUND' });
  const page = await s.getChangefeed('0', 1000);
  assert.equal(page.records.length, 2);
  assert.deepEqual(
    t.log.map((r) => r.url),
    [
      `https://notary.test/v2/${GUN}/_trust/tuf/3.targets.json`,
      `https://notary.test/v2/${GUN}/_trust/tuf/9.targets/releases.json`,
      `https://notary.test/v2/${GUN}/_trust/changefeed?change_id=0&records=1000`,
    ],
  );
  assert.equal(t.log[0]!.maxBytes, 77);
  await assert.rejects(s.getChangefeed('0; drop', 1), { code: 'BAD_INPUT' });
  await assert.rejects(s.getVersion('targets', -1, 1), { code: 'BAD_INPUT' });
});
