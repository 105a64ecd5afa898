/**
 * The Audit view and "Add registry" in headless Chromium through the harness, against the REAL
 * registry and notary-server (repositories built with the real notary CLI, pushed to the real
 * registry): the view shows, repository by repository, the same states as `signet audit --json`
 * for the same registry (ok, moved, missing, unsigned, no trust data; expiring roles with
 * --warn-days 1100, as the harness has no pinned clock); Export report writes the CLI's JSON byte
 * for byte and a CSV, Export calendar an .ics read by python3-icalendar; Cancel stops an audit
 * that waits on the registry; the Signed tags table's Registry column and unsigned tags; a
 * registry without a catalog says to add repositories by name. Screenshots at 1024, 1400 and 1920
 * px, light and dark; axe-core without serious or critical issues.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { startStack, type Stack } from '../helpers/stack.js';
import type { Identity } from '../helpers/identity.js';
import { pushImage } from '../helpers/registry-push.js';
import { adminSignedRepo, manyTagsRepo, viewer, type Scenario } from '../helpers/scenarios.js';
import { signet } from '../helpers/signet-cli.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { readTable, startSession, type Session } from './lib/browser.js';
import { noSeriousAxe, shootAll } from './lib/flows.js';
import { readme, readmeShot } from './lib/readme-shots.js';

interface JsonRepo {
  Name: string;
  Signed: boolean;
  TrustData: string;
  Tags: { Tag: string; SignedDigest: string | null; RegistryDigest: string | null; State: string; Signers: string[] }[];
  Roles: { Role: string; Expires: string | null; State: string; ServerRenewed: boolean }[];
  Problems: string[];
  ProblemDetails: { Kind: string; Problem: string; Fix: string }[];
}

/** The UI's word for each tag state (the Audit view and the Signed tags table's Registry column). */
const STATE_LABEL: Record<string, string> = {
  ok: 'matches',
  moved: 'moved',
  missing: 'missing',
  unsigned: 'unsigned',
  unchecked: 'unchecked',
};
const TRUST_LABEL: Record<string, string> = {
  verified: 'signed',
  cached: 'signed (cached trust data)',
  none: 'no trust data',
  failed: 'trust data not verified',
};

let stack: Stack;
let R: string;
let id: Identity;
let session: Session;
let out: string;
const sc: Record<string, Scenario> = {};
let cliJson: string;
const proxies: FaultProxy[] = [];

before(async () => {
  stack = await startStack();
  R = stack.registryHost;
  const [clean, moved, missing, unsigned] = await Promise.all([
    adminSignedRepo(stack, 'audit/clean', ['v1', 'v2']),
    adminSignedRepo(stack, 'audit/moved', ['v1', 'v2']),
    adminSignedRepo(stack, 'audit/missing', ['v1', 'v2']),
    adminSignedRepo(stack, 'audit/unsigned', ['v1']),
  ]);
  Object.assign(sc, { clean, moved, missing, unsigned });
  // after signing: v2 re-pushed with other content, v2 deleted, v9 never signed, a repository never signed
  await pushImage(R, 'audit/moved', 'v2', { content: 'other content\n' });
  const del = await fetch(`${stack.registryUrl}/v2/audit/missing/manifests/${missing.tags.v2!.digest}`, {
    method: 'DELETE',
  });
  assert.equal(del.status, 202, 'registry delete of audit/missing v2');
  await pushImage(R, 'audit/unsigned', 'v9');
  await pushImage(R, 'audit/nosig', 'v1');
  await pushImage(R, 'audit/nosig', 'v2');
  id = viewer(stack);
  const cli = await signet(id, ['audit', '--json', R]);
  assert.equal(cli.code, 1, cli.stderr);
  cliJson = cli.stdout;
  out = mkdtempSync(join(tmpdir(), 'signet-e2e-audit-'));
  session = await startSession({ env: id.env });
});

after(async () => {
  await session?.close();
  for (const p of proxies) await p.stop();
  await stack?.stop();
  if (out) rmSync(out, { recursive: true, force: true });
});

const section = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name, exact: true });

