/** The trust server choice both shells use (docker's): configured, else docker's default; https, or http with a warning. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSignetError } from '../../../core/errors.js';
import { trustServerFor } from '../../../core/operations/trust-server.js';

const hub = { domain: 'docker.io' };
const mine = { domain: 'registry.example.com:5000' };

test('the configured server wins; without one (or an empty one), docker’s default for the registry', () => {
  const warnings: string[] = [];
  const warn = (m: string) => warnings.push(m);
  assert.equal(trustServerFor(mine, 'https://notary.example.com:4443/', warn), 'https://notary.example.com:4443');
  assert.equal(trustServerFor(hub, undefined, warn), 'https://notary.docker.io');
  assert.equal(trustServerFor(mine, '', warn), 'https://registry.example.com:5000');
  assert.deepEqual(warnings, []);
});

test('plain http is accepted with a warning that never shows user:password; anything else is refused', () => {
  const warnings: string[] = [];
  assert.equal(
    trustServerFor(mine, 'http://alice:s3cret@127.0.0.1:4443', (m) => warnings.push(m)),
    'http://alice:s3cret@127.0.0.1:4443',
  );
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /^Warning: trust server http:\/\/127\.0\.0\.1:4443 uses plain HTTP/);
  for (const bad of ['ftp://notary.example.com', 'not a url'])
    assert.throws(
      () => trustServerFor(mine, bad, () => undefined),
      (e: unknown) => isSignetError(e, 'BAD_CONFIG') && /valid https URL required for trust server/.test(e.message),
    );
});
