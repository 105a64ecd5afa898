/**
 * A delegation restricted to the path `good` publishes, correctly signed by its own key, a file
 * that also lists `bad`. DCT ignores `bad` (notary lookup refuses it): the history reports that
 * publish as refused-outside-paths, never as a signing, and the diff leaves `bad` out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { readHistory } from '../../../core/history/history.js';
import { diffStates } from '../../../core/history/diff.js';
import { MemoryVersionStore } from '../../../core/history/version-store.js';
import { canonicalBytes, encodeEnvelope } from '../../../core/crypto/canonical-json.js';
import { parseSignedFile } from '../../../core/tuf/parse.js';
import type { TargetsSigned } from '../../../core/tuf/types.js';
import { targetMeta } from '../../../core/trust/sign.js';
import { toHex } from '../../../core/util/bytes.js';
import { fakeManifest, MemoryNotary, MemoryWriter } from '../../helpers/memory-notary.js';

const GUN = 'registry.test:5000/org/paths';
const START = new Date('2026-12-01T10:00:00Z');

async function repository() {
  const clock = { now: new Date(START) };
  const tick = () => void (clock.now = new Date(clock.now.getTime() + 60_000));
  const notary = new MemoryNotary(GUN, { now: () => clock.now });
  const admin = new MemoryWriter(notary, { now: () => clock.now });
  const alice = new MemoryWriter(notary, { now: () => clock.now });
  await admin.init();
  tick();
  const key = (await alice.keys.generateKey('alice')).key;
  await admin.stage([
    {
      type: 'delegation',
      action: 'create',
      role: 'targets/releases',
      addKeys: [key.publicKey],
      threshold: 1,
      addPaths: ['good'],
    },
  ]);
  await admin.publish();
  tick();
  const good = fakeManifest('good');
  await alice.stage([
    { type: 'target', action: 'create', role: 'targets/releases', path: 'good', meta: targetMeta(good.hex, good.size) },
  ]);
  await alice.publish();
  tick();
  // alice's own key signs a releases file that also lists `bad`, published through the server's API
  const current = parseSignedFile('targets/releases', notary.file('targets/releases')!).signed as TargetsSigned;
  const bad = fakeManifest('bad');
  const signed: TargetsSigned = {
    ...current,
    targets: { ...current.targets, bad: targetMeta(bad.hex, bad.size) },
    version: current.version + 1,
  };
  const signer = await alice.keys.signer(key.canonicalId);
  await notary.publish(
    new Map([['targets/releases', encodeEnvelope(signed, [await signer.sign(canonicalBytes(signed))])]]),
  );
  tick();
  return { notary, clock, good, bad };
}

test('history: the signing inside the paths is tag-added; the tag outside them is refused-outside-paths', async () => {
  const r = await repository();
  const h = await readHistory({
    gun: GUN,
    remote: r.notary,
    store: new MemoryVersionStore((b) => toHex(nodeCrypto.sha256(b))),
    crypto: nodeCrypto,
    now: r.clock.now,
  });
  const releases = h.events.filter((e) => e.role === 'targets/releases');
  assert.deepEqual(
    releases.map((e) => [e.version, e.change, e.tag, e.digest]),
    [
      [1, 'tag-added', 'good', r.good.hex],
      [2, 'refused-outside-paths', 'bad', r.bad.hex],
    ],
  );
  assert.deepEqual(releases[1]!.paths, { after: ['good'] });
  assert.ok(!h.events.some((e) => e.tag === 'bad' && e.change === 'tag-added'));

  const first = h.states[0]!;
  const last = h.states[h.states.length - 1]!;
  assert.deepEqual(last.paths.get('targets/releases'), ['good']);
  const d = diffStates(h, first, last);
  assert.deepEqual(
    d.tags.map((t) => [t.role, t.change, t.tag]),
    [['targets/releases', 'tag-added', 'good']],
  );
});

test('signing a tag outside a role’s paths is refused before anything is published, the change kept', async () => {
  const r = await repository();
  const alice = new MemoryWriter(r.notary, { now: () => r.clock.now });
  const other = fakeManifest('other');
  const before = r.notary.versions();
  await alice.stage([
    {
      type: 'target',
      action: 'create',
      role: 'targets/releases',
      path: 'other',
      meta: targetMeta(other.hex, other.size),
    },
  ]);
  await assert.rejects(alice.publish(), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'BAD_INPUT');
    assert.match(e.message, /other is outside the paths targets\/releases may sign \("good"\)/);
    return true;
  });
  assert.deepEqual(r.notary.versions(), before, 'nothing published');
  assert.equal((await alice.changes.list()).length, 1, 'the staged change is kept');
});
