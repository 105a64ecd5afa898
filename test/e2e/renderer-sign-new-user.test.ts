/**
 * A new user signs, in headless Chromium through the browser harness, against the REAL
 * notary-server and registries, starting from an EMPTY trust dir and starting every time from
 * "Sign tag":
 *   (1) a repository the trust server does not know (no trust data): the first screen adds it,
 *       "Sign tag" leads through initializing it (new root key, repository key, first signer named
 *       after the registry login) to "Successfully signed"; `docker trust inspect` from a key-less
 *       identity shows the tag with the registry's digest and the signer named after the login;
 *   (2) a repository signed by its admin (the admin's keys in the trust dir);
 *   (3) a repository with releases and signers, as alice; (4) holding alice's and bob's keys, then
 *       "Sign as" bob.
 * Each time the signing plan the Sign dialog shows (roles, your keys) equals what signing then
 * writes, read from the trust server's metadata and `docker trust inspect`. Screenshots of the
 * first screen, the dialog's steps and the repository header at 1024, 1400 and 1920 px, light and
 * dark, with the header's layout measured (no action outside the pane, titles broken only after "/").
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { startStack, type Stack } from '../helpers/stack.js';
import { makeIdentity, REPO_PASSPHRASE, ROOT_PASSPHRASE, type Identity } from '../helpers/identity.js';
import { pushImage, type PushResult } from '../helpers/registry-push.js';
import { adminSignedRepo, dockerTrustInspect, signersRepo, viewer, type Scenario } from '../helpers/scenarios.js';
import { axeScan, screenshot, startSession, type Session } from './lib/browser.js';
import { answerUntil, headerLayout, previewedPlan, servedRole, shootAll, type PromptSeen } from './lib/flows.js';

const NEW_PASS = 'correct horse battery staple';
const LOGIN = 'ada';

let stack: Stack;
let session: Session;
let app: Identity;
let outside: Identity;
let admin: Scenario;
let signers: Scenario;
let longName: Scenario;
let freshGun = '';
const images: Record<string, PushResult> = {};

before(async () => {
  stack = await startStack({ registryAuth: true, registryUser: LOGIN, registryPassword: 'ada-registry-password' });
  const creds = { user: LOGIN, password: 'ada-registry-password' };
  freshGun = `${stack.registryAuthHost!}/nu/fresh`;
  const [a, s, l] = await Promise.all([
    adminSignedRepo(stack, 'nu/admin', ['v1']),
    signersRepo(stack, 'nu/signers', { coSigned: false }),
    adminSignedRepo(stack, 'platform-engineering/payments-gateway-service-api', ['v1']),
  ]);
  [admin, signers, longName] = [a, s, l];
  const pushed = await Promise.all([
    pushImage(stack.registryAuthHost!, 'nu/fresh', 'v1', { creds }),
    pushImage(stack.registryAuthHost!, 'nu/fresh', 'v2', { creds }),
    pushImage(stack.registryHost, 'nu/admin', 'v2'),
    pushImage(stack.registryHost, 'nu/signers', 'v3'),
    pushImage(stack.registryHost, 'nu/signers', 'v4'),
    pushImage(stack.registryHost, 'nu/signers', 'v5'),
  ]);
  for (const [k, r] of ['fresh:v1', 'fresh:v2', 'admin:v2', 'signers:v3', 'signers:v4', 'signers:v5'].map(
    (k, i) => [k, pushed[i]!] as const,
  ))
    images[k] = r;
  outside = viewer(stack);
  // the app's identity: an empty trust dir, logged in to the registry as ada (as `docker login` leaves it)
  app = makeIdentity(stack, `newuser-${process.pid}`);
  const auth = Buffer.from(`${LOGIN}:ada-registry-password`).toString('base64');
  writeFileSync(
    join(app.dockerConfig, 'config.json'),
    JSON.stringify({ auths: { [stack.registryAuthHost!]: { auth } } }),
    { mode: 0o600 },
  );
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
  await stack?.stop();
});

/* ------------------------------------------------------------------ helpers */

const page = () => session.page;
const dialog = (): Locator => page().locator('.sign-tag-wizard');
const headerSign = (): Locator =>
  page().getByRole('group', { name: 'Repository actions' }).getByRole('button', { name: 'Sign tag' });

