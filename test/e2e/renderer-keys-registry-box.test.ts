/**
 * The Keys view and the Repository box in headless Chromium through the harness, against the REAL
 * notary-server and registry.
 *
 * Keys: a trust dir holding the keys of two repositories whose names differ only at their end
 * (made by the notary and docker CLIs: root, repository and snapshot keys, and two signers each),
 * so two rows differ only by key ID and repository. At 1024, 1400 and 1920 px, light and dark:
 * every cell shows all of its text (no cell is cut, the table needs no sideways scrolling), a
 * repository name breaks only after a "/", the place is one word with the rest in its tooltip and
 * no path in what main sent, and the action buttons sit inside their cell. Screenshots; axe-core.
 *
 * Repository box: the registry's address typed alone is offered as "Add registry" and Enter reads its
 * catalog (the two repositories listed under it), never opening docker.io/library/127.0.0.1; a
 * Docker Hub name says which repository Enter opens. Screenshots of the suggestion.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startStack, type Stack } from '../helpers/stack.js';
import { newIdentity, signersRepo, type Scenario } from '../helpers/scenarios.js';
import { readTable, startSession, type Session } from './lib/browser.js';
import { noSeriousAxe, shootAll } from './lib/flows.js';

let stack: Stack;
let session: Session;
let repos: Scenario[] = [];
let keyIds: string[] = [];

before(async () => {
  stack = await startStack();
  repos = await Promise.all([
    signersRepo(stack, 'acme/payments-gateway'),
    signersRepo(stack, 'acme/payments-gateway-staging'),
  ]);
  // one computer holding every key of both repositories, as the CLIs left them
  const me = newIdentity(stack, 'keys-view');
  const mine = join(me.trustDir, 'private');
  mkdirSync(mine, { recursive: true });
  for (const r of repos)
    for (const id of Object.values(r.identities)) {
      const dir = join(id.trustDir, 'private');
      for (const f of readdirSync(dir).filter((n) => n.endsWith('.key'))) copyFileSync(join(dir, f), join(mine, f));
    }
  keyIds = readdirSync(mine).map((f) => f.slice(0, -'.key'.length));
  // the first repository's root key was exported once: "Backed up" says yes for it only
  const root = readdirSync(mine).find((f) => /^role: root$/m.test(readFileSync(join(mine, f), 'utf8')))!;
  session = await startSession({
    env: me.env,
    settingsFile: JSON.stringify({ version: 1, backedUpKeys: [root.slice(0, -'.key'.length)] }),
  });
});

after(async () => {
  await session?.close();
  await stack?.stop();
});

interface Layout {
  /** Cells whose content is wider or taller than the cell (cut). */
  cut: string[];
  /** The table is wider than its scrolling box. */
  sideways: boolean;
  /** Name parts broken inside ("payments-" / "gateway"). */
  splitParts: string[];
  /** Action buttons outside their cell, or on top of another. */
  badActions: string[];
}

function layout(page: Page): Promise<Layout> {
  return page.evaluate(`(() => {
    const table = [...document.querySelectorAll('table')].find((t) => t.caption?.textContent === 'Keys');
    const scroller = table.closest('.table-scroller');
    const cut = [];
    const badActions = [];
    for (const tr of table.querySelectorAll('tbody tr[data-index]')) {
      for (const td of tr.cells) {
        if (td.scrollWidth > td.clientWidth + 1 || td.scrollHeight > td.clientHeight + 1) cut.push(td.textContent);
      }
      const cell = tr.cells[tr.cells.length - 1].getBoundingClientRect();
      const rects = [...tr.querySelectorAll('.key-actions button')].map((b) => b.getBoundingClientRect());
      rects.forEach((r, i) => {
        if (r.left < cell.left || r.right > cell.right || r.top < cell.top || r.bottom > cell.bottom) badActions.push('outside ' + i);
        if (i > 0 && r.left < rects[i - 1].right && r.top < rects[i - 1].bottom) badActions.push('overlap ' + i);
      });
    }
    return {
      cut,
      sideways: table.getBoundingClientRect().width > scroller.clientWidth + 1,
      splitParts: [...table.querySelectorAll('.name-part')].filter((p) => p.getClientRects().length > 1).map((p) => p.textContent),
      badActions,
    };
  })()`);
}

