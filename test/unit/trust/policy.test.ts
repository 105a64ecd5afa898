import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../../../core/errors.js';
import {
  checkSignerName,
  daysLeft,
  DEFAULT_WARN_DAYS,
  expiryOf,
  expiryState,
  instantOf,
  isServerRenewed,
  isValidKeyName,
  renewalOf,
  signerNameProblem,
  type HeldKey,
} from '../../../core/trust/policy.js';

const NOW = new Date('2026-12-04T12:00:00Z');
const DAY = 86_400_000;
const at = (ms: number): Date => new Date(NOW.getTime() + ms);

test('expiry at the boundaries: exactly at expiry is still valid (as TUF verifies), one millisecond later it is expired', () => {
  assert.equal(expiryState(NOW, NOW), 'expiring');
  assert.equal(expiryState(NOW, NOW, { warnDays: 0 }), 'ok', 'expiring at the instant, with no window: still ok');
  assert.equal(expiryState(at(-1), NOW), 'expired');
  assert.equal(expiryState(at(1), NOW, { warnDays: 0 }), 'ok');
  assert.equal(expiryState('2026-12-04T12:00:00Z', NOW, { warnDays: 0 }), 'ok');
  assert.equal(expiryState('2026-12-04T11:59:59.999Z', NOW), 'expired');
  // the same instant written with an offset
  assert.equal(expiryState('2026-12-04T07:00:00-05:00', NOW, { warnDays: 0 }), 'ok');
  assert.equal(expiryState('2026-12-04T06:59:59-05:00', NOW, { warnDays: 0 }), 'expired');
});

test('the warning window: within warnDays days (inclusive) is expiring; the default is 30 days', () => {
  assert.equal(DEFAULT_WARN_DAYS, 30);
  assert.equal(expiryState(at(30 * DAY), NOW), 'expiring', 'exactly 30 days ahead');
  assert.equal(expiryState(at(30 * DAY + 1), NOW), 'ok', 'one millisecond past the window');
  assert.equal(expiryState(at(7 * DAY), NOW, { warnDays: 7 }), 'expiring');
  assert.equal(expiryState(at(7 * DAY + 1), NOW, { warnDays: 7 }), 'ok');
  assert.equal(expiryState(at(DAY), NOW, { warnDays: 0 }), 'ok', '--warn-days 0: nothing is ever expiring');
  assert.equal(expiryState(at(1000 * DAY), NOW, { warnDays: 1100 }), 'expiring');
});

test('a role the server renews is never expiring, but is expired once past', () => {
  assert.equal(expiryState(at(DAY), NOW, { serverRenewed: true }), 'ok');
  assert.equal(expiryState(NOW, NOW, { serverRenewed: true }), 'ok');
  assert.equal(expiryState(at(-1), NOW, { serverRenewed: true }), 'expired');
  assert.equal(isServerRenewed('timestamp', false), true, 'notary servers always hold the timestamp key');
  assert.equal(isServerRenewed('snapshot', true), true);
  assert.equal(isServerRenewed('snapshot', false), false);
  for (const role of ['root', 'targets', 'targets/releases', 'targets/alice'])
    assert.equal(isServerRenewed(role, true), false, role);
});

test('an unreadable or missing date is expired, with no days left', () => {
  for (const bad of [
    'not a date',
    '2026-02-30T00:00:00Z',
    '2026-12-04 12:00:00Z',
    '2026-12-04T12:00:00',
    '',
    null,
    undefined,
  ])
    assert.deepEqual(expiryOf(bad, NOW), { state: 'expired', days: null }, String(bad));
  assert.deepEqual(expiryOf(new Date(NaN), NOW), { state: 'expired', days: null });
  assert.equal(instantOf('2026-12-04T12:00:00.123456789Z'), Date.parse('2026-12-04T12:00:00.123Z'));
  assert.equal(instantOf('nope'), null);
});

