/**
 * The guards of "Migrate to cosign": a plan or a run names its operation and its targets (as
 * `signet migrate` takes them) and nothing else (no key, no passphrase, no path); Export policies
 * names a folder chosen in main's dialog (purpose policy-dir) by its handle.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BadArgumentsError, parseArgs } from '../../../electron/ipc/guards.js';

const OP = 'op-0123456789';
const FOLDER = 'f0'.repeat(16);
const REPO = '127.0.0.1:5000/team/app';
const bad = (fn: () => unknown, message?: RegExp) =>
  assert.throws(fn, (e: Error) => e instanceof BadArgumentsError && (!message || message.test(e.message)));

test('plan and run: an operation ID, the targets (each once, at least one), a concurrency from 1 to 64', () => {
  for (const channel of ['migrate:plan', 'migrate:run'] as const) {
    assert.deepEqual(parseArgs(channel, [{ operationId: OP, targets: [REPO, '127.0.0.1:5000'] }]), [
      { operationId: OP, targets: [REPO, '127.0.0.1:5000'] },
    ]);
    assert.deepEqual(parseArgs(channel, [{ operationId: OP, targets: [REPO], concurrency: 8 }]), [
      { operationId: OP, targets: [REPO], concurrency: 8 },
    ]);
    bad(() => parseArgs(channel, [{ operationId: OP, targets: [] }]), /^request\.targets: expected a non-empty list/);
    bad(() => parseArgs(channel, [{ operationId: OP, targets: [REPO, REPO] }]), /each once/);
    bad(() => parseArgs(channel, [{ targets: [REPO] }]), /^request\.operationId/);
    bad(
      () => parseArgs(channel, [{ operationId: 'x', targets: [REPO] }]),
      /^request\.operationId: expected a request ID/,
    );
    for (const concurrency of [0, 65, 1.5, '4'])
      bad(() => parseArgs(channel, [{ operationId: OP, targets: [REPO], concurrency }]), /^request\.concurrency/);
    bad(() => parseArgs(channel, [{ operationId: OP, targets: ['a b'] }]), /^request\.targets\[0\]/);
    // nothing a migration must not be told by the renderer: keys, passphrases, dry-run switches, paths
    for (const extra of [{ passphrase: 'x' }, { keyId: 'a'.repeat(64) }, { dryRun: false }, { policyDir: 'out' }])
      bad(() => parseArgs(channel, [{ operationId: OP, targets: [REPO], ...extra }]), /no such field/);
    bad(() => parseArgs(channel, [{ operationId: OP, targets: ['/home/u/repo'] }]), /no file path/);
  }
});

test('cancel names the operation only', () => {
  assert.deepEqual(parseArgs('migrate:cancel', [{ operationId: OP }]), [{ operationId: OP }]);
  bad(() => parseArgs('migrate:cancel', [{ operationId: OP, targets: [REPO] }]));
  bad(() => parseArgs('migrate:cancel', [OP]));
});

test('export policies: the operation, a folder handle from main’s dialog (never a path), targets to plan again', () => {
  assert.deepEqual(parseArgs('migrate:exportPolicies', [{ operationId: OP, folder: FOLDER }]), [
    { operationId: OP, folder: FOLDER },
  ]);
  assert.deepEqual(parseArgs('migrate:exportPolicies', [{ operationId: OP, folder: FOLDER, targets: [REPO] }]), [
    { operationId: OP, folder: FOLDER, targets: [REPO] },
  ]);
  for (const folder of ['/tmp/policies', 'policies', 'F0'.repeat(16), 'f0'.repeat(15)])
    bad(() => parseArgs('migrate:exportPolicies', [{ operationId: OP, folder }]), /^request\.folder/);
  bad(() => parseArgs('migrate:exportPolicies', [{ operationId: OP, folder: FOLDER, targets: [] }]));
  bad(() => parseArgs('migrate:exportPolicies', [{ operationId: OP, folder: FOLDER, path: '/tmp' }]));
});

test('the folder chooser: purpose policy-dir is an open purpose, not a save one', () => {
  assert.deepEqual(parseArgs('files:chooseOpen', [{ purpose: 'policy-dir' }]), [{ purpose: 'policy-dir' }]);
  bad(() => parseArgs('files:chooseSave', [{ purpose: 'policy-dir' }]), /^request\.purpose/);
});
