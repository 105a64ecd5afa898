/**
 * Keys on a hardware token (SoftHSM2 through PKCS#11) signing against the REAL stack: a repository
 * initialised with a root key on the token and signed by a signer whose key is on the token, its
 * targets key rotated to the token, a tag migrated to cosign with the token key; each checked by
 * `docker trust inspect`, `notary list` and `cosign verify --key`. And the failures a user meets:
 * a wrong PIN, a token that cannot do P-256, a token pulled out between plan and publish, a token
 * not inserted when a command starts.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseWriteArgs, openWriter } from '../../cli/write-command.js';
import { isSignetError } from '../../core/errors.js';
import { signTag } from '../../core/operations/index.js';
import { systemClock } from '../../core/node/clock.js';
import { makeIdentity, ok, run, type Identity } from '../helpers/identity.js';
import { pushImage } from '../helpers/registry-push.js';
import { dockerTrustInspect, notaryList, viewer } from '../helpers/scenarios.js';
import { signet as signetAs, type CliResult } from '../helpers/signet-cli.js';
import { TOKEN_PIN, softhsmUnavailable, startSoftHsm, type SoftHsm } from '../helpers/softhsm.js';
import { freePort, startStack, type Stack } from '../helpers/stack.js';

const skip = softhsmUnavailable();
let stack: Stack;
let hsm: SoftHsm;

before(async () => {
  if (skip) return;
  hsm = startSoftHsm();
  for (const label of ['signet-root', 'signet-keys', 'signet-gone', 'signet-away']) hsm.initToken(label);
  stack = await startStack();
});
after(async () => {
  await stack?.stop();
  hsm?.remove();
});

let n = 0;
const person = (name: string): Identity => makeIdentity(stack, `${name}-tok${process.pid}-${++n}`);
const tokenEnv = (): Record<string, string> => ({ ...hsm.env, SIGNET_PKCS11_PIN: TOKEN_PIN });
const signet = (id: Identity, args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> =>
  signetAs(id, args, { ...tokenEnv(), ...env });

function must(r: CliResult, what: string): CliResult {
  assert.equal(r.code, 0, `${what} failed (rc=${r.code})\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
}

async function keyList(id: Identity): Promise<Array<{ id: string; role: string; location: string; token?: string }>> {
  return JSON.parse(must(await signet(id, ['key', 'list', '--format', 'json']), 'key list').stdout);
}

test(
  'root key and signer key on the token: init, signer add, sign; docker and notary verify it',
  { skip },
  async () => {
    const repo = 'tok/app';
    const gun = `${stack.registryHost}/${repo}`;
    const img = await pushImage(stack.registryHost, repo, 'v1');
    const admin = person('admin');
    const dir = mkdtempSync(join(tmpdir(), 'signet-tok-pub-'));

    const gen = must(
      await signet(admin, ['key', 'generate', 'alice', '--token', 'signet-keys', '--dir', dir]),
      'key generate',
    );
    assert.match(gen.stdout, /Successfully generated and loaded private key/);
    assert.match(readFileSync(join(dir, 'alice.pub'), 'utf8'), /^-----BEGIN PUBLIC KEY-----\nrole: alice\n/);

    // a root key in software already: --root-token still makes the repository's root key on the token
    must(await signet(admin, ['init', `${stack.registryHost}/tok/first`]), 'a root key in the trust dir first');
    const init = must(await signet(admin, ['init', '--root-token', 'signet-root', gun]), 'init with a token root key');
    const rootId = /Root key:\t([0-9a-f]{64}) \(new\)/.exec(init.stdout)?.[1];
    assert.ok(rootId, init.stdout);
    must(await signet(admin, ['signer', 'add', '--key', join(dir, 'alice.pub'), 'alice', gun]), 'signer add alice');
    must(await signet(admin, ['sign', `${gun}:v1`]), 'sign v1 with the token signer key');

    const keys = await keyList(admin);
    const where = (id: string) => keys.find((k) => k.id === id);
    assert.deepEqual(where(rootId!), {
      role: 'root',
      id: rootId,
      location: 'hardware',
      locations: ['hardware'],
      token: 'signet-root',
    });
    const alice = keys.find((k) => k.role === 'alice')!;
    assert.equal(`${alice.location}: ${alice.token}`, 'hardware: signet-keys');
    const table = must(await signet(admin, ['key', 'list']), 'key list').stdout;
    assert.match(table, new RegExp(`root\\s+${rootId}\\s+hardware: signet-root`));

    const v = viewer(stack);
    const d = await dockerTrustInspect(v, [gun]);
    ok(d.result, 'docker trust inspect');
    const j = d.json[0]!;
    assert.deepEqual(j.SignedTags, [{ SignedTag: 'v1', Digest: img.hex, Signers: ['alice'] }]);
    assert.deepEqual(j.Signers, [{ Name: 'alice', Keys: [{ ID: alice.id }] }]);
    const list = await notaryList(v, gun);
    ok(list.result, 'notary list');
    assert.deepEqual(list.targets['v1'], { hex: img.hex, size: img.size, role: 'targets/alice' });

    // the targets key rotated to the token: the new one signs targets, and docker still verifies the whole repository
    const rot = must(
      await signet(admin, ['key', 'rotate', gun, 'targets', '--token', 'signet-keys']),
      'rotate targets',
    );
    const targetsId = /New targets key:\t([0-9a-f]{64})/.exec(rot.stdout)?.[1];
    assert.equal((await keyList(admin)).find((k) => k.id === targetsId)?.token, 'signet-keys');
    const after = await dockerTrustInspect(v, [gun]);
    ok(after.result, 'docker trust inspect after the rotation');
    assert.deepEqual(after.json[0]!.SignedTags, j.SignedTags);
    const repoKeys = after.json[0]!.AdministrativeKeys.find((k) => k.Name === 'Repository')!.Keys!.map((k) => k.ID);
    assert.deepEqual(repoKeys, [targetsId]);
    ok(await v.notary(['list', gun]), 'notary list after the rotation');

    // migrated to cosign with the key on the token; cosign verifies it with alice's .pub
    const mig = must(await signet(admin, ['migrate', '--json', gun]), 'migrate to cosign');
    const rows = (JSON.parse(mig.stdout) as Array<{ Tags: Array<{ Tag: string; State: string }> }>)[0]!.Tags;
    assert.deepEqual(
      rows.map((r) => [r.Tag, r.State]),
      [['v1', 'migrated']],
    );
    const flags = ['--insecure-ignore-tlog=true', '--allow-http-registry', '--allow-insecure-registry'];
    const cosign = await run(
      'cosign',
      ['verify', '--key', join(dir, 'alice.pub'), ...flags, `${gun}@sha256:${img.hex}`],
      process.env as Record<string, string>,
      { timeoutMs: 60_000 },
    );
    ok(cosign, 'cosign verify --key alice.pub');

    // a key on a token is not exported; removing it deletes it from the token
    const exp = await signet(admin, ['key', 'export', alice.id.slice(0, 12), '--output', join(dir, 'alice.key')]);
    assert.equal(exp.code, 1);
    assert.match(exp.stderr, /is on the token "signet-keys" and has no software copy here \[KEY_UNSUPPORTED\]/);
    const rm = must(await signet(admin, ['key', 'remove', alice.id.slice(0, 12), '-y']), 'key remove');
    assert.equal(rm.stdout, `Deleted ${alice.id} (role alice) from the hardware token "signet-keys".\n`);
    assert.equal(
      (await keyList(admin)).find((k) => k.id === alice.id),
      undefined,
    );
  },
);

const CLI = join(import.meta.dirname, '..', '..', 'cli', 'bin', 'signet.js');
/** The CLI in its own process: a PKCS#11 login lasts as long as the process that made it. */
const signetProcess = (id: Identity, args: string[], env: Record<string, string>) =>
  run(process.execPath, [CLI, ...args], { ...id.env, ...tokenEnv(), ...env });

