/**
 * Signing local images as docker trust sign does, against the REAL notary-server, registry, docker
 * CLI and a podman engine (podman system service, its store and socket in a temp dir): the tag is
 * pushed through the Docker Engine API, the digest read from the registry, then signed. Each result
 * is judged by `docker trust inspect` and by DCT's enforcement itself: `DOCKER_CONTENT_TRUST=1
 * docker pull` through a second podman engine whose store is emptied before every pull.
 */
import { test, after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, type Stack } from '../helpers/stack.js';
import { makeIdentity, ok, run, type Identity } from '../helpers/identity.js';
import { pushImage } from '../helpers/registry-push.js';
import { signet, type CliResult } from '../helpers/signet-cli.js';
import { dockerKeyGenerate, dockerTrustInspect, viewer, type InspectJson } from '../helpers/scenarios.js';
import { startPodman, type PodmanEngine } from '../helpers/podman-engine.js';
import { startTokenServer, type TokenServer } from '../helpers/token-server.js';
import { startTokenRegistry, type TokenRegistry } from '../helpers/token-registry.js';
import { startEngineFront } from '../helpers/engine-front.js';

let stack: Stack;
let engine: PodmanEngine; // the signer's machine: holds the local images
let puller: PodmanEngine; // the judge's machine: pulls with content trust from an empty store
let tokens: TokenServer;
let tokenRegistry: TokenRegistry;

before(async () => {
  stack = await startStack();
  tokens = await startTokenServer();
  tokenRegistry = await startTokenRegistry(tokens);
  const insecureRegistries = [stack.registryHost, tokenRegistry.host];
  [engine, puller] = await Promise.all([startPodman({ insecureRegistries }), startPodman({ insecureRegistries })]);
});
after(async () => {
  await Promise.all([engine?.stop(), puller?.stop()]);
  await tokenRegistry?.stop();
  await tokens?.stop();
  await stack?.stop();
});

let n = 0;
const person = (name: string): Identity => makeIdentity(stack, `${name}-e${process.pid}-${++n}`);
const withEngine = { DOCKER_HOST: '' }; // filled in per call: engine.host is known after before()
const local = (id: Identity, args: string[]): Promise<CliResult> =>
  signet(id, args, { ...withEngine, DOCKER_HOST: engine.host });

function must(r: CliResult, what: string): CliResult {
  assert.equal(r.code, 0, `${what} failed (rc=${r.code})\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
}

function login(id: Identity, host: string, user: string, password: string): void {
  writeFileSync(
    join(id.dockerConfig, 'config.json'),
    JSON.stringify({ auths: { [host]: { auth: Buffer.from(`${user}:${password}`).toString('base64') } } }),
  );
}

/** What the registry serves for gun:tag now (HEAD), as hex and size. */
async function served(gun: string, tag: string, auth?: string): Promise<{ hex: string; size: number }> {
  const slash = gun.indexOf('/');
  const res = await fetch(`http://${gun.slice(0, slash)}/v2/${gun.slice(slash + 1)}/manifests/${tag}`, {
    method: 'HEAD',
    headers: {
      accept: 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json',
      ...(auth ? { authorization: `Bearer ${auth}` } : {}),
    },
  });
  assert.equal(res.status, 200, `the registry does not serve ${gun}:${tag}`);
  return {
    hex: res.headers.get('docker-content-digest')!.replace(/^sha256:/, ''),
    size: Number(res.headers.get('content-length')),
  };
}

async function inspectRow(gun: string, tag: string): Promise<InspectJson['SignedTags'][number] | undefined> {
  const d = await dockerTrustInspect(viewer(stack), [gun]);
  ok(d.result, `docker trust inspect ${gun}`);
  return d.json[0]!.SignedTags.find((t) => t.SignedTag === tag);
}