/** Ticks exactly these targets in "What to audit", sets the warning days and Offline, runs, waits for the end. */
async function runAudit(page: Page, targets: string[], warnDays = 30, offline = false): Promise<string> {
  await section(page, 'Audit').click();
  const panel = page.getByRole('region', { name: 'What to audit' });
  await panel.getByRole('button', { name: 'Clear' }).click();
  for (const t of targets) await panel.getByRole('checkbox', { name: new RegExp(`^${reEscape(t)}( |$)`) }).check();
  await panel.getByLabel('Expiring within (days)').fill(String(warnDays));
  await panel.getByRole('switch', { name: 'Offline' }).setChecked(offline);
  const finished = (): number =>
    session.events.filter((e) => e.event === 'audit:progress' && (e.payload as { phase: string }).phase === 'done')
      .length;
  const before = finished();
  await panel.getByRole('button', { name: `Audit ${targets.length} selected` }).click();
  for (const end = Date.now() + 60_000; finished() === before; await new Promise((r) => setTimeout(r, 50)))
    if (Date.now() > end) throw new Error(`the audit of ${targets.join(', ')} did not end within 60 s`);
  const status = page.locator('.audit-status').filter({ hasText: /signed, \d+ problems?\.$|Cancelled|could not run/ });
  await status.waitFor({ timeout: 60_000 });
  return (await status.textContent()) ?? '';
}

const reEscape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The sidebar's group of one registry (its heading starts with the registry, then its trust server). */
const registryGroup = (page: Page, registry: string) =>
  page
    .getByRole('navigation', { name: 'Repositories' })
    .getByRole('region', { name: new RegExp(`^${reEscape(registry)}\\s*trust server`) });

/** Opens every repository's details (those with problems are open already). */
async function openAll(page: Page): Promise<void> {
  const closed = page.locator('.audit-repo details:not([open]) > summary');
  while ((await closed.count()) > 0) await closed.first().click();
}

/** A plain table (caption `name`): its body rows' cell texts, the row header first. */
function plainTable(page: Page, name: string): Promise<string[][]> {
  return page.evaluate(`(() => {
    const t = [...document.querySelectorAll('table')].find((x) => x.caption && x.caption.textContent === ${JSON.stringify(name)});
    if (!t) return null;
    return [...t.tBodies[0].rows].map((r) => [...r.cells].map((c) => c.textContent.trim()));
  })()`);
}

/** What the Audit view shows for one repository, in the CLI JSON's terms. */
async function shown(page: Page, name: string) {
  const item = page
    .locator('.audit-repo')
    .filter({ has: page.locator('.audit-repo-name', { hasText: new RegExp(`^${reEscape(name)}$`) }) });
  const summary = (await item.locator('summary').textContent()) ?? '';
  // an opened repository's body is rendered on the next frames, the table's rows a frame after it
  await item.locator('details[open] .audit-repo-body').waitFor();
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
  const table = page.getByRole('table', { name: `Tags of ${name}` });
  if ((await table.count()) > 0) await table.locator('tbody tr[data-index]').first().waitFor();
  const tags = await readTable(page, `Tags of ${name}`);
  const problems = await item
    .getByRole('list', { name: `Problems of ${name}` })
    .locator('li')
    .evaluateAll((lis) =>
      lis.map((li) => ({
        problem: li.querySelector('.audit-problem')?.textContent ?? '',
        fix: (li.querySelector('.audit-fix')?.textContent ?? '').replace(/^What to do: /, ''),
      })),
    );
  const roles = (await plainTable(page, `Roles of ${name}`)) ?? [];
  return { summary, tags, problems, roles };
}

