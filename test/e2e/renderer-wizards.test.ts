/**
 * The write wizards in headless Chromium through the browser harness, against the REAL
 * notary-server and registry, starting from an EMPTY trust dir (keys come in through the UI):
 *   (1) initialize a new repository (new root key, new repository key, first signer) and sign v1
 *   (2) import the admin's trust dir and sign as repository admin on an existing admin repository,
 *       with a wrong passphrase first
 *   (3) import alice's key file and sign as alice in a repository with signers alice and bob
 * plus add and remove a signer, revoke, a multi-platform image (an OCI index and a manifest list:
 * the platforms listed, the index signed), a signer added with a new key who then signs, cancel
 * at a passphrase prompt (nothing published, the
 * change kept in the review list), and the trust server going away during publish (an error with
 * the reason, then a successful retry). Every result is checked from outside the app with
 * `docker trust inspect` and `notary list` as a key-less identity. Screenshots: wizard-*.png.
 *
 * The app reaches notary through a TCP proxy this test can cut (same TLS certificate, so the
 * server keeps its data, unlike stack.stopNotary, which empties the memory store).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { basename, join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { startStack, type Stack } from '../helpers/stack.js';
import { makeIdentity, REPO_PASSPHRASE, ROOT_PASSPHRASE, run, type Identity } from '../helpers/identity.js';
import { pushImage, putIndex, type PushResult } from '../helpers/registry-push.js';
import {
  adminSignedRepo,
  dockerKeyGenerate,
  dockerTrustInspect,
  notaryList,
  signersRepo,
  viewer,
  type Scenario,
} from '../helpers/scenarios.js';
import { axeScan, screenshot, startSession, type Session } from './lib/browser.js';
import { shootAll } from './lib/flows.js';

const NEW_PASS = 'correct horse battery staple';

let stack: Stack;
let session: Session;
let proxy: Proxy;
let app: Identity;
let outside: Identity;
let admin: Scenario;
let signers: Scenario;
let carolPub: string;
const images: Record<string, PushResult> = {};
/** Multi-platform images in wiz/new: tag → the index (or list) and the two images it names. */
const indexes: Record<string, { digest: string; hex: string; amd: PushResult; arm: PushResult }> = {};
let newGun = '';

interface Proxy {
  url: string;
  /** Like a stopped server: the port refuses connections, open ones are cut. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** A TCP proxy to the HTTPS notary that can be stopped and started on the same port. */
async function startProxy(target: string): Promise<Proxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const listen = (p: number): Promise<void> => new Promise<void>((r) => server.listen(p, '127.0.0.1', r));
  await listen(0);
  const p = (server.address() as { port: number }).port;
  const stop = (): Promise<void> => {
    const closed = new Promise<void>((r) => server.close(() => r()));
    for (const s of sockets) s.destroy();
    return closed;
  };
  return {
    url: `https://127.0.0.1:${p}`,
    stop,
    start: () => listen(p),
    close: () => (server.listening ? stop() : Promise.resolve()),
  };
}

before(async () => {
  stack = await startStack();
  proxy = await startProxy(stack.notaryHttpsUrl);
  newGun = `${stack.registryHost}/wiz/new`;
  const [a, s, imgNew, imgNew2, imgAdmin2, imgAdmin3, imgSigners3] = await Promise.all([
    adminSignedRepo(stack, 'wiz/admin', ['v1']),
    signersRepo(stack, 'wiz/signers', { coSigned: false }),
    pushImage(stack.registryHost, 'wiz/new', 'v1'),
    pushImage(stack.registryHost, 'wiz/new', 'v2'),
    pushImage(stack.registryHost, 'wiz/admin', 'v2'),
    pushImage(stack.registryHost, 'wiz/admin', 'v3'),
    pushImage(stack.registryHost, 'wiz/signers', 'v3'),
  ]);
  admin = a;
  signers = s;
  Object.assign(images, {
    'new:v1': imgNew,
    'new:v2': imgNew2,
    'admin:v2': imgAdmin2,
    'admin:v3': imgAdmin3,
    'signers:v3': imgSigners3,
  });
  for (const [tag, media, type] of [
    ['multi', 'oci', 'application/vnd.oci.image.index.v1+json'],
    ['multi-list', 'docker', 'application/vnd.docker.distribution.manifest.list.v2+json'],
  ] as const) {
    const amd = await pushImage(stack.registryHost, 'wiz/new', `${tag}-amd64`, { media, content: `${tag} amd64\n` });
    const arm = await pushImage(stack.registryHost, 'wiz/new', `${tag}-arm64`, { media, content: `${tag} arm64\n` });
    indexes[tag] = { ...(await putIndex(stack.registryHost, 'wiz/new', tag, type, amd, arm)), amd, arm };
  }
  outside = viewer(stack);
  const carol = makeIdentity(stack, `carol-${process.pid}`);
  carolPub = (await dockerKeyGenerate(carol, 'carol')).pub;
  // the app's identity: an empty trust dir; notary through the proxy (its CA where docker looks)
  app = makeIdentity(stack, `app-${process.pid}`, { server: proxy.url });
  const hp = new URL(proxy.url).host;
  mkdirSync(join(app.dockerConfig, 'tls', hp), { recursive: true });
  copyFileSync(stack.caFile, join(app.dockerConfig, 'tls', hp, 'ca.crt'));
  session = await startSession({
    env: {
      ...app.env,
      DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE: undefined,
      DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE: undefined,
    },
  });
  session.page.setDefaultTimeout(12_000);
});

after(async () => {
  await session?.close();
  await proxy?.close();
  await stack?.stop();
});

/* ------------------------------------------------------------------ helpers */

