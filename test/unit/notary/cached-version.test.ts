/**
 * The rollback reference of a cached file about to be replaced is read from the file's end
 * (core/notary/role-loader.ts cachedVersion): on every file notary wrote (the golden repositories),
 * it is the version a full parse gives; a file that does not end as notary writes it gives
 * undefined, and is then parsed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cachedVersion } from '../../../core/notary/role-loader.js';
import { parseSignedFile } from '../../../core/tuf/parse.js';
import { goldenFiles } from '../../helpers/fixture-remote.js';

test('the version at the end of every file notary wrote is the parsed version', () => {
  let n = 0;
  for (const repo of ['b-signers', 'c-ecdsa-timestamp', 'c-new-repo']) {
    for (const [role, bytes] of goldenFiles(repo)) {
      assert.equal(cachedVersion(bytes), parseSignedFile(role, bytes).signed.version, `${repo} ${role}`);
      n++;
    }
  }
  assert.ok(n >= 10, `${n} files`);
});

test('a file not laid out as notary writes it: no version from its end', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  const sigs = '"signatures":[{"keyid":"ab","method":"ecdsa","sig":"AA=="}]';
  assert.equal(cachedVersion(enc(`{"signed":{"_type":"Targets","version":7},${sigs}}`)), 7);
  assert.equal(cachedVersion(enc(`{"signed":{"_type":"Targets","version":7},${sigs}}\n`)), 7);
  // members in another order, a version that is not the signed body's, a cut file
  assert.equal(cachedVersion(enc(`{${sigs},"signed":{"_type":"Targets","version":7}}`)), undefined);
  assert.equal(cachedVersion(enc(`{"signed":{"x":{"version":7}},${sigs}}`)), undefined);
  assert.equal(cachedVersion(enc(`{"signed":{"_type":"Targets","version":7},"signatures":[{"keyid"`)), undefined);
  assert.equal(cachedVersion(enc(`{"signed":{"version":"7"},${sigs}}`)), undefined);
});
