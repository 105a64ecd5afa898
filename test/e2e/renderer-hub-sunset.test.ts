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
import { noSeriousAxe, shootAll } from './lib/flows.js';

const HUB = 'docker.io/team/app';
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
  if (!JSON.stringify(args).includes(HUB) || LOCAL.test(channel)) return route.continue();
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
  const value = { ...real.value, gun: HUB, name: HUB, hubNotary: sunset, ...gone };
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
