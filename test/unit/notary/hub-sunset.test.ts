/**
 * Docker Hub's notary stops on 2026-12-08: a read of Hub's trust data says how long is left (the
 * CLI's note, the app's banner), and after the day a failed read says where the data went.
 * Clocks are injected: the answers do not depend on the day the test runs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SignetError, isSignetError } from '../../../core/errors.js';
import { MemoryMetadataCache } from '../../../core/notary/metadata-cache.js';
import { explainHubGone, hubSunset, hubSunsetNote, whenLeft } from '../../../core/notary/hub-sunset.js';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { readTrust } from '../../../core/operations/view.js';
import { parseImageReference } from '../../../core/registry/reference.js';
import { FixtureRemote } from '../../helpers/fixture-remote.js';
import { RepoBuilder } from '../../helpers/repo-builder.js';

const HUB = 'https://notary.docker.io';
const GUN = 'docker.io/team/app';
const at = (iso: string) => new Date(iso);

test('days left count to 2026-12-08 00:00 UTC; only Docker Hub’s notary has a sunset', () => {
  assert.deepEqual(hubSunset(HUB, at('2026-11-20T12:00:00Z')), { stops: '2026-12-08', daysLeft: 18, stopped: false });
  const eve = hubSunset(`${HUB}/`, at('2026-12-07T10:06:00Z'))!;
  assert.deepEqual([eve.daysLeft, eve.stopped, whenLeft(eve)], [1, false, 'tomorrow']);
  const last = hubSunset('HTTPS://NOTARY.DOCKER.IO', at('2026-12-07T23:59:59Z'))!;
  assert.deepEqual([last.daysLeft, last.stopped], [1, false]);
  assert.deepEqual(hubSunset(HUB, at('2026-12-08T00:00:00Z')), { stops: '2026-12-08', daysLeft: 0, stopped: true });
  assert.equal(whenLeft({ stops: '2026-12-08', daysLeft: 12, stopped: false }), 'in 12 days');
  assert.equal(hubSunset('https://notary.example.com', at('2026-12-07T00:00:00Z')), undefined);
  assert.equal(hubSunset('https://notary.docker.io.example.com', at('2026-12-07T00:00:00Z')), undefined);
});

test('the note says what to run, before the day and after it', () => {
  assert.equal(
    hubSunsetNote(hubSunset(HUB, at('2026-12-07T10:00:00Z'))!, GUN),
    "Docker Hub's notary stops on 2026-12-08 (tomorrow): keep this trust data with " +
      '`signet archive docker.io/team/app FILE`, then move its signatures to cosign with `signet migrate docker.io/team/app`.',
  );
  assert.match(
    hubSunsetNote(hubSunset(HUB, at('2026-12-09T00:00:00Z'))!, GUN),
    /stopped on 2026-12-08.*--archive FILE/,
  );
});

/** Metadata made a week before the stop, so it is valid on the days these reads happen. */
function connection(server: string) {
  const made = new RepoBuilder(GUN, at('2026-12-01T00:00:00Z')).addTarget('targets', 'v1', 'one');
  const remote = new FixtureRemote(GUN, made.build());
  return { ref: parseImageReference(GUN), server, remote, cache: new MemoryMetadataCache() };
}
const opts = (now: Date) => ({ crypto: nodeCrypto, now, offline: 'never' as const, localKeyIds: new Set<string>() });

test('a view read from Docker Hub’s notary carries the sunset; one from another server does not', async () => {
  const now = at('2026-12-07T10:00:00Z');
  const hub = await readTrust(connection(HUB), opts(now));
  assert.deepEqual(hub.view.hubNotary, { stops: '2026-12-08', daysLeft: 1, stopped: false });
  assert.deepEqual(
    hub.view.signedTags.map((t) => t.tag),
    ['v1'],
  );
  const other = await readTrust(connection('https://notary.example.com'), opts(now));
  assert.equal(other.view.hubNotary, undefined);
});

test('after the day, Hub’s notary gone says where the data is; before it, and for other servers, errors pass unchanged', async () => {
  const down = new SignetError('HTTP_UNREACHABLE', 'cannot connect to https://notary.docker.io');
  const read = async (server: string, now: string) => {
    const c = connection(server);
    c.remote.failWith = down;
    return readTrust(c, opts(at(now)));
  };
  await assert.rejects(
    read(HUB, '2026-12-09T08:00:00Z'),
    (e) =>
      isSignetError(e, 'HTTP_UNREACHABLE') &&
      e.message === "cannot connect to https://notary.docker.io (Docker Hub's notary stopped on 2026-12-08)" &&
      /read the archive you made before \(--archive FILE, or Open archive… in the app\)/.test(e.hint ?? ''),
  );
  await assert.rejects(read(HUB, '2026-12-07T08:00:00Z'), (e) => e === down);
  await assert.rejects(read('https://notary.example.com', '2026-12-09T08:00:00Z'), (e) => e === down);
  // data that does not verify is never blamed on the sunset
  const bad = new SignetError('TUF_BAD_SIGNATURE', 'root: signature does not verify');
  assert.equal(explainHubGone(bad, HUB, at('2026-12-09T00:00:00Z')), bad);
});
