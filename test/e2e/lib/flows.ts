/**
 * Steps the new-user e2e tests share: answering passphrase prompts, reading the signing plan the
 * Sign dialog shows, reading a role's metadata as the trust server serves it, screenshots at every
 * size and colour scheme, and the repository header's layout measured in the page.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import type { Locator, Page } from 'playwright-core';
import assert from 'node:assert/strict';
import { axeScan, screenshot } from './browser.js';

export interface PromptSeen {
  title: string;
  isNew: boolean;
}

/** Answers passphrase prompts until `done` is visible; `pick` chooses the passphrase. Returns the prompts seen. */
export async function answerUntil(
  page: Page,
  done: Locator,
  pick: (p: PromptSeen) => string,
  opts: { shot?: (p: PromptSeen) => string | undefined; timeoutMs?: number } = {},
): Promise<PromptSeen[]> {
  const seen: PromptSeen[] = [];
  const end = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    if (await done.isVisible()) return seen;
    const dlg = page.locator('.passphrase-dialog');
    if (await dlg.isVisible()) {
      const formId = await dlg.locator('form').getAttribute('id');
      const title = ((await dlg.locator('h2').textContent()) ?? '').trim();
      const isNew = (await dlg.getByLabel('Repeat passphrase', { exact: true }).count()) > 0;
      const p = { title, isNew };
      seen.push(p);
      await dlg.getByLabel('Passphrase', { exact: true }).fill(pick(p));
      if (isNew) await dlg.getByLabel('Repeat passphrase', { exact: true }).fill(pick(p));
      const shot = opts.shot?.(p);
      if (shot) await screenshot(page, shot);
      await dlg.getByLabel('Passphrase', { exact: true }).press('Enter');
      const gone = Date.now() + 10_000;
      while ((await page.locator(`form[id="${formId}"]`).count()) > 0) {
        if (Date.now() > gone) throw new Error(`prompt "${title}" did not close`);
        await new Promise((r) => setTimeout(r, 30));
      }
      continue;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${String(done)}`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

/** The Sign dialog's "Roles to sign": role → the full IDs of the keys shown for it (empty: a key created on the way). */
export async function previewedPlan(dialog: Locator): Promise<Record<string, string[]>> {
  const table = dialog.getByRole('table', { name: 'Roles to sign' });
  await table.waitFor();
  const out: Record<string, string[]> = {};
  for (const row of await table.locator('tbody tr').all()) {
    const role = ((await row.locator('td').first().textContent()) ?? '').trim();
    out[role] = (
      await row.locator('[data-full]').evaluateAll((els) => els.map((e) => e.getAttribute('data-full')))
    ).filter((x): x is string => x !== null);
  }
  return out;
}

export interface ServedRole {
  /** tag → hex sha256 of the signed manifest */
  targets: Record<string, string>;
  /** key IDs of the signatures on the file */
  signedBy: string[];
}

/** A role's metadata as the trust server serves it now (GET /v2/<gun>/_trust/tuf/<role>.json); undefined on 404. */
export function servedRole(server: string, caFile: string, gun: string, role: string): Promise<ServedRole | undefined> {
  const url = new URL(`${server}/v2/${gun}/_trust/tuf/${role}.json`);
  return new Promise((resolve, reject) => {
    const req = request(url, { ca: readFileSync(caFile), method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode === 404) return resolve(undefined);
        if (res.statusCode !== 200) return reject(new Error(`${url}: HTTP ${res.statusCode}`));
        const json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          signed: { targets?: Record<string, { hashes: { sha256: string } }> };
          signatures: Array<{ keyid: string }>;
        };
        resolve({
          targets: Object.fromEntries(
            Object.entries(json.signed.targets ?? {}).map(([t, m]) => [
              t,
              Buffer.from(m.hashes.sha256, 'base64').toString('hex'),
            ]),
          ),
          signedBy: json.signatures.map((s) => s.keyid).sort(),
        });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

export const SIZES = [
  { width: 1024, height: 700 },
  { width: 1400, height: 900 },
  { width: 1920, height: 1080 },
] as const;
export const SCHEMES = ['light', 'dark'] as const;

/**
 * Screenshots `name-<width>-<scheme>.png` at every size and scheme (`before` runs first at each,
 * e.g. to scroll a part into view; `check` after); ends at 1400 × 900, light.
 */
export async function shootAll(
  page: Page,
  name: string,
  check?: (size: string) => Promise<void>,
  before?: () => Promise<void>,
): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme });
      await before?.();
      await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
      await screenshot(page, `${name}-${size.width}-${colorScheme}`);
      await check?.(`${size.width}×${size.height} ${colorScheme}`);
    }
  }
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });
}

export interface HeaderLayout {
  /** The action buttons stick out of the repository pane. */
  actionsOverflow: boolean;
  /** Title parts broken across lines (a line may only break after a "/"). */
  splitParts: string[];
  /** The title is wider than its box (then cut with "…"; the full name is its tooltip). */
  titleCut: boolean;
  titleTooltip: string | null;
  /** "More actions" is shown (the less used actions moved into it). */
  menuShown: boolean;
  /** Inline action buttons shown. */
  inline: string[];
}

export async function headerLayout(page: Page): Promise<HeaderLayout> {
  return page.evaluate(`(() => {
    const pane = document.querySelector('.repository').getBoundingClientRect();
    const actions = document.querySelector('.repo-actions');
    const a = actions.getBoundingClientRect();
    const title = document.querySelector('#repo-title');
    const shown = (e) => getComputedStyle(e).display !== 'none';
    const menu = actions.querySelector('.repo-actions-overflow');
    return {
      actionsOverflow: a.right > pane.right + 1 || a.left < pane.left - 1,
      splitParts: [...title.querySelectorAll('.name-part')].filter((p) => p.getClientRects().length > 1).map((p) => p.textContent),
      titleCut: title.scrollWidth > title.clientWidth + 1,
      titleTooltip: title.getAttribute('title'),
      menuShown: !!menu && shown(menu),
      inline: [...actions.querySelectorAll(':scope > button')].filter(shown).map((b) => b.textContent),
    };
  })()`);
}

/** axe finds no serious or critical issue, in light and in dark; ends in light. */
export async function noSeriousAxe(page: Page, what: string): Promise<void> {
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    const bad = (await axeScan(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(bad, [], `${what}, ${colorScheme}: ${JSON.stringify(bad, null, 2)}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
