/**
 * The Settings screen in headless Chromium through the harness, against the REAL notary-server and
 * registry: without DOCKER_CONTENT_TRUST_SERVER the app cannot reach a repository's trust data
 * (docker's default server for the registry is the registry itself); a trust server added, then
 * corrected, in Settings is saved only once confirmed in main's dialog (the harness chooser's
 * stand-in) naming the old and the new server, is used at once and lands in settings.json; a CA
 * certificate chosen in main's file dialog too (its name shown, its path kept in main). A broken
 * settings file is kept aside and reported with where it went, until a setting is saved again.
 * Screenshots at 1024, 1400 and 1920 px, light and dark; axe-core with no serious or critical issue.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { freePort, startStack, type Stack } from '../helpers/stack.js';
import { adminSignedRepo, viewer, type Scenario } from '../helpers/scenarios.js';
import { readTable, screenshot, startSession, type Session } from './lib/browser.js';
import { noSeriousAxe, shootAll } from './lib/flows.js';

let stack: Stack;
let repo: Scenario;
let session: Session;
/** A key-less identity's environment without a trust server: only Settings can name one. */
let env: Record<string, string | undefined>;

before(async () => {
  stack = await startStack();
  repo = await adminSignedRepo(stack, 'e2e/settings', ['v1', 'v2']);
  env = { ...viewer(stack).env, DOCKER_CONTENT_TRUST_SERVER: undefined };
  session = await startSession({ env });
});

after(async () => {
  await session?.close();
  await stack?.stop();
});

const section = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name, exact: true });

async function openRepository(page: Page, reference: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Repository', exact: true });
  await box.fill(reference);
  await box.press('Enter');
  await page.getByRole('heading', { level: 1, name: reference }).waitFor();
}

function settingsOnDisk(s: Session): { trustServers: Record<string, string>; caPaths: Record<string, string> } {
  return JSON.parse(readFileSync(join(s.userDataDir, 'settings.json'), 'utf8'));
}

