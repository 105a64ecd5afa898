import { test } from 'node:test';
import assert from 'node:assert/strict';
import { naturalCompare, byteCompare } from '../../../core/trust/natural-sort.js';
import { formatInspectJson, formatInspectPretty, tabwrite } from '../../../core/trust/inspect-format.js';
import type { TrustView } from '../../../core/trust/view-types.js';

// fvbommel/sortorder: equal numbers with fewer leading zeros sort first (v1.9 < v01)
test('natural order as docker sorts tags', () => {
  const tags = ['v10', 'v2', 'latest', 'v1', '1.0', 'v01', '10', '9', 'v1.10', 'v1.9'];
  assert.deepEqual([...tags].sort(naturalCompare), [
    '1.0',
    '9',
    '10',
    'latest',
    'v1',
    'v1.9',
    'v1.10',
    'v01',
    'v2',
    'v10',
  ]);
});

test('byte order as Go sort.Strings (upper case before lower case)', () => {
  assert.deepEqual(['b', 'B', 'a', 'é', 'z'].sort(byteCompare), ['B', 'a', 'b', 'z', 'é']);
});

test('tabwriter: minimum width 10, padding 3, last column unpadded, widths by characters', () => {
  assert.equal(
    tabwrite([
      ['A', 'B'],
      ['long-name-here', 'x'],
    ]),
    'A                B\nlong-name-here   x\n',
  );
  assert.equal(tabwrite([['é', 'x']]), 'é         x\n');
});

const view: TrustView = {
  gun: 'example.com/a',
  name: 'example.com/a',
  refusedTags: [],
  signedTags: [
    { tag: 'v2', digest: 'bb', size: 1, signers: ['zed', 'alice'], roles: [], pulled: true },
    { tag: 'a<b&c', digest: 'aa', size: 1, signers: [], roles: [], pulled: true },
  ],
  signers: [
    {
      name: 'alice',
      role: 'targets/alice',
      keyIds: ['2'.repeat(64), '1'.repeat(64)],
      threshold: 1,
      paths: [''],
      localKeyIds: [],
    },
    { name: 'zed', role: 'targets/zed', keyIds: [], threshold: 1, paths: [''], localKeyIds: [] },
  ],
  administrativeKeys: {
    root: [
      { id: 'r2', canonicalId: 'r2', keytype: 'ecdsa-x509', holder: 'unknown' },
      { id: 'r1', canonicalId: 'r1', keytype: 'ecdsa-x509', holder: 'unknown' },
    ],
    repository: [{ id: 't', canonicalId: 't', keytype: 'ecdsa', holder: 'unknown' }],
    snapshot: [],
    timestamp: [],
  },
  roles: [],
  at: '2026-12-04T12:00:00.000Z',
  warnDays: 30,
  source: 'remote',
  warnings: [],
};

test('JSON: Go escaping, walk-ordered signers, signer list descending, empty keys omitted, root keys as listed', () => {
  const out = JSON.parse(formatInspectJson([view]));
  assert.match(formatInspectJson([view]), /"a\\u003cb\\u0026c"/);
  assert.deepEqual(
    out[0].SignedTags.map((r: { Signers: string[] }) => r.Signers),
    [['Repo Admin'], ['zed', 'alice']],
  );
  assert.deepEqual(out[0].Signers, [
    { Name: 'zed' },
    { Name: 'alice', Keys: [{ ID: '2'.repeat(64) }, { ID: '1'.repeat(64) }] },
  ]);
  assert.deepEqual(out[0].AdministrativeKeys[0], { Name: 'Root', Keys: [{ ID: 'r2' }, { ID: 'r1' }] });
  assert.equal(formatInspectJson([]), '[]\n');
});

test('pretty: signers sorted, keys sorted and cut to 12 characters, admin keys sorted', () => {
  const text = formatInspectPretty(view);
  assert.match(text, /v2 {11}bb {8}alice, zed\n/);
  assert.match(text, /a<b&c {8}aa {8}\(Repo Admin\)\n/);
  assert.match(text, /alice {5}111111111111, 222222222222\n/);
  assert.match(text, /zed {7}\n/);
  assert.match(text, / {2}Root Key:\tr1, r2\n$/);
});
