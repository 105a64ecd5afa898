/**
 * "Migrate to cosign" in headless Chromium through the harness, against the REAL notary-server,
 * registry and cosign 2.5, on a repository built with the real docker and notary CLIs: signers
 * alice and bob (and releases), the session being alice (she holds her key, not bob's), plus a tag
 * nobody signed. The app's plan is row for row `signet migrate --dry-run --json` for the same
 * repository (bob's signature: needs-key, with his key ID); Migrate from the app (alice's
 * passphrase asked in the passphrase dialog) writes signatures the real `cosign verify --key`
 * accepts with alice's key on both signed digests and refuses with bob's; the command the dialog
 * shows runs as it is in the exported policy folder; Export policies through the harness chooser
 * writes a verify.sh that passes. The Signed tags table then shows a cosign badge per tag (alice's
 * key; both keys once bob, the holder, has run the same migration). Screenshots of the dialog
 * (plan, result) and of the badges at 1024, 1400 and 1920 px, light and dark.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startStack, type Stack } from '../helpers/stack.js';
import { push, signersRepo, type ExpectedTag, type Scenario } from '../helpers/scenarios.js';
import { REPO_PASSPHRASE, run, type Identity, type RunResult } from '../helpers/identity.js';
import { signet } from '../helpers/signet-cli.js';
import { readTable, startSession, type Cell, type Session } from './lib/browser.js';
import { answerUntil, headerLayout, noSeriousAxe, shootAll } from './lib/flows.js';

interface JsonRow {
  Tag: string;
  SignedDigest: string | null;
  RegistryDigest: string | null;
  Signers: string[];
  KeyIDs: string[];
  State: string;
  Reason: string;
}

/** The dialog's word for each of core's states. */
const STATE: Record<string, string> = {
  planned: 'to migrate',
  migrated: 'migrated',
  already: 'already there',
  'needs-key': 'key held elsewhere',
  missing: 'manifest gone',
  unsigned: 'unsigned',
};

const COSIGN_FLAGS = ['--insecure-ignore-tlog=true', '--allow-http-registry', '--allow-insecure-registry'];

let stack: Stack;
let team: Scenario;
let unsigned: ExpectedTag;
let alice: Identity;
let session: Session;
let out: string;
let cliPlan: { code: number; rows: JsonRow[] };

before(async () => {
  stack = await startStack();
  team = await signersRepo(stack, 'mig/app');
  unsigned = await push(stack, team.repo, 'v9');
  alice = team.identities.alice!;
  const r = await signet(alice, ['migrate', '--dry-run', '--json', team.gun]);
  cliPlan = { code: r.code, rows: (JSON.parse(r.stdout) as { Tags: JsonRow[] }[])[0]!.Tags };
  out = mkdtempSync(join(tmpdir(), 'signet-e2e-migrate-'));
  session = await startSession({ env: alice.env });
});

after(async () => {
  await session?.close();
  await stack?.stop();
  if (out) rmSync(out, { recursive: true, force: true });
});

function cosignVerify(pub: string, ref: string, cwd?: string): Promise<RunResult> {
  return run('cosign', ['verify', '--key', pub, ...COSIGN_FLAGS, ref], process.env as Record<string, string>, {
    timeoutMs: 60_000,
    ...(cwd ? { cwd } : {}),
  });
}

const alicePub = (): string => join(alice.dockerConfig, 'keys', 'alice.pub');
const bobPub = (): string => join(team.identities.bob!.dockerConfig, 'keys', 'bob.pem');
const dialogOf = (page: Page) => page.getByRole('dialog', { name: `Migrate to cosign — ${team.gun}` });

