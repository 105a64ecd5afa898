/**
 * Signing a local image in the app, in headless Chromium through the browser harness, against the
 * REAL notary-server, registry and a podman engine (its socket as DOCKER_HOST): the Sign dialog
 * lists the engine's images of the repository beside the registry's tags ("local, not pushed
 * yet"), pushes the chosen one (the registry's digest shown), then signs it; `docker trust
 * inspect` shows the tag with the digest the registry serves. With the engine gone the list says
 * so. Screenshots at 1024, 1400 and 1920 px, light and dark.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { startStack, type Stack } from '../helpers/stack.js';
import { makeIdentity, REPO_PASSPHRASE, ROOT_PASSPHRASE, type Identity } from '../helpers/identity.js';
import { adminSignedRepo, dockerTrustInspect, viewer, type Scenario } from '../helpers/scenarios.js';
import { startPodman, type PodmanEngine } from '../helpers/podman-engine.js';
import { startEngineFront, type EngineFront } from '../helpers/engine-front.js';
import { axeScan, startSession, type Session } from './lib/browser.js';
import { answerUntil, shootAll, type PromptSeen } from './lib/flows.js';

let stack: Stack;
let engine: PodmanEngine;
let front: EngineFront; // the engine the app talks to: podman behind it, docker's layer lines for the tag "slow"
let session: Session;
let app: Identity;
let admin: Scenario;

before(async () => {
  stack = await startStack();
  [engine, admin] = await Promise.all([
    startPodman({ insecureRegistries: [stack.registryHost] }),
    adminSignedRepo(stack, 'lo/admin', ['v1']),
  ]);
  await engine.importImage(`${admin.gun}:v2`, 'local v2');
  await engine.importImage(`${admin.gun}:slow`, 'local slow');
  await engine.importImage(`${stack.registryHost}/lo/fresh:v1`, 'fresh v1');
  front = await startEngineFront(engine.socket, 'slow');
  app = makeIdentity(stack, `local-${process.pid}`);
  const src = join(admin.identities['admin']!.trustDir, 'private');
  const dst = join(app.trustDir, 'private');
  mkdirSync(dst, { recursive: true, mode: 0o700 });
  for (const f of readdirSync(src)) copyFileSync(join(src, f), join(dst, f));
  // logged in to the registry as ada (docker login): the first signer of a new repository is named after it
  writeFileSync(
    join(app.dockerConfig, 'config.json'),
    JSON.stringify({ auths: { [stack.registryHost]: { auth: Buffer.from('ada:secret').toString('base64') } } }),
    { mode: 0o600 },
  );
  session = await startSession({
    env: {
      ...app.env,
      DOCKER_HOST: front.host,
      DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE: undefined,
      DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE: undefined,
    },
  });
  session.page.setDefaultTimeout(15_000);
});

after(async () => {
  await session?.close();
  await front?.stop();
  await engine?.stop();
  await stack?.stop();
});

const page = () => session.page;
const dialog = (): Locator => page().locator('.sign-tag-wizard');
const seedPass = (p: PromptSeen): string => (/ root key/.test(p.title) ? ROOT_PASSPHRASE : REPO_PASSPHRASE);

async function open(reference: string): Promise<void> {
  const box = page().getByRole('textbox', { name: 'Repository', exact: true });
  await box.fill(reference);
  await box.press('Enter');
  await page().getByRole('heading', { level: 1, name: reference }).waitFor();
  await page().locator('#signed-tags-heading').waitFor({ timeout: 20_000 });
}

async function noSeriousAxe(): Promise<void> {
  const serious = (await axeScan(page())).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(serious, [], JSON.stringify(serious, null, 2));
}

async function openSign(): Promise<void> {
  await page().getByRole('group', { name: 'Repository actions' }).getByRole('button', { name: 'Sign tag' }).click();
  await dialog().getByRole('listbox', { name: 'Tags in the registry' }).waitFor();
}

async function served(gun: string, tag: string): Promise<{ hex: string; size: number }> {
  const slash = gun.indexOf('/');
  const res = await fetch(`http://${gun.slice(0, slash)}/v2/${gun.slice(slash + 1)}/manifests/${tag}`, {
    method: 'HEAD',
    headers: { accept: 'application/vnd.oci.image.manifest.v1+json' },
  });
  assert.equal(res.status, 200);
  return {
    hex: res.headers.get('docker-content-digest')!.replace(/^sha256:/, ''),
    size: Number(res.headers.get('content-length')),
  };
}

describe('Sign tag with a local image (harness + real notary, registry and podman engine)', () => {
  test('the local image is listed, pushed, then signed: docker trust inspect shows the registry’s digest', async () => {
    const gun = admin.gun;
    await open(gun);
    await openSign();
    const s = dialog();
    const local = s.getByRole('listbox', { name: `Local images (Docker engine at ${front.host})` });
    await local.waitFor();
    assert.deepEqual(await local.locator('option').allTextContents(), [
      'slow — local, not pushed yet',
      'v2 — local, not pushed yet',
    ]);
    await local.selectOption('v2');
    assert.equal(await s.getByLabel('Tag', { exact: true }).inputValue(), 'v2');
    assert.ok(await s.getByRole('checkbox', { name: /Push the local image v2 first/ }).isChecked());
    await noSeriousAxe();
    await shootAll(page(), 'sign-local-1-tag');
    await s.getByRole('button', { name: 'Push and continue' }).click();

    // pushed: the digest the registry serves is shown, and the plan signs it (not a co-signature)
    const pushed = s.locator('.pushed-line');
    await pushed.waitFor({ timeout: 30_000 });
    const reg = await served(gun, 'v2');
    assert.equal(
      (await pushed.textContent())?.trim(),
      `Pushed from the Docker engine: v2: digest: sha256:${reg.hex} size: ${reg.size}`,
    );
    await s.getByRole('button', { name: 'Stage signature' }).waitFor();
    await shootAll(page(), 'sign-local-2-pushed');
    await s.getByRole('button', { name: 'Stage signature' }).click();
    await s.getByRole('button', { name: 'Publish signature' }).click();
    await answerUntil(page(), s.getByText(`Successfully signed ${gun}:v2`), seedPass);
    await shootAll(page(), 'sign-local-3-done');
    await s.getByRole('button', { name: 'Close' }).first().click();

    const { json, result } = await dockerTrustInspect(viewer(stack), [gun]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(
      json[0]!.SignedTags.find((t) => t.SignedTag === 'v2'),
      { SignedTag: 'v2', Digest: reg.hex, Signers: ['Repo Admin'] },
    );
  });

  test('a new repository from a local image: pushed, initialized (first signer named after the login), signed', async () => {
    const gun = `${stack.registryHost}/lo/fresh`;
    const p = page();
    const box = p.getByRole('textbox', { name: 'Repository', exact: true });
    await box.fill(gun);
    await box.press('Enter');
    await p.getByRole('heading', { level: 1, name: gun }).waitFor();
    const panel = p.locator('section', { has: p.locator('#no-access-heading') });
    await panel.waitFor({ timeout: 20_000 });
    await panel.getByRole('button', { name: 'Sign tag' }).click();
    const s = dialog();
    const local = s.getByRole('listbox', { name: /^Local images/ });
    await local.waitFor();
    await s.getByText(`The registry has no repository ${gun} yet`, { exact: false }).waitFor();
    assert.deepEqual(await local.locator('option').allTextContents(), ['v1 — local, not pushed yet']);
    await local.selectOption('v1');
    await s.getByRole('button', { name: 'Push and continue' }).click();
    await s.getByText(`${gun} has no trust data yet.`).first().waitFor({ timeout: 30_000 });
    await s.getByRole('button', { name: 'Next' }).click();
    const pushed = s.locator('.pushed-line');
    await pushed.waitFor();
    const reg = await served(gun, 'v1');
    assert.match((await pushed.textContent()) ?? '', new RegExp(`v1: digest: sha256:${reg.hex} size: ${reg.size}$`));
    await shootAll(page(), 'sign-local-new-repository');
    await s.getByRole('button', { name: 'Sign and publish' }).click();
    await answerUntil(page(), s.getByText(`Successfully signed ${gun}:v1`), seedPass);
    await s.getByRole('button', { name: 'Close' }).first().click();
    const { json, result } = await dockerTrustInspect(viewer(stack), [gun]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(json[0]!.SignedTags, [{ SignedTag: 'v1', Digest: reg.hex, Signers: ['ada'] }]);
  });

  test('a push shows the layers as docker reports them, with Cancel: cancelled, nothing is pushed or signed', async () => {
    const gun = admin.gun;
    await open(gun);
    await openSign();
    const s = dialog();
    await s.getByRole('listbox', { name: /^Local images/ }).selectOption('slow');
    await s.getByRole('button', { name: 'Push and continue' }).click();
    const layers = s.getByRole('list', { name: 'Layers' });
    await layers.getByText('Pushing').waitFor();
    assert.deepEqual(await layers.getByRole('listitem').allTextContents(), [
      '5f70bf18a086 Pushing',
      'e5c62b24f095 Layer already exists',
    ]);
    assert.equal(await s.getByRole('progressbar', { name: 'Layer 5f70bf18a086' }).getAttribute('value'), '3407872');
    await noSeriousAxe();
    await shootAll(page(), 'sign-local-push-progress');
    await s.getByRole('button', { name: 'Cancel push' }).click();
    await s.getByText(`pushing ${gun}:slow was cancelled; nothing was signed`).waitFor();
    await shootAll(page(), 'sign-local-push-cancelled');
    for (let i = 0; front.slowPushes.abandoned === 0 && i < 100; i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(front.slowPushes, { started: 1, abandoned: 1 }, 'the engine saw the push end');
    await s.getByRole('button', { name: 'Back' }).click();
    await s.getByLabel('Tag', { exact: true }).waitFor();
    await s.getByRole('button', { name: 'Cancel' }).click();
    const { json } = await dockerTrustInspect(viewer(stack), [gun]);
    assert.equal(
      json[0]!.SignedTags.find((t) => t.SignedTag === 'slow'),
      undefined,
    );
    assert.equal(
      (await fetch(`http://${stack.registryHost}/v2/lo/admin/manifests/slow`, { method: 'HEAD' })).status,
      404,
    );
  });

  test('without an engine the list says so, and the registry’s tags are still offered', async () => {
    await front.stop();
    await openSign();
    const none = dialog().locator('.local-images-none');
    await none.waitFor();
    assert.match(
      (await none.textContent()) ?? '',
      new RegExp(`Local images cannot be listed: no Docker engine is reachable at ${front.host} \\(no such socket\\)`),
    );
    await shootAll(page(), 'sign-local-no-engine');
  });
});
