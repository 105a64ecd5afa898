/**
 * Keys on a hardware token in the app (headless Chromium through the harness, REAL notary-server
 * and registry, SoftHSM2 as the token): the Keys view and the signers table say "hardware: <label>",
 * Settings → Hardware tokens shows the module and its token, and signing from the app asks the
 * token's PIN in the passphrase dialog (the PIN goes to main only); docker then sees the signature.
 * Screenshots at 1024, 1400 and 1920 px, light and dark.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Locator } from 'playwright-core';
import { REPO_PASSPHRASE, ok, type Identity } from '../helpers/identity.js';
import { pushImage } from '../helpers/registry-push.js';
import { dockerTrustInspect, newIdentity, viewer } from '../helpers/scenarios.js';
import { signet } from '../helpers/signet-cli.js';
import { TOKEN_PIN, softhsmUnavailable, startSoftHsm, type SoftHsm } from '../helpers/softhsm.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { readTable, startSession, type Session } from './lib/browser.js';
import { noSeriousAxe, shootAll } from './lib/flows.js';

const skip = softhsmUnavailable();
const TOKEN = 'signet-e2e';
let stack: Stack;
let hsm: SoftHsm;
let session: Session;
let gun: string;
let aliceId: string;
let me: Identity;

before(async () => {
  if (skip) return;
  hsm = startSoftHsm();
  hsm.initToken(TOKEN);
  stack = await startStack();
  gun = `${stack.registryHost}/tok/e2e`;
  await pushImage(stack.registryHost, 'tok/e2e', 'v1');
  await pushImage(stack.registryHost, 'tok/e2e', 'v2');
  await pushImage(stack.registryHost, 'tok/e2e', 'v3');
  me = newIdentity(stack, 'tokens-e2e');
  const env = { ...hsm.env, SIGNET_PKCS11_PIN: TOKEN_PIN };
  const dir = mkdtempSync(join(tmpdir(), 'signet-e2e-pub-'));
  const must = async (args: string[]): Promise<string> => {
    const r = await signet(me, args, env);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    return r.stdout;
  };
  await must(['key', 'generate', 'alice', '--token', TOKEN, '--dir', dir]);
  await must(['init', '--root-token', TOKEN, gun]);
  await must(['signer', 'add', '--key', join(dir, 'alice.pub'), 'alice', gun]);
  await must(['sign', `${gun}:v1`]);
  const keys = JSON.parse(await must(['key', 'list', '--format', 'json'])) as Array<{ id: string; role: string }>;
  aliceId = keys.find((k) => k.role === 'alice')!.id;
  // the app has the module from the environment and no PIN: it asks
  session = await startSession({ env: { ...me.env, ...hsm.env } });
});

after(async () => {
  await session?.close();
  await stack?.stop();
  hsm?.remove();
});

async function openRepository(): Promise<void> {
  const page = session.page;
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Repository' }).click();
  const box = page.getByRole('textbox', { name: 'Repository', exact: true });
  await box.fill(gun);
  await box.press('Enter');
  await page.getByRole('heading', { level: 1, name: gun }).waitFor();
  await page.locator('#signed-tags-heading').waitFor({ timeout: 20_000 });
}

describe('hardware tokens in the app (harness + real notary + SoftHSM)', { skip }, () => {
  test('Keys shows the token keys as "hardware: <label>"; Settings shows the module and the token', async () => {
    const page = session.page;
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Keys' }).click();
    await page.getByRole('table', { name: 'Keys' }).waitFor();
    const t = await readTable(page, 'Keys');
    const stored = t.rows.map((r) => [r[0]!.text.slice(0, -12), r[2]!.text.replace(/since.*$/, '')]);
    assert.deepEqual(stored.filter(([role]) => role === 'alice' || role === 'root').sort(), [
      ['alice', `hardware: ${TOKEN}`],
      ['root', `hardware: ${TOKEN}`],
    ]);
    // a key on the token cannot be exported nor take a passphrase: no such actions, no backup nag
    const rootId = t.rows.find((r) => r[0]!.text.startsWith('root'))![0]!.ids[0]!;
    assert.equal(await page.getByRole('button', { name: `Export key ${rootId.slice(0, 7)}` }).count(), 0);
    assert.equal(await page.getByText('Back up your root key.').count(), 0);
    await shootAll(page, 'tokens-keys');
    await noSeriousAxe(page, 'Keys with token keys');

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
    const section = page.locator('section[aria-labelledby="tokens-heading"]');
    await section.getByRole('cell', { name: TOKEN, exact: true }).waitFor({ timeout: 20_000 });
    assert.match(
      (await section.getByRole('status').textContent()) ?? '',
      /Module libsofthsm2\.so \(from SIGNET_PKCS11_MODULE\)/,
    );
    const row = (await section.locator('tbody tr').first().locator('td').allTextContents()).map((s) => s.trim());
    assert.deepEqual([row[0], row[2], row[3]], [TOKEN, 'yes', 'PIN ready']);
    await shootAll(page, 'tokens-settings', undefined, () => section.scrollIntoViewIfNeeded());
  });

  test('the signers table marks the key on the token; signing from the app asks the PIN, and docker sees it', async () => {
    const page = session.page;
    await openRepository();
    const signers = await readTable(page, 'Signers');
    const alice = signers.rows.find((r) => r[0]!.text.startsWith('alice'))!;
    assert.ok(
      alice.some((c) => c.text === `hardware: ${TOKEN}`),
      JSON.stringify(alice.map((c) => c.text)),
    );
    await shootAll(page, 'tokens-signers', undefined, () =>
      page.locator('#signers-heading, [aria-labelledby="signers-heading"]').first().scrollIntoViewIfNeeded(),
    );

    await page.getByRole('group', { name: 'Repository actions' }).getByRole('button', { name: 'Sign tag' }).click();
    const wizard = page.locator('.wizard').first();
    await wizard.getByLabel('Tag', { exact: true }).fill('v2');
    await wizard.getByRole('button', { name: 'Next' }).click();
    await wizard.getByRole('button', { name: 'Stage signature' }).click();
    await wizard.getByRole('table', { name: 'Staged changes' }).waitFor();
    await wizard.getByRole('button', { name: 'Publish signature' }).click();

    const pin: Locator = page.getByRole('alertdialog', { name: `PIN for the token "${TOKEN}"` });
    await pin.waitFor({ timeout: 20_000 });
    assert.match((await pin.textContent()) ?? '', new RegExp(`Enter the PIN of the token "${TOKEN}":`));
    assert.equal(await pin.getByRole('checkbox', { name: /Remember in keychain/ }).count(), 0, 'a PIN is never kept');
    await shootAll(page, 'tokens-pin-dialog');
    await noSeriousAxe(page, 'PIN dialog');
    await pin.getByLabel('PIN', { exact: true }).fill(TOKEN_PIN);
    await pin.getByLabel('PIN', { exact: true }).press('Enter');
    await wizard.getByText(`Successfully signed ${gun}:v2`).waitFor({ timeout: 30_000 });
    await wizard.getByRole('button', { name: 'Close' }).first().click();
    // the PIN went to main through the broker only: no event carried it back to the page
    assert.ok(!JSON.stringify(session.events).includes(TOKEN_PIN));

    const d = await dockerTrustInspect(viewer(stack), [gun]);
    ok(d.result, 'docker trust inspect');
    const v2 = d.json[0]!.SignedTags.find((t) => t.SignedTag === 'v2');
    assert.deepEqual(v2?.Signers, ['alice']);
    assert.deepEqual(d.json[0]!.Signers.find((s) => s.Name === 'alice')?.Keys, [{ ID: aliceId }]);
  });

  test('Generate key offers the token; the key is made there, its PIN asked', async () => {
    const page = session.page;
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Keys' }).click();
    await page.getByRole('button', { name: 'Generate key' }).click();
    const dlg = page.locator('.generate-key-dialog');
    const onToken = dlg.getByRole('radio', { name: new RegExp(`On the token “${TOKEN}”`) });
    await onToken.waitFor();
    assert.equal(await dlg.getByRole('radio', { name: /On this computer/ }).isChecked(), true, 'this computer first');
    await onToken.check();
    await dlg.getByLabel('Signer name').fill('bob');
    await shootAll(page, 'tokens-generate-dialog');
    await dlg.getByRole('button', { name: 'Generate' }).click();
    const pin = page.getByRole('alertdialog', { name: `PIN for the token "${TOKEN}"` });
    await pin.waitFor();
    await pin.getByLabel('PIN', { exact: true }).fill(TOKEN_PIN);
    await pin.getByLabel('PIN', { exact: true }).press('Enter');
    await dlg.getByText(/^Generated bob key [0-9a-f]{12}$/).waitFor({ timeout: 20_000 });
    assert.match((await dlg.textContent()) ?? '', new RegExp(`hardware: ${TOKEN}`));
    await dlg.getByRole('button', { name: 'Close' }).first().click();
  });

  test('a key held here copied to the token: its passphrase, then the PIN; the copy here kept as the backup', async () => {
    const page = session.page;
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Keys' }).click();
    await page.getByRole('table', { name: 'Keys' }).waitFor();
    const targets = (await readTable(page, 'Keys')).rows.find((r) => r[0]!.text.startsWith('targets'))!;
    const id = targets[0]!.ids[0]!;
    await page.getByRole('button', { name: `Copy key ${id.slice(0, 7)} to a hardware token` }).click();
    const dlg = page.getByRole('dialog', {
      name: `Copy repository (targets) key ${id.slice(0, 7)} to a hardware token`,
    });
    await dlg.getByLabel('Token', { exact: true }).waitFor();
    assert.equal(await dlg.getByRole('checkbox', { name: /Delete the copy on this computer/ }).isChecked(), false);
    await shootAll(page, 'tokens-copy-dialog');
    await dlg.getByRole('button', { name: 'Copy to token' }).click();
    for (const end = Date.now() + 30_000; !(await dlg.getByText(/^The key is on the token/).isVisible());) {
      assert.ok(Date.now() < end, 'copied');
      const ask = page.locator('.passphrase-dialog');
      if (await ask.isVisible()) {
        const isPin = (await ask.getByLabel('PIN', { exact: true }).count()) > 0;
        const field = ask.getByLabel(isPin ? 'PIN' : 'Passphrase', { exact: true });
        await field.fill(isPin ? TOKEN_PIN : REPO_PASSPHRASE);
        await field.press('Enter');
        await ask.waitFor({ state: 'detached', timeout: 2000 }).catch(() => undefined);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.match((await dlg.textContent()) ?? '', new RegExp(`hardware: ${TOKEN}`));
    await dlg.getByRole('button', { name: 'Close' }).first().click();
    const listed = (await page.evaluate(`window.signet.keys.list().then((r) => r.value)`)) as Array<{
      id: string;
      location: string;
      token?: string;
    }>;
    assert.deepEqual(
      listed.filter((k) => k.id === id).map((k) => `${k.location}: ${k.token}`),
      [`hardware: ${TOKEN}`],
    );
    assert.ok(existsSync(join(me.trustDir, 'private', `${id}.key`)), 'the trust dir copy is kept');
  });

  test('Initialize repository: a new root key made on the token, and docker verifies the repository', async () => {
    const page = session.page;
    const fresh = `${stack.registryHost}/tok/e2e-init`;
    await pushImage(stack.registryHost, 'tok/e2e-init', 'v1');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Repository' }).click();
    const box = page.getByRole('textbox', { name: 'Repository', exact: true });
    await box.fill(fresh);
    await box.press('Enter');
    await page.getByRole('button', { name: 'Initialize repository' }).click();
    const w = page.locator('.init-wizard');
    await w.getByRole('radio', { name: /Create a new root key/ }).check();
    await w.getByRole('radio', { name: new RegExp(`On the token “${TOKEN}”`) }).check();
    for (let i = 0; i < 3; i++) await w.getByRole('button', { name: 'Next' }).click();
    assert.match(
      (await w.textContent()) ?? '',
      new RegExp(`a new root key on the token “${TOKEN}” \\(its PIN asked\\)`),
    );
    await w.getByRole('button', { name: 'Initialize' }).click();
    // the PIN for the root key, then the new repository key's passphrase (twice)
    for (const end = Date.now() + 30_000; !(await w.getByText(`Initialized ${fresh}`).first().isVisible());) {
      assert.ok(Date.now() < end, 'initialized');
      const dlg = page.locator('.passphrase-dialog');
      if (await dlg.isVisible()) {
        const isPin = (await dlg.getByLabel('PIN', { exact: true }).count()) > 0;
        const field = dlg.getByLabel(isPin ? 'PIN' : 'Passphrase', { exact: true });
        await field.fill(isPin ? TOKEN_PIN : 'repo-passphrase-e2e');
        if (!isPin) await dlg.getByLabel('Repeat passphrase', { exact: true }).fill('repo-passphrase-e2e');
        await field.press('Enter');
        await dlg.waitFor({ state: 'detached', timeout: 2000 }).catch(() => undefined);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const listed = await page.evaluate(`window.signet.keys.list().then((r) => r.value)`);
    const roots = (listed as Array<{ role: string; location: string; token?: string }>).filter(
      (k) => k.role === 'root',
    );
    assert.equal(
      roots.filter((k) => k.location === 'hardware' && k.token === TOKEN).length,
      2,
      'a second root key, on the token',
    );
    // no tag signed yet: docker reads and verifies the root (signed on the token) and targets
    const d = await dockerTrustInspect(viewer(stack), [fresh]);
    ok(d.result, 'docker trust inspect of the new repository');
    assert.deepEqual(d.json[0]!.SignedTags, []);
    assert.equal(d.json[0]!.AdministrativeKeys.find((k) => k.Name === 'Root')?.Keys?.length, 1);
  });

  // last: SoftHSM sees a token come back only when the module is loaded again (a new app start)
  test('the token pulled out: Keys says "not inserted", signing says to insert it and asks no PIN', async () => {
    const page = session.page;
    await page.keyboard.press('Escape'); // the Initialize wizard's outcome
    await page.locator('.dlg-backdrop').waitFor({ state: 'detached' });
    hsm.unplug(TOKEN);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Keys' }).click();
    await page.getByRole('button', { name: 'Refresh keys' }).click();
    await page.getByText(`hardware: ${TOKEN} (not inserted)`).first().waitFor({ timeout: 20_000 });
    const t = await readTable(page, 'Keys');
    const alice = t.rows.find((r) => r[0]!.ids.includes(aliceId))!;
    assert.equal(alice[2]!.text.replace(/since.*$/, ''), `hardware: ${TOKEN} (not inserted)`);
    await shootAll(page, 'tokens-keys-not-inserted');

    await openRepository();
    const events = session.events.length;
    await page.getByRole('group', { name: 'Repository actions' }).getByRole('button', { name: 'Sign tag' }).click();
    const wizard = page.locator('.wizard').first();
    await wizard.getByLabel('Tag', { exact: true }).fill('v3');
    await wizard.getByRole('button', { name: 'Next' }).click();
    // the plan counts the key as alice's (it is, on her token): staged as with the token in
    await wizard.getByRole('button', { name: 'Stage signature' }).click();
    await wizard.getByRole('table', { name: 'Staged changes' }).waitFor();
    await wizard.getByRole('button', { name: 'Publish signature' }).click();
    await wizard.getByText(`is on the token "${TOKEN}", which is not inserted`).waitFor({ timeout: 20_000 });
    await wizard.getByText(`insert the token "${TOKEN}" and try again`).waitFor();
    assert.equal(await page.locator('.passphrase-dialog').count(), 0, 'no PIN asked for a token that is not there');
    assert.ok(!JSON.stringify(session.events.slice(events)).includes('passphrase:request'));
    // nothing lost: the staged signature waits for the token
    assert.equal(await wizard.getByRole('table', { name: 'Staged changes' }).getByRole('row').count(), 3);
    await shootAll(page, 'tokens-sign-not-inserted');
    await wizard.getByRole('button', { name: 'Keep staged and close' }).click();

    // the token lost: bob's key (only on it) cannot be deleted from here, but it can be forgotten
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Keys' }).click();
    const bob = (await readTable(page, 'Keys')).rows.find((r) => r[0]!.text.startsWith('bob'))!;
    const bobId = bob[0]!.ids[0]!;
    await page.getByRole('button', { name: `Forget key ${bobId.slice(0, 7)} (its token is not inserted)` }).click();
    const forget = page.getByRole('alertdialog', { name: `Forget bob key ${bobId.slice(0, 7)}` });
    await forget
      .getByText(`This key is on the hardware token “${TOKEN}”, which is not inserted.`, { exact: false })
      .waitFor();
    await shootAll(page, 'tokens-forget-dialog');
    await forget.getByRole('button', { name: 'Forget key' }).click();
    await forget.getByText(`It is still on the token “${TOKEN}”.`, { exact: false }).waitFor();
    await forget.getByRole('button', { name: 'Close' }).first().click();
    await page.getByRole('table', { name: 'Keys' }).getByText(bobId.slice(0, 12)).waitFor({ state: 'detached' });
    const listed = (await page.evaluate(`window.signet.keys.list().then((r) => r.value)`)) as Array<{ id: string }>;
    assert.equal(listed.filter((k) => k.id === bobId).length, 0, 'no longer listed');
  });
});
