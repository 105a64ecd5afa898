/**
 * The app under the one set of trust rules, against the REAL notary-server (harness + Chromium):
 *  - tags a signer lists outside its paths are not in the Signed tags table; a panel names them
 *    with their role and paths, in core's words (the CLI's note);
 *  - an archive opened with nothing trusted before shows "trusted on first use" (never the plain
 *    verified badge) and "Pin this root" pins the archive's root in Signet's config file;
 *  - an archive of a repository of the same name under another root is refused, naming both roots.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, type Stack } from '../helpers/stack.js';
import { adminSignedRepo, dockerTrustInspect, viewer } from '../helpers/scenarios.js';
import { pathsRepo, type PathsScenario } from '../helpers/paths-scenario.js';
import { signet } from '../helpers/signet-cli.js';
import { ok, type Identity } from '../helpers/identity.js';
import { readTable, startSession, type Session } from './lib/browser.js';
import { noSeriousAxe, shootAll } from './lib/flows.js';

let stack: Stack;
let paths: PathsScenario;
let pathsArchive: string;
let foreignArchive: string;
let foreignRoots: { trusted: string[]; archived: string[] };
let trusting: Identity;
const sessions: Session[] = [];

const rootIds = async (id: Identity, gun: string): Promise<string[]> =>
  (await dockerTrustInspect(id, [gun])).json[0]!.AdministrativeKeys.find((k) => k.Name === 'Root')!.Keys!.map(
    (k) => k.ID,
  );

before(async () => {
  stack = await startStack();
  paths = await pathsRepo(stack, 'rules/paths');
  pathsArchive = join(stack.dir, 'rules-paths.trust.tar.gz');
  ok(await signet(viewer(stack), ['archive', paths.gun, pathsArchive]), 'signet archive');
  // a repository trusted by `trusting`, then deleted and initialized again: its archive has another root
  const first = await adminSignedRepo(stack, 'rules/anchor', ['v1']);
  trusting = viewer(stack);
  ok(await signet(trusting, ['inspect', first.gun]), 'trust root A');
  const trusted = await rootIds(trusting, first.gun);
  ok(await first.identities.admin!.notary(['delete', first.gun, '--remote']), 'notary delete --remote');
  await adminSignedRepo(stack, 'rules/anchor', ['v1']);
  const other = viewer(stack);
  foreignRoots = { trusted, archived: await rootIds(other, first.gun) };
  foreignArchive = join(stack.dir, 'rules-anchor.trust.tar.gz');
  ok(await signet(other, ['archive', first.gun, foreignArchive]), 'signet archive (root B)');
});

after(async () => {
  for (const s of sessions) await s.close();
  await stack?.stop();
});

async function session(env: Record<string, string | undefined>): Promise<Session> {
  const s = await startSession({ env });
  sessions.push(s);
  return s;
}

async function openArchive(s: Session, file: string): Promise<ReturnType<Session['page']['getByRole']>> {
  const nav = s.page.getByRole('navigation', { name: 'Repositories' });
  await nav.getByRole('button', { name: 'Open archive…' }).click();
  const dlg = s.page.getByRole('dialog', { name: 'Open a trust archive' });
  s.harness.chooser.chooseNext({ paths: [file] });
  await dlg.getByRole('button', { name: 'Choose file…' }).click();
  await dlg.getByRole('button', { name: 'Open' }).click();
  return dlg;
}

describe('trust rules in the app (harness + real notary-server)', () => {
  test('Signed tags leave out what signers list outside their paths, and a panel says which and why', async () => {
    const s = await session(viewer(stack).env);
    const box = s.page.getByRole('textbox', { name: 'Repository', exact: true });
    await box.fill(paths.gun);
    await box.press('Enter');
    await s.page.getByRole('heading', { level: 1, name: paths.gun }).waitFor();
    const panel = s.page.getByRole('note', { name: /3 tags are not signed: listed outside the signer’s paths/ });
    await panel.waitFor(); // the view has arrived
    const t = await readTable(s.page, 'Signed tags');
    assert.deepEqual(
      t.rows.map((r) => r[0]!.text),
      ['rel1'],
    );
    const items = (await panel.getByRole('listitem').allTextContents()).map((x) => x.replace(/\s+/g, ' '));
    assert.equal(items.length, 3);
    assert.match(items[0]!, /^bad in targets\/releases \(may sign “rel…”\)/);
    assert.match(
      items.find((x) => x.startsWith('x1'))!,
      /targets\/team\/sub \(may sign “t1…”, “t3…”\)/,
    );
    await noSeriousAxe(s.page, 'refused tags');
    await shootAll(s.page, 'e2e-refused-tags', undefined, () => panel.evaluate((p) => p.scrollIntoView()));
  });

  test('an archive with nothing trusted before: trusted on first use, and Pin this root pins the archive’s root', async () => {
    const fresh = viewer(stack);
    const s = await session(fresh.env);
    const dlg = await openArchive(s, pathsArchive);
    await dlg.waitFor({ state: 'detached', timeout: 30_000 });
    await s.page.getByText('archive, trusted on first use').waitFor();
    assert.equal(await s.page.getByText('archive, verified offline').count(), 0, 'never the plain verified badge');
    const trust = s.page.getByRole('region', { name: 'Root of trust' });
    await trust.getByText('Trusted on first use, from this archive alone.').waitFor();
    await s.page.getByText(/A snapshot from a trust archive, not the current state/).waitFor();
    await shootAll(s.page, 'e2e-archive-first-use');
    await trust.getByRole('button', { name: 'Pin this root' }).click();
    await trust.getByText('Root pinned.').waitFor();
    const config = JSON.parse(readFileSync(fresh.env['SIGNET_CONFIG']!, 'utf8')) as {
      trust_pinning: { certs: Record<string, string[]> };
    };
    assert.deepEqual(config.trust_pinning.certs[paths.gun], await rootIds(fresh, paths.gun));
  });

  test('an archive under another root than the one trusted is refused, naming both roots', async () => {
    const s = await session(trusting.env);
    const dlg = await openArchive(s, foreignArchive);
    const alert = dlg.getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    const text = (await alert.textContent()) ?? '';
    assert.match(text, /rules-anchor\.trust\.tar\.gz holds trust data of .* under another root/);
    for (const id of [...foreignRoots.trusted, ...foreignRoots.archived]) assert.ok(text.includes(id.slice(0, 12)), id);
    await shootAll(s.page, 'e2e-archive-foreign-root');
  });
});
