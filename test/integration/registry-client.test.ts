/**
 * RegistryClient against a REAL docker-registry (distribution 2.8) from the test stack: schema2
 * and OCI images pushed over the raw v2 API, a manifest list and an OCI index PUT here, the
 * htpasswd basic-auth registry with credentials from a DOCKER_CONFIG config.json, and failures.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, freePort, type Stack } from '../helpers/stack.js';
import { pushImage, putIndex, MT } from '../helpers/registry-push.js';
import { AuthenticatingClient } from '../../core/http/auth.js';
import type { HttpRequest } from '../../core/http/transport.js';
import { NodeHttpTransport } from '../../core/node/node-transport.js';
import { nodeCrypto } from '../../core/node/node-crypto.js';
import { DockerCredentialSource, loadDockerConfig } from '../../core/node/docker-config.js';
import { isSignetError } from '../../core/errors.js';
import { parseImageReference } from '../../core/registry/reference.js';
import { MEDIA_TYPES } from '../../core/registry/manifest.js';
import { RegistryClient } from '../../core/registry/registry-client.js';

let stack: Stack;
let configDir: string;
const transports: NodeHttpTransport[] = [];
/** Method and path of every registry request (token and auth retries included). */
const sent: string[] = [];

before(async () => {
  stack = await startStack({ registryAuth: true });
  configDir = mkdtempSync(join(tmpdir(), 'signet-regclient-'));
});

after(async () => {
  for (const t of transports) t.close();
  await stack?.stop();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

function registryClient(
  auth: ConstructorParameters<typeof AuthenticatingClient>[1] = {},
  timeoutMs = 10_000,
): RegistryClient {
  const t = new NodeHttpTransport();
  transports.push(t);
  const spy = {
    request: (req: HttpRequest) => (sent.push(`${req.method} ${new URL(req.url).pathname}`), t.request(req)),
  };
  return new RegistryClient(new AuthenticatingClient(spy, auth), { crypto: nodeCrypto, timeoutMs });
}

test('schema2 and OCI images resolve to exactly the pushed digest and size', async () => {
  const rc = registryClient();
  for (const media of ['docker', 'oci'] as const) {
    const pushed = await pushImage(stack.registryHost, `example/${media}`, 'v1', { media });
    sent.length = 0;
    const info = await rc.resolveTag(parseImageReference(`${stack.registryHost}/example/${media}:v1`));
    assert.deepEqual(info, {
      digest: pushed.digest,
      hex: pushed.hex,
      size: pushed.size,
      mediaType: MT[media].manifest,
    });
    assert.deepEqual(
      sent,
      [`HEAD /v2/example/${media}/manifests/v1`],
      'the real registry answers HEAD; no GET fallback',
    );
    const byDigest = await rc.resolveDigest(
      parseImageReference(`${stack.registryHost}/example/${media}@${pushed.digest}`),
    );
    assert.equal(byDigest.size, pushed.size);
    assert.equal(byDigest.digest, pushed.digest);
  }
});

test('a manifest list and an OCI index resolve to the index digest and list both platforms', async () => {
  const rc = registryClient();
  const cases = [
    { repo: 'example/multi', media: 'docker' as const, type: MEDIA_TYPES.dockerManifestList },
    { repo: 'example/multi-oci', media: 'oci' as const, type: MEDIA_TYPES.ociIndex },
  ];
  for (const c of cases) {
    const amd = await pushImage(stack.registryHost, c.repo, 'amd64', { media: c.media, content: 'amd64\n' });
    const arm = await pushImage(stack.registryHost, c.repo, 'arm64', { media: c.media, content: 'arm64\n' });
    const idx = await putIndex(stack.registryHost, c.repo, 'v1', c.type, amd, arm);
    sent.length = 0;
    const info = await rc.resolveTag(parseImageReference(`${stack.registryHost}/${c.repo}:v1`));
    assert.equal(info.digest, idx.digest, c.type);
    assert.equal(info.size, idx.size);
    assert.equal(info.mediaType, c.type);
    assert.deepEqual(sent, [`HEAD /v2/${c.repo}/manifests/v1`, `GET /v2/${c.repo}/manifests/${idx.digest}`]);
    assert.deepEqual(info.platforms, [
      { os: 'linux', architecture: 'amd64', digest: amd.digest, size: amd.size, mediaType: amd.mediaType },
      {
        os: 'linux',
        architecture: 'arm64',
        variant: 'v8',
        digest: arm.digest,
        size: arm.size,
        mediaType: arm.mediaType,
      },
    ]);
  }
});

test('basic-auth registry: works with a DOCKER_CONFIG auths entry, fails clearly without', async () => {
  const host = stack.registryAuthHost!;
  const pushed = await pushImage(host, 'example/private', 'v1', {
    creds: { user: stack.registryUser, password: stack.registryPassword },
  });
  const ref = parseImageReference(`${host}/example/private:v1`);
  const auth = Buffer.from(`${stack.registryUser}:${stack.registryPassword}`).toString('base64');
  writeFileSync(join(configDir, 'config.json'), JSON.stringify({ auths: { [host]: { auth } } }));
  const credentials = new DockerCredentialSource(await loadDockerConfig(configDir));
  const info = await registryClient({ credentials }).resolveTag(ref);
  assert.equal(info.digest, pushed.digest);
  assert.equal(info.size, pushed.size);

  await assert.rejects(registryClient().resolveTag(ref), (e) => {
    assert.ok(isSignetError(e, 'HTTP_UNAUTHORIZED'), String(e));
    assert.ok(e.message.includes(host), e.message);
    assert.ok((e.hint ?? '').includes(`docker login ${host}`), e.hint);
    return true;
  });
  const wrong = { get: async () => ({ username: stack.registryUser, password: 'wrong' }) };
  await assert.rejects(
    registryClient({ credentials: wrong }).resolveTag(ref),
    (e) => isSignetError(e, 'HTTP_UNAUTHORIZED') && /not accepted/.test(e.message),
  );
});

test('missing tag is HTTP_NOT_FOUND naming the tag and repository', async () => {
  await pushImage(stack.registryHost, 'example/app', 'v1');
  for (const name of ['example/app', 'example/never-pushed']) {
    await assert.rejects(registryClient().resolveTag(parseImageReference(`${stack.registryHost}/${name}:v9`)), (e) => {
      assert.ok(isSignetError(e, 'HTTP_NOT_FOUND'), String(e));
      assert.equal(e.message, `tag v9 not found in ${stack.registryHost}/${name}`);
      assert.match(e.hint ?? '', /push the image first/);
      return true;
    });
  }
});

test('registry down is HTTP_UNREACHABLE', async () => {
  const port = await freePort();
  await assert.rejects(
    registryClient({}, 3000).resolveTag(parseImageReference(`127.0.0.1:${port}/example/app:v1`)),
    (e) => {
      assert.ok(isSignetError(e, 'HTTP_UNREACHABLE'), String(e));
      assert.ok(e.message.includes(`127.0.0.1:${port}`), e.message);
      return true;
    },
  );
});