/** DCT's enforcement: `DOCKER_CONTENT_TRUST=1 docker pull` through the judge's engine, its store emptied first. */
async function dctPull(gun: string, tag: string): Promise<{ code: number; digest?: string; out: string }> {
  ok(await puller.podman(['rmi', '--all', '--force']), 'empty the puller');
  const v = viewer(stack);
  const r = await run('docker', ['pull', `${gun}:${tag}`], {
    ...v.env,
    DOCKER_CONTENT_TRUST: '1',
    DOCKER_HOST: puller.host,
  });
  const out = r.stdout + r.stderr;
  const m = /Pull \(1 of 1\): \S+@sha256:([a-f0-9]{64})/.exec(out);
  return { code: r.code, out, ...(m ? { digest: m[1]! } : {}) };
}

/** A signed tag pulls by exactly the digest signed; the puller then holds that manifest. */
async function pullsExactly(gun: string, tag: string, hex: string): Promise<void> {
  const p = await dctPull(gun, tag);
  assert.equal(p.code, 0, `DCT pull of ${gun}:${tag} failed:\n${p.out}`);
  assert.equal(p.digest, hex, `DCT pull of ${gun}:${tag} resolved another digest:\n${p.out}`);
}

async function refused(gun: string, tag: string): Promise<string> {
  const p = await dctPull(gun, tag);
  assert.notEqual(p.code, 0, `DCT pull of ${gun}:${tag} should be refused:\n${p.out}`);
  assert.match(p.out, /(No valid trust data|does not have trust data|No trust data) for/i);
  return p.out;
}

describe('the seed scenarios with local images, pushed through the engine', () => {
  test('(a) repository admin: signet init, then signet sign of a local image (pushed, then signed)', async () => {
    const gun = `${stack.registryHost}/e1/admin`;
    await engine.importImage(`${gun}:v1`, 'admin v1');
    const admin = person('admin');
    must(await signet(admin, ['init', gun]), 'signet init');
    const s = must(await local(admin, ['sign', `${gun}:v1`]), 'signet sign (local)');
    // the registry's answer, not podman's: podman's own digest line gives another size (341 for 344 bytes here)
    const reg = await served(gun, 'v1');
    assert.equal(
      s.stdout,
      `The push refers to repository [${gun}]\nv1: digest: sha256:${reg.hex} size: ${reg.size}\n` +
        `Signing and pushing trust metadata\nSuccessfully signed ${gun}:v1\n`,
    );
    assert.match(
      s.stderr,
      new RegExp(`Signing and pushing trust data for local image ${gun}:v1, may overwrite remote trust data`),
    );
    assert.deepEqual(await inspectRow(gun, 'v1'), { SignedTag: 'v1', Digest: reg.hex, Signers: ['Repo Admin'] });
    await pullsExactly(gun, 'v1', reg.hex);
  });

  test('(b) alice signs a local image when alice and bob are signers (added by signet signer add)', async () => {
    const gun = `${stack.registryHost}/e1/signers`;
    await engine.importImage(`${gun}:v1`, 'signers v1');
    const [admin, alice, bob] = [person('admin'), person('alice'), person('bob')];
    const [ak, bk] = await Promise.all([dockerKeyGenerate(alice, 'alice'), dockerKeyGenerate(bob, 'bob')]);
    must(await signet(admin, ['signer', 'add', '--key', ak.pub, 'alice', gun]), 'signer add alice');
    must(await signet(admin, ['signer', 'add', '--key', bk.pub, 'bob', gun]), 'signer add bob');
    const s = must(await local(alice, ['sign', `${gun}:v1`]), 'alice signs v1 (local)');
    const reg = await served(gun, 'v1');
    assert.match(s.stdout, new RegExp(`^The push refers to repository \\[${gun}\\]\n`));
    assert.match(
      s.stdout,
      new RegExp(`\nv1: digest: sha256:${reg.hex} size: ${reg.size}\nSigning and pushing trust metadata\n`),
    );
    assert.deepEqual(await inspectRow(gun, 'v1'), { SignedTag: 'v1', Digest: reg.hex, Signers: ['alice'] });
    await pullsExactly(gun, 'v1', reg.hex);
    // bob co-signs what alice pushed: no engine needed, the released digest is reused
    must(await signet(bob, ['sign', `${gun}:v1`]), 'bob co-signs v1');
    assert.deepEqual(await inspectRow(gun, 'v1'), { SignedTag: 'v1', Digest: reg.hex, Signers: ['alice', 'bob'] });
    await pullsExactly(gun, 'v1', reg.hex);
  });

  test('(c) a new repository: alice signs a local image, the repository is initialized with root, repository and signer keys', async () => {
    const gun = `${stack.registryHost}/e1/new`;
    await engine.importImage(`${gun}:v1`, 'new v1');
    const alice = person('alice');
    login(alice, stack.registryHost, 'alice', 'secret');
    const s = must(await local(alice, ['sign', `${gun}:v1`]), 'alice signs a new repository (local)');
    const reg = await served(gun, 'v1');
    assert.equal(
      s.stdout,
      `The push refers to repository [${gun}]\nv1: digest: sha256:${reg.hex} size: ${reg.size}\n` +
        `Signing and pushing trust metadata\nCreated signer: alice\n` +
        `Finished initializing signed repository for ${gun}:v1\nSuccessfully signed ${gun}:v1\n`,
    );
    const d = await dockerTrustInspect(viewer(stack), [gun]);
    ok(d.result, 'docker trust inspect');
    assert.deepEqual(d.json[0]!.SignedTags, [{ SignedTag: 'v1', Digest: reg.hex, Signers: ['alice'] }]);
    assert.deepEqual(
      d.json[0]!.Signers.map((x) => x.Name),
      ['alice'],
    );
    assert.deepEqual(d.json[0]!.AdministrativeKeys.map((x) => x.Name).sort(), ['Repository', 'Root']);
    await pullsExactly(gun, 'v1', reg.hex);
  });
});