test('a wrong PIN: TOKEN_PIN_INCORRECT with what to do, nothing generated', { skip }, async () => {
  const admin = person('pin');
  const dir = mkdtempSync(join(tmpdir(), 'signet-tok-pub-'));
  const r = await signetProcess(admin, ['key', 'generate', 'mallory', '--token', 'signet-keys', '--dir', dir], {
    SIGNET_PKCS11_PIN: '000000',
  });
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.equal(existsSync(join(dir, 'mallory.pub')), false);
  assert.match(r.stderr, /wrong PIN for the token "signet-keys" \(from SIGNET_PKCS11_PIN\) \[TOKEN_PIN_INCORRECT\]/);
  assert.match(r.stderr, /hint: fix or unset SIGNET_PKCS11_PIN/);
});

test('a token that cannot do P-256: TOKEN_UNSUPPORTED, nothing generated', { skip }, async () => {
  // a SoftHSM whose EC mechanisms are turned off: a separate process, since the module reads its config once
  const admin = person('noec');
  const dir = mkdtempSync(join(tmpdir(), 'signet-tok-pub-'));
  const r = await signetProcess(
    admin,
    ['key', 'generate', 'eve', '--token', 'signet-keys', '--dir', dir],
    hsm.noEcEnv(),
  );
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.equal(existsSync(join(dir, 'eve.pub')), false);
  assert.match(r.stderr, /cannot generate or sign with ECDSA P-256 keys \[TOKEN_UNSUPPORTED\]/);
  assert.match(r.stderr, /hint: docker and notary keys are ECDSA P-256/);
});