function expectSameAsCli(view: Awaited<ReturnType<typeof shown>>, cli: JsonRepo): void {
  assert.ok(view.summary.startsWith(`${cli.Name}${TRUST_LABEL[cli.TrustData]}`), `${cli.Name}: ${view.summary}`);
  if (cli.Tags.length === 0) assert.equal(view.tags.rowCount, -1, `${cli.Name}: no tags table`);
  else {
    assert.deepEqual(
      view.tags.rows.map((r) => ({
        Tag: r[0]!.text,
        State: r[1]!.text,
        SignedDigest: r[2]!.ids[0] ?? null,
        RegistryDigest: r[3]!.ids[0] ?? null,
        Signers: r[4]!.text,
      })),
      cli.Tags.map((t) => ({
        Tag: t.Tag,
        State: STATE_LABEL[t.State],
        SignedDigest: t.SignedDigest,
        RegistryDigest: t.RegistryDigest,
        Signers: t.Signers.join(', '),
      })),
      cli.Name,
    );
  }
  assert.deepEqual(
    view.problems,
    cli.ProblemDetails.map((p) => ({ problem: p.Problem, fix: p.Fix })),
    `${cli.Name}: problems`,
  );
  assert.deepEqual(
    view.roles.map((r) => [r[0], r[2]!.replace(/ \(renewed by the server\)$/, '')]),
    cli.Roles.map((r) => [r.Role, r.State]),
    `${cli.Name}: roles`,
  );
}