describe('where the image comes from, and what is said when it cannot', () => {
  test('--local over a tag the registry and the trust data have: the local image is pushed and its digest signed', async () => {
    const repo = 'e2/local-over';
    const gun = `${stack.registryHost}/${repo}`;
    const remote = await pushImage(stack.registryHost, repo, 'v1');
    const admin = person('admin');
    must(await signet(admin, ['init', gun]), 'signet init');
    must(await local(admin, ['sign', `${gun}:v1`]), 'sign the registry tag');
    assert.equal((await inspectRow(gun, 'v1'))?.Digest, remote.hex, 'without --local the registry digest is signed');
    await pullsExactly(gun, 'v1', remote.hex);

    await engine.importImage(`${gun}:v1`, 'local over remote');
    const s = must(await local(admin, ['sign', '--local', `${gun}:v1`]), 'sign --local');
    const reg = await served(gun, 'v1');
    assert.notEqual(reg.hex, remote.hex);
    assert.match(s.stdout, new RegExp(`v1: digest: sha256:${reg.hex} size: ${reg.size}\n`));
    assert.deepEqual(await inspectRow(gun, 'v1'), { SignedTag: 'v1', Digest: reg.hex, Signers: ['Repo Admin'] });
    await pullsExactly(gun, 'v1', reg.hex);
  });

  test('docker’s per-layer lines (an engine that sends them, podman behind it): one line per layer state, then the digest', async () => {
    const gun = `${stack.registryHost}/e2/layers`;
    await engine.importImage(`${gun}:v1`, 'layers v1');
    const front = await startEngineFront(engine.socket, 'never', { layers: true });
    try {
      const admin = person('admin');
      must(await signet(admin, ['init', gun]), 'signet init');
      const s = must(await signet(admin, ['sign', `${gun}:v1`], { DOCKER_HOST: front.host }), 'sign through the front');
      const reg = await served(gun, 'v1');
      assert.equal(
        s.stdout,
        `The push refers to repository [${gun}]\n5f70bf18a086: Preparing\n5f70bf18a086: Waiting\n` +
          `5f70bf18a086: Pushing\n5f70bf18a086: Pushed\nv1: digest: sha256:${reg.hex} size: ${reg.size}\n` +
          `Signing and pushing trust metadata\nSuccessfully signed ${gun}:v1\n`,
      );
      await pullsExactly(gun, 'v1', reg.hex);
    } finally {
      await front.stop();
    }
  });

  test('no engine: one line saying so and what to do; changes staged before are kept', async () => {
    const repo = 'e2/no-engine';
    const gun = `${stack.registryHost}/${repo}`;
    await pushImage(stack.registryHost, repo, 'v1');
    const admin = person('admin');
    must(await signet(admin, ['init', gun]), 'signet init');
    ok(await admin.notary(['addhash', gun, 'staged', '3', '--sha256', 'e'.repeat(64)]), 'notary addhash (staged)');
    const sock = admin.env['DOCKER_HOST']!; // the identity's DOCKER_HOST names a socket nobody listens on
    const r = await signet(admin, ['sign', `${gun}:v9`]);
    assert.equal(r.code, 1);
    const lines = r.stderr.split('\n');
    assert.equal(
      lines[0],
      `failed to sign ${gun}:v9: ${gun}:v9 is not in the registry, and no Docker engine is reachable at ${sock} (no such socket)`,
    );
    assert.match(r.stderr, /\n {2}hint: push .* first \(or start the Docker engine that holds it/);
    const forced = await signet(admin, ['sign', '--local', `${gun}:v1`]);
    assert.equal(forced.code, 1);
    assert.equal(
      forced.stderr.split('\n')[0],
      `failed to sign ${gun}:v1: no Docker engine is reachable at ${sock} (no such socket)`,
    );
    assert.match(
      forced.stderr,
      /hint: start Docker \(or podman system service\), or point DOCKER_HOST at a running engine/,
    );
    const status = must(await signet(admin, ['status', gun]), 'signet status');
    assert.match(status.stdout, /create\s+targets\s+target\s+staged/);
  });

  test('an image missing from the engine: said, with the engine that was asked', async () => {
    const repo = 'e2/missing';
    const gun = `${stack.registryHost}/${repo}`;
    await pushImage(stack.registryHost, repo, 'v1');
    const admin = person('admin');
    must(await signet(admin, ['init', gun]), 'signet init');
    const r = await local(admin, ['sign', `${gun}:v8`]);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr.split('\n')[0],
      `failed to sign ${gun}:v8: ${gun}:v8 is neither in the registry nor a local image of the Docker engine at ${engine.host}`,
    );
    assert.match(r.stderr, new RegExp(`hint: build or tag it first \\(docker tag IMAGE ${gun}:v8\\)`));
    const forced = await local(admin, ['sign', '--local', `${gun}:v1`]);
    assert.equal(forced.code, 1);
    assert.equal(
      forced.stderr.split('\n')[0],
      `failed to sign ${gun}:v1: no local image ${gun}:v1 in the Docker engine at ${engine.host}`,
    );
    assert.equal(await inspectRow(gun, 'v1'), undefined, 'nothing was signed');
  });

  test('a token-auth registry: the push carries the docker login (X-Registry-Auth), the digest is read with a token', async () => {
    const gun = `${tokenRegistry.host}/e2/token`;
    await engine.importImage(`${gun}:v1`, 'token v1');
    const alice = person('alice');
    const unread = await local(alice, ['sign', '--signer', 'alice', `${gun}:v1`]);
    assert.equal(unread.code, 1, 'without a login the registry cannot be read');
    assert.match(unread.stderr, /requires authentication: no credentials for /);
    const anonymous = await local(alice, ['sign', '--local', '--signer', 'alice', `${gun}:v1`]);
    assert.equal(anonymous.code, 1, 'pushing without a login must fail');
    assert.match(
      anonymous.stderr,
      new RegExp(
        `\\nfailed to sign ${gun}:v1: pushing ${gun}:v1 failed: .*authentication required\\n {2}hint: check the registry login`,
      ),
    );
    login(alice, tokenRegistry.host, tokens.username, tokens.password);
    const s = must(await local(alice, ['sign', '--signer', 'alice', `${gun}:v1`]), 'sign with a login');
    const bearer = tokens.mint(tokenRegistry.service, [{ type: 'repository', name: 'e2/token', actions: ['pull'] }]);
    const reg = await served(gun, 'v1', bearer);
    assert.match(s.stdout, new RegExp(`v1: digest: sha256:${reg.hex} size: ${reg.size}\n`));
    assert.deepEqual(await inspectRow(gun, 'v1'), { SignedTag: 'v1', Digest: reg.hex, Signers: ['alice'] });
    assert.ok(tokens.requests.some((q) => q.auth === 'basic' && q.scopes.some((x) => x.includes('push'))));
  });
});