/** Opens a repository by the sidebar's Repository box; waits for its data (or docker's "cannot access"). */
async function open(reference: string): Promise<void> {
  const box = page().getByRole('textbox', { name: 'Repository', exact: true });
  await box.fill(reference);
  await box.press('Enter');
  await page().getByRole('heading', { level: 1, name: reference }).waitFor();
  await page().locator('#signed-tags-heading, #no-access-heading').first().waitFor({ timeout: 20_000 });
  // a repository opened before shows its last data at once while it refreshes
  await page()
    .getByRole('group', { name: 'Repository actions' })
    .getByRole('button', { name: 'Refreshing…', exact: true })
    .waitFor({ state: 'detached', timeout: 20_000 });
}

/** The keys of a seed identity land in the app's trust dir, as if the user had them (the wizards test imports through the UI). */
function giveKeys(from: Identity, keyIds?: string[]): void {
  const src = join(from.trustDir, 'private');
  const dst = join(app.trustDir, 'private');
  mkdirSync(dst, { recursive: true, mode: 0o700 });
  for (const f of readdirSync(src))
    if (!keyIds || keyIds.some((id) => f.startsWith(id))) copyFileSync(join(src, f), join(dst, f));
}

async function refresh(): Promise<void> {
  await page().getByRole('group', { name: 'Repository actions' }).getByRole('button', { name: 'Refresh' }).click();
  await page().getByRole('button', { name: 'Refresh', exact: true }).waitFor();
  await page().locator('#signed-tags-heading, #no-access-heading').first().waitFor({ timeout: 20_000 });
}

/** Picks `tag` in the registry's tag list and goes on. */
async function pickTag(tag: string): Promise<void> {
  const list = dialog().getByRole('listbox', { name: 'Tags in the registry' });
  await list.waitFor();
  await list.selectOption(tag);
  assert.equal(await dialog().getByLabel('Tag', { exact: true }).inputValue(), tag);
  await dialog().getByRole('button', { name: 'Next' }).click();
}

async function inspect(gun: string) {
  const { json, result } = await dockerTrustInspect(outside, [gun]);
  assert.equal(result.code, 0, result.stderr);
  const j = json[0]!;
  return {
    tags: Object.fromEntries(
      j.SignedTags.map((t) => [t.SignedTag, { digest: t.Digest, signers: [...t.Signers].sort() }]),
    ),
    signers: j.Signers.map((s) => s.Name).sort(),
    root: (j.AdministrativeKeys.find((k) => k.Name === 'Root')?.Keys ?? []).map((k) => k.ID),
  };
}

const seedPass = (p: PromptSeen): string => (/ root key/.test(p.title) ? ROOT_PASSPHRASE : REPO_PASSPHRASE);

/**
 * The signing plan shown equals what signing wrote: every previewed role holds the tag with `hex`
 * on the server, signed by exactly the previewed keys (`created` for a key made on the way);
 * the other roles (`others`) do not hold the tag.
 */
async function assertPlanWritten(
  gun: string,
  tag: string,
  hex: string,
  plan: Record<string, string[]>,
  others: string[],
  created: string[] = [],
): Promise<void> {
  const role = (r: string) => servedRole(stack.notaryHttpsUrl, stack.caFile, gun, r);
  for (const [name, keys] of Object.entries(plan)) {
    const served = await role(name);
    assert.equal(served?.targets[tag], hex, `${name} holds ${tag} with the registry's digest`);
    const want = (keys.length > 0 ? keys : created).sort();
    assert.deepEqual(served?.signedBy, want, `${name} is signed by the keys the preview showed`);
  }
  for (const name of others)
    assert.equal((await role(name))?.targets[tag], undefined, `${name} was not in the plan: no ${tag}`);
}

/* ------------------------------------------------------------------ tests */

