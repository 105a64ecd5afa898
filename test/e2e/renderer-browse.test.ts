/**
 * The renderer in headless Chromium through the browser harness, against the REAL notary-server
 * and registry: repositories built with the real notary/docker CLIs; every cell of "Signed tags",
 * "Signers" and "Administrative keys" equals what `docker trust inspect` reports; docker's
 * "No signatures or cannot access" state with a plain-language cause for a missing repository
 * and an unreachable server; cached data labelled after an outage; screenshots; axe-core with no
 * serious or critical violation, light and dark.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, startStack, type Stack } from '../helpers/stack.js';
import {
  adminSignedRepo,
  dockerTrustInspect,
  emptyRepo,
  signersRepo,
  viewer,
  type InspectJson,
  type Scenario,
} from '../helpers/scenarios.js';
import { axeScan, readTable, screenshot, startSession, type Session } from './lib/browser.js';
import { readme, readmeShot } from './lib/readme-shots.js';

let stack: Stack;
let session: Session;
const repos: Record<'admin' | 'signers' | 'empty', Scenario> = {} as never;
const inspect: Record<string, InspectJson> = {};

before(async () => {
  stack = await startStack();
  const [admin, signers, empty] = await Promise.all([
    adminSignedRepo(stack, 'e2e/admin-signed', ['v1', 'v10', 'v2', 'latest']),
    signersRepo(stack, 'e2e/signers'),
    emptyRepo(stack, 'e2e/empty'),
  ]);
  Object.assign(repos, { admin, signers, empty });
  const v = viewer(stack);
  const { json } = await dockerTrustInspect(v, [admin.gun, signers.gun, empty.gun]);
  for (const j of json) inspect[j.Name] = j;
  // the app runs as alice: her delegation key is in her docker trust dir
  session = await startSession({ env: signers.identities['alice']!.env });
});

after(async () => {
  await session?.close();
  await stack?.stop();
});

async function open(reference: string): Promise<void> {
  const box = session.page.getByRole('textbox', { name: 'Repository', exact: true });
  await box.fill(reference);
  await box.press('Enter');
  await session.page.getByRole('heading', { level: 1, name: reference }).waitFor();
  // loaded: a section heading that only appears with data or an error
  await session.page.locator('#signed-tags-heading, #no-access-heading').first().waitFor({ timeout: 20_000 });
  // a repository opened before shows its last data at once while it refreshes
  await session.page
    .getByRole('group', { name: 'Repository actions' })
    .getByRole('button', { name: 'Refreshing…', exact: true })
    .waitFor({ state: 'detached', timeout: 20_000 });
}

async function expectMatchesDocker(gun: string, opts: { offline?: boolean } = {}): Promise<void> {
  const docker = inspect[gun]!;
  assert.ok(docker, `docker trust inspect has ${gun}`);
  const page = session.page;

  // Signed tags: same rows, same (natural) order, same digest and signers
  if (docker.SignedTags.length === 0) {
    await page.getByRole('heading', { name: `No signatures for ${gun}` }).waitFor();
    assert.equal((await readTable(page, 'Signed tags')).rowCount, -1, 'no signed tags table');
  } else {
    const t = await readTable(page, 'Signed tags');
    assert.deepEqual(t.headers.slice(0, 3), ['Signed tag', 'Digest', 'Signers']);
    assert.equal(t.rowCount, docker.SignedTags.length, 'row count');
    assert.deepEqual(
      t.rows.map((r) => ({ SignedTag: r[0]!.text, Digest: r[1]!.ids[0], Signers: r[2]!.text })),
      docker.SignedTags.map((s) => ({
        SignedTag: s.SignedTag,
        Digest: s.Digest,
        Signers: [...s.Signers].sort().join(', '),
      })),
    );
    for (const r of t.rows)
      assert.equal(r[1]!.text.slice(0, 12), r[1]!.ids[0]!.slice(0, 12), 'digest shown shortened to 12 characters');
    // the accessible name of the digest cell is the full digest
    await page.getByRole('cell', { name: docker.SignedTags[0]!.Digest }).first().waitFor();
  }

  // Signers: names and full key IDs (docker sorts them by name, descending; the table by name)
  const signers = await readTable(page, 'Signers');
  const want = docker.Signers.map((s) => ({ name: s.Name, keys: (s.Keys ?? []).map((k) => k.ID).sort() })).sort(
    (a, b) => a.name.localeCompare(b.name),
  );
  if (want.length === 0) assert.equal(signers.rowCount, -1);
  else {
    assert.deepEqual(signers.headers.slice(0, 2), ['Signer', 'Keys']);
    assert.deepEqual(
      signers.rows.map((r) => ({ name: r[0]!.text, keys: r[1]!.ids })),
      want,
    );
  }

  // Administrative keys: docker's Repository and Root keys, full IDs
  const admin = await readTable(page, 'Administrative keys');
  const ids = (name: string): string[] =>
    admin.rows
      .filter((r) => r[0]!.text === `${name} key`)
      .map((r) => r[1]!.ids[0]!)
      .sort();
  for (const k of docker.AdministrativeKeys)
    assert.deepEqual(ids(k.Name), (k.Keys ?? []).map((x) => x.ID).sort(), `${k.Name} key`);
  assert.ok(ids('Snapshot').length > 0 && ids('Timestamp').length > 0, 'snapshot and timestamp keys shown');
  const holders = Object.fromEntries(admin.rows.map((r) => [r[0]!.text, r[3]!.text]));
  assert.equal(holders['Timestamp key'], 'the server');
  // the server is asked which keys it holds; with cached data only, nobody can say
  assert.equal(
    holders['Snapshot key'],
    opts.offline ? 'not on this computer' : 'the server',
    'docker-style repositories have a server-managed snapshot key',
  );
}

describe('browse repositories in the renderer (harness + real notary)', () => {
  test('admin-signed repository: every cell equals docker trust inspect', async () => {
    await open(repos.admin.gun);
    await expectMatchesDocker(repos.admin.gun);
    const t = await readTable(session.page, 'Signed tags');
    assert.deepEqual(
      t.rows.map((r) => r[0]!.text),
      ['latest', 'v1', 'v2', 'v10'],
      'natural tag order',
    );
    assert.ok(t.rows.every((r) => r[2]!.text === 'Repo Admin'));
    await screenshot(session.page, 'e2e-admin-signed');
  });

  test('signers repository (alice, bob, a co-signed tag): cells equal docker; alice is "you"', async () => {
    await open(repos.signers.gun);
    await expectMatchesDocker(repos.signers.gun);
    const signers = await readTable(session.page, 'Signers');
    const yours = Object.fromEntries(signers.rows.map((r) => [r[0]!.text, r[5]!.text]));
    assert.deepEqual(yours, { alice: 'yours', bob: 'no' });
    const tags = await readTable(session.page, 'Signed tags');
    const v2 = tags.rows.find((r) => r[0]!.text === 'v2')!;
    assert.equal(v2[2]!.text, 'alice, bob');
    assert.match(v2[4]!.text, /targets\/bob/);
    assert.equal(v2[5]!.text, 'you');
    await screenshot(session.page, 'e2e-signers');
    // the README's picture of the main window: signed tags checked against the registry (by itself:
    // a few tags), the signers, where each key is
    await session.page
      .getByRole('region', { name: 'Registry', exact: true })
      .getByText(/^Checked \d\d:\d\d UTC: /)
      .waitFor();
    const shot = await readmeShot(session.page, 'main-window');
    assert.ok(readme().includes('](docs/screenshots/main-window.png)'), `the README shows ${shot.file}`);
  });

  test('empty repository: "No signatures for X", admin keys still shown', async () => {
    await open(repos.empty.gun);
    await expectMatchesDocker(repos.empty.gun);
    await screenshot(session.page, 'e2e-empty');
  });

  test('missing repository: "No signatures or cannot access X" with the cause', async () => {
    const missing = `${stack.registryHost}/e2e/does-not-exist`;
    const v = viewer(stack);
    const docker = await dockerTrustInspect(v, [missing]);
    assert.match(docker.result.stderr.toLowerCase(), /no signatures or cannot access/);
    await open(missing);
    await session.page.getByRole('heading', { name: `No signatures or cannot access ${missing}` }).waitFor();
    // not an error: the start of signing it ("Sign tag" initializes it on the way; "Initialize repository" stays)
    const panel = session.page.locator('section', { has: session.page.locator('#no-access-heading') });
    assert.match((await panel.textContent()) ?? '', /Not signed yet\. The trust server has no trust data for/);
    assert.equal(await panel.getByRole('button', { name: 'Sign tag' }).count(), 1);
    await panel.getByRole('button', { name: 'Initialize repository' }).click();
    await session.page.getByRole('dialog', { name: `Initialize repository — ${missing}` }).waitFor();
    await screenshot(session.page, 'e2e-missing');
    await session.page.keyboard.press('Escape');
    await session.page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  test('unreachable trust server: plain-language cause and what to do', async () => {
    const port = await freePort();
    const registry = `unreachable.test:${port}`;
    session.harness.chooser.confirmNext(true); // main's confirmation of the trust server change
    await session.page.evaluate(
      `window.signet.settings.update({ trustServers: { ${JSON.stringify(registry)}: 'https://127.0.0.1:${port}' } })`,
    );
    const ref = `${registry}/team/app`;
    await open(ref);
    await session.page.getByRole('heading', { name: `No signatures or cannot access ${ref}` }).waitFor();
    const alert = (await session.page.getByRole('alert').first().textContent()) ?? '';
    assert.match(alert, /Server unreachable/);
    assert.match(alert, /What to do:/);
    await screenshot(session.page, 'e2e-unreachable');
  });

  test('sidebar: grouped by registry, status badges; expiry overview soonest first; keys table', async () => {
    const page = session.page;
    const nav = page.getByRole('navigation', { name: 'Repositories' });
    await nav.getByRole('heading', { name: new RegExp(`^${stack.registryHost.replace(/[.]/g, '\\.')}`) }).waitFor();
    const signersItem = nav.getByRole('button', { name: /e2e\/signers/ });
    assert.match((await signersItem.textContent()) ?? '', /signed|expiring/);
    assert.match((await nav.getByRole('button', { name: /e2e\/empty/ }).textContent()) ?? '', /unsigned/);
    assert.match((await nav.getByRole('button', { name: /team\/app/ }).textContent()) ?? '', /error/);

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Expiry' }).click();
    const exp = await readTable(page, 'Expiry overview');
    assert.ok(exp.rowCount >= 12, `expiry rows: ${exp.rowCount}`);
    const dates = exp.rows.map((r) => r[2]!.text.slice(0, 16));
    assert.deepEqual(dates, [...dates].sort(), 'soonest first');
    await screenshot(page, 'e2e-expiry');

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Keys' }).click();
    await page.getByRole('table', { name: 'Keys' }).waitFor();
    const keys = await readTable(page, 'Keys');
    const aliceKey = repos.signers.signers.find((s) => s.name === 'alice')!.keyIds[0]!;
    const row = keys.rows.find((r) => r[0]!.ids[0] === aliceKey);
    assert.ok(row, "alice's key is listed");
    assert.match(row![2]!.text, /^trust dirsince \d{4}-\d{2}-\d{2}$/);
    assert.equal(row![1]!.text, repos.signers.gun, "alice's key can sign for the signers repository");
    await screenshot(page, 'e2e-keys');
  });

  test('keyboard: arrows, Home and End move between rows; sorting and filtering', async () => {
    const page = session.page;
    await page
      .getByRole('navigation', { name: 'Repositories' })
      .getByRole('button', { name: /e2e\/admin-signed/ })
      .click();
    const table = page.getByRole('table', { name: 'Signed tags' });
    await table.waitFor();
    await table.locator('tbody tr[data-index="0"]').focus();
    await page.keyboard.press('End');
    assert.equal(await page.evaluate(`document.activeElement.dataset.index`), '3');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(`document.activeElement.dataset.index`), '1');
    await table.getByRole('button', { name: 'Signed tag' }).click(); // ascending → descending
    assert.deepEqual(
      (await readTable(page, 'Signed tags')).rows.map((r) => r[0]!.text),
      ['v10', 'v2', 'v1', 'latest'],
    );
    await page.getByRole('searchbox', { name: 'Filter signed tags' }).fill('v1');
    assert.deepEqual(
      (await readTable(page, 'Signed tags')).rows.map((r) => r[0]!.text),
      ['v10', 'v1'],
    );
    await page.getByRole('searchbox', { name: 'Filter signed tags' }).fill('');
  });

  test('progress events reached the page for every trust read', async () => {
    const progress = session.events
      .filter((e) => e.event === 'progress')
      .map((e) => e.payload as { channel: string; step: string; gun?: string });
    assert.ok(progress.some((p) => p.channel === 'trust:view' && p.step === 'fetching'));
    assert.ok(progress.some((p) => p.channel === 'trust:view' && p.step === 'done'));
    assert.ok(progress.some((p) => p.channel === 'trust:view' && p.step === 'failed'));
    // every step names its repository, so a failure says which one failed
    const views = progress.filter((p) => p.channel === 'trust:view');
    assert.deepEqual(
      views.filter((p) => !p.gun),
      [],
      'trust:view progress without a repository',
    );
  });

  test('accessibility: no serious or critical axe violation, light and dark', async () => {
    const page = session.page;
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Repository' }).click();
    await page
      .getByRole('navigation', { name: 'Repositories' })
      .getByRole('button', { name: /e2e\/signers/ })
      .click();
    await page.getByRole('table', { name: 'Signed tags' }).waitFor();
    await page.getByText('Metadata details').click();
    await page.getByRole('table', { name: 'Roles' }).waitFor();
    const roles = await readTable(page, 'Roles');
    assert.deepEqual(roles.rows.map((r) => r[0]!.text).sort(), [
      'root',
      'snapshot',
      'targets',
      'targets/alice',
      'targets/bob',
      'targets/releases',
      'timestamp',
    ]);
    // raw signed JSON of every role, with its signatures (trust:rawMetadata)
    await page.getByText('root.json').waitFor();
    await page.getByText('root.json').click();
    const raw =
      (await page
        .getByRole('region', { name: 'Raw JSON of root' })
        .or(page.locator('pre[aria-label="Raw JSON of root"]'))
        .first()
        .textContent()) ?? '';
    assert.match(raw, /"_type": "Root"/);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const bad = (await axeScan(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(bad, [], `${scheme}: ${JSON.stringify(bad, null, 2)}`);
      await screenshot(page, `e2e-signers-details-${scheme}`);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    for (const section of ['Expiry', 'Keys'] as const) {
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: section }).click();
      const bad = (await axeScan(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(bad, [], `${section}: ${JSON.stringify(bad, null, 2)}`);
    }
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Repository' }).click();
  });

  test('trust server outage: cached data is shown and labelled as such', async () => {
    const page = session.page;
    await page
      .getByRole('navigation', { name: 'Repositories' })
      .getByRole('button', { name: /e2e\/signers/ })
      .click();
    await stack.stopNotary('https');
    try {
      await page.getByRole('button', { name: 'Refresh', exact: true }).click();
      await page.getByText('Showing cached data.').waitFor({ timeout: 20_000 });
      await expectMatchesDocker(repos.signers.gun, { offline: true });
      await screenshot(page, 'e2e-offline-cache');
    } finally {
      await stack.startNotary('https');
    }
  });

  test('no console errors', () => {
    // a failed trust read is a Result, never a thrown error or a CSP violation
    assert.deepEqual(
      session.consoleErrors.filter((e) => !/Failed to load resource/.test(e)),
      [],
    );
  });
});
