/**
 * Trust pinning as notary's trust_pinning: certs per GUN, CA per GUN prefix (longest wins),
 * disable_tofu. A root that does not match is refused with a coded error naming the pin, and
 * nothing is cached.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nobleCrypto } from '../../../core/crypto/noble-provider.js';
import { isSignetError } from '../../../core/errors.js';
import { MemoryMetadataCache } from '../../../core/notary/metadata-cache.js';
import { updateRepository } from '../../../core/notary/tuf-client.js';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { pinFor, type TrustPinning } from '../../../core/tuf/trust-pinning.js';
import { FixtureRemote } from '../../helpers/fixture-remote.js';
import { RepoBuilder, testCa, TEST_NOW } from '../../helpers/repo-builder.js';

const GUN = 'registry.example.com/team/app';

function read(
  b: RepoBuilder,
  pinning: TrustPinning | undefined,
  cache = new MemoryMetadataCache(),
  crypto = nodeCrypto,
) {
  const remote = new FixtureRemote(b.gun, b.build());
  return {
    cache,
    run: () => updateRepository({ gun: b.gun, remote, cache, crypto, now: TEST_NOW, ...(pinning ? { pinning } : {}) }),
  };
}

test('certs: the pinned root certificate ID is accepted; another root is refused naming the pin, and nothing is cached', async () => {
  const good = new RepoBuilder(GUN).addTarget('targets', 'v1', 'm1');
  const pin: TrustPinning = { certs: { [GUN]: [good.keys.root.id] } };
  const ok = read(good, pin);
  assert.equal((await ok.run()).root.signed.roles.root.keyids[0], good.keys.root.id);

  const replaced = new RepoBuilder(GUN).addTarget('targets', 'v1', 'm1'); // same GUN, another root key
  const bad = read(replaced, pin);
  await assert.rejects(
    bad.run(),
    (e) =>
      isSignetError(e, 'TUF_PIN_MISMATCH') &&
      e.message.includes(`trust pinning for ${GUN} allows root certificate ${good.keys.root.id.slice(0, 12)}`) &&
      e.message.includes(replaced.keys.root.id.slice(0, 12)),
  );
  assert.equal(bad.cache.files.size, 0, 'nothing cached');
});

test('certs: a pin added after first use refuses a cached root that does not match', async () => {
  const b = new RepoBuilder(GUN).addTarget('targets', 'v1', 'm1');
  const first = read(b, undefined);
  await first.run();
  const other = new RepoBuilder(GUN);
  const again = read(b, { certs: { [GUN]: [other.keys.root.id] } }, first.cache);
  await assert.rejects(again.run(), (e) => isSignetError(e, 'TUF_PIN_MISMATCH'));
});

test('certs: a client that cached the pinned root, when the server holds a re-created repository with another root: TUF_PIN_MISMATCH, cache unchanged', async () => {
  const good = new RepoBuilder(GUN).addTarget('targets', 'v1', 'm1');
  const pin: TrustPinning = { certs: { [GUN]: [good.keys.root.id] } };
  const first = read(good, pin);
  await first.run();
  const before = new Map(first.cache.files);
  const recreated = new RepoBuilder(GUN).addTarget('targets', 'v1', 'm2');
  await assert.rejects(read(recreated, pin, first.cache).run(), (e) => isSignetError(e, 'TUF_PIN_MISMATCH'));
  assert.deepEqual(first.cache.files, before);
});

test('no pin: the first root is trusted (TOFU); disable_tofu refuses a repository seen for the first time, not one already trusted', async () => {
  const b = new RepoBuilder(GUN).addTarget('targets', 'v1', 'm1');
  const tofu = read(b, {});
  await tofu.run();
  const strict = read(b, { disableTofu: true });
  await assert.rejects(
    strict.run(),
    (e) => isSignetError(e, 'TUF_TOFU_DISABLED') && e.message.includes(`${GUN} is not pinned`),
  );
  assert.equal(strict.cache.files.size, 0);
  await read(b, { disableTofu: true }, tofu.cache).run();
  // a pin makes it acceptable again on first use
  await read(b, { disableTofu: true, certs: { [GUN]: [b.keys.root.id] } }).run();
});

for (const kind of ['ec', 'rsa'] as const) {
  test(`ca (${kind} CA): a root certificate issued by the pinned CA is accepted, one issued by another CA is refused (both crypto providers)`, async () => {
    const ca = testCa(kind);
    const other = testCa(kind, 'Another CA');
    const issued = new RepoBuilder(GUN, TEST_NOW, { rootIssuer: ca }).addTarget('targets', 'v1', 'm1');
    const foreign = new RepoBuilder(GUN, TEST_NOW, { rootIssuer: other }).addTarget('targets', 'v1', 'm1');
    const pin: TrustPinning = { ca: { 'registry.example.com/': { source: '/etc/signet/ca.pem', pem: ca.certPem } } };
    for (const crypto of [nodeCrypto, nobleCrypto]) {
      await read(issued, pin, undefined, crypto).run();
      await assert.rejects(
        read(foreign, pin, undefined, crypto).run(),
        (e) => isSignetError(e, 'TUF_PIN_MISMATCH') && e.message.includes('issued by the CA in /etc/signet/ca.pem'),
      );
    }
    // a self-signed root (what notary makes without a CA) is refused under a CA pin too
    await assert.rejects(read(new RepoBuilder(GUN), pin).run(), (e) => isSignetError(e, 'TUF_PIN_MISMATCH'));
  });
}

test('pinFor: certs for the GUN win over CAs; the longest CA prefix wins; otherwise TOFU', () => {
  const p: TrustPinning = {
    certs: { 'r/a/b': ['x'.repeat(64)] },
    ca: { 'r/': { source: 'short', pem: '' }, 'r/a/': { source: 'long', pem: '' } },
    disableTofu: true,
  };
  assert.deepEqual(pinFor(p, 'r/a/b'), { kind: 'certs', ids: ['x'.repeat(64)] });
  assert.equal((pinFor(p, 'r/a/c') as { source: string }).source, 'long');
  assert.equal((pinFor(p, 'r/z') as { source: string }).source, 'short');
  assert.deepEqual(pinFor(p, 'other/x'), { kind: 'tofu', disabled: true });
});