describe('a new user signs, from "Sign tag" (harness + real notary and registries, empty trust dir)', () => {
  test('first start with an empty trust dir: what Signet is for, and the next steps', async () => {
    const first = page().getByRole('heading', { level: 1, name: 'Welcome to Signet' });
    await first.waitFor();
    const text = (await page().locator('.first-start').textContent()) ?? '';
    assert.match(text, /signs container images and shows who signed them/);
    assert.match(
      text,
      new RegExp(`Your docker trust dir ${app.trustDir.replace(/[.]/g, '\\.')} has no keys and no repositories yet`),
    );
    assert.deepEqual(
      await page().getByRole('list', { name: 'Next steps' }).getByRole('heading', { level: 2 }).allTextContents(),
      ['Add a repository', 'Add a registry', 'Import keys', 'Generate a key'],
    );
    assert.equal(
      await page().getByRole('navigation', { name: 'Repositories' }).getByText('No repositories yet.').count(),
      1,
    );
    const serious = (await axeScan(page())).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(serious, [], JSON.stringify(serious, null, 2));
    await shootAll(page(), 'first-start-empty');
  });

  test('(1) a repository the trust server does not know: added from the first screen; Sign tag → initialize → "Successfully signed"', async () => {
    const p = page();
    await p.getByRole('textbox', { name: 'Repository to add' }).fill(freshGun);
    await p.getByRole('button', { name: 'Add repository' }).click();
    await p.getByRole('heading', { level: 1, name: freshGun }).waitFor();
    const panel = p.locator('section', { has: p.locator('#no-access-heading') });
    await panel.waitFor({ timeout: 20_000 });
    assert.match((await panel.textContent()) ?? '', /Not signed yet/);
    assert.equal(await panel.getByRole('button', { name: 'Initialize repository' }).count(), 1, 'Initialize stays');
    await screenshot(p, 'new-user-no-trust-data');
    await panel.getByRole('button', { name: 'Sign tag' }).click();

    // the tag from the registry's list (the registry asks for ada's login)
    const s = dialog();
    const list = s.getByRole('listbox', { name: 'Tags in the registry' });
    await list.waitFor();
    assert.deepEqual(await list.locator('option').allTextContents(), ['v1 — not signed', 'v2 — not signed']);
    await shootAll(p, 'sign-new-1-tag');
    await pickTag('v1');

    // initialize: a new root key (none yet), the repository key, the first signer named after the login
    await s.getByText(`${freshGun} has no trust data yet.`).first().waitFor();
    assert.ok(await s.getByRole('radio', { name: /Create a new root key/ }).isChecked());
    const login = s.getByRole('radio', {
      name: `Named after your registry login: ${LOGIN} As docker names the first signer.`,
    });
    assert.ok(await login.isChecked(), 'the first signer is named after the registry login');
    await shootAll(p, 'sign-new-2-initialize');
    await s.getByRole('button', { name: 'Next' }).click();

    // check: the registry's digest, what will be created, the plan
    await s.getByRole('list', { name: 'What will be created' }).waitFor();
    assert.match((await s.textContent()) ?? '', new RegExp(`sha256:${images['fresh:v1']!.hex}`));
    assert.deepEqual(
      await s.getByRole('list', { name: 'What will be created' }).getByRole('listitem').allTextContents(),
      [
        'Root key: a new root key (passphrase asked, twice)',
        'Repository key: a new key (passphrase asked, twice)',
        'Snapshot and timestamp keys: on the trust server',
        `First signer ${LOGIN}: a new key (passphrase asked, twice), also in targets/releases`,
      ],
    );
    const plan = await previewedPlan(s);
    assert.deepEqual(plan, { 'targets/releases': [], [`targets/${LOGIN}`]: [] }, 'both signed with the new signer key');
    await shootAll(p, 'sign-new-3-check');
    await s.getByRole('button', { name: 'Sign and publish' }).click();

    // passphrases for the new root, repository and signer keys, as docker asks them
    const seen = await answerUntil(p, s.getByText(`Successfully signed ${freshGun}:v1`), () => NEW_PASS, {
      shot: (q) => (/new root key/.test(q.title) ? 'sign-new-passphrase-root' : undefined),
    });
    assert.deepEqual(
      seen.map((q) => q.title.replace(/ [0-9a-f]{7}$/, '')),
      ['Passphrase for new root key', 'Passphrase for new repository key', `Passphrase for new ${LOGIN} key`],
    );
    assert.ok(seen.every((q) => q.isNew));
    const facts = (await s.getByRole('definition').allTextContents()).join('\n');
    const signerKey = new RegExp(`${LOGIN}, key ([0-9a-f]{64})`).exec(facts)?.[1];
    assert.ok(signerKey, facts);
    await shootAll(p, 'sign-new-4-done');
    await s.getByRole('button', { name: 'Close' }).first().click();

    // from outside: docker trust inspect (key-less) and the server's metadata
    const docker = await inspect(freshGun);
    assert.deepEqual(docker.tags['v1'], { digest: images['fresh:v1']!.hex, signers: [LOGIN] });
    assert.deepEqual(docker.signers, [LOGIN], 'the signer is named after the registry login');
    await assertPlanWritten(freshGun, 'v1', images['fresh:v1']!.hex, plan, ['targets'], [signerKey!]);
    // the repository now shows its data, and its root as trusted on first use
    await p.locator('#signed-tags-heading').waitFor({ timeout: 20_000 });
    assert.match(
      (await p.getByRole('region', { name: 'Root of trust' }).textContent()) ?? '',
      /Root trusted on first use/,
    );
  });

  test('(2) repository admin: the plan is targets with the repository key; signing writes exactly that', async () => {
    const p = page();
    giveKeys(admin.identities['admin']!);
    await open(admin.gun);
    await refresh();
    await headerSign().click();
    await pickTag('v2');
    const s = dialog();
    await s.getByText('Digest (registry)').waitFor();
    const plan = await previewedPlan(s);
    assert.deepEqual(Object.keys(plan), ['targets']);
    assert.equal(plan['targets']!.length, 1);
    await s.getByRole('button', { name: 'Stage signature' }).click();
    await s.getByRole('table', { name: 'Staged changes' }).waitFor();
    await s.getByRole('button', { name: 'Publish signature' }).click();
    await answerUntil(p, s.getByText(`Successfully signed ${admin.gun}:v2`), seedPass);
    await s.getByRole('button', { name: 'Close' }).first().click();
    assert.deepEqual((await inspect(admin.gun)).tags['v2'], {
      digest: images['admin:v2']!.hex,
      signers: ['Repo Admin'],
    });
    await assertPlanWritten(admin.gun, 'v2', images['admin:v2']!.hex, plan, []);
  });

  test('(3) releases + signers, as alice: targets/releases and targets/alice with her key; signing writes exactly that', async () => {
    const p = page();
    const aliceId = signers.signers.find((x) => x.name === 'alice')!.keyIds[0]!;
    giveKeys(signers.identities['alice']!, [aliceId]);
    await open(signers.gun);
    await refresh();
    await headerSign().click();
    await pickTag('v3');
    const s = dialog();
    await s.getByText('Digest (registry)').waitFor();
    const plan = await previewedPlan(s);
    assert.deepEqual(plan, { 'targets/releases': [aliceId], 'targets/alice': [aliceId] });
    await s.getByRole('button', { name: 'Stage signature' }).click();
    await s.getByRole('table', { name: 'Staged changes' }).waitFor();
    await s.getByRole('button', { name: 'Publish signature' }).click();
    await answerUntil(p, s.getByText(`Successfully signed ${signers.gun}:v3`), () => REPO_PASSPHRASE);
    await s.getByRole('button', { name: 'Close' }).first().click();
    assert.deepEqual((await inspect(signers.gun)).tags['v3'], {
      digest: images['signers:v3']!.hex,
      signers: ['alice'],
    });
    await assertPlanWritten(signers.gun, 'v3', images['signers:v3']!.hex, plan, ['targets', 'targets/bob']);
  });

  test('(4) holding alice’s and bob’s keys: both signer roles and releases; then "Sign as" bob narrows plan and signing alike', async () => {
    const p = page();
    const aliceId = signers.signers.find((x) => x.name === 'alice')!.keyIds[0]!;
    const bobId = signers.signers.find((x) => x.name === 'bob')!.keyIds[0]!;
    giveKeys(signers.identities['bob']!, [bobId]);
    await open(signers.gun);
    await refresh();

    await headerSign().click();
    await pickTag('v4');
    let s = dialog();
    await s.getByText('Digest (registry)').waitFor();
    let plan = await previewedPlan(s);
    assert.deepEqual(plan, {
      'targets/releases': [aliceId, bobId].sort(),
      'targets/alice': [aliceId],
      'targets/bob': [bobId],
    });
    await shootAll(p, 'sign-several-keys-check');
    await s.getByRole('button', { name: 'Stage signature' }).click();
    await s.getByRole('table', { name: 'Staged changes' }).waitFor();
    await s.getByRole('button', { name: 'Publish signature' }).click();
    await answerUntil(p, s.getByText(`Successfully signed ${signers.gun}:v4`), () => REPO_PASSPHRASE);
    await s.getByRole('button', { name: 'Close' }).first().click();
    assert.deepEqual((await inspect(signers.gun)).tags['v4'], {
      digest: images['signers:v4']!.hex,
      signers: ['alice', 'bob'],
    });
    await assertPlanWritten(signers.gun, 'v4', images['signers:v4']!.hex, plan, ['targets']);

    await refresh();
    await headerSign().click();
    await pickTag('v5');
    s = dialog();
    await s.getByText('Digest (registry)').waitFor();
    await s.getByLabel('Sign as', { exact: true }).selectOption('bob');
    await s
      .getByRole('table', { name: 'Roles to sign' })
      .getByRole('cell', { name: 'targets/bob', exact: true })
      .waitFor();
    plan = await previewedPlan(s);
    assert.deepEqual(plan, { 'targets/releases': [aliceId, bobId].sort(), 'targets/bob': [bobId] });
    await s.getByRole('button', { name: 'Stage signature' }).click();
    await s.getByRole('table', { name: 'Staged changes' }).waitFor();
    await s.getByRole('button', { name: 'Publish signature' }).click();
    await answerUntil(p, s.getByText(`Successfully signed ${signers.gun}:v5`), () => REPO_PASSPHRASE);
    await s.getByRole('button', { name: 'Close' }).first().click();
    assert.deepEqual((await inspect(signers.gun)).tags['v5'], { digest: images['signers:v5']!.hex, signers: ['bob'] });
    await assertPlanWritten(signers.gun, 'v5', images['signers:v5']!.hex, plan, ['targets', 'targets/alice']);
  });

  test('layout: titles break only after "/", the header actions fit (More actions where they do not), every size and scheme', async () => {
    const p = page();
    for (const [name, gun] of [
      ['header-long-name', longName.gun],
      ['header-signers', signers.gun],
    ] as const) {
      await open(gun);
      await shootAll(p, name, async (size) => {
        const l = await headerLayout(p);
        assert.equal(l.actionsOverflow, false, `${size}: the actions stay inside the pane`);
        assert.deepEqual(l.splitParts, [], `${size}: no part of the name is broken`);
        assert.equal(l.titleTooltip, gun, `${size}: the full name is the tooltip`);
        assert.ok(l.inline.includes('Sign tag') && l.inline.includes('Refresh'), `${size}: ${l.inline.join(', ')}`);
        const all = ['Review changes', 'Renew', 'Rotate keys', 'Migrate to cosign'];
        assert.ok(
          l.menuShown ? all.every((a) => !l.inline.includes(a)) : all.every((a) => l.inline.includes(a)),
          `${size}: every action is reachable (${l.menuShown ? 'menu' : 'inline'}: ${l.inline.join(', ')})`,
        );
        if (size.startsWith('1024')) assert.ok(l.menuShown, '1024 px: the less used actions are in "More actions"');
        if (size.startsWith('1920')) assert.ok(!l.menuShown, '1920 px: every action is a button');
      });
    }
    // the menu at 1024 px, open
    await p.setViewportSize({ width: 1024, height: 700 });
    await p.getByRole('button', { name: 'More actions' }).click();
    assert.deepEqual(await p.getByRole('menu', { name: 'More actions' }).getByRole('menuitem').allTextContents(), [
      'Review changes',
      'Renew',
      'Rotate keys',
      'Migrate to cosign',
      'Stop watching',
    ]);
    await screenshot(p, 'header-more-actions-1024-light');
    await p.keyboard.press('Escape');
    await p.setViewportSize({ width: 1400, height: 900 });
  });

  test('no console errors', () => {
    assert.deepEqual(
      session.consoleErrors.filter((e) => !/Failed to load resource/.test(e)),
      [],
    );
  });
});
