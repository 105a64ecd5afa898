/**
 * Root key rotation by Signet, followed by clients that trusted the old root: the new root is
 * signed by the old and the new root keys, so docker, notary and signet move to it without a reset.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../helpers/stack.js';
import { makeIdentity, ok } from '../helpers/identity.js';
import { pushImage } from '../helpers/registry-push.js';
import { signet } from '../helpers/signet-cli.js';
import { dockerTrustInspect, notaryList } from '../helpers/scenarios.js';

let stack: Stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.stop();
});

test('rotating the root key: docker, notary and signet that cached the old root follow the new one', async () => {
  const admin = makeIdentity(stack, `root-admin-${process.pid}`);
  const watcher = makeIdentity(stack, `root-watcher-${process.pid}`);
  const gun = `${stack.registryHost}/example/root-rotation`;
  const img = await pushImage(stack.registryHost, 'example/root-rotation', 'v1');
  assert.equal((await signet(admin, ['init', gun])).code, 0);
  const signed = await signet(admin, ['sign', `${gun}:v1`]);
  assert.equal(signed.code, 0, signed.stderr);

  // the watcher trusts the first root (docker and notary cache it in the shared trust dir)
  const before = await dockerTrustInspect(watcher, [gun]);
  ok(before.result, 'docker trust inspect before');
  const oldRoot = before.json[0]!.AdministrativeKeys.find((k) => k.Name === 'Root')!.Keys![0]!.ID;
  ok(await watcher.notary(['list', gun]), 'notary list before');

  const rotated = await signet(admin, ['key', 'rotate', gun, 'root']);
  assert.equal(rotated.code, 0, rotated.stderr);

  const after = await dockerTrustInspect(watcher, [gun]);
  ok(after.result, 'docker trust inspect after rotation, with the old root cached');
  const newRoot = after.json[0]!.AdministrativeKeys.find((k) => k.Name === 'Root')!.Keys![0]!.ID;
  assert.notEqual(newRoot, oldRoot, 'docker shows the new root key');
  assert.equal(after.json[0]!.SignedTags[0]!.Digest, img.hex);
  const listed = await notaryList(watcher, gun);
  ok(listed.result, 'notary list after rotation');
  assert.equal(listed.targets['v1']?.hex, img.hex);
  const mine = await signet(watcher, ['inspect', gun]);
  assert.equal(mine.code, 0, mine.stderr);
  assert.deepEqual(JSON.parse(mine.stdout), after.json);

  // and the admin can keep signing with the new root in place
  await pushImage(stack.registryHost, 'example/root-rotation', 'v2');
  const v2 = await signet(admin, ['sign', `${gun}:v2`]);
  assert.equal(v2.code, 0, v2.stderr);
  const final = await dockerTrustInspect(watcher, [gun]);
  assert.deepEqual(
    final.json[0]!.SignedTags.map((t) => t.SignedTag),
    ['v1', 'v2'],
  );
});