test(
  'a token not inserted when the command starts: its key is named, nothing is signed in its place; put back, it signs',
  { skip },
  async () => {
    const repo = 'tok/away';
    const gun = `${stack.registryHost}/${repo}`;
    const img = await pushImage(stack.registryHost, repo, 'v1');
    const admin = person('away');
    const dir = mkdtempSync(join(tmpdir(), 'signet-tok-pub-'));
    must(await signet(admin, ['key', 'generate', 'carol', '--token', 'signet-away', '--dir', dir]), 'key generate');
    must(await signet(admin, ['init', gun]), 'init');
    must(await signet(admin, ['signer', 'add', '--key', join(dir, 'carol.pub'), 'carol', gun]), 'signer add carol');
    const carol = (await keyList(admin)).find((k) => k.role === 'carol')!;

    hsm.unplug('signet-away');
    try {
      assert.deepEqual(
        (await keyList(admin)).find((k) => k.role === 'carol'),
        { ...carol, absent: true },
        'key list still shows carol’s key, on its token',
      );
      const table = must(await signet(admin, ['key', 'list']), 'key list').stdout;
      assert.match(table, new RegExp(`carol\\s+${carol.id}\\s+hardware: signet-away \\(not inserted\\)`));
      // the admin holds the targets key too: without the memory, v1 would be signed into targets instead
      const r = await signetProcess(admin, ['sign', `${gun}:v1`], {});
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(
        r.stderr,
        new RegExp(
          `^failed to sign ${gun}:v1: key ${carol.id.slice(0, 7)} is on the token "signet-away", which is not inserted$`,
          'm',
        ),
      );
      assert.match(r.stderr, /hint: insert the token "signet-away" and try again/);
      const d = await dockerTrustInspect(viewer(stack), [gun]);
      ok(d.result, 'docker trust inspect');
      assert.deepEqual(d.json[0]!.SignedTags, [], 'nothing was signed');
      const status = must(await signet(admin, ['status', gun]), 'status');
      assert.match(status.stdout, /^No unpublished changes/, 'stopped before staging: nothing half-done');
      // a token lost or retired: its key cannot be deleted, but it can be forgotten (it stays on the token)
      const rm = await signet(admin, ['key', 'remove', '-y', carol.id.slice(0, 12)]);
      assert.equal(rm.code, 1, rm.stdout + rm.stderr);
      assert.match(rm.stderr, /is on the token "signet-away", which is not inserted/);
      assert.match(rm.stderr, new RegExp(`signet key remove --forget ${carol.id.slice(0, 7)}`));
      const forgot = must(await signet(admin, ['key', 'remove', '--forget', carol.id.slice(0, 12)]), 'forget');
      assert.match(forgot.stdout, /no longer listed; the key itself stays on the token "signet-away"/);
      assert.equal(
        (await keyList(admin)).find((k) => k.id === carol.id),
        undefined,
        'forgotten',
      );
    } finally {
      hsm.plugIn('signet-away');
    }
    // a new process, as a user's next command: SoftHSM sees a token come back only when loaded again;
    // the forgotten key is seen (and remembered) again
    must(await signetProcess(admin, ['sign', `${gun}:v1`], {}), 'sign with the token back');
    const d = await dockerTrustInspect(viewer(stack), [gun]);
    ok(d.result, 'docker trust inspect');
    assert.deepEqual(d.json[0]!.SignedTags, [{ SignedTag: 'v1', Digest: img.hex, Signers: ['carol'] }]);
  },
);

test('init --root-token with the trust server down: no key is left behind on the token', { skip }, async () => {
  const gun = `${stack.registryHost}/tok/down`;
  const down = makeIdentity(stack, `down-tok${process.pid}`, { server: `https://127.0.0.1:${await freePort()}` });
  const before = (await keyList(down)).filter((k) => k.token === 'signet-keys').length;
  const r = await signet(down, ['init', '--root-token', 'signet-keys', gun]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /HTTP_UNREACHABLE|cannot connect/);
  assert.equal(
    (await keyList(down)).filter((k) => k.token === 'signet-keys').length,
    before,
    'no new key on the token',
  );
});

test('the token pulled out between plan and publish: TOKEN_ABSENT, the staged change kept', { skip }, async () => {
  const repo = 'tok/gone';
  const gun = `${stack.registryHost}/${repo}`;
  await pushImage(stack.registryHost, repo, 'v1');
  await pushImage(stack.registryHost, repo, 'v2');
  const admin = person('gone');
  const dir = mkdtempSync(join(tmpdir(), 'signet-tok-pub-'));
  must(await signet(admin, ['key', 'generate', 'bob', '--token', 'signet-gone', '--dir', dir]), 'key generate bob');
  must(await signet(admin, ['init', gun]), 'init');
  must(await signet(admin, ['signer', 'add', '--key', join(dir, 'bob.pub'), 'bob', gun]), 'signer add bob');

  const io = { stdout: () => {}, stderr: () => {}, env: { ...admin.env, ...tokenEnv() }, now: systemClock };
  const { writer, close } = openWriter(io, parseWriteArgs([]));
  try {
    await signTag(writer, `${gun}:v2`, { stageOnly: true }); // planned with bob's key on the token
    hsm.deleteToken('signet-gone');
    const session = await writer.open(gun);
    await assert.rejects(
      writer.publish(session),
      (e) => isSignetError(e, 'TOKEN_ABSENT') && /signet-gone/.test(e.message),
    );
  } finally {
    close();
  }
  const status = must(await signet(admin, ['status', gun]), 'status');
  assert.match(status.stdout, /v2/, 'the staged signature is still there to publish later');
});