describe('Keys view (harness + real notary)', () => {
  test('every key, with the repositories it can sign for; nothing cut at 1024, 1400 and 1920 px, light and dark', async () => {
    const page = session.page;
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Keys' }).click();
    await page.getByRole('table', { name: 'Keys' }).waitFor();
    const [first, second] = repos as [Scenario, Scenario];
    const aliceOf = (r: Scenario) => r.signers.find((s) => s.name === 'alice')!.keyIds[0]!;
    // the signers' rows name their repository once both repositories' trust data is read
    const named = `[...document.querySelectorAll('table')].find((t) => t.caption?.textContent === 'Keys')
      .querySelectorAll('.key-repositories li').length`;
    for (const end = Date.now() + 30_000; ((await page.evaluate(named)) as number) < 2 * 4;) {
      assert.ok(Date.now() < end, 'the keys name their repositories');
      await new Promise((r) => setTimeout(r, 100));
    }
    const t = await readTable(page, 'Keys');
    assert.deepEqual(t.headers, ['Key', 'Can sign for', 'Stored', 'Backed up', 'Actions']);
    assert.equal(t.rowCount, keyIds.length);
    assert.deepEqual(t.rows.map((r) => r[0]!.ids[0]).sort(), [...keyIds].sort(), 'every key in the trust dir');
    const row = (id: string) => t.rows.find((r) => r[0]!.ids[0] === id)!;
    const role = (r: (typeof t.rows)[number]) => r[0]!.text.slice(0, -12); // the role, then the 12-character ID
    // two alice keys: told apart by key ID and by the full repository name
    for (const [r, gun] of [
      [first, first.gun],
      [second, second.gun],
    ] as const) {
      const cells = row(aliceOf(r));
      assert.equal(cells[0]!.text, `alice${aliceOf(r).slice(0, 12)}`);
      assert.equal(cells[1]!.text, gun, `alice of ${gun}`);
      assert.match(cells[2]!.text, /^trust dirsince \d{4}-\d{2}-\d{2}$/);
    }
    assert.deepEqual(
      t.rows.filter((r) => r[3]!.text === 'yes').map(role),
      ['root'],
      'the exported root key is backed up, no other',
    );

    // the place in full is the tooltip; main sent no path with the keys
    const where = await page.evaluate(`window.signet.keys.list().then((r) => r.value.map((k) => k.where))`);
    assert.deepEqual([...new Set(where as string[])], ['the docker trust dir’s private/ folder']);
    const tip = await page
      .getByRole('table', { name: 'Keys' })
      .locator('tbody tr[data-index] .key-location')
      .first()
      .getAttribute('title');
    assert.match(tip ?? '', /^The docker trust dir’s private\/ folder: .+\/trust\/private$/);

    await shootAll(page, 'e2e-keys-view', async (size) => {
      const l = await layout(page);
      assert.deepEqual(l.cut, [], `${size}: cells cut`);
      assert.equal(l.sideways, false, `${size}: the table scrolls sideways`);
      assert.deepEqual(l.splitParts, [], `${size}: a name broken inside a part`);
      assert.deepEqual(l.badActions, [], `${size}: action buttons`);
    });
    await noSeriousAxe(page, 'Keys view');
  });

  test('the actions are buttons named in words: export opens the export dialog for that key', async () => {
    const page = session.page;
    const id = keyIds[0]!;
    await page.getByRole('button', { name: `Export key ${id.slice(0, 7)}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.match((await dialog.textContent()) ?? '', new RegExp(id.slice(0, 12)));
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    for (const name of [`Change passphrase of key ${id.slice(0, 7)}`, `Delete key ${id.slice(0, 7)}`])
      assert.equal(await page.getByRole('button', { name }).count(), 1, name);
  });
});

describe('Repository box (harness + real registry)', () => {
  test('a registry address is offered as "Add registry"; Enter reads its catalog, no Docker Hub image is opened', async () => {
    const page = session.page;
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Repository' }).click();
    const box = page.getByRole('textbox', { name: 'Repository', exact: true });
    await box.fill(stack.registryHost);
    const suggestion = page.locator('#repository-suggestion');
    await suggestion.waitFor();
    assert.equal(
      ((await suggestion.textContent()) ?? '').replace(/\s+/g, ' '),
      `${stack.registryHost} is a registry. Add it to list its repositories, or type one after it (${stack.registryHost}/team/app).Add registry ${stack.registryHost}`,
    );
    assert.equal(await box.getAttribute('aria-describedby'), 'repository-suggestion');
    await shootAll(page, 'e2e-repository-box-registry', async (size) => {
      // nothing wider than its box: the suggestion's text, and each part of a name in the sidebar
      const cut = await page.evaluate(`[
        ...[...document.querySelectorAll('#repository-suggestion, #repository-suggestion *')].filter((e) => e.scrollWidth > e.clientWidth + 1),
        ...[...document.querySelectorAll('.repo-item .name-part')].filter((e) => e.getBoundingClientRect().right > e.closest('.repo-name').getBoundingClientRect().right + 1),
      ].map((e) => e.textContent)`);
      assert.deepEqual(cut, [], `${size}: cut in the sidebar`);
    });
    await noSeriousAxe(page, 'Repository box suggestion');

    await box.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Add registry' });
    await dialog.getByText(`Added ${stack.registryHost}: 2 repositories in its catalog.`).waitFor({ timeout: 20_000 });
    assert.deepEqual(await dialog.getByRole('list').locator('li').allTextContents(), repos.map((r) => r.gun).sort());
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await box.inputValue(), '');
    const nav = page.getByRole('navigation', { name: 'Repositories' });
    assert.match((await nav.textContent()) ?? '', /whole registry \(catalog\)/);
    assert.doesNotMatch((await nav.textContent()) ?? '', /docker\.io|library/, 'no Docker Hub image was added');

    // a Docker Hub name: Enter opens it as docker reads it, and the help says which repository
    await box.fill('alpine');
    await page.getByText('Press Enter to add and open docker.io/library/alpine.').waitFor();
    await box.fill('');
  });

  test('no console errors', () => {
    assert.deepEqual(
      session.consoleErrors.filter((e) => !/Failed to load resource/.test(e)),
      [],
    );
  });
});
