/**
 * Docker Hub's notary stops on 2026-12-08: the notice a repository read from it shows, in
 * Chromium. Hub's notary cannot be reached from a test (and stops tomorrow as this is written), so
 * the page's trust:view answer for docker.io/team/app is the REAL view main reads of a local
 * repository, renamed, with core's hubSunset at an injected clock: what main would send for Hub.
 * Every other call about that name is answered "not reached", so nothing leaves the machine.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Route } from 'playwright-core';
import { HUB_NOTARY, hubSunset } from '../../core/notary/hub-sunset.js';
import { adminSignedRepo, type Scenario } from '../helpers/scenarios.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { startSession, type Session } from './lib/browser.js';
import { archiveFileName } from '../../core/history/archive/manifest.js';
import { signet } from '../helpers/signet-cli.js';
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { noSeriousAxe, shootAll } from './lib/flows.js';

const HUB = 'docker.io/team/app';
const HUB2 = 'docker.io/team/api';
let stack: Stack;
let local: Scenario;
let session: Session;
let clock = new Date('2026-12-07T10:00:00Z');
const LOCAL = /^(repositories|settings|keys|pins):|^trust:stagedChanges$/;

async function answerForHub(route: Route): Promise<void> {
  const req = route.request();
  const args = JSON.parse(req.postData() || '[]') as unknown[];
  const channel = decodeURIComponent(new URL(req.url()).pathname).slice('/rpc/'.length);
  // the sidebar's list and the local staging area stay real; what would reach Docker Hub does not
  if (!/docker\.io\//.test(JSON.stringify(args)) || LOCAL.test(channel)) return route.continue();
  if (channel === 'history:writeArchives') {
    // archived for real by main, from the local notary: HUB's stand-in, and a repository that does not exist
    const req = args[0] as { references: string[]; folder: string };
    const references = req.references.map((r) => (r === HUB ? local.gun : `${stack.registryHost}/e2e/hub-missing`));
    return route.continue({ postData: JSON.stringify([{ ...req, references }]) });
  }
  if (channel !== 'trust:view') {
    return route.fulfill({
      json: { ok: false, error: { code: 'HTTP_UNREACHABLE', message: 'Docker Hub is not reached from this test' } },
    });
  }
  const res = await route.fetch({ postData: JSON.stringify([local.gun]) });
  const real = (await res.json()) as { ok: boolean; value: Record<string, unknown> };
  assert.ok(real.ok, JSON.stringify(real));
  const sunset = hubSunset(HUB_NOTARY, clock)!;
  // after the stop a read of Hub fails, and what Signet verified before is shown from its cache
  const gone = sunset.stopped
    ? {
        source: 'cache',
        offlineReason: "cannot connect to https://notary.docker.io (Docker Hub's notary stopped on 2026-12-08)",
      }
    : {};
  const name = args[0] as string;
  const value = { ...real.value, gun: name, name, hubNotary: sunset, ...gone };
  return route.fulfill({ response: res, json: { ok: true, value } });
}

before(async () => {
  stack = await startStack();
  local = await adminSignedRepo(stack, 'e2e/hub', ['v1', 'v2']);
  session = await startSession({ env: local.identities['admin']!.env });
  await session.page.route('**/rpc/**', answerForHub);
});

after(async () => {
  await session?.close();
  await stack?.stop();
});

describe('Docker Hub’s notary sunset in the app (harness, real main, Hub answered from a local notary)', () => {
  test('the day before: stops tomorrow, with Export archive… and Migrate to cosign', async () => {
    const page = session.page;
    const box = page.getByRole('textbox', { name: 'Repository', exact: true });
    await box.fill(HUB);
    await box.press('Enter');
    await page.getByRole('heading', { level: 1, name: HUB }).waitFor();
    const notice = page.getByRole('region', { name: "Docker Hub's notary" });
    await notice.waitFor({ timeout: 20_000 });
    assert.match((await notice.textContent()) ?? '', /^Docker Hub’s notary stops on 2026-12-08 \(tomorrow\)\./);
    assert.deepEqual(await notice.getByRole('button').allTextContents(), ['Export archive…', 'Migrate to cosign']);
    await page.getByRole('table', { name: 'Signed tags' }).waitFor();
    await shootAll(page, 'hub-sunset-tomorrow');
    await noSeriousAxe(page, 'Docker Hub notice');

    // the Expiry view lists the stop beside the roles, soonest first
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Expiry' }).click();
    const row = page
      .getByRole('table', { name: 'Expiry overview' })
      .getByRole('row')
      .filter({ hasText: 'Docker Hub’s notary stops' });
    await row.waitFor();
    assert.match(
      (await row.textContent()) ?? '',
      new RegExp(`^${HUB.replace(/\./g, '\\.')}Docker Hub’s notary stops2026-12-08 00:00 UTC.*expiring$`),
    );
    await shootAll(page, 'hub-sunset-expiry');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Repository' }).click();
  });

  test('Export archives of all Docker Hub repositories: one folder, one file each; one that cannot be read is listed with why', async () => {
    const page = session.page;
    const box = page.getByRole('textbox', { name: 'Repository', exact: true });
    await box.fill(HUB2);
    await box.press('Enter');
    await page.getByRole('heading', { level: 1, name: HUB2 }).waitFor();
    await page.getByRole('region', { name: "Docker Hub's notary" }).waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Export archives of all 2 Docker Hub repositories…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export archives — 2 repositories' });
    await dialog.waitFor();
    const folder = join(mkdtempSync(join(tmpdir(), 'signet-e2e-archives-')), 'hub');
    mkdirSync(folder);
    session.harness.chooser.chooseNext({ paths: [folder] });
    await dialog.getByRole('button', { name: 'Choose folder…' }).click();
    await dialog.getByText('hub', { exact: true }).waitFor();
    await shootAll(page, 'hub-archives-dialog');
    await dialog.getByRole('button', { name: 'Export' }).click();
    await dialog.getByText(/^Archived 1 of 2 repositories to hub\.$/).waitFor({ timeout: 30_000 });
    // main was asked for the stand-ins: the missing one is named as main was asked for it
    await dialog.getByText(`Not archived: ${stack.registryHost}/e2e/hub-missing`).waitFor();
    assert.deepEqual(readdirSync(folder), [archiveFileName(local.gun)]);
    // the file reads back as the live repository does
    const back = await signet(local.identities['admin']!, [
      'inspect',
      '--archive',
      join(folder, archiveFileName(local.gun)),
      local.gun,
    ]);
    assert.equal(back.code, 0, back.stderr);
    assert.deepEqual(
      (JSON.parse(back.stdout) as Array<{ SignedTags: Array<{ SignedTag: string }> }>)[0]!.SignedTags.map(
        (t) => t.SignedTag,
      ),
      ['v1', 'v2'],
    );
    await shootAll(page, 'hub-archives-written');
    await noSeriousAxe(page, 'Export archives');
    await dialog.getByRole('button', { name: 'Close' }).first().click();
  });

  test('after the day: it stopped; Open archive…', async () => {
    const page = session.page;
    clock = new Date('2026-12-09T09:00:00Z');
    await page.getByRole('group', { name: 'Repository actions' }).getByRole('button', { name: 'Refresh' }).click();
    const notice = page.getByRole('region', { name: "Docker Hub's notary" });
    await notice.getByText('Docker Hub’s notary stopped on 2026-12-08.').waitFor({ timeout: 20_000 });
    assert.deepEqual(await notice.getByRole('button').allTextContents(), ['Open archive…']);
    await shootAll(page, 'hub-sunset-stopped');
  });
});