async function open(reference: string): Promise<void> {
  const page = session.page;
  const nav = page.getByRole('navigation', { name: 'Repositories' });
  const existing = nav.getByRole('button', {
    name: new RegExp(reference.split('/').slice(1).join('/').replace(/[.]/g, '\\.')),
  });
  if ((await existing.count()) > 0) await existing.first().click();
  else {
    const box = page.getByRole('textbox', { name: 'Repository', exact: true });
    await box.fill(reference);
    await box.press('Enter');
  }
  await page.getByRole('heading', { level: 1, name: reference }).waitFor();
  await page.locator('#signed-tags-heading, #no-access-heading').first().waitFor({ timeout: 20_000 });
}

async function refresh(): Promise<void> {
  const page = session.page;
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await page.getByRole('button', { name: 'Refresh', exact: true }).waitFor();
  await page.locator('#signed-tags-heading, #no-access-heading').first().waitFor({ timeout: 20_000 });
}

const wizard = (): Locator => session.page.locator('.wizard, .key-dialog, .review-dialog').first();

/** The repository header's "Sign tag" (there is one above the signed tags too). */
const signTagButton = (): Locator =>
  session.page.getByRole('group', { name: 'Repository actions' }).getByRole('button', { name: 'Sign tag' });

/** Opens "Sign tag" on the open repository, enters `tag` and goes on to the check step. */
async function signWizardFor(tag: string): Promise<Locator> {
  await signTagButton().click();
  const s = wizard();
  await s.getByLabel('Tag', { exact: true }).fill(tag);
  await s.getByRole('button', { name: 'Next' }).click();
  return s;
}
const prompt = (): Locator => session.page.locator('.passphrase-dialog');

interface PromptSeen {
  title: string;
  isNew: boolean;
  attemptText: string;
}

/**
 * Answers passphrase prompts until `done` is visible: `pick` chooses the passphrase from the
 * prompt (title, new or not); returns the prompts seen.
 */