describe('Settings screen (harness + real notary)', () => {
  test('a trust server set in Settings is used at once and saved in settings.json', async () => {
    const page = session.page;
    await openRepository(page, repo.gun);
    await page
      .getByRole('heading', { name: `No signatures or cannot access ${repo.gun}` })
      .waitFor({ timeout: 20_000 });

    // a wrong server first: the repository says the server cannot be reached
    const wrong = `http://127.0.0.1:${await freePort()}`;
    await section(page, 'Settings').click();
    const servers = page.getByRole('region', { name: 'Trust servers' });
    await servers.getByLabel('Registry', { exact: true }).fill(stack.registryHost);
    await servers.getByLabel('Trust server URL', { exact: true }).fill(wrong);
    // main asks first, naming the old and the new server; cancelled: nothing saved, the form keeps it
    const chooser = session.harness.chooser;
    chooser.confirmNext(false);
    await servers.getByRole('button', { name: 'Add trust server' }).click();
    await servers.getByRole('status').filter({ hasText: 'The trust server change was cancelled' }).waitFor();
    const asked = chooser.shown.at(-1)!;
    assert.equal(asked.kind, 'confirm');
    assert.deepEqual(asked.kind === 'confirm' && asked.detail.split('\n').slice(0, 3), [
      stack.registryHost,
      `  from: https://${stack.registryHost} (docker’s default)`,
      `  to: ${wrong}`,
    ]);
    assert.deepEqual(settingsOnDisk(session).trustServers, {}, 'nothing saved');
    assert.equal(await servers.getByLabel('Trust server URL', { exact: true }).inputValue(), wrong);
    await shootAll(page, 'e2e-settings-trust-server-cancelled');
    chooser.confirmNext(true);
    await servers.getByRole('button', { name: 'Add trust server' }).click();
    await servers.getByRole('table', { name: 'Trust servers' }).getByRole('cell', { name: wrong }).waitFor();
    await servers.getByText(/Plain HTTP: docker refuses it/).waitFor();
    assert.deepEqual(settingsOnDisk(session).trustServers, { [stack.registryHost]: wrong });
    await page
      .getByRole('navigation', { name: 'Repositories' })
      .getByRole('button', { name: /e2e\/settings/ })
      .click();
    const alert = page.getByRole('alert').filter({ hasText: 'Server unreachable' });
    await alert.waitFor({ timeout: 20_000 });

    // corrected (Edit): the trust data loads, tags as signed
    await section(page, 'Settings').click();
    await servers.getByRole('button', { name: `Edit trust server for ${stack.registryHost}` }).click();
    await servers.getByLabel(`Trust server URL for ${stack.registryHost}`).fill(stack.notaryHttpsUrl);
    chooser.confirmNext(true);
    await servers.getByRole('button', { name: 'Save' }).click();
    // saved: the row shows the value again (a cell holding the edit box would match by its text too)
    await servers.getByLabel(`Trust server URL for ${stack.registryHost}`).waitFor({ state: 'detached' });
    await servers.getByRole('cell', { name: stack.notaryHttpsUrl }).waitFor();
    assert.deepEqual(settingsOnDisk(session).trustServers, { [stack.registryHost]: stack.notaryHttpsUrl });
    const edited = chooser.shown.at(-1)!;
    assert.match(
      edited.kind === 'confirm' ? edited.detail : '',
      new RegExp(`from: ${wrong}\\n  to: ${stack.notaryHttpsUrl}`),
    );
    const group = page.getByRole('navigation', { name: 'Repositories' }).getByRole('heading', {
      name: new RegExp(`trust server: ${stack.notaryHttpsUrl.replace(/[.]/g, '\\.')}`),
    });
    await group.waitFor();
    await page
      .getByRole('navigation', { name: 'Repositories' })
      .getByRole('button', { name: /e2e\/settings/ })
      .click();
    await page.getByRole('table', { name: 'Signed tags' }).waitFor({ timeout: 20_000 });
    const tags = await readTable(page, 'Signed tags');
    assert.deepEqual(
      tags.rows.map((r) => r[0]!.text),
      ['v1', 'v2'],
    );
  });

  test('a CA certificate per server: chosen in main’s dialog, shown by name, its path saved in settings.json', async () => {
    const page = session.page;
    await section(page, 'Settings').click();
    const ca = page.getByRole('region', { name: 'CA certificates' });
    const notaryHost = new URL(stack.notaryHttpsUrl).host;
    await ca.getByLabel('Server (host:port)').fill(notaryHost);
    // a folder is not a certificate: main refuses what its dialog returned
    session.harness.chooser.chooseNext({ paths: [stack.dir] });
    await ca.getByRole('button', { name: 'Choose file…' }).click();
    await ca
      .getByRole('alert')
      .filter({ hasText: /is not a regular file/ })
      .waitFor();
    session.harness.chooser.chooseNext({ paths: [stack.caFile] });
    await ca.getByRole('button', { name: 'Choose file…' }).click();
    await ca.getByText(basename(stack.caFile), { exact: true }).waitFor();
    await shootAll(page, 'e2e-settings-ca-chosen');
    await ca.getByRole('button', { name: 'Add CA certificate' }).click();
    await ca.getByRole('cell', { name: basename(stack.caFile), exact: true }).waitFor();
    assert.deepEqual(settingsOnDisk(session).caPaths, { [notaryHost]: stack.caFile });
    assert.equal(
      (await page.locator('main').textContent())?.includes(stack.caFile),
      false,
      'the page never shows where the file is',
    );
    // still read with the CA named here
    await page
      .getByRole('navigation', { name: 'Repositories' })
      .getByRole('button', { name: /e2e\/settings/ })
      .click();
    await page.getByRole('table', { name: 'Signed tags' }).waitFor({ timeout: 20_000 });
    await section(page, 'Settings').click();
    const about = (await page.getByRole('region', { name: 'About Signet' }).textContent()) ?? '';
    assert.match(about, new RegExp(`Docker config dir${env['DOCKER_CONFIG']!.replace(/[.]/g, '\\.')}`));
    assert.match(about, /browser harness/);
  });

  test('screenshots at 1024, 1400 and 1920 px, light and dark; no serious or critical axe issue', async () => {
    const page = session.page;
    await section(page, 'Settings').click();
    await page.getByRole('heading', { name: 'Settings', exact: true }).waitFor();
    await noSeriousAxe(page, 'e2e-settings');
    await shootAll(page, 'e2e-settings');
  });

  test('a broken settings file: kept aside, the banner says where, gone once a setting is saved', async () => {
    const broken = await startSession({
      env,
      settingsFile: '{"version":1,"keyStore":"plaintext"}\n',
    });
    try {
      const page = broken.page;
      await section(page, 'Settings').click();
      const banner = page.getByRole('alert').filter({ hasText: 'The settings file could not be used (' });
      await banner.waitFor();
      const text = (await banner.textContent()) ?? '';
      assert.match(text, /settings\.keyStore: expected "keychain" or "trust-dir"/);
      const keptAs = /kept as (\S+) and default settings/.exec(text)?.[1];
      assert.ok(keptAs && existsSync(keptAs), `the broken file is kept: ${text}`);
      assert.equal(readFileSync(keptAs, 'utf8'), '{"version":1,"keyStore":"plaintext"}\n');
      await page.setViewportSize({ width: 1024, height: 900 });
      await screenshot(page, 'e2e-settings-problem-1024-light');
      await page.getByRole('radio', { name: 'docker trust dir' }).check();
      await banner.waitFor({ state: 'detached' });
      const saved = JSON.parse(readFileSync(join(broken.userDataDir, 'settings.json'), 'utf8'));
      assert.equal(saved.keyStore, 'trust-dir');
      assert.deepEqual(
        broken.consoleErrors.filter((e) => !/Failed to load resource/.test(e)),
        [],
      );
    } finally {
      await broken.close();
    }
  });

  test('one config folder: the old folder’s files are moved once, the app says so, and Settings names one folder', async () => {
    // a Linux home as the app left it before: settings.json in Electron's ~/.config/Signet, pins beside it
    const home = mkdtempSync(join(tmpdir(), 'signet-e2e-home-'));
    const old = join(home, '.config', 'Signet');
    const dir = join(home, '.config', 'signet');
    mkdirSync(old, { recursive: true });
    const settingsText = `${JSON.stringify({ version: 1, trustServers: { [stack.registryHost]: stack.notaryHttpsUrl } })}\n`;
    writeFileSync(join(old, 'settings.json'), settingsText);
    writeFileSync(join(old, 'config.json'), '{"trust_pinning": {"disable_tofu": false}}\n');
    const moved = await startSession({
      env: { ...env, HOME: home, XDG_CONFIG_HOME: undefined, SIGNET_CONFIG: undefined },
      settingsIn: 'config-folder',
    });
    try {
      const page = moved.page;
      assert.equal(moved.userDataDir, dir);
      const notice = page.getByRole('region', { name: 'Config folder' });
      await notice.waitFor();
      assert.deepEqual(await notice.locator('p').allTextContents(), [
        `Moved ${join(old, 'settings.json')} to ${join(dir, 'settings.json')}: the app and the CLI keep their settings in one folder, ${dir}.`,
        `Moved ${join(old, 'config.json')} to ${join(dir, 'config.json')}: the app and the CLI keep their settings in one folder, ${dir}.`,
      ]);
      assert.equal(readFileSync(join(dir, 'settings.json'), 'utf8'), settingsText);
      assert.ok(!existsSync(join(old, 'settings.json')) && !existsSync(join(old, 'config.json')));
      await shootAll(page, 'e2e-config-moved');
      await noSeriousAxe(page, 'config folder notice');

      // Settings names the one folder for both files; the moved trust server is in effect
      await section(page, 'Settings').click();
      await page.getByText(`Saved in ${join(dir, 'settings.json')}`).waitFor();
      // (the pins are read after the settings: "Loading trust pinning…" first)
      const pins = page.getByRole('region', { name: 'Trust pinning' });
      await pins.getByText(`Saved in ${join(dir, 'config.json')}`).waitFor();
      assert.deepEqual(settingsOnDisk(moved).trustServers, { [stack.registryHost]: stack.notaryHttpsUrl });
      await notice.getByRole('button', { name: 'Dismiss' }).click();
      await notice.waitFor({ state: 'detached' });
    } finally {
      await moved.close();
      rmSync(home, { recursive: true, force: true });
    }
  });

  test('no console errors', () => {
    assert.deepEqual(
      session.consoleErrors.filter((e) => !/Failed to load resource/.test(e)),
      [],
    );
  });
});
