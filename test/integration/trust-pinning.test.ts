/**
 * Trust pinning against the real notary-server: a repository whose root was pinned is refused by
 * the CLI and by the app's handlers once the server holds a different root for it (the server lost
 * its data and someone re-created the repository with another root key); an unpinned repository is
 * accepted on first use; disable_tofu refuses a repository that is not pinned.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { composeMain } from '../../electron/main/compose.js';
import { makeIdentity, ok, type Identity } from '../helpers/identity.js';
import { adminSignedRepo, type Scenario } from '../helpers/scenarios.js';
import { signet } from '../helpers/signet-cli.js';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack;
let pinned: Scenario;
let unpinned: Scenario;
let firstRootId: string;
let n = 0;

/** A fresh identity (empty trust dir and cache) whose Signet config pins as given. */
function viewerWith(trustPinning: object): Identity {
  const id = makeIdentity(stack, `pin-viewer-${++n}`);
  writeFileSync(id.env['SIGNET_CONFIG']!, JSON.stringify({ trust_pinning: trustPinning }));
  return id;
}

/** The app's trust:view for an identity (the same handlers the window and the harness use). */
async function appView(id: Identity, reference: string) {
  const graph = composeMain({
    env: id.env,
    userDataDir: mkdtempSync(join(tmpdir(), 'signet-pin-ud-')),
    emit: () => {},
    shell: 'harness',
    appVersion: 'test',
    log: () => {},
  });
  return graph.dispatch('trust:view', [reference]);
}

before(async () => {
  stack = await startStack();
  pinned = await adminSignedRepo(stack, 'pin/app', ['v1']);
  unpinned = await adminSignedRepo(stack, 'pin/other', ['v1']);
  const tofu = await signet(makeIdentity(stack, 'pin-first-look'), ['inspect', pinned.gun]);
  assert.equal(tofu.code, 0, tofu.stderr);
  firstRootId = JSON.parse(tofu.stdout)[0].AdministrativeKeys.find((k: { Name: string }) => k.Name === 'Root').Keys[0]
    .ID;
});

after(async () => {
  await stack?.stop();
});

test('the pinned root is accepted by the CLI and the app, and the app says it is pinned', async () => {
  const id = viewerWith({ certs: { [pinned.gun]: [firstRootId] } });
  const r = await signet(id, ['inspect', pinned.gun]);
  assert.equal(r.code, 0, r.stderr);
  const app = await appView(id, pinned.gun);
  assert.ok(app.ok);
  assert.deepEqual((app.value as { rootTrust: unknown }).rootTrust, { kind: 'certs', ids: [firstRootId] });
});

test('after the server lost its data and the repository was re-created with another root key: refused by the CLI and the app, nothing cached; unpinned is accepted on first use', async () => {
  await stack.stopNotary('https');
  await stack.startNotary('https'); // empty memory store
  const again = await adminSignedRepo(stack, 'pin/app', ['v1']); // a new admin identity: a new root key
  assert.equal(again.gun, pinned.gun);

  const id = viewerWith({ certs: { [pinned.gun]: [firstRootId] } });
  const cli = await signet(id, ['inspect', pinned.gun]);
  assert.equal(cli.code, 1);
  assert.match(
    cli.stderr,
    new RegExp(
      `the root of ${pinned.gun} does not match its pin: trust pinning for ${pinned.gun} allows root certificate ${firstRootId.slice(0, 12)}`,
    ),
  );
  assert.match(cli.stderr, /hint: if the root key was replaced on purpose/);
  assert.equal(existsSync(join(id.trustDir, 'tuf', pinned.gun)), false, 'nothing cached');

  const app = await appView(id, pinned.gun);
  assert.equal(app.ok, false);
  assert.equal(!app.ok && app.error.code, 'TUF_PIN_MISMATCH');

  // docker trust inspect (no pinning) accepts the new root on first use, as Signet does when unpinned
  const tofu = viewerWith({});
  const accepted = await signet(tofu, ['inspect', pinned.gun]);
  assert.equal(accepted.code, 0, accepted.stderr);
  ok(await tofu.docker(['trust', 'inspect', pinned.gun]), 'docker trust inspect');
  void unpinned;
});

test('disable_tofu: a repository that is not pinned is refused on first use (CLI and app); a pinned one is read', async () => {
  const other = await adminSignedRepo(stack, 'pin/strict', ['v1']);
  const probe = await signet(makeIdentity(stack, `pin-probe-${++n}`), ['inspect', other.gun]);
  const rootId = JSON.parse(probe.stdout)[0].AdministrativeKeys.find((k: { Name: string }) => k.Name === 'Root').Keys[0]
    .ID;

  const strict = viewerWith({ disable_tofu: true });
  const cli = await signet(strict, ['inspect', other.gun]);
  assert.equal(cli.code, 1);
  assert.match(cli.stderr, new RegExp(`${other.gun} is not pinned and trust on first use is disabled`));
  const app = await appView(strict, other.gun);
  assert.equal(!app.ok && app.error.code, 'TUF_TOFU_DISABLED');

  const pinnedStrict = viewerWith({ disable_tofu: true, certs: { [other.gun]: [rootId] } });
  const r = await signet(pinnedStrict, ['inspect', other.gun]);
  assert.equal(r.code, 0, r.stderr);
});

test('a broken config file is a clear error naming the file, not a crash', async () => {
  const id = makeIdentity(stack, `pin-broken-${++n}`);
  writeFileSync(id.env['SIGNET_CONFIG']!, '{"trust_pinning": {"certs": {"x": "not-a-list"}}}');
  const r = await signet(id, ['inspect', unpinned.gun]);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    new RegExp(
      `${id.env['SIGNET_CONFIG']!.replace(/[.]/g, '\\.')}: trust_pinning\\.certs\\["x"\\] must be a list of 64-hex certificate IDs`,
    ),
  );
});
