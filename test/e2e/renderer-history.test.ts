/**
 * The History tab, the diff, the trust graph and trust archives in headless Chromium through the
 * browser harness, against the REAL notary-server, on repositories written only by the real
 * notary and docker CLIs (issue 12's sequence; and alice, bob and releases): the timeline lists the
 * changes `signet history` lists, in order, with who signed each (yours, the server's, not on this
 * computer); filters and order; the diff between two chosen publishes and two times; the trust
 * graph's nodes by name, moved through with the keyboard, a chosen node filtering the tables; an
 * archive exported, then opened with the server stopped (offline, verified, same history).
 * Screenshots at 1024, 1400 and 1920 px, light and dark; axe-core with no serious or critical issue.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startStack, type Stack } from '../helpers/stack.js';
import { buildCliHistory, expectedHistory, type CliHistory } from '../helpers/history-scenario.js';
import {
  addhashArgs,
  dockerTrustInspect,
  manyTagsRepo,
  pool,
  signersRepo,
  viewer,
  type InspectJson,
  type Scenario,
} from '../helpers/scenarios.js';
import { REPO_PASSPHRASE } from '../helpers/identity.js';
import { startCorruptingProxy } from '../helpers/corrupting-proxy.js';
import { ok, run } from '../helpers/identity.js';
import { readTable, screenshot, startSession, type Session } from './lib/browser.js';
import { answerUntil, noSeriousAxe, shootAll } from './lib/flows.js';

let stack: Stack;
let session: Session;
const chooser = () => session.harness.chooser;
let built: CliHistory;
let signers: Scenario;
let many: { gun: string; tags: string[] };
let written: string;
let archiveFile: string;

/**
 * 300 signed tags in three signer sets, with the real notary CLI: 200 released by alice
 * (targets/releases + targets/alice), the first 50 of them signed by the admin in targets too (the
 * same digest), and 100 more by the admin alone.
 */
async function threeHundredTags(): Promise<typeof many> {
  const sc = await manyTagsRepo(stack, 'e2e/graph-300', 200, 'releases', {
    tagName: (i) => `rel-${String(i).padStart(3, '0')}`,
  });
  const released = Object.keys(sc.tags).sort();
  const admin = Array.from({ length: 100 }, (_, i) => `admin-${String(i + 1).padStart(3, '0')}`);
  const signed: Record<string, { hex: string; size: number }> = { ...sc.tags };
  for (const tag of admin) signed[tag] = { hex: createHash('sha256').update(tag).digest('hex'), size: 700 };
  const id = sc.identities['admin']!;
  await pool([...released.slice(0, 50), ...admin], 8, async (tag) => {
    ok(await id.notary(addhashArgs(sc.gun, tag, signed[tag]!, [], false)), `addhash ${tag}`);
  });
  ok(await id.notary(['publish', sc.gun], { timeoutMs: 120_000 }), `publish ${sc.gun}`);
  return { gun: sc.gun, tags: [...admin, ...released].sort() };
}

