import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { diffStates, parsePoint, resolvePoint } from '../../../core/history/diff.js';
import { formatDiffJson, formatDiffText, formatHistoryJson, formatHistoryText } from '../../../core/history/format.js';
import { readHistory } from '../../../core/history/history.js';
import { MemoryVersionStore } from '../../../core/history/version-store.js';
import { toHex } from '../../../core/util/bytes.js';
import { buildHistoryRepo, HISTORY_START } from '../../helpers/history-repo.js';

const load = async () => {
  const r = await buildHistoryRepo();
  const h = await readHistory({
    gun: r.notary.gun,
    remote: r.notary,
    store: new MemoryVersionStore((b) => toHex(nodeCrypto.sha256(b))),
    crypto: nodeCrypto,
    now: r.clock.now,
  });
  return { r, h };
};

test('points: a publish number, latest, an RFC 3339 time or a date (its end, UTC); anything else says what to give', () => {
  assert.deepEqual(parsePoint('7'), { kind: 'publish', publish: 7 });
  assert.deepEqual(parsePoint('latest'), { kind: 'latest' });
  assert.equal((parsePoint('2026-12-01T10:03:30Z') as { at: Date }).at.toISOString(), '2026-12-01T10:03:30.000Z');
  assert.equal((parsePoint('2026-12-01 10:03') as { at: Date }).at.toISOString(), '2026-12-01T10:03:00.000Z');
  assert.equal((parsePoint('2026-12-01') as { at: Date }).at.toISOString(), '2026-12-01T23:59:59.999Z');
  assert.equal((parsePoint('2026-12-01T11:03:30+01:00') as { at: Date }).at.toISOString(), '2026-12-01T10:03:30.000Z');
  for (const bad of ['0', '-1', 'v7', 'yesterday', '2026-13-45']) {
    assert.throws(
      () => parsePoint(bad),
      (e: any) => e.code === 'BAD_INPUT' && /publish number/.test(e.hint),
    );
  }
});

test('diff between two publishes: tags per role, signers, rotated keys; between two times: the states then in force', async () => {
  const { r, h } = await load();
  const d = diffStates(h, resolvePoint(h, parsePoint('3')), resolvePoint(h, parsePoint('latest')));
  assert.deepEqual(d.from, { publish: 3, time: '2026-12-01T10:02:00.000Z' });
  assert.deepEqual(
    d.tags.map((t) => [t.role, t.tag, t.change, t.digest, t.previousDigest]),
    [
      ['targets', 'v1', 'tag-changed', r.digests.v1b, r.digests.v1],
      ['targets', 'v2', 'tag-removed', undefined, r.digests.v2],
    ],
  );
  assert.deepEqual(d.signers, [], 'alice and releases came and went in between');
  assert.deepEqual(d.keys, [
    { role: 'targets', change: 'key-rotated', keys: { before: [r.keys.targets1], after: [r.keys.targets2] } },
  ]);

  const t = (m: number, s = 30) => new Date(HISTORY_START.getTime() + m * 60_000 + s * 1000).toISOString();
  const mid = diffStates(h, resolvePoint(h, parsePoint(t(5))), resolvePoint(h, parsePoint(t(6))));
  assert.deepEqual([mid.from.publish, mid.to.publish], [6, 7]);
  assert.deepEqual(
    mid.tags.map((x) => [x.role, x.tag, x.change]),
    [
      ['targets/alice', 'v1', 'tag-added'],
      ['targets/releases', 'v1', 'tag-added'],
    ],
  );
  const json = JSON.parse(
    formatDiffJson('img', diffStates(h, resolvePoint(h, parsePoint('5')), resolvePoint(h, parsePoint('6')))),
  );
  assert.deepEqual(
    json.Signers.map((s: any) => [s.Role, s.Signer, s.Change, s.KeyIDs, s.Threshold, s.Paths]),
    [
      ['targets', 'alice', 'signer-added', [r.keys.alice], 1, ['']],
      ['targets', 'releases', 'signer-added', [r.keys.alice], 1, ['']],
    ],
  );
  assert.match(
    formatDiffText('img', mid),
    /SIGNED TAG\s+ROLE\s+CHANGE\s+DIGEST\nv1\s+targets\/alice\s+added\s+[0-9a-f]{64}\n/,
  );
  assert.throws(() => resolvePoint(h, parsePoint('42')), /publish 42 is not in the history .*publishes 1–10/);
  assert.throws(() => resolvePoint(h, parsePoint('2026-11-01')), /before the first publish known/);
});

test('history JSON has exactly the issue 12 fields, omitted where they do not apply; the table marks kept versions', async () => {
  const { h } = await load();
  const json = JSON.parse(formatHistoryJson(h.events)) as Array<Record<string, unknown>>;
  assert.deepEqual(Object.keys(json[0]!), ['Time', 'Role', 'Version', 'Change', 'KeyIDs']);
  assert.deepEqual(Object.keys(json.find((e) => e.Change === 'tag-changed')!), [
    'Time',
    'Role',
    'Version',
    'Change',
    'Tag',
    'Digest',
    'PreviousDigest',
    'KeyIDs',
  ]);
  assert.deepEqual(Object.keys(json.find((e) => e.Change === 'signer-added')!), [
    'Time',
    'Role',
    'Version',
    'Change',
    'Signer',
    'KeyIDs',
  ]);
  const kept = h.events.map((e) => ({ ...e, source: 'kept' as const }));
  const text = formatHistoryText('img', kept);
  assert.match(
    text,
    /^\nHistory of img\n\n#\s+TIME\s+ROLE\s+VERSION\s+CHANGE\s+DETAILS\s+SIGNED BY\n1\s+2026-12-01T10:00:00Z\s+root\s+1\s+initialized\s+\[kept locally\]/,
  );
  assert.equal(formatHistoryText('img', []), '\nNo changes found for img\n\n');
});