/** A plan or result table in the CLI JSON's terms (Role apart: the JSON has none). */
function asJson(rows: Cell[][]): Array<Omit<JsonRow, 'RegistryDigest'> & { Role: string }> {
  const state = Object.fromEntries(Object.entries(STATE).map(([k, v]) => [v, k]));
  return rows.map((r) => ({
    Tag: r[0]!.text,
    SignedDigest: r[1]!.ids[0] ?? null,
    Signers: r[2]!.text === '–' ? [] : r[2]!.text.split(', '),
    Role: r[3]!.text,
    KeyIDs: r[4]!.ids,
    State: state[r[5]!.text] ?? `?${r[5]!.text}`,
    Reason: r[6]!.text,
  }));
}

async function openRepository(page: Page): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Repository', exact: true });
  await box.fill(team.gun);
  await box.press('Enter');
  await page.getByRole('heading', { level: 1, name: team.gun }).waitFor();
  await page.getByRole('table', { name: 'Signed tags' }).waitFor({ timeout: 30_000 });
}

describe('Migrate to cosign in the app (harness, real notary-server, registry and cosign)', () => {
  test('the header offers it (More actions when narrow); its plan is signet migrate --dry-run --json, row for row', async () => {
    const page = session.page;
    assert.equal(cliPlan.code, 1, 'bob’s signature is left: the CLI exits 1');
    await openRepository(page);
    for (const size of [
      { width: 1024, height: 700 },
      { width: 1100, height: 700 },
      { width: 1150, height: 700 },
      { width: 1920, height: 1080 },
      { width: 1400, height: 900 },
    ]) {
      await page.setViewportSize(size);
      const l = await headerLayout(page);
      assert.equal(l.actionsOverflow, false, `${size.width}: the actions stay inside the pane`);
      assert.equal(l.inline.includes('Migrate to cosign'), !l.menuShown, `${size.width}: ${l.inline.join(', ')}`);
    }
    await page
      .getByRole('group', { name: 'Repository actions' })
      .getByRole('button', { name: 'Migrate to cosign' })
      .click();
    const dialog = dialogOf(page);
    const table = `Plan for ${team.gun}`;
    await dialog.getByRole('table', { name: table }).waitFor({ timeout: 60_000 });
    const shown = asJson((await readTable(page, table)).rows);
    assert.deepEqual(
      shown.map(({ Role: _role, ...r }) => r),
      cliPlan.rows.map(({ RegistryDigest: _served, ...r }) => r),
    );
    assert.deepEqual(
      shown.map((r) => [r.Tag, r.Signers.join(), r.Role, r.State]),
      [
        ['v1', 'alice', 'targets/alice', 'planned'],
        ['v2', 'alice', 'targets/alice', 'planned'],
        ['v2', 'bob', 'targets/bob', 'needs-key'],
        ['v9', '', '–', 'unsigned'],
      ],
    );
    const bob = team.signers.find((s) => s.name === 'bob')!;
    assert.deepEqual(shown[2]!.KeyIDs, bob.keyIds);
    const missing = dialog.getByRole('list', { name: 'Keys held elsewhere' });
    assert.deepEqual(
      await missing.locator('[data-full]').evaluateAll((els) => els.map((e) => e.getAttribute('data-full'))),
      bob.keyIds,
    );
    assert.match(
      (await missing.textContent()) ?? '',
      new RegExp(`^bob.*signs v2 in ${team.gun.replace(/\./g, '\\.')}$`),
    );
    await dialog.getByText(/^Plan \(nothing written yet\): 2 to migrate, 1 need a key held elsewhere/).waitFor();
    await noSeriousAxe(page, 'migrate plan');
    await shootAll(page, 'e2e-migrate-plan');
  });

  test('Migrate: alice’s passphrase asked, then cosign verify --key accepts her key on both digests, refuses bob’s', async () => {
    const page = session.page;
    const dialog = dialogOf(page);
    await dialog.getByRole('button', { name: 'Migrate 2 signatures' }).click();
    const result = dialog.getByText(/^Result: /);
    const prompts = await answerUntil(page, result, () => REPO_PASSPHRASE, {
      shot: () => 'e2e-migrate-passphrase-1400-light',
      timeoutMs: 90_000,
    });
    assert.deepEqual(
      prompts.map((p) => p.isNew),
      [false],
      'one prompt, for alice’s key',
    );
    assert.equal(
      (await result.textContent())?.trim(),
      'Result: 2 migrated, 1 need a key held elsewhere, 1 unsigned tags (nothing to carry over).',
    );
    const rows = asJson((await readTable(page, `Result for ${team.gun}`)).rows);
    assert.deepEqual(
      rows.map((r) => [r.Tag, r.Signers.join(), r.State]),
      [
        ['v1', 'alice', 'migrated'],
        ['v2', 'alice', 'migrated'],
        ['v2', 'bob', 'needs-key'],
        ['v9', '', 'unsigned'],
      ],
    );
    for (const tag of ['v1', 'v2']) {
      const v = await cosignVerify(alicePub(), `${team.gun}@sha256:${team.tags[tag]!.hex}`);
      assert.equal(v.code, 0, `${tag}: ${v.stderr}`);
      assert.match(v.stdout, /"dct.signer":"alice"/);
    }
    assert.notEqual((await cosignVerify(bobPub(), `${team.gun}@sha256:${team.tags.v2!.hex}`)).code, 0, 'bob: not yet');
    assert.notEqual(
      (await cosignVerify(alicePub(), `${team.gun}@${unsigned.digest}`)).code,
      0,
      'v9: DCT never signed it',
    );
    // the CLI sees what the app wrote
    const again = await signet(alice, ['migrate', '--dry-run', '--json', team.gun]);
    assert.deepEqual(
      (JSON.parse(again.stdout) as { Tags: JsonRow[] }[])[0]!.Tags.map((t) => t.State),
      ['already', 'already', 'needs-key', 'unsigned'],
    );
    await noSeriousAxe(page, 'migrate result');
    await shootAll(page, 'e2e-migrate-result');
    await shootAll(page, 'e2e-migrate-result-commands', undefined, () =>
      dialog.getByRole('heading', { name: 'Check with cosign' }).evaluate((h) => h.scrollIntoView()),
    );
  });

  test('Export policies (harness folder chooser): verify.sh passes; the command shown runs as it is there', async () => {
    const page = session.page;
    const dialog = dialogOf(page);
    const folder = join(out, 'policies');
    mkdirSync(folder);
    session.harness.chooser.chooseNext({ paths: [folder] });
    await dialog.getByRole('button', { name: 'Choose folder…' }).click();
    await dialog.getByText('policies', { exact: true }).waitFor();
    const shown = session.harness.chooser.shown.at(-1)!;
    assert.ok(shown.kind === 'open' && shown.directory && shown.createDirectory, JSON.stringify(shown));
    await dialog.getByRole('button', { name: 'Export policies' }).click();
    await dialog.getByText(/^Wrote \d+ files to policies$/).waitFor({ timeout: 30_000 });
    const repoDir = join(folder, team.gun.replace(':', '_'));
    const verify = await run('sh', [join(repoDir, 'verify.sh')], process.env as Record<string, string>, {
      timeoutMs: 120_000,
    });
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /^all 2 checks passed$/m);
    // the same key as docker's alice.pub (which carries a "role: alice" header)
    const body = (pem: string): string => pem.replace(/^[A-Za-z-]+: .*\n\n?/gm, '');
    assert.equal(readFileSync(join(repoDir, 'alice.pub'), 'utf8'), body(readFileSync(alicePub(), 'utf8')));

    const commands = await dialog
      .getByRole('list', { name: `cosign verify commands for ${team.gun}` })
      .locator('code')
      .allTextContents();
    assert.deepEqual(
      commands,
      ['v1', 'v2'].map(
        (t) => `cosign verify --key alice.pub ${COSIGN_FLAGS.join(' ')} ${team.gun}@sha256:${team.tags[t]!.hex}`,
      ),
    );
    const ran = await run('sh', ['-c', commands[1]!], process.env as Record<string, string>, {
      cwd: repoDir,
      timeoutMs: 60_000,
    });
    assert.equal(ran.code, 0, ran.stderr);
  });

  test('Signed tags: a cosign badge per tag carried over (alice’s key; both once bob has run the same migration)', async () => {
    const page = session.page;
    await dialogOf(page).locator('.dlg-actions').getByRole('button', { name: 'Close' }).click();
    const check = page.getByRole('region', { name: 'Registry', exact: true });
    // the dialog ran the registry check again after the migration
    await check
      .getByText(/^Checked \d\d:\d\d UTC: 2 match, 0 moved, 0 missing, 1 unsigned\.$/)
      .waitFor({ timeout: 30_000 });
    const badges = async (): Promise<Array<[string, string | null]>> =>
      page
        .getByRole('table', { name: 'Signed tags' })
        .locator('tbody tr[data-index]')
        .evaluateAll((trs) =>
          trs.map((tr) => [
            tr.querySelector('td .tag-name')!.textContent!.trim(),
            tr.querySelector('td .cosign-badge')?.getAttribute('data-keys') ?? null,
          ]),
        );
    const aliceKey = team.signers.find((s) => s.name === 'alice')!.keyIds[0]!;
    const bobKey = team.signers.find((s) => s.name === 'bob')!.keyIds[0]!;
    assert.deepEqual(await badges(), [
      ['v1', aliceKey],
      ['v2', aliceKey],
    ]);
    const t = await readTable(page, 'Signed tags');
    const col = t.headers.indexOf('Registry');
    assert.deepEqual(
      t.rows.map((r) => [r[0]!.text, r[col]!.text]),
      [
        ['v1 cosign', 'matches'],
        ['v2 cosign', 'matches'],
      ],
    );
    await noSeriousAxe(page, 'signed tags with cosign badges');
    await shootAll(page, 'e2e-migrate-signed-tags');

    // bob, the holder of the other key, runs the same migration (the CLI here); Check again shows his key too
    const bobRun = await signet(team.identities.bob!, ['migrate', '--json', team.gun]);
    assert.equal(bobRun.code, 0, bobRun.stderr);
    await check.getByRole('button', { name: 'Check again' }).click();
    for (const end = Date.now() + 30_000; ; await new Promise((r) => setTimeout(r, 100))) {
      const b = await badges();
      if (b[1]?.[1]?.split(' ').length === 2) break;
      if (Date.now() > end) assert.fail(`v2 did not show both keys: ${JSON.stringify(b)}`);
    }
    assert.deepEqual(await badges(), [
      ['v1', aliceKey],
      ['v2', [aliceKey, bobKey].sort().join(' ')],
    ]);
  });

  test('from the Audit view: the repository chosen there, planned again (already there)', async () => {
    const page = session.page;
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('button', { name: 'Audit', exact: true })
      .click();
    const panel = page.getByRole('region', { name: 'What to audit' });
    await panel.getByRole('button', { name: 'Clear' }).click();
    await panel.getByRole('checkbox', { name: team.gun, exact: true }).check();
    await panel.getByRole('button', { name: 'Migrate 1 selected to cosign…' }).click();
    const dialog = dialogOf(page);
    await dialog.getByText(/^Plan \(nothing written yet\): 3 already there, 1 unsigned/).waitFor({ timeout: 60_000 });
    assert.equal(await dialog.getByRole('button', { name: 'Nothing to migrate' }).isDisabled(), true);
    await dialog.getByText('Every signature DCT holds here is in cosign already.').waitFor();
    await shootAll(page, 'e2e-migrate-audit-plan');
    await dialog.locator('.dlg-actions').getByRole('button', { name: 'Cancel' }).click();
  });

  test('no console errors', () => {
    assert.deepEqual(
      session.consoleErrors.filter((e) => !/Failed to load resource/.test(e)),
      [],
    );
  });
});