describe('DCT pull as the judge: after every signing path, docker pull gets exactly the digest Signet signed', () => {
  test('an unsigned tag of a signed repository, and a repository without trust data, are refused', async () => {
    const repo = 'e3/unsigned';
    const gun = `${stack.registryHost}/${repo}`;
    await engine.importImage(`${gun}:v1`, 'unsigned v1');
    const admin = person('admin');
    must(await signet(admin, ['init', gun]), 'signet init');
    must(await local(admin, ['sign', `${gun}:v1`]), 'sign v1 (local)');
    await pushImage(stack.registryHost, repo, 'nosig');
    assert.match(await refused(gun, 'nosig'), /No valid trust data for nosig/);
    await pushImage(stack.registryHost, 'e3/untrusted', 'v1');
    await refused(`${stack.registryHost}/e3/untrusted`, 'v1');
    await pullsExactly(gun, 'v1', (await served(gun, 'v1')).hex);
  });

  test('several signer keys: one person holding alice’s and bob’s keys signs into both; revoke refuses the tag', async () => {
    const gun = `${stack.registryHost}/e3/several`;
    await engine.importImage(`${gun}:v1`, 'several v1');
    const [admin, both] = [person('admin'), person('both')];
    const [ak, bk] = [await dockerKeyGenerate(both, 'alice'), await dockerKeyGenerate(both, 'bob')];
    must(await signet(admin, ['signer', 'add', '--key', ak.pub, 'alice', gun]), 'signer add alice');
    must(await signet(admin, ['signer', 'add', '--key', bk.pub, 'bob', gun]), 'signer add bob');
    must(await local(both, ['sign', `${gun}:v1`]), 'sign with both keys (local)');
    const reg = await served(gun, 'v1');
    assert.deepEqual(await inspectRow(gun, 'v1'), { SignedTag: 'v1', Digest: reg.hex, Signers: ['alice', 'bob'] });
    await pullsExactly(gun, 'v1', reg.hex);
    must(await signet(both, ['revoke', '--yes', `${gun}:v1`]), 'revoke v1');
    assert.equal(await inspectRow(gun, 'v1'), undefined);
    await refused(gun, 'v1');
  });

  test('key rotation: after rotating the repository key the signed tag still pulls, and a local image signed after it too', async () => {
    const gun = `${stack.registryHost}/e3/rotate`;
    await engine.importImage(`${gun}:v1`, 'rotate v1');
    await engine.importImage(`${gun}:v2`, 'rotate v2');
    const admin = person('admin');
    must(await signet(admin, ['init', gun]), 'signet init');
    must(await local(admin, ['sign', `${gun}:v1`]), 'sign v1 (local)');
    const v1 = await served(gun, 'v1');
    must(await signet(admin, ['key', 'rotate', gun, 'targets']), 'rotate the targets key');
    await pullsExactly(gun, 'v1', v1.hex);
    must(await local(admin, ['sign', `${gun}:v2`]), 'sign v2 (local) with the new key');
    const v2 = await served(gun, 'v2');
    assert.deepEqual(await inspectRow(gun, 'v2'), { SignedTag: 'v2', Digest: v2.hex, Signers: ['Repo Admin'] });
    await pullsExactly(gun, 'v2', v2.hex);
  });
});
