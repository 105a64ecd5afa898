/**
 * In headless Chromium through the browser harness, against the REAL notary-server and registry:
 *   - first start with a populated docker trust dir (the admin's, made by the notary CLI): its
 *     repositories and keys are there at once, nothing to type again;
 *   - trust pinning in the app: a repository trusted on first use shows its root certificate ID;
 *     "Pin this root" writes `certs[gun]` into Signet's config file and the CLI honours it; once
 *     the server holds another root for it (the server lost its data, the repository was made again
 *     with a new root key) the CLI and the app refuse it, the app with the explanation, while an
 *     unpinned repository is accepted on first use; `disable_tofu`, turned on in Settings, refuses a
 *     repository no pin covers (app and CLI).
 * Screenshots of each screen at 1024, 1400 and 1920 px, light and dark.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, type Stack } from '../helpers/stack.js';
import { makeIdentity, type Identity } from '../helpers/identity.js';
import { adminSignedRepo, dockerTrustInspect, viewer, type Scenario } from '../helpers/scenarios.js';
import { signet } from '../helpers/signet-cli.js';
import { readTable, startSession, type Session } from './lib/browser.js';
import { shootAll } from './lib/flows.js';

let stack: Stack;
let pinned: Scenario;
let pinUser: Identity;
let rootId = '';
const sessions: Session[] = [];
let n = 0;

const noEnvPassphrases = (id: Identity) => ({
  ...id.env,
  DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE: undefined,
  DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE: undefined,
});

async function session(env: Record<string, string | undefined>): Promise<Session> {
  const s = await startSession({ env });
  s.page.setDefaultTimeout(15_000);
  sessions.push(s);
  return s;
}

/** A fresh identity (empty trust dir and cache) reading the given Signet config file. */
function colleague(config: string): Identity {
  const id = makeIdentity(stack, `pins-colleague-${process.pid}-${++n}`);
  id.env['SIGNET_CONFIG'] = config;
  return id;
}

async function open(s: Session, reference: string): Promise<void> {
  const box = s.page.getByRole('textbox', { name: 'Repository', exact: true });
  await box.fill(reference);
  await box.press('Enter');
  await s.page.getByRole('heading', { level: 1, name: reference }).waitFor();
  await s.page.locator('#signed-tags-heading, #no-access-heading').first().waitFor({ timeout: 20_000 });
}

const pinsInFile = (file: string) =>
  (
    JSON.parse(readFileSync(file, 'utf8')) as {
      trust_pinning: { certs: Record<string, string[]>; disable_tofu: boolean };
    }
  ).trust_pinning;

before(async () => {
  stack = await startStack();
  pinned = await adminSignedRepo(stack, 'pin/app', ['v1']);
  const { json } = await dockerTrustInspect(viewer(stack), [pinned.gun]);
  rootId = json[0]!.AdministrativeKeys.find((k) => k.Name === 'Root')!.Keys![0]!.ID;
  pinUser = makeIdentity(stack, `pins-user-${process.pid}`);
});

after(async () => {
  for (const s of sessions) await s.close();
  await stack?.stop();
});