describe('Add registry (real registry catalog)', () => {
  test('a registry without a catalog is refused with what to do: add its repositories by name', async () => {
    const page = session.page;
    const proxy = await startFaultProxy({
      upstream: stack.registryUrl,
      hook: async (_req, url) =>
        url.pathname === '/v2/_catalog'
          ? { status: 404, headers: { 'content-type': 'application/json' }, body: '{"errors":[{"code":"NOT_FOUND"}]}' }
          : undefined,
    });
    proxies.push(proxy);
    await page.getByRole('navigation', { name: 'Repositories' }).getByRole('button', { name: 'Add registry…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add registry' });
    await dialog.getByLabel('Registry (host or host:port)').fill(proxy.host);
    await dialog.getByRole('button', { name: 'Add registry' }).click();
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    assert.match(
      text,
      new RegExp(`registry ${reEscape(proxy.host)} does not list its repositories \\(the catalog answered 404\\)`),
    );
    assert.match(text, /What to do: add its repositories by name instead \(type .*\/team\/app in the Repository box\)/);
    await shootAll(page, 'e2e-add-registry-no-catalog');
    const file = join(session.userDataDir, 'settings.json');
    const settings = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
    assert.deepEqual(settings.watchedRegistries ?? [], [], 'a refused registry is not kept');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  test('the catalog’s repositories appear in the sidebar, grouped under the registry', async () => {
    const page = session.page;
    await page.getByRole('navigation', { name: 'Repositories' }).getByRole('button', { name: 'Add registry…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add registry' });
    await dialog.getByLabel('Registry (host or host:port)').fill(R);
    await dialog.getByRole('button', { name: 'Add registry' }).click();
    await dialog.getByText(`Added ${R}: 5 repositories in its catalog.`).waitFor();
    const listed = await dialog
      .getByRole('list', { name: `Repositories of ${R}` })
      .locator('li')
      .allTextContents();
    assert.deepEqual(
      listed,
      ['clean', 'missing', 'moved', 'nosig', 'unsigned'].map((n) => `${R}/audit/${n}`),
    );
    await noSeriousAxe(page, 'e2e-add-registry-added');
    await shootAll(page, 'e2e-add-registry-added');
    await dialog.locator('.dlg-actions').getByRole('button', { name: 'Close' }).click();

    const group = registryGroup(page, R);
    assert.match((await group.getByRole('heading').textContent()) ?? '', /whole registry \(catalog\)/);
    for (const n of ['clean', 'missing', 'moved', 'nosig', 'unsigned'])
      await group.getByRole('button', { name: new RegExp(`^audit/${n}`) }).waitFor();
    const settings = JSON.parse(readFileSync(join(session.userDataDir, 'settings.json'), 'utf8'));
    assert.deepEqual(settings.watchedRegistries, [R]);
  });
});

describe('Audit view (real registry and notary-server) against signet audit --json', () => {
  let cli: Record<string, JsonRepo>;

  test('the whole registry: every repository shows the states signet audit --json reports', async () => {
    const page = session.page;
    cli = Object.fromEntries((JSON.parse(cliJson) as JsonRepo[]).map((r) => [r.Name, r]));
    const status = await runAudit(page, [R]);
    const problems = Object.values(cli).reduce((n, r) => n + r.Problems.length, 0);
    assert.equal(status, `5 repositories, 4 signed, ${problems} problems.`);
    await openAll(page);
    for (const r of Object.values(cli)) expectSameAsCli(await shown(page, r.Name), r);
    // every state of the issue is there
    const states = new Set(Object.values(cli).flatMap((r) => r.Tags.map((t) => t.State)));
    assert.deepEqual([...states].sort(), ['missing', 'moved', 'ok', 'unsigned']);
    assert.equal(cli[`${R}/audit/nosig`]!.TrustData, 'none');

    const summary = await plainTable(page, 'Summary per registry');
    const all = Object.values(cli);
    assert.deepEqual(summary, [
      [
        R,
        String(all.length),
        String(all.filter((r) => r.Signed).length),
        String(all.filter((r) => !r.Signed).length),
        String(problems),
        '0',
        '0',
      ],
    ]);
    // the expiry timeline: soonest first (what the server renews left out), today marked before the first future date
    const timeline = await page
      .getByRole('list', { name: 'Expiry timeline' })
      .locator('li')
      .evaluateAll((lis) =>
        lis.map((li) => ({
          today: li.getAttribute('aria-current') === 'date',
          at: li.querySelector('time')!.dateTime,
        })),
      );
    const dates = timeline.filter((x) => !x.today).map((x) => x.at);
    assert.equal(dates.length, all.flatMap((r) => r.Roles.filter((x) => !x.ServerRenewed)).length);
    assert.deepEqual(
      dates,
      [...dates].sort((a, b) => Date.parse(a) - Date.parse(b)),
      'soonest first',
    );
    assert.equal(timeline.filter((x) => x.today).length, 1);
    assert.equal(
      timeline.findIndex((x) => x.today),
      0,
      'nothing has expired: today comes first',
    );
  });

  test('Export report: JSON byte for byte signet audit --json; CSV; an existing file is not replaced unasked', async () => {
    const page = session.page;
    const chooser = session.harness.chooser;
    /** Export report…, the format, then Save as… (main's dialog, here the harness chooser answering `path`). */
    const chooseAs = async (format: 'JSON' | 'CSV', path: string, replace = false) => {
      await page.getByRole('button', { name: 'Export report…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Export report' });
      await dialog.getByRole('radio', { name: new RegExp(`^${format}`) }).check();
      chooser.chooseNext({ paths: [path], ...(replace ? { replace } : {}) });
      await dialog.getByRole('button', { name: 'Save as…' }).click();
      return dialog;
    };
    const exportAs = async (format: 'JSON' | 'CSV', path: string): Promise<void> => {
      const dialog = await chooseAs(format, path);
      await dialog.getByText(basename(path), { exact: true }).waitFor();
      await dialog.getByRole('button', { name: 'Export' }).click();
      await dialog.getByText(/^Saved [\d,]+ bytes to /).waitFor();
    };
    const close = () =>
      page
        .getByRole('dialog', { name: 'Export report' })
        .locator('.dlg-actions')
        .getByRole('button', { name: 'Close' })
        .click();
    const json = join(out, 'report.json');
    await exportAs('JSON', json);
    const shown = chooser.shown.at(-1)!;
    assert.equal(shown.kind === 'save' && shown.title, 'Export the audit report');
    assert.match(shown.kind === 'save' ? shown.defaultName : '', /^signet-audit-\d{4}-\d{2}-\d{2}\.json$/);
    await shootAll(page, 'e2e-audit-export-saved');
    await close();
    assert.equal(readFileSync(json, 'utf8'), cliJson, 'the report is the CLI’s JSON, byte for byte');

    // a file that is there: taken only when main's dialog confirmed replacing it
    writeFileSync(join(out, 'taken.json'), 'keep me\n');
    let dialog = await chooseAs('JSON', join(out, 'taken.json'));
    await dialog
      .getByRole('alert')
      .filter({ hasText: /taken\.json is there already and replacing it was not confirmed/ })
      .waitFor();
    assert.equal(await dialog.getByText('No file chosen').count(), 1);
    assert.equal(readFileSync(join(out, 'taken.json'), 'utf8'), 'keep me\n');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    dialog = await chooseAs('JSON', join(out, 'taken.json'), true);
    await dialog.getByText('(replaces the file that is there)').waitFor();
    await shootAll(page, 'e2e-audit-export-replaces');
    await dialog.getByRole('button', { name: 'Export' }).click();
    await dialog.getByText(/^Saved /).waitFor();
    assert.equal(readFileSync(join(out, 'taken.json'), 'utf8'), cliJson);
    await close();

    const csv = join(out, 'report.csv');
    await exportAs('CSV', csv);
    await close();
    const lines = readFileSync(csv, 'utf8').split('\r\n');
    assert.equal(
      lines[0],
      'Repository,Signed,TrustData,Type,Name,State,SignedDigest,RegistryDigest,Signers,Expires,Problem,Fix',
    );
    const repos = JSON.parse(cliJson) as JsonRepo[];
    const rows = repos.reduce((n, r) => n + r.Tags.length + r.Roles.length + r.Problems.length, 0);
    assert.equal(lines.length, rows + 2, 'header, one row per tag, role and problem, final CRLF');
    assert.ok(
      lines.includes(
        `${R}/audit/moved,true,verified,tag,v2,moved,${sc.moved!.tags.v2!.hex},${repos.find((r) => r.Name === `${R}/audit/moved`)!.Tags[1]!.RegistryDigest},Repo Admin,,,`,
      ),
    );
  });

  test('Export calendar: the CLI’s .ics, read by python3-icalendar: one event per role expiry', async () => {
    const page = session.page;
    const ics = join(out, 'expiry.ics');
    await page.getByRole('button', { name: 'Export calendar…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export calendar' });
    session.harness.chooser.chooseNext({ paths: [ics] });
    await dialog.getByRole('button', { name: 'Save as…' }).click();
    await dialog.getByText('expiry.ics', { exact: true }).waitFor();
    const shown = session.harness.chooser.shown.at(-1)!;
    assert.equal(shown.kind === 'save' && shown.title, 'Export the expiry calendar');
    await dialog.getByRole('button', { name: 'Export' }).click();
    await dialog.getByText(/^Saved /).waitFor();
    await dialog.locator('.dlg-actions').getByRole('button', { name: 'Close' }).click();
    const cliIcs = join(out, 'cli.ics');
    const r = await signet(id, ['audit', '--json', '--ics', cliIcs, R]);
    assert.equal(r.stdout, cliJson, 'the registry did not change meanwhile');
    // same events; only DTSTAMP (when the file was made) differs
    const strip = (t: string): string => t.replace(/^DTSTAMP:.*\r\n/gm, '');
    assert.equal(strip(readFileSync(ics, 'utf8')), strip(readFileSync(cliIcs, 'utf8')));

    const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
    const script = [
      'import sys, json, icalendar',
      'cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())',
      'print(json.dumps([{"summary": str(e["SUMMARY"]), "start": e.decoded("DTSTART").isoformat(),',
      '  "trigger": [a for a in e.walk("VALARM")][0].decoded("TRIGGER").total_seconds()} for e in cal.walk("VEVENT")]))',
    ].join('\n');
    const events = JSON.parse(execFileSync(python, ['-c', script, ics], { encoding: 'utf8' })) as {
      summary: string;
      start: string;
      trigger: number;
    }[];
    const want = (JSON.parse(cliJson) as JsonRepo[]).flatMap((repo) =>
      repo.Roles.filter((x) => !x.ServerRenewed).map((x) => ({
        summary: `Trust data expires: ${repo.Name} ${x.Role}`,
        start: Math.floor(Date.parse(x.Expires!) / 1000) * 1000,
        trigger: -30 * 86_400,
      })),
    );
    assert.deepEqual(
      events
        .map((e) => ({ summary: e.summary, start: Date.parse(e.start), trigger: e.trigger }))
        .sort((a, b) => (a.summary < b.summary ? -1 : 1)),
      want.sort((a, b) => (a.summary < b.summary ? -1 : 1)),
    );
  });

  test('Offline: the trust data cache only, as signet audit --offline --json (tags "unchecked"), the same report', async () => {
    const page = session.page;
    const offline = await signet(id, ['audit', '--offline', '--json', R]);
    assert.match(offline.stderr, /--offline: only the trust data cache was read/);
    const cliOffline = JSON.parse(offline.stdout) as JsonRepo[];
    assert.ok(cliOffline.length >= 4, offline.stdout);
    assert.ok(cliOffline.every((r) => r.Tags.every((t) => t.State === 'unchecked' && t.RegistryDigest === null)));
    // no server in the way: the trust server and the registry are not asked
    const status = await runAudit(page, [R], 30, true);
    const problems = cliOffline.reduce((n, r) => n + r.Problems.length, 0);
    assert.equal(status, `${cliOffline.length} repositories, ${cliOffline.length} signed, ${problems} problems.`);
    await page
      .getByText(/^Offline: the trust data came from the cache only; no trust server or registry was asked/)
      .waitFor();
    await openAll(page);
    for (const r of cliOffline) expectSameAsCli(await shown(page, r.Name), r);
    assert.deepEqual([...new Set(cliOffline.flatMap((r) => r.Tags.map((t) => t.State)))], ['unchecked']);
    await noSeriousAxe(page, 'Audit view offline');
    await shootAll(page, 'e2e-audit-offline', undefined, () =>
      page.getByRole('heading', { name: 'Results' }).evaluate((h) => h.scrollIntoView()),
    );
    // the exported report is the CLI's, byte for byte
    const file = join(out, 'offline.json');
    await page.getByRole('button', { name: 'Export report…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export report' });
    await dialog.getByRole('radio', { name: /^JSON/ }).check();
    session.harness.chooser.chooseNext({ paths: [file] });
    await dialog.getByRole('button', { name: 'Save as…' }).click();
    await dialog.getByText('offline.json', { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Export' }).click();
    await dialog.getByText(/^Saved /).waitFor();
    await dialog.locator('.dlg-actions').getByRole('button', { name: 'Close' }).click();
    assert.equal(readFileSync(file, 'utf8'), offline.stdout);
    await page.getByRole('region', { name: 'What to audit' }).getByRole('switch', { name: 'Offline' }).uncheck();
  });

  test('a trust archive opened in the app, audited offline: what signet audit --offline --archive FILE reports', async () => {
    const page = session.page;
    const gun = sc.clean!.gun;
    const file = join(out, 'clean.trust.tar.gz');
    const written = await signet(id, ['archive', gun, file]);
    assert.equal(written.code, 0, written.stderr);
    const cli = await signet(id, ['audit', '--offline', '--json', '--archive', file]);
    const want = JSON.parse(cli.stdout) as JsonRepo[];
    // read from the archive (a file here), verified; the registry not asked
    assert.deepEqual(
      want.map((r) => [r.Name, r.TrustData, r.Tags.map((t) => `${t.Tag} ${t.State}`)]),
      [[gun, 'verified', ['v1 unchecked', 'v2 unchecked']]],
    );
    await page.getByRole('navigation', { name: 'Repositories' }).getByRole('button', { name: 'Open archive…' }).click();
    const dlg = page.getByRole('dialog', { name: 'Open a trust archive' });
    session.harness.chooser.chooseNext({ paths: [file] });
    await dlg.getByRole('button', { name: 'Choose file…' }).click();
    await dlg.getByText('clean.trust.tar.gz').waitFor();
    await dlg.getByRole('button', { name: 'Open' }).click();
    await dlg.waitFor({ state: 'detached', timeout: 30_000 });
    const status = await runAudit(page, ['clean.trust.tar.gz'], 30, true);
    const problems = want[0]!.Problems.length;
    assert.equal(status, `1 repository, 1 signed, ${problems} ${problems === 1 ? 'problem' : 'problems'}.`);
    await page.getByText(/^Offline: the trust data came from the cache and the archives only/).waitFor();
    await openAll(page);
    expectSameAsCli(await shown(page, gun), want[0]!);
    const body = page.locator('.audit-repo').filter({ hasText: gun }).locator('.audit-repo-body');
    assert.match((await body.textContent()) ?? '', /trust server archive:clean\.trust\.tar\.gz/);
  });

  test('expiring roles (warning window of 1100 days; the harness has no pinned clock): same as --warn-days 1100', async () => {
    const page = session.page;
    const gun = sc.clean!.gun;
    const status = await runAudit(page, [gun], 1100);
    const cliRun = await signet(id, ['audit', '--json', '--warn-days', '1100', gun]);
    const repo = (JSON.parse(cliRun.stdout) as JsonRepo[])[0]!;
    assert.deepEqual(
      repo.Roles.map((x) => [x.Role, x.State, x.ServerRenewed]),
      [
        ['root', 'ok', false],
        ['targets', 'expiring', false],
        // docker's layout: the server holds the snapshot key and renews it
        ['snapshot', 'ok', true],
        ['timestamp', 'ok', true],
      ],
    );
    assert.equal(status, '1 repository, 1 signed, 1 problem.');
    expectSameAsCli(await shown(page, gun), repo);
    const summary = await plainTable(page, 'Summary per registry');
    assert.deepEqual(summary, [[R, '1', '1', '0', '1', '1', '0']]);
    const badges = await page.getByRole('list', { name: 'Expiry timeline' }).locator('.badge').allTextContents();
    assert.equal(badges.filter((b) => /^expiring in /.test(b)).length, 1);
    await openAll(page);
    await shootAll(page, 'e2e-audit-expiring');
  });

  test('Cancel: an audit waiting on the registry stops; what finished before is kept and can be exported', async () => {
    const page = session.page;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const proxy = await startFaultProxy({
      upstream: stack.registryUrl,
      hook: async (_req, url) => {
        if (url.pathname === '/v2/audit/nosig/tags/list') await gate;
        return undefined;
      },
    });
    proxies.push(proxy);
    try {
      await section(page, 'Audit').click();
      const panel = page.getByRole('region', { name: 'What to audit' });
      await panel.getByRole('button', { name: 'Clear' }).click();
      await panel.getByLabel('Expiring within (days)').fill('30');
      await panel.getByLabel('Repositories at once').fill('1');
      // the proxy's registry is not in the lists: add it as a whole (its catalog is the real one)
      await panel.getByRole('button', { name: 'Add registry…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add registry' });
      await dialog.getByLabel('Registry (host or host:port)').fill(proxy.host);
      await dialog.getByRole('button', { name: 'Add registry' }).click();
      await dialog.getByRole('button', { name: 'Audit it now' }).click();
      await panel.getByRole('button', { name: 'Audit 1 selected' }).click();
      // audit/clean, missing and moved go first (name order, one at a time); nosig waits on the gate
      await page
        .locator('.audit-running')
        .filter({ hasText: `${proxy.host}/audit/nosig` })
        .waitFor({ timeout: 30_000 });
      const progress = await page
        .getByRole('progressbar', { name: 'Audit progress' })
        .evaluate((p) => [(p as unknown as { value: number }).value, (p as unknown as { max: number }).max]);
      assert.deepEqual(progress, [3, 5]);
      await panel.getByRole('button', { name: 'Cancel' }).click();
      await page
        .locator('.audit-status')
        .filter({ hasText: 'Cancelled: 3 repositories were audited before.' })
        .waitFor();
      const names = await page.locator('.audit-repo-name').allTextContents();
      assert.deepEqual(
        names,
        ['clean', 'missing', 'moved'].map((n) => `${proxy.host}/audit/${n}`),
      );
      assert.equal(await page.getByRole('button', { name: 'Export report…' }).isEnabled(), true);
      await panel.getByLabel('Repositories at once').fill('8');
    } finally {
      release();
    }
  });

  test('Signed tags: the Registry column (matches / moved / missing) and the registry’s unsigned tags beside it', async () => {
    const page = session.page;
    const open = async (name: string): Promise<void> => {
      await registryGroup(page, R)
        .getByRole('button', { name: new RegExp(`^audit/${name}`) })
        .click();
      await page.getByRole('table', { name: 'Signed tags' }).waitFor({ timeout: 20_000 });
    };
    await open('moved');
    const check = page.getByRole('region', { name: 'Registry', exact: true });
    await check.getByRole('button', { name: /^Check/ }).click();
    await check.getByText(/^Checked \d\d:\d\d UTC: 1 match, 1 moved, 0 missing, 0 unsigned\.$/).waitFor();
    let t = await readTable(page, 'Signed tags');
    const col = t.headers.indexOf('Registry');
    assert.ok(col > 0, `a Registry column: ${t.headers.join(', ')}`);
    assert.deepEqual(
      t.rows.map((r) => [r[0]!.text, r[col]!.text]),
      [
        ['v1', 'matches'],
        ['v2', 'moved'],
      ],
    );
    await open('missing');
    await check.getByRole('button', { name: /^Check/ }).click();
    await check.getByText(/: 1 match, 0 moved, 1 missing/).waitFor();
    t = await readTable(page, 'Signed tags');
    assert.deepEqual(
      t.rows.map((r) => [r[0]!.text, r[col]!.text]),
      [
        ['v1', 'matches'],
        ['v2', 'missing'],
      ],
    );
    await open('unsigned');
    await check.getByRole('button', { name: /^Check/ }).click();
    await check.getByText(/: 1 match, 0 moved, 0 missing, 1 unsigned/).waitFor();
    const unsigned = await check
      .getByRole('list', { name: `Unsigned tags of ${sc.unsigned!.gun}` })
      .locator('code')
      .allTextContents();
    assert.deepEqual(unsigned, ['v9']);
    await noSeriousAxe(page, 'e2e-signed-tags-registry');
    await shootAll(page, 'e2e-signed-tags-registry');
  });

  test('Signed tags: the Registry column is checked by itself up to 500 signed tags, on request above', async () => {
    const page = session.page;
    const [small, big] = await Promise.all([
      adminSignedRepo(stack, 'audit/auto', ['v1', 'v2']),
      manyTagsRepo(stack, 'audit/big', 501, 'targets'),
    ]);
    const audited = (gun: string) =>
      session.events.filter(
        (e) =>
          e.event === 'audit:repository' && (e.payload as { repository: { name: string } }).repository.name === gun,
      ).length;
    const openRepo = async (gun: string): Promise<void> => {
      const box = page.getByRole('textbox', { name: 'Repository', exact: true });
      await box.fill(gun);
      await box.press('Enter');
      await page.getByRole('table', { name: 'Signed tags' }).waitFor({ timeout: 30_000 });
    };
    const check = page.getByRole('region', { name: 'Registry', exact: true });
    await openRepo(small.gun);
    await check.getByText(/^Checked \d\d:\d\d UTC: 2 match, 0 moved, 0 missing, 0 unsigned\.$/).waitFor();
    const t = await readTable(page, 'Signed tags');
    const col = t.headers.indexOf('Registry');
    assert.deepEqual(
      t.rows.map((r) => [r[0]!.text, r[col]!.text]),
      [
        ['v1', 'matches'],
        ['v2', 'matches'],
      ],
    );
    assert.equal(audited(small.gun), 1, 'one audit of that repository, nobody clicked');

    await openRepo(big.gun);
    await check.getByText(/^Not checked yet: with more than 500 signed tags, checked on request/).waitFor();
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(audited(big.gun), 0);
    await check.getByRole('button', { name: 'Check against the registry' }).click();
    // none of the 501 synthetic digests was pushed: each is missing from the registry
    await check.getByText(/: 0 match, 0 moved, 501 missing, 0 unsigned\.$/).waitFor({ timeout: 60_000 });
    assert.equal(audited(big.gun), 1);
  });

  test('screenshots of the Audit view at 1024, 1400 and 1920 px, light and dark; no serious or critical axe issue', async () => {
    const page = session.page;
    await runAudit(page, [R]);
    await openAll(page);
    await noSeriousAxe(page, 'Audit view');
    await shootAll(page, 'e2e-audit', undefined, () => page.locator('#main').evaluate((m) => m.scrollTo(0, 0)));
    await page.locator('#main').evaluate((m) => m.scrollTo(0, 0));
    const audit = await readmeShot(page, 'audit');
    assert.ok(readme().includes('](docs/screenshots/audit.png)'), `the README shows ${audit.file}`);
    await shootAll(page, 'e2e-audit-results', undefined, () =>
      page.getByRole('heading', { name: 'Results' }).evaluate((h) => h.scrollIntoView()),
    );
  });

  test('no console errors', () => {
    assert.deepEqual(
      session.consoleErrors.filter((e) => !/Failed to load resource/.test(e)),
      [],
    );
  });
});