before(async () => {
  stack = await startStack();
  [built, signers] = await Promise.all([buildCliHistory(stack, 'e2e/history'), signersRepo(stack, 'e2e/graph')]);
  many = await threeHundredTags();
  // a repository of the app's own admin, written in the app below (its History tab follows)
  written = `${stack.registryHost}/e2e/history-write`;
  ok(await built.admin.notary(['init', written, '-p']), 'notary init');
  ok(await built.admin.notary(addhashArgs(written, 'v1', { hex: 'ab'.repeat(32), size: 10 }, [], true)), 'sign v1');
  archiveFile = join(stack.dir, 'e2e-history.trust.tar.gz');
  // the app runs as the admin of the history repository: its root and targets keys are here
  session = await startSession({ env: built.admin.env });
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
}

async function tab(name: 'Trust data' | 'Trust graph' | 'History'): Promise<void> {
  await session.page.getByRole('tab', { name, exact: true }).click();
}

interface ShownEvent {
  publish: string;
  change: string;
  text: string;
  /** Full key IDs and digests shown in the event (IdChip data-full), in order. */
  ids: string[];
  /** The holder badges after "Signed by". */
  holders: string[];
}

/** The timeline as shown: each event with its publish heading, change, text and IDs. */
async function timeline(page: Page): Promise<ShownEvent[]> {
  return page.evaluate(`(() => [...document.querySelectorAll('.tl-event')].map((li) => {
    const clone = li.cloneNode(true);
    clone.querySelectorAll('.sr-only, button').forEach((e) => e.remove());
    const by = [...li.querySelectorAll('.tl-details dt')].find((dt) => dt.textContent === 'Signed by');
    return {
      publish: li.closest('.tl-publish').querySelector('h3').textContent.split(' · ')[0],
      change: li.dataset.change,
      text: clone.textContent.replace(/\\s+/g, ' ').trim(),
      ids: [...li.querySelectorAll('[data-full]')].map((e) => e.getAttribute('data-full')),
      holders: by ? [...by.nextElementSibling.querySelectorAll('.badge')].map((b) => b.textContent) : [],
    };
  }))()`);
}

/** What the expected events say, as the timeline shows them: publish, change, role and version, tag or signer. */
function expectedShown(): Array<[string, string, string, string]> {
  const publishOf = new Map([...built.times].map(([p, t]) => [t, p]));
  return expectedHistory(built).map((e) => [
    `Publish ${publishOf.get(e['Time'] as string)}`,
    e['Change'] as string,
    `in ${e['Role']} version ${e['Version']}`,
    (e['Tag'] ?? e['Signer'] ?? '') as string,
  ]);
}

function brief(events: ShownEvent[]): Array<[string, string, string, string]> {
  return events.map((e) => {
    const where = /in (\S+) version (\d+)/.exec(e.text)!;
    // "tag added v1 signed: …", "signer added signer alice in …"
    const what = e.change.startsWith('tag-')
      ? /^tag \w+ (\S+)/.exec(e.text)![1]!
      : e.change.startsWith('signer-')
        ? /signer (\S+) in /.exec(e.text)![1]!
        : '';
    return [e.publish, e.change, `in ${where[1]} version ${where[2]}`, what];
  });
}

const reEscape = (t: string): string => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const HOLDER = { local: 'you (this computer)', server: 'the server', unknown: 'not on this computer' };

describe('History tab, diff, trust graph and archives (harness + real notary)', () => {
  test('the History tab lists the changes the notary and docker CLIs made, oldest first, with who signed each', async () => {
    const page = session.page;
    await open(built.gun);
    await tab('History');
    await page.getByRole('list', { name: `History of ${built.gun}` }).waitFor({ timeout: 30_000 });
    const events = await timeline(page);
    assert.deepEqual(brief(events), expectedShown());

    const { keys: k, digests: d } = built;
    const find = (change: string, text: RegExp) => events.find((e) => e.change === change && text.test(e.text))!;
    // digests in full behind the shortened ones, and the key that signed each change with its holder
    const changed = find('tag-changed', /v1/);
    assert.deepEqual(changed.ids.slice(0, 2), [d.v1b, d.v1]);
    assert.equal(changed.ids[2], k.targets1);
    // `notary key rotate targets` deleted the first targets key file: it is on no computer any more
    assert.ok(!existsSync(join(built.admin.trustDir, 'private', `${k.targets1}.key`)));
    assert.deepEqual(changed.holders, [HOLDER.unknown], 'the first targets key is gone');
    assert.ok(existsSync(join(built.admin.trustDir, 'private', `${k.targets2}.key`)));
    assert.deepEqual(find('renewed', /targets/).holders, [HOLDER.local], 'the rotated targets key is held here');
    assert.deepEqual(find('initialized', /root/).holders, [HOLDER.local], 'the root key, found by its canonical ID');
    assert.deepEqual(find('key-rotated', /snapshot/).holders, [HOLDER.server], 'the snapshot key went to the server');
    const byAlice = find('tag-added', /targets\/alice/);
    assert.deepEqual(byAlice.ids.slice(-1), [k.alice]);
    assert.deepEqual(byAlice.holders, [HOLDER.unknown], "alice's key is not on the admin's computer");
    const rotated = find('key-rotated', /targets version 8/);
    assert.match(rotated.text, /Keys before.*Keys after/);
    assert.deepEqual(rotated.ids, [k.targets1, k.targets2, k.targets2]);
    assert.doesNotMatch(events.map((e) => e.text).join('\n'), /kept locally|unverified/);
    assert.match(
      (await page.locator('.history-counts').textContent()) ?? '',
      /14 changes in 11 publishes/,
      'the summary counts',
    );
    await screenshot(page, 'history-timeline');
  });

  test('filters (tag, signer, change kind) and newest first', async () => {
    const page = session.page;
    const filters = page.getByRole('group', { name: 'Filter the timeline' });
    await filters.getByLabel('Tag', { exact: true }).selectOption('v2');
    assert.deepEqual(
      (await timeline(page)).map((e) => [e.publish, e.change]),
      [
        ['Publish 4', 'tag-added'],
        ['Publish 6', 'tag-removed'],
      ],
    );
    await filters.getByLabel('Tag', { exact: true }).selectOption('');
    await filters.getByLabel('Signer', { exact: true }).selectOption('alice');
    assert.deepEqual(
      (await timeline(page)).map((e) => [e.publish, e.change]),
      [
        ['Publish 7', 'signer-added'],
        ['Publish 8', 'tag-added'],
        ['Publish 10', 'signer-removed'],
      ],
    );
    await filters.getByLabel('Change', { exact: true }).selectOption('tag-added');
    const only = await timeline(page);
    assert.equal(only.length, 1);
    assert.ok(only[0]!.text.startsWith(`tag added v1 signed: ${built.digests.v1b.slice(0, 12)} in targets/alice`));
    assert.match((await filters.getByRole('status').textContent()) ?? '', /^1 of 14 changes$/);
    await filters.getByRole('button', { name: 'Clear filters' }).click();
    assert.equal((await timeline(page)).length, 14);

    await page.getByRole('group', { name: 'Order' }).getByRole('button', { name: 'Newest first' }).click();
    const newest = await timeline(page);
    assert.deepEqual(
      [...new Set(newest.map((e) => e.publish))],
      Array.from({ length: 11 }, (_, i) => `Publish ${11 - i}`),
    );
    await page.getByRole('group', { name: 'Order' }).getByRole('button', { name: 'Oldest first' }).click();
    assert.equal((await timeline(page))[0]!.change, 'initialized');
  });

  test('the diff between two chosen publishes and between two times', async () => {
    const page = session.page;
    const panel = page.getByRole('region', { name: 'Compare two points' });
    await panel.getByLabel('From', { exact: true }).selectOption('4');
    await panel.getByLabel('To', { exact: true }).selectOption('latest');
    await panel.getByRole('button', { name: 'Show differences' }).click();
    await panel.getByRole('heading', { name: /^Differences from publish 4 .* to publish 11 / }).waitFor();
    const { digests: d, keys: k } = built;
    const tags = await readTable(page, 'Signed tag changes');
    assert.deepEqual(tags.headers, ['Change', 'Signed tag', 'Role', 'Digest before', 'Digest after']);
    assert.deepEqual(
      tags.rows.map((r) => [r[0]!.text, r[1]!.text, r[2]!.text, r[3]!.ids[0] ?? '—', r[4]!.ids[0] ?? '—']),
      [
        ['changed', 'v1', 'targets', d.v1, d.v1b],
        ['removed', 'v2', 'targets', d.v2, '—'],
        ['added', 'v1', 'targets/releases', '—', d.v1b],
      ],
    );
    const marked = await page.evaluate(
      `[...document.querySelectorAll('table')].find((t) => t.caption.textContent === 'Signed tag changes').querySelectorAll('tr.diff-row').length`,
    );
    assert.equal(marked, 3, 'every changed row is marked');
    const signerRows = await readTable(page, 'Signer changes');
    assert.deepEqual(
      signerRows.rows.map((r) => [r[0]!.text, r[1]!.text, r[2]!.text]),
      [['added', 'releases', 'targets']],
    );
    const keys = await readTable(page, 'Key changes');
    assert.deepEqual(
      keys.rows.map((r) => [r[0]!.text, r[1]!.text, r[2]!.ids, r[3]!.ids]),
      [['targets', 'keys replaced', [k.targets1], [k.targets2]]],
    );
    assert.match(keys.rows[0]![3]!.text, /you \(this computer\)/, 'the new targets key is yours');
    await screenshot(page, 'history-diff');

    // by time: the state in force at publish 7's time, and at publish 8's
    await panel.getByLabel('From', { exact: true }).selectOption('time');
    await panel.getByLabel('From: time').fill(built.times.get(7)!);
    await panel.getByLabel('To', { exact: true }).selectOption('time');
    await panel.getByLabel('To: time').fill(built.times.get(8)!);
    await panel.getByRole('button', { name: 'Show differences' }).click();
    await panel.getByRole('heading', { name: /^Differences from publish 7 .* to publish 8 / }).waitFor();
    assert.deepEqual(
      (await readTable(page, 'Signed tag changes')).rows.map((r) => [r[0]!.text, r[1]!.text, r[2]!.text]),
      [
        ['added', 'v1', 'targets/alice'],
        ['added', 'v1', 'targets/releases'],
      ],
    );
    // a point core does not understand: its message and what to do
    await panel.getByLabel('To: time').fill('yesterday-ish');
    await panel.getByRole('button', { name: 'Show differences' }).click();
    const alert = panel.getByRole('alert');
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', /"yesterday-ish" is not a point in the history/);
    assert.match((await alert.textContent()) ?? '', /What to do:.*publish number/);
    // back to a diff for the screenshots below
    await panel.getByLabel('From', { exact: true }).selectOption('4');
    await panel.getByLabel('To', { exact: true }).selectOption('latest');
    await panel.getByRole('button', { name: 'Show differences' }).click();
    await panel.getByRole('heading', { name: /^Differences from publish 4 / }).waitFor();
  });

  test('axe: the History tab with a diff has no serious or critical issue, light and dark', async () => {
    await noSeriousAxe(session.page, 'History tab');
  });

  test('screenshots of the History tab and the diff at 1024, 1400 and 1920 px, light and dark', async () => {
    const page = session.page;
    await shootAll(page, 'history', undefined, () => page.locator('#history-heading').scrollIntoViewIfNeeded());
    await shootAll(page, 'diff', undefined, () => page.locator('#diff-result-heading').scrollIntoViewIfNeeded());
  });

  test('the trust graph: nodes named, root → roles → signers → keys → signed tags', async () => {
    const page = session.page;
    await tab('Trust graph');
    const graph = page.getByRole('group', { name: `Trust graph of ${built.gun}` });
    await graph.waitFor();
    const node = (name: RegExp) => graph.getByRole('button', { name });
    const { keys: k } = built;
    for (const name of [
      /^root, 1 key, threshold 1: the root role, which delegates to targets, snapshot and timestamp$/,
      /^targets, 1 key, threshold 1: the targets role: repository key, 1 signed tag$/,
      /^snapshot, 1 key, threshold 1: the snapshot role/,
      /^timestamp, 1 key, threshold 1: the timestamp role/,
      new RegExp(
        `^${k.targets2.slice(0, 12)}, you \\(this computer\\): key held by you \\(this computer\\), signs for targets$`,
      ),
      /^[0-9a-f]{12}, the server: key held by the server, signs for timestamp$/,
      /^[0-9a-f]{12}, the server: key held by the server, signs for snapshot$/,
      new RegExp(`^v1, ${built.digests.v1b.slice(0, 12)}: signed tag, signed by Repo Admin$`),
    ]) {
      assert.equal(await node(name).count(), 1, `one node named ${name}`);
    }
    // alice was removed and releases lost its keys (its file no longer verifies, as docker warns): no signer
    assert.equal(await graph.getByRole('button').count(), 9, 'root, 3 roles, 4 keys, 1 tag');
    assert.equal(await node(/: signer /).count(), 0);
  });

  test('keyboard: arrow keys move between graph nodes, Enter chooses one and filters the tables, Escape clears', async () => {
    const page = session.page;
    await open(signers.gun);
    await page.getByRole('group', { name: `Trust graph of ${signers.gun}` }).waitFor();
    const focused = () => page.evaluate(`document.activeElement.getAttribute('aria-label') ?? ''`) as Promise<string>;
    // Tab reaches the graph at one node (roving tab stop): the root
    await page.getByText('Arrow keys move between the nodes').click();
    await page.keyboard.press('Tab');
    assert.match(await focused(), /^root, /);
    const [aliceKey, bobKey] = [signers.signers[0]!.keyIds[0]!, signers.signers[1]!.keyIds[0]!];
    const path: Array<[string, RegExp]> = [
      ['ArrowRight', /^targets, /],
      ['ArrowDown', /^snapshot, /],
      ['ArrowDown', /^timestamp, /],
      ['ArrowUp', /^snapshot, /],
      ['ArrowUp', /^targets, /],
      ['ArrowRight', /^alice, threshold 1 of 1, all paths: signer targets\/alice, 2 signed tags$/],
      ['ArrowDown', /^bob, threshold 1 of 1, all paths: signer targets\/bob, 1 signed tag$/],
      ['ArrowDown', /^releases, threshold 1 of 2: signer targets\/releases, 2 signed tags$/],
      ['ArrowUp', /^bob, /],
      [
        'ArrowRight',
        new RegExp(
          `^${bobKey.slice(0, 12)}, not on this computer: key held by not on this computer, signs for targets/bob, targets/releases$`,
        ),
      ],
      // bob's key signs for releases too, which holds v1: the first tag it reaches
      ['ArrowRight', /^v1, [0-9a-f]{12}: signed tag, signed by alice$/],
      ['ArrowDown', /^v2, [0-9a-f]{12}: signed tag, signed by alice, bob$/],
      ['ArrowLeft', new RegExp(`^${aliceKey.slice(0, 12)}, `)],
      ['Home', /^root, /],
      ['End', /^v2, /],
    ];
    for (const [key, want] of path) {
      await page.keyboard.press(key);
      assert.match(await focused(), want, `after ${key}`);
    }
    // choose signer bob: Signed tags shows bob's tags only, Signers bob only
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    assert.match(await focused(), /^bob, /);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(`document.activeElement.getAttribute('aria-pressed')`), 'true');
    await page.getByRole('status').filter({ hasText: 'Showing what signer bob covers' }).waitFor();
    assert.deepEqual(
      (await readTable(page, 'Signed tags')).rows.map((r) => r[0]!.text),
      ['v2'],
    );
    assert.deepEqual(
      (await readTable(page, 'Signers')).rows.map((r) => r[0]!.text),
      ['bob'],
    );
    await screenshot(page, 'graph-chosen-signer');
    // a key: alice's key signs for targets/alice and targets/releases, so v1 and v2
    await page.getByRole('button', { name: new RegExp(`^${aliceKey.slice(0, 12)}, `) }).click();
    assert.deepEqual(
      (await readTable(page, 'Signed tags')).rows.map((r) => r[0]!.text),
      ['v1', 'v2'],
    );
    assert.deepEqual(
      (await readTable(page, 'Signers')).rows.map((r) => r[0]!.text),
      ['alice'],
      'releases is not in the Signers table (as in docker)',
    );
    await page.keyboard.press('Escape');
    await page.getByRole('status').filter({ hasText: 'Showing what' }).waitFor({ state: 'detached' });
    assert.equal((await readTable(page, 'Signers')).rowCount, 2);
  });

  test('axe and screenshots of the trust graph at 1024, 1400 and 1920 px, light and dark', async () => {
    const page = session.page;
    const bob = page.getByRole('button', { name: /^bob, / });
    await bob.click();
    await noSeriousAxe(page, 'Trust graph');
    await shootAll(page, 'graph', undefined, () => page.locator('#trust-graph-heading').scrollIntoViewIfNeeded());
    await bob.click();
  });

  test('300 tags: one node per signer set with its count (docker trust inspect’s tags); Show opens 12 at a time, Next the next 12, by keyboard', async () => {
    const page = session.page;
    await open(many.gun);
    await tab('Trust graph');
    const graph = page.getByRole('group', { name: `Trust graph of ${many.gun}` });
    await graph.waitFor();
    const node = (name: RegExp) => graph.getByRole('button', { name });
    const drawnTags = () => node(/: signed tag, signed by /).count();
    const focused = () => page.evaluate(`document.activeElement.getAttribute('aria-label') ?? ''`) as Promise<string>;

    // the tags are docker's, each once
    const { json } = await dockerTrustInspect(viewer(stack), [many.gun]);
    assert.deepEqual(json[0]!.SignedTags.map((t) => t.SignedTag).sort(), many.tags);
    for (const [n, name] of [
      [100, 'by Repo Admin: group of 100 signed tags held by targets, closed'],
      [
        50,
        'by Repo Admin, alice, releases: group of 50 signed tags held by targets, targets/alice, targets/releases, closed',
      ],
      [150, 'by alice, releases: group of 150 signed tags held by targets/alice, targets/releases, closed'],
    ] as const)
      assert.equal(await node(new RegExp(`^${n} tags, ${reEscape(name)}$`)).count(), 1, name);
    assert.equal(await drawnTags(), 0, 'no tag is drawn before a group is opened');
    assert.equal(await node(/^Show tags, 12 of \d+ at a time: /).count(), 3);
    await noSeriousAxe(page, 'Trust graph of 300 tags');
    await shootAll(page, 'graph-300', undefined, () => page.locator('#trust-graph-heading').scrollIntoViewIfNeeded());

    // keyboard: the roving tab stop, End to the last Show node, Enter shows 12, Next the next 12
    await page.getByText('Arrow keys move between the nodes').click();
    await page.keyboard.press('Tab');
    assert.match(await focused(), /^root, /);
    await page.keyboard.press('End');
    assert.match(await focused(), /^Show tags, 12 of 150 at a time: shows the tags of the group by alice, releases$/);
    await page.keyboard.press('Enter');
    assert.match(await focused(), /^Hide tags, 1–12 of 150 shown: /);
    assert.equal(await page.evaluate(`document.activeElement.getAttribute('aria-expanded')`), 'true');
    assert.equal(await drawnTags(), 12);
    await page.keyboard.press('ArrowDown');
    assert.match(await focused(), /^rel-051, [0-9a-f]{12}: signed tag, signed by alice$/);
    await page.keyboard.press('End');
    assert.match(await focused(), /^Next 12, 13–24 of 150: /);
    await page.keyboard.press('Enter');
    assert.match(await focused(), /^rel-063, /);
    assert.equal(await drawnTags(), 12);
    assert.equal(await node(/^Previous 12, 1–12 of 150: /).count(), 1);
    // the group chosen: the tables show its 150 tags
    await node(/^150 tags, /).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Showing what the group of 150 tags by alice, releases covers' })
      .waitFor();
    assert.equal(await page.getByRole('table', { name: 'Signed tags' }).getAttribute('aria-rowcount'), '151');
    await noSeriousAxe(page, 'Trust graph of 300 tags, a group open');
    await node(/^150 tags, /).click();
    await node(/^Hide tags, /).click();
    assert.equal(await drawnTags(), 0);
    // the first group open, for the screenshots: its first page under it, the rest pushed down
    await node(/^Show tags, 12 of 100 at a time: /).click();
    assert.deepEqual(
      await graph.locator('.tg-tag .tg-title').allTextContents(),
      Array.from({ length: 12 }, (_, i) => `admin-${String(i + 1).padStart(3, '0')}`),
    );
    await shootAll(page, 'graph-300-open', undefined, () =>
      page.locator('#trust-graph-heading').scrollIntoViewIfNeeded(),
    );
    await node(/^Hide tags, /).click();
    assert.equal(await drawnTags(), 0);
  });

  test('a write in the app (revoke v1) shows in the History tab without “Refresh history”', async () => {
    const page = session.page;
    await open(written);
    await tab('History');
    await page.getByRole('list', { name: `History of ${written}` }).waitFor({ timeout: 30_000 });
    const changes = async () => (await timeline(page)).map((e) => `${e.change} ${/^\S+ \S+ (\S+)/.exec(e.text)?.[1]}`);
    assert.ok((await changes()).includes('tag-added v1'), (await changes()).join('; '));
    assert.ok(!(await changes()).some((c) => c.startsWith('tag-removed')));

    await tab('Trust data');
    await page
      .getByRole('table', { name: 'Signed tags' })
      .getByRole('row', { name: /^v1/ })
      .getByRole('button', { name: 'Revoke' })
      .click();
    const w = page.getByRole('alertdialog');
    await w.getByRole('textbox', { name: /Type v1 to confirm/ }).fill('v1');
    await w.getByRole('button', { name: 'Stage revocation' }).click();
    await w.getByRole('table', { name: 'Staged changes' }).waitFor();
    await w.getByRole('button', { name: 'Publish', exact: true }).click();
    await answerUntil(page, w.getByText(`Successfully deleted signature for ${written}:v1`), () => REPO_PASSPHRASE);
    await w.getByRole('button', { name: 'Close' }).first().click();

    await tab('History');
    await page.locator('.tl-event[data-change="tag-removed"]').waitFor({ timeout: 30_000 });
    assert.deepEqual(
      (await changes()).filter((c) => c.startsWith('tag-')),
      ['tag-added v1', 'tag-removed v1'],
    );
  });

  test('a tampered old version (a corrupting proxy in front of the real server) is labelled unverified, with the reason', async () => {
    const page = session.page;
    const proxy = await startCorruptingProxy(stack.notaryHttpsUrl, stack.caFile);
    try {
      // flip one character of the signature of alice's first version, under both names the server serves it by
      const base = `/v2/${signers.gun}/_trust/tuf/`;
      const raw = ok(
        await run('curl', ['-sf', '--cacert', stack.caFile, `${stack.notaryHttpsUrl}${base}1.targets/alice.json`], {
          ...process.env,
        }),
      ).stdout;
      const sha = createHash('sha256').update(raw).digest('hex');
      const tamper = (b: Buffer) =>
        Buffer.from(
          b.toString('latin1').replace(/"sig":"(.)/, (_, c) => `"sig":"${c === 'A' ? 'B' : 'A'}`),
          'latin1',
        );
      proxy.corrupt.set(`${base}1.targets/alice.json`, tamper);
      proxy.corrupt.set(`${base}targets/alice.${sha}.json`, tamper);
      session.harness.chooser.confirmNext(true); // main's confirmation of the trust server change
      await page.evaluate(
        `window.signet.settings.update({ trustServers: { ${JSON.stringify(stack.registryHost)}: ${JSON.stringify(proxy.url)} } })`,
      );
      await open(signers.gun);
      await tab('History');
      await page.getByRole('list', { name: `History of ${signers.gun}` }).waitFor({ timeout: 30_000 });
      const failed = (await timeline(page)).filter((e) => e.change === 'unverified');
      assert.equal(failed.length, 1, 'one version failed');
      assert.match(
        failed[0]!.text,
        /^unverified this version failed verification and is not trusted in targets\/alice version 1/,
      );
      assert.match(failed[0]!.text, /Why.*targets\/alice: no valid signature/);
      assert.deepEqual(failed[0]!.holders, [], 'an unverified version names no signer');
      await page.getByText('1 version failed verification.').waitFor();
      assert.match((await page.locator('.history-counts').textContent()) ?? '', /1 unverified/);
      await screenshot(page, 'history-unverified');
      await noSeriousAxe(page, 'History tab with an unverified version');
    } finally {
      session.harness.chooser.confirmNext(true);
      await page.evaluate(`window.signet.settings.update({ trustServers: {} })`);
      await proxy.close();
    }
  });

  test('Export archive, then Open archive with the server stopped: offline, verified, the same signed tags and history', async () => {
    const page = session.page;
    await open(built.gun);
    await tab('History');
    await page.getByRole('list', { name: `History of ${built.gun}` }).waitFor();
    const live = await timeline(page);
    await page.getByRole('button', { name: 'Export archive…' }).click();
    const exp = page.getByRole('dialog', { name: `Export archive — ${built.gun}` });
    assert.equal(await exp.getByRole('textbox').count(), 0, 'no path box: main’s save dialog chooses the file');
    await exp.getByRole('button', { name: 'Export' }).click();
    assert.match((await exp.getByRole('alert').textContent()) ?? '', /no file chosen yet/);
    // a network share, as a dialog may return one: refused by main
    chooser().chooseNext({ paths: ['//fileserver/backups/app.trust.tar.gz'] });
    await exp.getByRole('button', { name: 'Save as…' }).click();
    await exp
      .getByRole('alert')
      .filter({ hasText: /app\.trust\.tar\.gz is on a network share/ })
      .waitFor();
    chooser().chooseNext({ paths: [archiveFile] });
    await exp.getByRole('button', { name: 'Save as…' }).click();
    await exp.getByText('e2e-history.trust.tar.gz').waitFor();
    const asked = chooser().shown.at(-1)!;
    // the whole GUN, as signet archive --dir names it: two repositories never share a name
    assert.equal(asked.kind === 'save' && asked.defaultName, `${built.gun.replace(/[:/]/g, '_')}.trust.tar.gz`);
    await shootAll(page, 'export-archive-chosen');
    await exp.getByRole('button', { name: 'Export' }).click();
    const done = exp.getByRole('status');
    await done.waitFor({ timeout: 30_000 });
    assert.match(
      (await done.textContent()) ?? '',
      new RegExp(`Archived \\d+ versions of ${built.gun} \\(11 publishes\\) to e2e-history\\.trust\\.tar\\.gz`),
    );
    assert.ok(existsSync(archiveFile));
    await exp.getByRole('button', { name: 'Close', exact: true }).last().click();

    await stack.stopNotary('https');
    try {
      const nav = page.getByRole('navigation', { name: 'Repositories' });
      await nav.getByRole('button', { name: 'Open archive…' }).click();
      const dlg = page.getByRole('dialog', { name: 'Open a trust archive' });
      chooser().chooseNext({ paths: [join(stack.dir, 'missing.tar.gz')] });
      await dlg.getByRole('button', { name: 'Choose file…' }).click();
      assert.match((await dlg.getByRole('alert').textContent()) ?? '', /cannot read missing\.tar\.gz: ENOENT/);
      chooser().chooseNext({ paths: [stack.dir] });
      await dlg.getByRole('button', { name: 'Choose file…' }).click();
      await dlg.getByText(/is not a regular file/).waitFor();
      chooser().chooseNext({ paths: [archiveFile] });
      await dlg.getByRole('button', { name: 'Choose file…' }).click();
      await dlg.getByText('e2e-history.trust.tar.gz').waitFor();
      await shootAll(page, 'open-archive-chosen');
      await dlg.getByRole('button', { name: 'Open' }).click();
      await dlg.waitFor({ state: 'detached', timeout: 30_000 });
      await page.getByText('Trust archive e2e-history.trust.tar.gz').waitFor();
      await page.getByText('archive, verified offline').waitFor();
      assert.equal(
        (await nav
          .getByRole('button', { name: new RegExp(`^${built.gun.split('/').slice(1).join('/')}|${built.gun}`) })
          .count()) > 0,
        true,
      );

      await tab('Trust data');
      const docker = (JSON.parse(built.dockerJson) as InspectJson[])[0]!;
      const t = await readTable(page, 'Signed tags');
      assert.deepEqual(
        t.rows.map((r) => ({ SignedTag: r[0]!.text, Digest: r[1]!.ids[0], Signers: r[2]!.text })),
        docker.SignedTags.map((s) => ({
          SignedTag: s.SignedTag,
          Digest: s.Digest,
          Signers: [...s.Signers].sort().join(', '),
        })),
      );
      assert.ok(!t.headers.includes('Actions'), 'an archive is read-only');
      assert.equal(await page.getByRole('button', { name: 'Sign tag' }).count(), 0);
      await screenshot(page, 'archive-trust-data');

      await tab('History');
      await page.getByRole('list', { name: `History of ${built.gun}` }).waitFor();
      assert.match((await page.locator('.history-source').textContent()) ?? '', /From the archive/);
      const archived = await timeline(page);
      const same = (e: ShownEvent) => [
        e.publish,
        e.change,
        e.text.replace(/you \(this computer\)|the server|not on this computer/g, ''),
        e.ids,
      ];
      assert.deepEqual(archived.map(same), live.map(same), 'the same history, offline');
      // offline, nobody can say the server holds the snapshot key; the timestamp key is always the server's
      assert.deepEqual(
        archived.map((e) => e.holders),
        live.map((e) => (e.change === 'key-rotated' && /snapshot/.test(e.text) ? [HOLDER.unknown] : e.holders)),
      );
      await screenshot(page, 'archive-history');
      await noSeriousAxe(page, 'archive history');
    } finally {
      await stack.startNotary('https');
    }
  });

  test('the server restarted empty: the history Signet kept is still shown, every version labelled as kept locally', async () => {
    const page = session.page;
    await page
      .getByRole('navigation', { name: 'Repositories' })
      .getByRole('button', { name: /^e2e\/history signed/ })
      .click();
    await tab('History');
    await page.getByRole('button', { name: 'Refresh history' }).click();
    const banner = page.getByRole('status').filter({ hasText: "The trust server's data was not used" });
    await banner.waitFor({ timeout: 30_000 });
    assert.match((await banner.textContent()) ?? '', /has no trust data for .* any more/);
    const events = await timeline(page);
    assert.deepEqual(brief(events), expectedShown(), 'the same changes, from the local store');
    for (const e of events) assert.match(e.text, /kept locally/, `${e.publish} ${e.change} is labelled`);
    const counts = (await page.locator('.history-counts').textContent()) ?? '';
    const [, total, kept] = /from (\d+) stored versions.*?(\d+) kept locally/.exec(counts) ?? [];
    assert.ok(total !== undefined && total === kept, `every stored version is kept locally: ${counts}`);
    await screenshot(page, 'history-kept-locally');
  });

  test('no console errors', () => {
    assert.deepEqual(
      session.consoleErrors.filter((e) => !/Failed to load resource/.test(e)),
      [],
    );
  });
});
