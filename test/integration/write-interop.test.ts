/**
 * Signet's write commands against the REAL stack, checked by the real docker and notary CLIs:
 *  (1) the seed scenarios written by Signet alone (admin-signed, signers, new repo by a signer);
 *  (2) repositories written by docker/notary, extended by Signet (co-sign, signer add/remove,
 *      revoke, key rotation, witness), each state read back by docker, notary and signet inspect;
 *  (3) staged changes live in notary's changelist: `notary status` sees them, `signet publish` sends them.
 */
import { test, after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { makeIdentity, ok, type Identity } from '../helpers/identity.js';
import { buildImage, pushImage } from '../helpers/registry-push.js';
import { signet, type CliResult } from '../helpers/signet-cli.js';
import {
  adminSignedRepo,
  dockerKeyGenerate,
  dockerTrustInspect,
  notaryList,
  signersRepo,
  viewer,
  type InspectJson,
} from '../helpers/scenarios.js';
import { systemClock } from '../../core/node/clock.js';

let stack: Stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.stop();
});

let n = 0;
const person = (name: string, server?: string): Identity =>
  makeIdentity(stack, `${name}-w${process.pid}-${++n}`, server ? { server } : {});

function must(r: CliResult, what: string): CliResult {
  assert.equal(r.code, 0, `${what} failed (rc=${r.code})\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
}

/** Runs the CLI in-process with answers for y/N questions. */
async function signetAnswering(
  id: Identity,
  args: string[],
  answers: string[],
): Promise<CliResult & { asked: number }> {
  let stdout = '';
  let stderr = '';
  let asked = 0;
  const code = await main(args, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: id.env,
    now: systemClock,
    readLine: async () => answers[asked++],
  } as Parameters<typeof main>[1]);
  return { code, stdout, stderr, asked };
}

/** docker trust inspect from a key-less identity; signet inspect must print the same JSON. */
async function agree(gun: string): Promise<InspectJson> {
  const v = viewer(stack);
  const d = await dockerTrustInspect(v, [gun]);
  ok(d.result, `docker trust inspect ${gun}`);
  const s = must(await signet(viewer(stack), ['inspect', gun]), `signet inspect ${gun}`);
  assert.deepEqual(JSON.parse(s.stdout), d.json, `signet inspect disagrees with docker for ${gun}`);
  return d.json[0]!;
}

const row = (j: InspectJson, tag: string) => j.SignedTags.find((t) => t.SignedTag === tag);
const signerNames = (j: InspectJson) => j.Signers.map((s) => s.Name).sort();

/** notary verify GUN TAG with the manifest bytes: the target must match them exactly. */
async function notaryVerify(id: Identity, gun: string, repo: string, tag: string): Promise<void> {
  const file = join(id.dockerConfig, `manifest-${tag}.json`);
  writeFileSync(file, buildImage(repo, tag).manifest);
  ok(await id.notary(['verify', gun, tag, '-i', file, '-q']), `notary verify ${gun} ${tag}`);
  writeFileSync(file, '{"not":"the manifest"}');
  assert.notEqual(
    (await id.notary(['verify', gun, tag, '-i', file, '-q'])).code,
    0,
    'notary verify accepts other bytes',
  );
}

describe('(1) the seed scenarios, written by signet alone', () => {
  test('repository admin: signet init, then signet sign v1 (registry digest)', async () => {
    const repo = 'w1/admin';
    const gun = `${stack.registryHost}/${repo}`;
    const img = await pushImage(stack.registryHost, repo, 'v1');
    const admin = person('admin');
    const init = must(await signet(admin, ['init', gun]), 'signet init');
    assert.match(
      init.stdout,
      new RegExp(`Initializing signed repository for ${gun}\\.\\.\\.\\nSuccessfully initialized "${gun}"`),
    );
    const s = must(await signet(admin, ['sign', `${gun}:v1`]), 'signet sign');
    assert.equal(s.stdout, `Signing and pushing trust metadata for ${gun}:v1\nSuccessfully signed ${gun}:v1\n`);

    const j = await agree(gun);
    assert.deepEqual(row(j, 'v1'), { SignedTag: 'v1', Digest: img.hex, Signers: ['Repo Admin'] });
    const v = viewer(stack);
    const list = await notaryList(v, gun);
    assert.deepEqual(list.targets['v1'], { hex: img.hex, size: img.size, role: 'targets' });
    await notaryVerify(v, gun, repo, 'v1');
    // docker can extend it: the repository key Signet created is a normal notary key file
    const j2 = ok(
      await admin.docker([
        'trust',
        'signer',
        'add',
        '--key',
        (await dockerKeyGenerate(person('x'), 'xavier')).pub,
        'xavier',
        gun,
      ]),
      'docker signer add',
    );
    assert.match(j2.stdout, /Successfully added signer: xavier/);
  });

  test('signer alice signs when alice and bob exist (added by signet signer add)', async () => {
    const repo = 'w1/signers';
    const gun = `${stack.registryHost}/${repo}`;
    const img = await pushImage(stack.registryHost, repo, 'v1');
    const [admin, alice, bob] = [person('admin'), person('alice'), person('bob')];
    const [ak, bk] = await Promise.all([dockerKeyGenerate(alice, 'alice'), dockerKeyGenerate(bob, 'bob')]);
    const add = must(await signet(admin, ['signer', 'add', '--key', ak.pub, 'alice', gun]), 'signer add alice');
    assert.equal(
      add.stdout,
      `Adding signer "alice" to ${gun}...\nInitializing signed repository for ${gun}...\nSuccessfully initialized "${gun}"\nSuccessfully added signer: alice to ${gun}\n\n`,
    );
    must(await signet(admin, ['signer', 'add', '--key', bk.pub, 'bob', gun]), 'signer add bob');
    // admin holds no signer key: docker's rule refuses, with docker's message
    const refused = await signet(admin, ['sign', `${gun}:v1`]);
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      new RegExp(`^failed to sign ${gun}:v1: no valid signing keys for delegation roles\\n`),
    );
    must(await signet(alice, ['sign', `${gun}:v1`]), 'alice signs v1');

    const j = await agree(gun);
    assert.deepEqual(row(j, 'v1'), { SignedTag: 'v1', Digest: img.hex, Signers: ['alice'] });
    assert.deepEqual(signerNames(j), ['alice', 'bob']);
    assert.deepEqual(j.Signers.find((s) => s.Name === 'alice')!.Keys, [{ ID: ak.keyId }]);
    const v = viewer(stack);
    assert.match(
      (await v.notary(['list', gun, '-r', 'targets/releases'])).stdout,
      new RegExp(`v1\\s+${img.hex}\\s+${img.size}\\s+targets/releases`),
    );
    const alices = await v.notary(['list', gun, '-r', 'targets/alice']);
    assert.match(alices.stdout, new RegExp(`v1\\s+${img.hex}\\s+${img.size}\\s+targets/alice`));
    await notaryVerify(v, gun, repo, 'v1');
  });

  test('a new repository signed by alice: the first signer is named after her registry login', async () => {
    const repo = 'w1/new';
    const gun = `${stack.registryHost}/${repo}`;
    const img = await pushImage(stack.registryHost, repo, 'v1');
    const nobody = person('nologin');
    const refused = await signet(nobody, ['sign', `${gun}:v1`]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /no registry login found/);
    assert.match(refused.stderr, /\n {2}hint: .*--signer NAME/);

    const alice = person('alice');
    writeFileSync(
      join(alice.dockerConfig, 'config.json'),
      JSON.stringify({ auths: { [stack.registryHost]: { auth: Buffer.from('alice:secret').toString('base64') } } }),
    );
    const s = must(await signet(alice, ['sign', `${gun}:v1`]), 'alice signs a new repo');
    assert.equal(
      s.stdout,
      `Created signer: alice\nFinished initializing signed repository for ${gun}:v1\nSigning and pushing trust metadata for ${gun}:v1\nSuccessfully signed ${gun}:v1\n`,
    );
    const j = await agree(gun);
    assert.deepEqual(row(j, 'v1'), { SignedTag: 'v1', Digest: img.hex, Signers: ['alice'] });
    assert.deepEqual(signerNames(j), ['alice']);
    const v = viewer(stack);
    assert.match(
      (await v.notary(['list', gun, '-r', 'targets/releases'])).stdout,
      new RegExp(`v1\\s+${img.hex}\\s+${img.size}\\s+targets/releases`),
    );
    await notaryVerify(v, gun, repo, 'v1');
    // docker re-signs in the repository signet created, with the signer key signet made
    const co = ok(await alice.docker(['trust', 'sign', `${gun}:v1`]), 'docker trust sign on a signet repo');
    assert.match(co.stdout, new RegExp(`Existing signatures for tag v1 digest ${img.hex} from:\\nalice\\n`));
  });
});

describe('(2) repositories written by docker/notary, extended by signet', () => {
  test('signers repo: co-sign, add carol, witness releases, remove bob, remove the last releases signer', async () => {
    const sc = await signersRepo(stack, 'w2/signers', { coSigned: false });
    const { admin, alice, bob } = sc.identities as Record<string, Identity>;
    const gun = sc.gun;
    const v1 = sc.tags['v1']!;

    const co = must(await signet(bob!, ['sign', `${gun}:v1`]), 'bob co-signs v1');
    assert.equal(
      co.stdout,
      `Signing and pushing trust metadata for ${gun}:v1\nExisting signatures for tag v1 digest ${v1.hex} from:\nalice\nSuccessfully signed ${gun}:v1\n`,
    );
    let j = await agree(gun);
    assert.deepEqual(row(j, 'v1'), { SignedTag: 'v1', Digest: v1.hex, Signers: ['alice', 'bob'] });

    const carol = person('carol');
    const ck = await dockerKeyGenerate(carol, 'carol');
    must(await signet(admin!, ['signer', 'add', '--key', ck.pub, 'carol', gun]), 'add carol');
    j = await agree(gun);
    assert.deepEqual(signerNames(j), ['alice', 'bob', 'carol']);
    assert.deepEqual(j.Signers.find((s) => s.Name === 'carol')!.Keys, [{ ID: ck.keyId }]);

    const w = must(await signet(alice!, ['witness', gun, 'releases']), 'alice witnesses releases');
    assert.match(w.stdout, /Successfully witnessed targets\/releases/);
    const rel = await viewer(stack).notary(['list', gun, '-r', 'targets/releases']);
    assert.match(rel.stdout, new RegExp(`v1\\s+${v1.hex}\\s+${v1.size}\\s+targets/releases`));
    assert.deepEqual(row(await agree(gun), 'v1')?.Signers, ['alice', 'bob']);

    // bob is not the last: no question, his keys leave releases
    const rb = must(await signet(admin!, ['signer', 'remove', 'bob', gun]), 'remove bob');
    assert.equal(rb.stdout, `Removing signer "bob" from ${gun}...\nSuccessfully removed bob from ${gun}\n\n`);
    j = await agree(gun);
    assert.deepEqual(signerNames(j), ['alice', 'carol']);
    assert.deepEqual(row(j, 'v1')?.Signers, ['alice']);

    // alice signed releases alone: the impact is shown, "n" keeps her, -f removes her
    const no = await signetAnswering(admin!, ['signer', 'remove', 'alice', gun], ['n']);
    assert.equal(no.code, 0, no.stderr);
    assert.equal(no.asked, 1);
    assert.match(no.stdout, /can no longer be pulled with content trust: v1\n/);
    assert.match(
      no.stdout,
      new RegExp(
        `The signer "alice" signed the last released version of ${gun}\\. Removing this signer will make ${gun} unpullable\\. Are you sure you want to continue\\? \\[y/N\\] \\nAborting action\\.\\n$`,
      ),
    );
    assert.deepEqual(signerNames(await agree(gun)), ['alice', 'carol']);
    const forced = await signetAnswering(admin!, ['signer', 'remove', '-f', 'alice', gun], []);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(forced.asked, 0);
    assert.match(forced.stdout, /can no longer be pulled with content trust: v1\n[^]*Successfully removed alice from /);
    j = await agree(gun);
    assert.deepEqual(signerNames(j), ['carol']);
    assert.equal(row(j, 'v1'), undefined, 'v1 is no longer released');

    const missing = await signet(admin!, ['signer', 'remove', 'dave', gun]);
    assert.equal(missing.code, 1);
    assert.match(
      missing.stderr,
      new RegExp(`no signer dave for repository ${gun}\\n[^]*error removing signer from: ${gun}\\n$`),
    );
  });

  test('admin repo: revoke a tag, rotate the targets key; notary keeps working with the new key', async () => {
    const sc = await adminSignedRepo(stack, 'w2/admin', ['v1', 'v2']);
    const admin = sc.identities['admin']!;
    const gun = sc.gun;
    const r = must(await signet(admin, ['revoke', `${gun}:v2`]), 'revoke v2');
    assert.equal(r.stdout, `Successfully deleted signature for ${gun}:v2\n`);
    let j = await agree(gun);
    assert.deepEqual(
      j.SignedTags.map((t) => t.SignedTag),
      ['v1'],
    );
    assert.equal((await notaryList(viewer(stack), gun)).targets['v2'], undefined);

    const again = await signet(admin, ['revoke', `${gun}:v2`]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, new RegExp(`^could not remove signature for ${gun}:v2: No valid trust data for v2\\n`));

    const oldKey = j.AdministrativeKeys.find((k) => k.Name === 'Repository')!.Keys![0]!.ID;
    const rot = must(await signet(admin, ['key', 'rotate', gun, 'targets']), 'rotate targets');
    assert.match(
      rot.stdout,
      new RegExp(`^Successfully rotated targets key for repository ${gun}\\n {2}New targets key:\\t([0-9a-f]{64})\\n$`),
    );
    const newKey = /([0-9a-f]{64})/.exec(rot.stdout)![1]!;
    j = await agree(gun);
    assert.deepEqual(j.AdministrativeKeys.find((k) => k.Name === 'Repository')!.Keys, [{ ID: newKey }]);
    assert.notEqual(newKey, oldKey);
    assert.deepEqual(row(j, 'v1')?.Signers, ['Repo Admin']);
    // the new key is found and used by notary itself
    ok(
      await admin.notary(['addhash', gun, 'v3', '3', '--sha256', 'c'.repeat(64), '-p']),
      'notary addhash after rotation',
    );
    assert.equal((await notaryList(viewer(stack), gun)).targets['v3']?.role, 'targets');

    // revoke without a tag asks first; "no" cancels as docker does
    const cancelled = await signetAnswering(admin, ['revoke', gun], ['no']);
    assert.equal(cancelled.code, 1);
    assert.match(
      cancelled.stdout,
      new RegExp(`Confirm you would like to delete all signature data for ${gun}\\? \\[y/N\\] $`),
    );
    assert.equal(cancelled.stderr, 'trust revoke has been cancelled\n');
    const all = must(await signet(admin, ['revoke', '-y', gun]), 'revoke all');
    assert.equal(all.stdout, `Successfully deleted signature for ${gun}\n`);
    j = await agree(gun);
    assert.deepEqual(j.SignedTags, []);
  });

  test('notary repo with a local snapshot key: rotate the snapshot key to the server', async () => {
    const admin = person('admin');
    const repo = 'w2/localsnap';
    const gun = `${stack.registryHost}/${repo}`;
    const img = await pushImage(stack.registryHost, repo, 'v1');
    ok(await admin.notary(['init', gun, '-p']), 'notary init');
    ok(await admin.notary(['addhash', gun, 'v1', String(img.size), '--sha256', img.hex, '-p']), 'addhash');
    const before = await agree(gun);
    // global flags may also come first, as with docker
    must(
      await signet(admin, ['--server', stack.notaryHttpsUrl, 'key', 'rotate', '-r', gun, 'snapshot']),
      'rotate snapshot -r',
    );
    assert.deepEqual(await agree(gun), before, 'a snapshot key rotation changes nothing docker shows');
    // the server signs snapshots now: a signet change publishes without the local snapshot key
    const img2 = await pushImage(stack.registryHost, repo, 'v2');
    must(await signet(admin, ['sign', `${gun}:v2`]), 'sign v2 after the rotation');
    const j = await agree(gun);
    assert.deepEqual(row(j, 'v2'), { SignedTag: 'v2', Digest: img2.hex, Signers: ['Repo Admin'] });
    const list = await notaryList(viewer(stack), gun);
    assert.deepEqual(Object.keys(list.targets).sort(), ['v1', 'v2']);
    // and notary (which used to sign snapshots itself) publishes through the server's key too
    ok(
      await admin.notary(['addhash', gun, 'v3', '3', '--sha256', 'd'.repeat(64), '-p']),
      'notary publish after the rotation',
    );
    assert.equal((await notaryList(viewer(stack), gun)).targets['v3']?.role, 'targets');
  });
});

describe("(3) staged changes live in notary's changelist", () => {
  let proxy: Server;
  let proxyUrl = '';
  before(async () => {
    // a plain-HTTP front of the HTTP notary server that refuses every publish (POST) with 503
    const target = new URL(stack.notaryHttpUrl);
    proxy = createServer((req, res) => {
      if (req.method === 'POST') {
        req.resume();
        res.writeHead(503, { 'content-type': 'text/plain' }).end('down for maintenance\n');
        return;
      }
      const up = httpRequest(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      up.on('error', () => res.writeHead(502).end());
      req.pipe(up);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const addr = proxy.address();
    proxyUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  after(() => new Promise<void>((r) => proxy.close(() => r())));

  test('a sign the server refused stays staged: notary status lists it, signet publish sends it', async () => {
    const repo = 'w3/staged';
    const gun = `${stack.registryHost}/${repo}`;
    const img = await pushImage(stack.registryHost, repo, 'v1');
    const admin = person('stager', stack.notaryHttpUrl);
    must(await signet(admin, ['init', gun]), 'signet init (http)');

    const failed = await signet(admin, ['sign', '--server', proxyUrl, `${gun}:v1`]);
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, new RegExp(`^failed to sign ${gun}:v1: `, 'm'));
    assert.match(failed.stderr, /hint: .*change\(s\) stay staged .*signet publish/);

    const st = ok(await admin.notary(['status', gun]), 'notary status');
    assert.match(st.stdout, /create\s+targets\s+target\s+v1/);
    const ss = must(await signet(admin, ['status', gun]), 'signet status');
    assert.match(ss.stdout, /0\s+create\s+targets\s+target\s+v1\s+sign v1 in targets/);
    assert.equal((await notaryList(admin, gun)).targets['v1'], undefined, 'not published yet');

    const p = must(await signet(admin, ['publish', gun]), 'signet publish');
    assert.match(p.stdout, new RegExp(`Successfully published changes for repository ${gun}\\n$`));
    assert.match(ok(await admin.notary(['status', gun]), 'notary status').stdout, /No unpublished changes/);
    assert.deepEqual((await notaryList(viewer(stack, stack.notaryHttpUrl), gun)).targets['v1'], {
      hex: img.hex,
      size: img.size,
      role: 'targets',
    });

    // notary stages, signet shows, discards one and publishes the other
    ok(await admin.notary(['addhash', gun, 'n1', '3', '--sha256', 'e'.repeat(64)]), 'notary addhash n1 (staged)');
    ok(await admin.notary(['addhash', gun, 'n2', '3', '--sha256', 'f'.repeat(64)]), 'notary addhash n2 (staged)');
    const both = must(await signet(admin, ['status', gun]), 'signet status');
    assert.match(both.stdout, /0\s+create\s+targets\s+target\s+n1[^]*\n1\s+create\s+targets\s+target\s+n2/);
    must(await signet(admin, ['discard', gun, '0']), 'discard n1');
    must(await signet(admin, ['publish', gun]), 'publish n2');
    const list = await notaryList(viewer(stack, stack.notaryHttpUrl), gun);
    assert.deepEqual(Object.keys(list.targets).sort(), ['n2', 'v1']);
  });
});

test('sign --local without a Docker engine says which engine was asked and what to do', async () => {
  const id = person('local');
  const r = await signet(id, ['sign', '--local', '--signer', 'x', `${stack.registryHost}/w4/x:v1`]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /: no Docker engine is reachable at unix:\/\/\S+ \(no such socket\)\n/);
  assert.match(r.stderr, /\n {2}hint: start Docker/);
  const noTag = await signet(id, ['sign', `${stack.registryHost}/w4/x`]);
  assert.equal(noTag.code, 1);
  assert.equal(noTag.stderr.split('\n')[0], `no tag specified for ${stack.registryHost}/w4/x`);
});