async function answerUntil(
  done: Locator,
  pick: (p: PromptSeen) => string,
  opts: { shot?: (p: PromptSeen, i: number) => string | undefined; timeoutMs?: number } = {},
): Promise<PromptSeen[]> {
  const seen: PromptSeen[] = [];
  const end = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    if (await done.isVisible()) return seen;
    const dlg = prompt();
    if (await dlg.isVisible()) {
      const form = dlg.locator('form');
      const formId = await form.getAttribute('id');
      const title = ((await dlg.locator('h2').textContent()) ?? '').trim();
      const isNew = (await dlg.getByLabel('Repeat passphrase', { exact: true }).count()) > 0;
      const attemptText =
        (await dlg.locator('.dlg-warning[role="alert"]').count()) > 0
          ? ((await dlg.locator('.dlg-warning[role="alert"]').textContent()) ?? '')
          : '';
      const p = { title, isNew, attemptText };
      seen.push(p);
      const shot = opts.shot?.(p, seen.length - 1);
      await dlg.getByLabel('Passphrase', { exact: true }).fill(pick(p));
      if (isNew) await dlg.getByLabel('Repeat passphrase', { exact: true }).fill(pick(p));
      if (shot) await screenshot(session.page, shot);
      await dlg.getByLabel('Passphrase', { exact: true }).press('Enter');
      // gone, or replaced by the next prompt
      const gone = Date.now() + 10_000;
      while ((await session.page.locator(`form[id="${formId}"]`).count()) > 0) {
        if (Date.now() > gone) throw new Error(`prompt "${title}" did not close`);
        await new Promise((r) => setTimeout(r, 30));
      }
      continue;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${String(done)}`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

/** Admin identities' passphrases (docker's env-var passphrases of the seed scenarios). */
const seedPass = (p: PromptSeen): string => (/ root key/.test(p.title) ? ROOT_PASSPHRASE : REPO_PASSPHRASE);

async function inspect(gun: string): Promise<{
  tags: Record<string, { digest: string; signers: string[] }>;
  signers: string[];
  repositoryKeys: string[];
}> {
  const { json, result } = await dockerTrustInspect(outside, [gun]);
  assert.equal(result.code, 0, result.stderr);
  const j = json[0]!;
  return {
    tags: Object.fromEntries(
      j.SignedTags.map((t) => [t.SignedTag, { digest: t.Digest, signers: [...t.Signers].sort() }]),
    ),
    signers: j.Signers.map((s) => s.Name).sort(),
    repositoryKeys: (j.AdministrativeKeys.find((k) => k.Name === 'Repository')?.Keys ?? []).map((k) => k.ID),
  };
}

async function noSeriousAxe(page: Page, what: string): Promise<void> {
  const bad = (await axeScan(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad, [], `${what}: ${JSON.stringify(bad, null, 2)}`);
}

/** A test that starts with no dialog open and leaves a screenshot (debug-*.png) when it fails. */
function it(name: string, fn: () => Promise<void>): void {
  test(name, async () => {
    const page = session.page;
    for (let i = 0; i < 4 && (await page.locator('.dlg-backdrop').count()) > 0; i++) {
      const cancel = page.locator('.passphrase-dialog').getByRole('button', { name: 'Cancel' }).first();
      if (await cancel.isVisible()) await cancel.click();
      else await page.keyboard.press('Escape');
      await new Promise((r) => setTimeout(r, 100));
    }
    try {
      await fn();
    } catch (e) {
      await screenshot(page, `debug-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`).catch(() => undefined);
      throw e;
    }
  });
}

/* ------------------------------------------------------------------ tests */

describe('write wizards in the renderer (harness + real notary, empty trust dir)', () => {
  it('(1) initialize a new repository (new root key, repository key, first signer), then sign v1', async () => {
    const page = session.page;
    await open(newGun);
    await page.getByRole('heading', { name: `No signatures or cannot access ${newGun}` }).waitFor();
    await page.getByRole('button', { name: 'Initialize repository' }).click();
    const w = wizard();
    await w.getByRole('heading', { name: `Initialize repository — ${newGun}` }).waitFor();
    assert.equal(await w.getAttribute('aria-modal'), 'true');
    assert.ok(await w.getByRole('radio', { name: /Create a new root key/ }).isChecked(), 'no root key yet: a new one');
    await screenshot(page, 'wizard-init-1-root-key');
    await w.getByRole('button', { name: 'Next' }).click();
    await w.getByText(/A new repository key/).waitFor();
    await screenshot(page, 'wizard-init-2-repository-key');
    await page.keyboard.press('Enter'); // Enter goes on (focus is on the step's first control or the dialog)
    await w.getByRole('checkbox', { name: /Add a first signer/ }).check();
    await w.getByRole('textbox', { name: 'Signer name' }).fill('ada');
    await screenshot(page, 'wizard-init-3-first-signer');
    await w.getByRole('button', { name: 'Next' }).click();
    await w.getByRole('list', { name: 'What will be created' }).waitFor();
    await screenshot(page, 'wizard-init-4-confirm');
    await w.getByRole('button', { name: 'Initialize', exact: true }).click();

    // the new root key's prompt: docker's warning, two fields, minimum length and mismatch refused
    const dlg = prompt();
    await dlg.waitFor();
    assert.match((await dlg.locator('h2').textContent()) ?? '', /^Passphrase for new root key [0-9a-f]{7}$/);
    assert.match((await dlg.textContent()) ?? '', /You are about to create a new root signing key passphrase/);
    assert.match((await dlg.textContent()) ?? '', /Enter passphrase for new root key with ID [0-9a-f]{7}:/);
    await dlg.getByLabel('Passphrase', { exact: true }).fill('short');
    await dlg.getByLabel('Repeat passphrase', { exact: true }).fill('short');
    await dlg.getByRole('button', { name: 'Create key' }).click();
    await dlg.getByText(/too short: use at least 8 characters/).waitFor();
    await dlg.getByLabel('Passphrase', { exact: true }).fill(NEW_PASS);
    await dlg.getByLabel('Repeat passphrase', { exact: true }).fill(`${NEW_PASS}!`);
    await dlg.getByRole('button', { name: 'Create key' }).click();
    await dlg.getByText('Passphrases do not match. Please retry.').waitFor();
    await screenshot(page, 'wizard-passphrase-new-root');

    const seen = await answerUntil(w.getByText(`Successfully initialized ${newGun}`), () => NEW_PASS, {
      shot: (p) => (/repository key/.test(p.title) ? 'wizard-passphrase-new-repository-key' : undefined),
    });
    const titles = seen.map((s) => s.title.replace(/ [0-9a-f]{7}$/, ''));
    assert.deepEqual(titles, [
      'Passphrase for new root key',
      'Passphrase for new repository key',
      'Passphrase for new ada key',
    ]);
    assert.ok(seen.every((s) => s.isNew));
    await screenshot(page, 'wizard-init-5-done');
    await w.getByRole('button', { name: 'Show the repository' }).click();
    await w.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: `No signatures for ${newGun}` }).waitFor({ timeout: 20_000 });
    await page.getByRole('table', { name: 'Signers' }).waitFor();

    // sign v1
    await signTagButton().click();
    const s = wizard();
    await s.getByLabel('Tag', { exact: true }).fill('v1');
    await screenshot(page, 'wizard-sign-1-tag');
    await s.getByLabel('Tag', { exact: true }).press('Enter');
    await s.getByText('Digest (registry)').waitFor();
    assert.match((await s.textContent()) ?? '', new RegExp(images['new:v1']!.hex));
    const roles = await s
      .getByRole('table', { name: 'Roles to sign' })
      .locator('tbody tr td:first-child')
      .allTextContents();
    assert.deepEqual(
      roles,
      ['targets/releases', 'targets/ada'],
      'a repository with signers: signer roles only, as docker',
    );
    await screenshot(page, 'wizard-sign-2-check');
    await s.getByRole('button', { name: 'Stage signature' }).click();
    const staged = s.getByRole('table', { name: 'Staged changes' });
    await staged.waitFor();
    assert.equal(await staged.locator('tbody tr').count(), 2, 'one change per role');
    await screenshot(page, 'wizard-sign-3-review');
    await s.getByRole('button', { name: 'Publish signature' }).click();
    const prompts = await answerUntil(s.getByText(`Successfully signed ${newGun}:v1`), () => NEW_PASS);
    assert.ok(prompts.length > 0 && prompts.every((p) => /ada key/.test(p.title)), JSON.stringify(prompts));
    await screenshot(page, 'wizard-sign-4-done');
    await s.getByRole('button', { name: 'Close' }).first().click();

    const docker = await inspect(newGun);
    assert.deepEqual(docker.tags['v1'], { digest: images['new:v1']!.hex, signers: ['ada'] });
    assert.deepEqual(docker.signers, ['ada']);
    const list = await notaryList(outside, newGun);
    assert.equal(list.targets['v1']?.hex, images['new:v1']!.hex);
  });

  it('(2) import the admin’s trust dir; sign v2 as repository admin (wrong passphrase, then right)', async () => {
    const page = session.page;
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Keys' }).click();
    await page.getByRole('button', { name: 'Import keys' }).click();
    const w = wizard();
    await w.getByRole('radio', { name: /A docker trust dir/ }).check();
    // the folder is chosen in main's dialog (the harness chooser here); the page shows its name only
    session.harness.chooser.chooseNext({ paths: [admin.identities['admin']!.trustDir] });
    await w.getByRole('button', { name: 'Choose folder…' }).click();
    await w.getByText(basename(admin.identities['admin']!.trustDir), { exact: true }).waitFor();
    assert.equal(session.harness.chooser.shown.at(-1)?.kind, 'open');
    await shootAll(page, 'wizard-import-1-source');
    await w.getByRole('button', { name: 'Import', exact: true }).click();
    await answerUntil(w.getByText(/^Imported \d+ keys?$/), seedPass);
    const landed = await w.getByRole('table', { name: 'Imported keys' }).locator('tbody tr').allTextContents();
    assert.ok(landed.some((r) => /^root/.test(r)) && landed.some((r) => /^repository/.test(r)), landed.join('\n'));
    // stored in the app identity's trust dir: said in a word (no path reaches the page), and on disk
    assert.ok(
      landed.every((r) => r.endsWith('trust dir')),
      landed.join('\n'),
    );
    const stored = new Set(readdirSync(join(app.trustDir, 'private')));
    const importedIds = await w
      .getByRole('table', { name: 'Imported keys' })
      .locator('[data-full]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-full')));
    assert.ok(
      importedIds.length > 0 && importedIds.every((id) => stored.has(`${id}.key`)),
      'stored in the app identity’s trust dir',
    );
    await screenshot(page, 'wizard-import-2-landed');
    await page.keyboard.press('Escape');
    await w.waitFor({ state: 'detached' });
    // the backup reminder names the imported (never exported) root keys
    await page.getByRole('status', { name: 'Backup reminder' }).waitFor();

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Repository' }).click();
    await open(admin.gun);
    await refresh();
    const s = await signWizardFor('v2');
    await s.getByText('Digest (registry)').waitFor();
    assert.deepEqual(
      await s.getByRole('table', { name: 'Roles to sign' }).locator('tbody tr td:first-child').allTextContents(),
      ['targets'],
    );
    await s.getByRole('button', { name: 'Stage signature' }).click();
    await s.getByRole('table', { name: 'Staged changes' }).waitFor();
    await s.getByRole('button', { name: 'Publish signature' }).click();
    let wrong = 0;
    const seen = await answerUntil(
      s.getByText(`Successfully signed ${admin.gun}:v2`),
      (p) => (/repository key/.test(p.title) && wrong++ === 0 ? 'not-the-passphrase' : seedPass(p)),
      {
        shot: (p) => (/attempt 2 of 3/.test(p.attemptText) ? 'wizard-passphrase-wrong-retry' : undefined),
      },
    );
    assert.ok(
      seen.some((p) => /Passphrase incorrect\. Please retry\. \(attempt 2 of 3\)/.test(p.attemptText)),
      JSON.stringify(seen),
    );
    await s.getByRole('button', { name: 'Close' }).first().click();

    const docker = await inspect(admin.gun);
    assert.deepEqual(docker.tags['v2'], { digest: images['admin:v2']!.hex, signers: ['Repo Admin'] });
    assert.equal((await notaryList(outside, admin.gun)).targets['v2']?.hex, images['admin:v2']!.hex);
  });

  it('(3) import alice’s key file; sign v3 as alice where alice and bob are signers', async () => {
    const page = session.page;
    const alice = signers.identities['alice']!;
    const aliceId = signers.signers.find((x) => x.name === 'alice')!.keyIds[0]!;
    const file = join(
      alice.trustDir,
      'private',
      readdirSync(join(alice.trustDir, 'private')).find((f) => f.startsWith(aliceId))!,
    );
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Keys' }).click();
    await page.getByRole('button', { name: 'Import keys' }).click();
    const w = wizard();
    await w.getByRole('radio', { name: /A key file/ }).check();
    session.harness.chooser.chooseNext({ paths: [file] });
    await w.getByRole('button', { name: 'Choose file…' }).click();
    await w.getByText(basename(file), { exact: true }).waitFor();
    await w.getByRole('button', { name: 'Import', exact: true }).click();
    await answerUntil(w.getByText('Imported 1 key'), () => REPO_PASSPHRASE);
    assert.match((await w.getByRole('table', { name: 'Imported keys' }).textContent()) ?? '', /alice/);
    await w.getByRole('button', { name: 'Close' }).first().click();

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Repository' }).click();
    await open(signers.gun);
    await refresh();
    const s = await signWizardFor('v3');
    await s.getByText('Digest (registry)').waitFor();
    assert.deepEqual(
      await s.getByRole('table', { name: 'Roles to sign' }).locator('tbody tr td:first-child').allTextContents(),
      ['targets/releases', 'targets/alice'],
    );
    await s.getByRole('button', { name: 'Stage signature' }).click();
    await s.getByRole('table', { name: 'Staged changes' }).waitFor();
    await s.getByRole('button', { name: 'Publish signature' }).click();
    const seen = await answerUntil(s.getByText(`Successfully signed ${signers.gun}:v3`), () => REPO_PASSPHRASE);
    assert.ok(
      seen.every((p) => /alice key/.test(p.title)),
      JSON.stringify(seen),
    );
    await s.getByRole('button', { name: 'Close' }).first().click();

    const docker = await inspect(signers.gun);
    assert.deepEqual(docker.tags['v3'], { digest: images['signers:v3']!.hex, signers: ['alice'] });
    assert.deepEqual(docker.signers, ['alice', 'bob']);
    assert.equal((await notaryList(outside, signers.gun)).targets['v3']?.hex, images['signers:v3']!.hex);
  });

  it('export alice’s key: Save as… in main’s dialog, her passphrase asked, never over a file', async () => {
    const page = session.page;
    const aliceId = signers.signers.find((x) => x.name === 'alice')!.keyIds[0]!;
    const out = join(stack.dir, 'exports');
    mkdirSync(out, { recursive: true });
    const file = join(out, 'alice-backup.key');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Keys' }).click();
    await page.getByRole('button', { name: `Export key ${aliceId.slice(0, 7)}` }).click();
    const w = wizard();
    session.harness.chooser.chooseNext({ paths: [file] });
    await w.getByRole('button', { name: 'Save as…' }).click();
    await w.getByText('alice-backup.key', { exact: true }).waitFor();
    const shown = session.harness.chooser.shown.at(-1)!;
    assert.equal(shown.kind === 'save' && shown.defaultName, `${aliceId}.key`);
    await shootAll(page, 'wizard-export-key-chosen');
    await w.getByRole('button', { name: 'Export', exact: true }).click();
    const asked = await answerUntil(w.getByText('Exported to alice-backup.key'), () => REPO_PASSPHRASE);
    assert.equal(asked.length, 1, 'the key’s passphrase is asked before it is exported');
    assert.match(asked[0]!.title, /alice/);
    assert.match(readFileSync(file, 'utf8'), /-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    await w.getByRole('button', { name: 'Close' }).first().click();

    // the same file again: refused, even with the dialog's "replace"
    await page.getByRole('button', { name: `Export key ${aliceId.slice(0, 7)}` }).click();
    session.harness.chooser.chooseNext({ paths: [file], replace: true });
    await wizard().getByRole('button', { name: 'Save as…' }).click();
    await wizard()
      .getByRole('alert')
      .filter({ hasText: /alice-backup\.key is there already; an exported key never replaces a file/ })
      .waitFor();
    await shootAll(page, 'wizard-export-key-refused');
    await page.keyboard.press('Escape');
    await wizard().waitFor({ state: 'detached' });
  });

  it('export alice’s key for cosign: NAME.key that the real cosign reads, NAME.pub beside it', async () => {
    const page = session.page;
    const aliceId = signers.signers.find((x) => x.name === 'alice')!.keyIds[0]!;
    const file = join(stack.dir, 'exports', 'alice-cosign.key');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Keys' }).click();
    await page.getByRole('button', { name: `Export key ${aliceId.slice(0, 7)}` }).click();
    const w = wizard();
    await w.getByRole('radio', { name: /cosign/ }).check();
    session.harness.chooser.chooseNext({ paths: [file] });
    await w.getByRole('button', { name: 'Save as…' }).click();
    await w.getByText('alice-cosign.key', { exact: true }).waitFor();
    const shown = session.harness.chooser.shown.at(-1)!;
    assert.equal(shown.kind === 'save' && shown.defaultName, 'cosign.key');
    await shootAll(page, 'wizard-export-cosign-chosen');
    await w.getByRole('button', { name: 'Export', exact: true }).click();
    const COSIGN_PW = 'cosign-password-e2e';
    const asked = await answerUntil(w.getByText('Exported to alice-cosign.key and alice-cosign.pub'), (p) =>
      p.isNew ? COSIGN_PW : REPO_PASSPHRASE,
    );
    assert.deepEqual(
      asked.map((p) => p.isNew),
      [false, true],
      'the key’s own passphrase, then a new password for the cosign file',
    );
    const pub = await run('cosign', ['public-key', '--key', file], {
      ...process.env,
      COSIGN_PASSWORD: COSIGN_PW,
    } as Record<string, string>);
    assert.equal(pub.code, 0, pub.stderr);
    assert.equal(pub.stdout, readFileSync(join(stack.dir, 'exports', 'alice-cosign.pub'), 'utf8'));
    await w.getByRole('button', { name: 'Close' }).first().click();
  });

  it('add signer carol (public key file), then remove her after the impact preview', async () => {
    const page = session.page;
    await open(newGun);
    await page.getByRole('button', { name: 'Add signer' }).click();
    const w = wizard();
    await w.getByRole('textbox', { name: 'Signer name' }).fill('carol');
    session.harness.chooser.chooseNext({ paths: [carolPub] });
    await w.getByRole('button', { name: 'Choose files…' }).click();
    await w.getByText(basename(carolPub), { exact: true }).waitFor();
    await screenshot(page, 'wizard-add-signer-1');
    await w.getByRole('button', { name: 'Stage signer' }).click();
    const staged = w.getByRole('table', { name: 'Staged changes' });
    await staged.waitFor();
    const roles = await staged.locator('tbody tr td:first-child').allTextContents();
    assert.ok(roles.includes('targets/carol') || roles.includes('targets'), roles.join(','));
    await screenshot(page, 'wizard-add-signer-2-review');
    await w.getByRole('button', { name: 'Publish', exact: true }).click();
    await answerUntil(w.getByText(`Successfully added signer: carol to ${newGun}`), () => NEW_PASS);
    await w.getByRole('button', { name: 'Close' }).first().click();
    assert.deepEqual((await inspect(newGun)).signers, ['ada', 'carol']);

    await refresh();
    await page
      .getByRole('table', { name: 'Signers' })
      .getByRole('row', { name: /carol/ })
      .getByRole('button', { name: 'Remove signer' })
      .click();
    const r = wizard();
    await r.getByText('No tag loses its last signature').waitFor();
    await screenshot(page, 'wizard-remove-signer-1-impact');
    await r.getByRole('button', { name: 'Stage removal' }).click();
    await r.getByRole('table', { name: 'Staged changes' }).waitFor();
    await r.getByRole('button', { name: 'Publish', exact: true }).click();
    await answerUntil(r.getByText(`Successfully removed carol from ${newGun}`), () => NEW_PASS);
    await screenshot(page, 'wizard-remove-signer-2-done');
    await r.getByRole('button', { name: 'Close' }).first().click();
    assert.deepEqual((await inspect(newGun)).signers, ['ada']);

    // removing ada would orphan v1: the preview says so and asks for an explicit confirmation
    await refresh();
    await page
      .getByRole('table', { name: 'Signers' })
      .getByRole('row', { name: /ada/ })
      .getByRole('button', { name: 'Remove signer' })
      .click();
    const o = wizard();
    await o
      .getByText(/No tag loses its last signature|would lose/)
      .first()
      .waitFor();
    const orphans = await o
      .getByRole('list', { name: 'Tags that become unpullable' })
      .getByRole('listitem')
      .allTextContents();
    assert.deepEqual(orphans, ['v1'], 'ada alone released v1');
    const stageRemoval = o.getByRole('button', { name: 'Stage removal' });
    assert.ok(await stageRemoval.isDisabled(), 'needs the confirmation first');
    await screenshot(page, 'wizard-remove-signer-orphans');
    await o.getByRole('checkbox', { name: /I understand that v1 will no longer be pullable/ }).check();
    assert.ok(await stageRemoval.isEnabled());
    await page.keyboard.press('Escape');
    await o.waitFor({ state: 'detached' });
  });

  it('revoke v1 with a typed confirmation', async () => {
    const page = session.page;
    await open(newGun);
    await refresh();
    await page
      .getByRole('table', { name: 'Signed tags' })
      .getByRole('row', { name: /^v1/ })
      .getByRole('button', { name: 'Revoke' })
      .click();
    const w = wizard();
    const stage = w.getByRole('button', { name: 'Stage revocation' });
    assert.ok(await stage.isDisabled(), 'disabled until the tag is typed');
    await w.getByRole('textbox', { name: /Type v1 to confirm/ }).fill('v1');
    await screenshot(page, 'wizard-revoke-1-confirm');
    await stage.click();
    await w.getByRole('table', { name: 'Staged changes' }).waitFor();
    await w.getByRole('button', { name: 'Publish', exact: true }).click();
    await answerUntil(w.getByText(`Successfully deleted signature for ${newGun}:v1`), () => NEW_PASS);
    await screenshot(page, 'wizard-revoke-2-done');
    await w.getByRole('button', { name: 'Close' }).first().click();
    assert.equal((await notaryList(outside, newGun)).targets['v1'], undefined, 'v1 is gone from notary list');
    assert.equal((await inspect(newGun)).tags['v1'], undefined);
  });

  it('cancel at the passphrase prompt: nothing published, the change stays in the review list', async () => {
    const page = session.page;
    await open(admin.gun);
    const before = (await notaryList(outside, admin.gun)).targets;
    const s = await signWizardFor('v3');
    await s.getByRole('button', { name: 'Stage signature' }).click();
    await s.getByRole('table', { name: 'Staged changes' }).waitFor();
    await s.getByRole('button', { name: 'Publish signature' }).click();
    await prompt().waitFor();
    await screenshot(page, 'wizard-passphrase-existing-key');
    await prompt().getByRole('button', { name: 'Cancel' }).first().click();
    await s.getByText(/Publishing failed/).waitFor();
    assert.match((await s.getByRole('alert').first().textContent()) ?? '', /KEY_CANCELLED|cancel/i);
    assert.equal(
      await s.getByRole('table', { name: 'Staged changes' }).locator('tbody tr').count(),
      1,
      'the change is kept',
    );
    await screenshot(page, 'wizard-cancelled-kept');
    // Escape closes the wizard; focus returns to the button that opened it
    await page.keyboard.press('Escape');
    await s.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(`document.activeElement && document.activeElement.textContent`), 'Sign tag');
    assert.deepEqual((await notaryList(outside, admin.gun)).targets, before, 'notary list unchanged');

    // the review list, from the repository view
    await page.getByRole('button', { name: 'Review changes' }).click();
    const r = wizard();
    await r.getByRole('table', { name: 'Staged changes' }).waitFor();
    const rows = await r.getByRole('table', { name: 'Staged changes' }).locator('tbody tr').allTextContents();
    assert.equal(rows.length, 1);
    assert.match(rows[0]!, /targets/);
    assert.match(rows[0]!, /v3/);
    await screenshot(page, 'wizard-review-changes');
  });

  it('trust server unreachable during publish: the reason, the changes kept, then a successful retry', async () => {
    const page = session.page;
    await open(admin.gun);
    await page.getByRole('button', { name: 'Review changes' }).click();
    const r = wizard();
    await r.getByRole('table', { name: 'Staged changes' }).waitFor();
    await proxy.stop();
    try {
      await r.getByRole('button', { name: 'Publish', exact: true }).click();
      await r.getByText(/Publishing failed/).waitFor({ timeout: 30_000 });
      const alert = (await r.getByRole('alert').first().textContent()) ?? '';
      assert.match(alert, /Server unreachable/);
      assert.match(alert, /HTTP_UNREACHABLE/);
      assert.match(alert, /What to do:/);
      assert.equal(await r.getByRole('table', { name: 'Staged changes' }).locator('tbody tr').count(), 1);
      await screenshot(page, 'wizard-publish-failed');
    } finally {
      await proxy.start();
    }
    await r.getByRole('button', { name: 'Retry publish' }).click();
    await answerUntil(r.getByText(/^Published 1 change\(s\)/), seedPass);
    await screenshot(page, 'wizard-publish-retried');
    await r.getByRole('button', { name: 'Close' }).first().click();
    assert.equal((await notaryList(outside, admin.gun)).targets['v3']?.hex, images['admin:v3']!.hex);
  });

  it('rotate the repository key (guided wizard), then renew a role', async () => {
    const page = session.page;
    await open(newGun);
    await refresh();
    const before = (await inspect(newGun)).repositoryKeys;
    await page.getByRole('button', { name: 'Rotate keys' }).click();
    const w = wizard();
    assert.ok(await w.getByRole('radio', { name: /Repository key \(targets\)/ }).isChecked());
    await screenshot(page, 'wizard-rotate-1-key');
    await w.getByRole('button', { name: 'Next' }).click();
    await screenshot(page, 'wizard-rotate-2-confirm');
    await w.getByRole('button', { name: 'Rotate and publish' }).click();
    const seen = await answerUntil(w.getByText(`Successfully rotated the targets key of ${newGun}`), () => NEW_PASS);
    assert.ok(
      seen.some((p) => /root key/.test(p.title) && !p.isNew) &&
        seen.some((p) => /new repository key/.test(p.title) && p.isNew),
      JSON.stringify(seen),
    );
    await screenshot(page, 'wizard-rotate-3-done');
    await w.getByRole('button', { name: 'Close' }).first().click();
    const after = (await inspect(newGun)).repositoryKeys;
    assert.equal(after.length, 1);
    assert.notDeepEqual(after, before, 'docker trust inspect shows the new repository key');

    await refresh();
    await page.getByRole('button', { name: 'Renew', exact: true }).click();
    const r = wizard();
    await r.getByRole('checkbox', { name: /^targets\/ada/ }).check();
    await screenshot(page, 'wizard-renew-1-roles');
    await r.getByRole('button', { name: /^Renew/ }).click();
    await answerUntil(r.getByText(`Renewed targets/ada of ${newGun}`), () => NEW_PASS);
    await screenshot(page, 'wizard-renew-2-done');
    await r.getByRole('button', { name: 'Close' }).first().click();
    assert.deepEqual((await inspect(newGun)).signers, ['ada']);
  });

  it('multi-platform image: an OCI index and a manifest list list both platforms; the index is signed', async () => {
    const page = session.page;
    await open(newGun);
    await refresh();
    const platforms = async (s: Locator): Promise<Array<{ name: string; digest: string | null; size: string }>> => {
      const table = s.getByRole('table', { name: 'Platforms' });
      await table.waitFor();
      const out = [];
      for (const row of await table.locator('tbody tr').all()) {
        const cells = row.locator('td');
        out.push({
          name: (await cells.nth(0).textContent()) ?? '',
          digest: await cells.nth(1).locator('[data-full]').getAttribute('data-full'),
          size: (await cells.nth(2).textContent()) ?? '',
        });
      }
      return out;
    };

    // the manifest list: shown, not signed
    let s = await signWizardFor('multi-list');
    await s.getByText('Multi-platform image (index).').waitFor();
    const list = indexes['multi-list']!;
    assert.match((await s.textContent()) ?? '', new RegExp(`sha256:${list.hex}`));
    assert.match((await s.textContent()) ?? '', /application\/vnd\.docker\.distribution\.manifest\.list\.v2\+json/);
    assert.deepEqual(await platforms(s), [
      { name: 'linux/amd64', digest: list.amd.digest, size: `${list.amd.size} B (${list.amd.size} bytes)` },
      { name: 'linux/arm64/v8', digest: list.arm.digest, size: `${list.arm.size} B (${list.arm.size} bytes)` },
    ]);
    await page.keyboard.press('Escape');
    await s.waitFor({ state: 'detached' });

    // the OCI index: shown, then signed
    s = await signWizardFor('multi');
    await s.getByText('Multi-platform image (index).').waitFor();
    const idx = indexes['multi']!;
    assert.match((await s.textContent()) ?? '', new RegExp(`sha256:${idx.hex}`));
    assert.deepEqual(
      (await platforms(s)).map((p) => [p.name, p.digest]),
      [
        ['linux/amd64', idx.amd.digest],
        ['linux/arm64/v8', idx.arm.digest],
      ],
    );
    assert.equal(await s.getByRole('button', { name: 'Copy digest of linux/arm64/v8' }).count(), 1);
    await screenshot(page, 'wizard-sign-multiplatform');
    await noSeriousAxe(page, 'sign tag, multi-platform image');
    await s.getByRole('button', { name: 'Stage signature' }).click();
    await s.getByRole('table', { name: 'Staged changes' }).waitFor();
    await s.getByRole('button', { name: 'Publish signature' }).click();
    await answerUntil(s.getByText(`Successfully signed ${newGun}:multi`), () => NEW_PASS);
    await s.getByRole('button', { name: 'Close' }).first().click();

    const docker = await inspect(newGun);
    assert.deepEqual(
      docker.tags['multi'],
      { digest: idx.hex, signers: ['ada'] },
      'docker trust inspect shows the index digest',
    );
    assert.equal((await notaryList(outside, newGun)).targets['multi']?.hex, idx.hex);
  });

  it('add signer dora with a new key, then sign v2 as dora', async () => {
    const page = session.page;
    await open(newGun);
    await refresh();
    await page.getByRole('button', { name: 'Add signer' }).click();
    const w = wizard();
    await w.getByRole('textbox', { name: 'Signer name' }).fill('dora');
    // the three sources; "One of your keys" lists signer keys (ada's, alice's), not root or repository keys
    await w.getByRole('radio', { name: /One of your keys/ }).check();
    const offered = await w.getByLabel('Your key', { exact: true }).locator('option').allTextContents();
    assert.ok(
      offered.some((o) => /^ada — [0-9a-f]{12} \(trust dir\)$/.test(o)),
      offered.join(', '),
    );
    assert.ok(!offered.some((o) => /^(root|targets|snapshot|timestamp) — /.test(o)), offered.join(', '));
    await w.getByRole('radio', { name: /Create a new key for this signer/ }).check();
    assert.equal(await w.getByRole('textbox', { name: 'Public key file' }).count(), 0);
    await screenshot(page, 'wizard-add-signer-new-key');
    await w.getByRole('button', { name: 'Stage signer' }).click();
    const created = await answerUntil(w.getByRole('table', { name: 'Staged changes' }), () => NEW_PASS);
    assert.deepEqual(
      created.map((p) => p.title.replace(/ [0-9a-f]{7}$/, '')),
      ['Passphrase for new dora key'],
      'the new key’s passphrase, chosen twice',
    );
    assert.ok(created[0]!.isNew);
    const newKeyId = await w
      .getByRole('status')
      .filter({ hasText: 'Created the key' })
      .locator('[data-full]')
      .getAttribute('data-full');
    assert.match(newKeyId ?? '', /^[0-9a-f]{64}$/);
    await screenshot(page, 'wizard-add-signer-new-key-review');
    await w.getByRole('button', { name: 'Publish', exact: true }).click();
    await answerUntil(w.getByText(`Successfully added signer: dora to ${newGun}`), () => NEW_PASS);
    await w.getByRole('button', { name: 'Close' }).first().click();
    assert.deepEqual((await inspect(newGun)).signers, ['ada', 'dora']);
    const { json } = await dockerTrustInspect(outside, [newGun]);
    assert.deepEqual(
      (json[0]!.Signers.find((x) => x.Name === 'dora')?.Keys ?? []).map((k) => k.ID),
      [newKeyId],
      'dora’s key is the new key',
    );
    // the new key is stored with the signer name as its role (docker trust key generate NAME)
    assert.ok(readdirSync(join(app.trustDir, 'private')).includes(`${newKeyId}.key`));

    // sign v2 as dora
    await refresh();
    const s = await signWizardFor('v2');
    await s.getByText('Digest (registry)').waitFor();
    await s.getByLabel('Sign as', { exact: true }).selectOption('dora');
    // the plan for dora comes from core (trust:signingPlan), asked again
    await s
      .getByRole('table', { name: 'Roles to sign' })
      .getByRole('cell', { name: 'targets/dora', exact: true })
      .waitFor();
    assert.deepEqual(
      await s.getByRole('table', { name: 'Roles to sign' }).locator('tbody tr td:first-child').allTextContents(),
      ['targets/releases', 'targets/dora'],
    );
    await screenshot(page, 'wizard-sign-as-new-signer');
    await s.getByRole('button', { name: 'Stage signature' }).click();
    await s.getByRole('table', { name: 'Staged changes' }).waitFor();
    await s.getByRole('button', { name: 'Publish signature' }).click();
    const seen = await answerUntil(s.getByText(`Successfully signed ${newGun}:v2`), () => NEW_PASS);
    // dora's key signs targets/dora; targets/releases is signed with every key of it held here (ada's too), as notary does
    assert.ok(
      seen.some((p) => /dora key/.test(p.title)) && !seen.some((p) => /root key|repository key/.test(p.title)),
      JSON.stringify(seen),
    );
    await s.getByRole('button', { name: 'Close' }).first().click();

    const docker = await inspect(newGun);
    assert.deepEqual(docker.tags['v2'], { digest: images['new:v2']!.hex, signers: ['dora'] });
    assert.equal((await notaryList(outside, newGun)).targets['v2']?.hex, images['new:v2']!.hex);
  });

  it('keyboard: focus trapped in a dialog (Tab wraps), Escape closes, focus restored; axe on the open wizard', async () => {
    const page = session.page;
    await open(admin.gun);
    const opener = signTagButton();
    await opener.focus();
    await page.keyboard.press('Enter');
    const s = wizard();
    await s.getByLabel('Tag', { exact: true }).waitFor();
    assert.equal(await page.evaluate(`document.activeElement.id`), 'sign-tag-input', 'the first field has focus');
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      assert.ok(
        await page.evaluate(`!!document.activeElement.closest('[role=dialog]')`),
        `Tab ${i + 1} stays in the dialog`,
      );
    }
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Shift+Tab');
      assert.ok(
        await page.evaluate(`!!document.activeElement.closest('[role=dialog]')`),
        `Shift+Tab ${i + 1} stays in the dialog`,
      );
    }
    await noSeriousAxe(page, 'sign tag wizard');
    await page.keyboard.press('Escape');
    await s.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(`document.activeElement.textContent`), 'Sign tag');

    // the keys section with its actions, and a delete confirmation
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Keys' }).click();
    await page.getByRole('status', { name: 'Backup reminder' }).waitFor();
    await screenshot(page, 'wizard-keys-section');
    const keysTable = page.getByRole('table', { name: 'Keys' });
    await keysTable
      .locator('tbody tr')
      .filter({ has: page.locator('.key-role', { hasText: /^root$/ }) })
      .first()
      .getByRole('button', { name: /^Delete key / })
      .click();
    const d = wizard();
    assert.match((await d.textContent()) ?? '', /only copy of a root key/, 'never exported: the warning');
    assert.ok(await d.getByRole('button', { name: 'Delete key' }).isDisabled(), 'typed confirmation first');
    await screenshot(page, 'wizard-delete-root-key');
    await noSeriousAxe(page, 'delete key dialog');
    await page.keyboard.press('Escape');
    await d.waitFor({ state: 'detached' });
  });

  test('no console errors', () => {
    assert.deepEqual(
      session.consoleErrors.filter((e) => !/Failed to load resource/.test(e)),
      [],
    );
  });
});