describe('first start with a populated trust dir; trust pinning in the app (harness + real notary)', () => {
  test('first start with the admin’s docker trust dir: its repository and keys are there, nothing to type', async () => {
    const adminId = pinned.identities['admin']!;
    const keyFiles = readdirSync(join(adminId.trustDir, 'private')).filter((f) => f.endsWith('.key'));
    const s = await session(noEnvPassphrases(adminId));
    const p = s.page;
    const welcome = p.getByRole('heading', { level: 1, name: 'Docker Content Trust' });
    await welcome.waitFor();
    assert.equal(await p.getByRole('heading', { name: 'Welcome to Signet' }).count(), 0, 'not the empty first screen');
    assert.match(
      (await p.locator('.welcome').textContent()) ?? '',
      new RegExp(`Signet found 1 repository and ${keyFiles.length} keys`),
    );
    const nav = p.getByRole('navigation', { name: 'Repositories' });
    await nav.getByRole('button', { name: /pin\/app/ }).waitFor();
    await shootAll(p, 'first-start-populated');

    // the keys, as the Keys section lists them
    await p.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Keys' }).click();
    await p.getByRole('table', { name: 'Keys' }).waitFor();
    const keys = await readTable(p, 'Keys');
    assert.equal(keys.rowCount, keyFiles.length);
    const ids = keys.rows.map((r) => r[0]!.ids[0]);
    for (const f of keyFiles) assert.ok(ids.includes(f.replace(/\.key$/, '')), `key ${f} listed`);
    const roles = await p.getByRole('table', { name: 'Keys' }).locator('.key-role').allTextContents();
    assert.ok(roles.includes('root') && roles.includes('targets'), roles.join(', '));
    await shootAll(p, 'first-start-populated-keys');

    // the repository opens from the welcome's list with its trust data: the repository key is yours
    await p.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Repository' }).click();
    await p.getByRole('list', { name: 'Repositories found' }).getByRole('button', { name: pinned.gun }).click();
    await p.getByRole('heading', { level: 1, name: pinned.gun }).waitFor();
    const admin = p.getByRole('table', { name: 'Administrative keys' });
    await admin.waitFor({ timeout: 20_000 });
    const rows = (await readTable(p, 'Administrative keys')).rows;
    assert.equal(rows.find((r) => r[0]!.text === 'Repository key')?.[3]!.text, 'you (this computer)');
    await s.close();
  });

  test('trusted on first use: the root certificate ID; "Pin this root" writes the config file, which the CLI reads', async () => {
    const s = await session(noEnvPassphrases(pinUser));
    const p = s.page;
    await open(s, pinned.gun);
    const trust = p.getByRole('region', { name: 'Root of trust' });
    await trust.waitFor();
    assert.match((await trust.textContent()) ?? '', /Root trusted on first use/);
    assert.equal(await trust.locator(`[data-full="${rootId}"]`).count(), 1, 'the root certificate ID docker shows');
    await shootAll(p, 'root-trust-tofu');
    await trust.getByRole('button', { name: 'Pin this root' }).click();
    await trust.getByText('Root pinned.').waitFor();
    const file = pinUser.env['SIGNET_CONFIG']!;
    assert.match((await trust.textContent()) ?? '', new RegExp(`saved in ${file.replace(/[.]/g, '\\.')}`));
    assert.deepEqual(pinsInFile(file).certs, { [pinned.gun]: [rootId] }, 'certs[gun] = the root certificate ID');
    await shootAll(p, 'root-trust-pinned');

    // the CLI reads the same file: the pinned root is accepted
    const cli = await signet(colleague(file), ['inspect', pinned.gun]);
    assert.equal(cli.code, 0, cli.stderr);

    // Settings → Trust pinning lists it, with the file
    await p.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
    const pins = p.getByRole('region', { name: 'Trust pinning' });
    await pins.getByRole('table', { name: 'Pinned roots' }).waitFor();
    assert.match((await pins.textContent()) ?? '', new RegExp(`Saved in ${file.replace(/[.]/g, '\\.')}`));
    assert.match((await pins.getByRole('table', { name: 'Pinned roots' }).textContent()) ?? '', new RegExp(rootId));
    await pins.scrollIntoViewIfNeeded();
    await shootAll(p, 'settings-trust-pinning');
    await p.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Repository' }).click();
  });

  test('the server now holds another root: refused by the CLI and the app (with the explanation); unpinned is accepted on first use', async () => {
    await stack.stopNotary('https');
    await stack.startNotary('https'); // empty memory store
    const again = await adminSignedRepo(stack, 'pin/app', ['v1']); // a new admin: a new root key
    assert.equal(again.gun, pinned.gun);
    const other = await adminSignedRepo(stack, 'pin/other', ['v1']);
    const file = pinUser.env['SIGNET_CONFIG']!;

    const cli = await signet(colleague(file), ['inspect', pinned.gun]);
    assert.equal(cli.code, 1);
    assert.match(cli.stderr, new RegExp(`the root of ${pinned.gun} does not match its pin`));
    const unpinnedCli = await signet(makeIdentity(stack, `pins-nopin-${process.pid}`), ['inspect', pinned.gun]);
    assert.equal(unpinnedCli.code, 0, 'without the pin the new root is trusted on first use: the pin refused it');

    // the app that pinned it: the refresh is refused, the data shown stays what was verified before
    const p = sessions[1]!.page;
    await p.getByRole('group', { name: 'Repository actions' }).getByRole('button', { name: 'Refresh' }).click();
    const failed = p.getByText('The last refresh failed; the data below is from before.');
    await failed.waitFor({ timeout: 20_000 });
    // its cached root is the pinned one; the server's new root is refused for not matching the pin
    await p.getByText('Root does not match its pin.').waitFor();

    // a colleague with the same config file, on another computer (nothing cached): refused, explained
    const c = await session(noEnvPassphrases(colleague(file)));
    await open(c, pinned.gun);
    const alert = c.page.getByRole('alert');
    await alert.getByText('Root does not match its pin.').waitFor();
    const text = (await alert.textContent()) ?? '';
    assert.match(text, /TUF_PIN_MISMATCH/);
    assert.match(text, new RegExp(`trust pinning for ${pinned.gun} allows root certificate ${rootId.slice(0, 12)}`));
    assert.match(text, /What to do: .*Settings → Trust pinning/);
    assert.equal(await c.page.getByRole('table', { name: 'Signed tags' }).count(), 0, 'nothing shown as trusted');
    await shootAll(c.page, 'pin-mismatch');

    // an unpinned repository: trusted on first use
    await open(c, other.gun);
    await c.page.getByRole('region', { name: 'Root of trust' }).getByText('Root trusted on first use.').waitFor();
  });

  test('disable_tofu, turned on in Settings: a repository no pin covers is refused (app and CLI); the file says so', async () => {
    const strict = await adminSignedRepo(stack, 'pin/strict', ['v1']);
    const c = sessions[sessions.length - 1]!;
    const p = c.page;
    await p.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
    const box = p.getByRole('checkbox', { name: /Refuse repositories that no pin covers/ });
    await box.check();
    const file = pinUser.env['SIGNET_CONFIG']!;
    for (let i = 0; i < 50 && !pinsInFile(file).disable_tofu; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(pinsInFile(file).disable_tofu, true);
    assert.deepEqual(pinsInFile(file).certs, { [pinned.gun]: [rootId] }, 'the pins are kept');
    await p.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Repository' }).click();
    await open(c, strict.gun);
    const alert = p.getByRole('alert');
    await alert.getByText('Repository not pinned.').waitFor();
    assert.match((await alert.textContent()) ?? '', /TUF_TOFU_DISABLED/);
    await shootAll(p, 'tofu-disabled');
    const cli = await signet(colleague(file), ['inspect', strict.gun]);
    assert.equal(cli.code, 1);
    assert.match(cli.stderr, new RegExp(`${strict.gun} is not pinned and trust on first use is disabled`));
  });

  test('no console errors', () => {
    for (const s of sessions)
      assert.deepEqual(
        s.consoleErrors.filter((e) => !/Failed to load resource/.test(e)),
        [],
      );
  });
});