test('days left: whole days rounded down, negative once past', () => {
  assert.equal(daysLeft(NOW, NOW), 0);
  assert.equal(daysLeft(at(DAY - 1), NOW), 0);
  assert.equal(daysLeft(at(DAY), NOW), 1);
  assert.equal(daysLeft(at(-1), NOW), -1);
  assert.equal(daysLeft(at(-DAY), NOW), -1);
  assert.equal(daysLeft(at(-DAY - 1), NOW), -2);
  assert.deepEqual(expiryOf('2026-12-14T12:00:00.5Z', NOW), { state: 'expiring', days: 10 });
});

const key = (canonicalId: string, holder: HeldKey['holder']): HeldKey => ({ canonicalId, holder });

test('who renews a role: the server (timestamp, a server-held snapshot), you with your keys, your publishes, or others', () => {
  assert.deepEqual(renewalOf('timestamp', [key('t', 'server')]), { by: 'server' });
  assert.deepEqual(renewalOf('timestamp', [key('t', 'unknown')]), { by: 'server' }, 'the server always holds it');
  assert.deepEqual(renewalOf('snapshot', [key('s', 'server')]), { by: 'server' });
  assert.deepEqual(renewalOf('snapshot', [key('s', 'local')]), { by: 'publish' }, 'a snapshot cannot be witnessed');
  assert.deepEqual(renewalOf('snapshot', [key('s', 'unknown')]), { by: 'others' });
  assert.deepEqual(renewalOf('snapshot', []), { by: 'others' }, 'no key listed: nobody is known to hold it');
  assert.deepEqual(renewalOf('targets', [key('a', 'unknown'), key('b', 'local')]), { by: 'you', keyIds: ['b'] });
  assert.deepEqual(renewalOf('root', [key('r', 'unknown')]), { by: 'others' });
  assert.deepEqual(renewalOf('targets/releases', [key('x', 'local'), key('y', 'local')]), {
    by: 'you',
    keyIds: ['x', 'y'],
  });
  assert.deepEqual(
    renewalOf('targets/alice', [key('x', 'server')]),
    { by: 'others' },
    'the server signs no delegation',
  );
});

test("signer names: docker's rule, releases reserved, notary's role-name length", () => {
  for (const ok of ['alice', 'a', '0', 'ci-bot', 'ci_bot', 'a--', 'a__', '9lives', 'x'.repeat(247)])
    assert.equal(signerNameProblem(ok), null, ok);
  for (const bad of [
    '',
    'Alice',
    '-alice',
    '_alice',
    'al ice',
    'alice/bob',
    'targets/alice',
    'alice.bob',
    'élise',
    ' alice',
    'alice\n',
  ])
    assert.equal(
      signerNameProblem(bad)?.message,
      `signer name "${bad}" must match the regex ^[a-z0-9][a-z0-9_-]*$`,
      bad,
    );
  assert.equal(signerNameProblem('releases')?.message, 'releases is a reserved keyword, use a different signer name');
  assert.equal(signerNameProblem('releases-2'), null, 'only the exact name is reserved');
  // "targets/" + name must stay under 256 characters (notary's data.IsDelegation)
  assert.match(signerNameProblem('x'.repeat(248))?.message ?? '', /is longer than 247 characters$/);
  assert.match(signerNameProblem('x'.repeat(248))?.rule ?? '', /at most 247 characters/);
  assert.match(signerNameProblem('Bad')?.rule ?? '', /lower-case letters, digits, _ and -/);
});

test('checkSignerName throws BAD_INPUT with the CLI message', () => {
  assert.doesNotThrow(() => checkSignerName('alice'));
  assert.throws(
    () => checkSignerName('releases'),
    (e) => isSignetError(e, 'BAD_INPUT') && e.message === 'releases is a reserved keyword, use a different signer name',
  );
  assert.throws(
    () => checkSignerName('Bob'),
    (e) => isSignetError(e, 'BAD_INPUT') && e.message.startsWith('signer name "Bob" must match'),
  );
});

test("key names: docker's rule without the reserved name or the length limit", () => {
  assert.equal(isValidKeyName('releases'), true);
  assert.equal(isValidKeyName('x'.repeat(300)), true);
  assert.equal(isValidKeyName('Bob'), false);
  assert.equal(isValidKeyName('-bob'), false);
  assert.equal(isValidKeyName(''), false);
});
