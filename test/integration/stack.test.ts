/**
 * The test harness itself: real notary-server/notary-signer/docker-registry stack, seed
 * scenarios built with the real notary + docker CLIs, checked with `docker trust inspect`
 * from a key-less identity.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { startStack, type Stack } from '../helpers/stack.js';
import { makeIdentity, ok } from '../helpers/identity.js';
import { pushImage, buildImage } from '../helpers/registry-push.js';
import {
  adminSignedRepo,
  signersRepo,
  newRepoBySigner,
  emptyRepo,
  manyTagsRepo,
  viewer,
  dockerTrustInspect,
  notaryList,
  type Scenario,
  type InspectJson,
} from '../helpers/scenarios.js';

function getJson(url: string, ca: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ca, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** compare a docker trust inspect entry with a scenario's expectations */
function assertMatches(view: InspectJson, sc: Scenario): void {
  assert.equal(view.Name, sc.gun);
  const rows = Object.fromEntries(view.SignedTags.map((r) => [r.SignedTag, r]));
  assert.deepEqual(Object.keys(rows).sort(), Object.keys(sc.tags).sort(), 'signed tags');
  for (const [tag, exp] of Object.entries(sc.tags)) {
    const row = rows[tag]!;
    assert.equal(`sha256:${row.Digest}`, exp.digest, `digest of ${tag}`);
    assert.deepEqual([...row.Signers].sort(), exp.signers, `signers of ${tag}`);
  }
  const signers = view.Signers.map((s) => ({ name: s.Name, keyIds: (s.Keys ?? []).map((k) => k.ID).sort() }));
  assert.deepEqual(
    signers.sort((a, b) => a.name.localeCompare(b.name)),
    sc.signers,
    'signer list',
  );
  assert.deepEqual(
    view.AdministrativeKeys.map((k) => k.Name),
    ['Root', 'Repository'],
  );
  for (const k of view.AdministrativeKeys) assert.equal(k.Keys?.length, 1, `${k.Name} key count`);
}

describe('test stack harness', () => {
  let stack: Stack;

  before(async () => {
    stack = await startStack({ ecdsa: true, registryAuth: true });
  });
  after(async () => {
    await stack?.stop();
  });

  it('starts every service on loopback with its own CA', async () => {
    for (const url of [stack.notaryHttpsUrl, stack.notaryEcdsaUrl!]) {
      assert.match(url, /^https:\/\/127\.0\.0\.1:\d+$/);
      const r = await getJson(`${url}/_notary_server/health`, readFileSync(stack.caFile, 'utf8'));
      assert.equal(r.status, 200);
    }
    assert.match(stack.notaryHttpUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await fetch(`${stack.notaryHttpUrl}/_notary_server/health`)).status, 200);
    assert.equal((await fetch(`${stack.registryUrl}/v2/`)).status, 200);
    const unauth = await fetch(`${stack.registryAuthUrl}/v2/`);
    assert.equal(unauth.status, 401);
    assert.match(unauth.headers.get('www-authenticate') ?? '', /^Basic realm=/);
    const names = Object.keys(stack.pids()).sort();
    assert.deepEqual(names, [
      'notary-ecdsa',
      'notary-http',
      'notary-https',
      'notary-signer',
      'registry',
      'registry-auth',
    ]);
  });

  it('pushes deterministic images (schema2, OCI, basic auth)', async () => {
    const a = await pushImage(stack.registryHost, 'push/test', 'v1');
    const b = await pushImage(stack.registryHost, 'push/test', 'v1');
    assert.equal(a.digest, b.digest);
    assert.equal(a.mediaType, 'application/vnd.docker.distribution.manifest.v2+json');
    assert.equal(a.digest, buildImage('push/test', 'v1').manifestDigest);
    const oci = await pushImage(stack.registryHost, 'push/test', 'oci', { media: 'oci' });
    assert.equal(oci.mediaType, 'application/vnd.oci.image.manifest.v1+json');
    assert.notEqual(oci.digest, a.digest);
    await assert.rejects(pushImage(stack.registryAuthHost!, 'push/auth', 'v1'), /401/);
    const authed = await pushImage(stack.registryAuthHost!, 'push/auth', 'v1', {
      creds: { user: stack.registryUser, password: stack.registryPassword },
    });
    assert.equal(authed.size, a.size);
  });

  it('(a) admin-signed tags show as Repo Admin', async () => {
    const sc = await adminSignedRepo(stack, 'example/admin', ['v1', 'v2']);
    const { result, json } = await dockerTrustInspect(viewer(stack), [sc.gun]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(json.length, 1);
    assertMatches(json[0]!, sc);
    assert.deepEqual(
      json[0]!.SignedTags.map((r) => r.Signers),
      [['Repo Admin'], ['Repo Admin']],
    );
    const pretty = await viewer(stack).docker(['trust', 'inspect', '--pretty', sc.gun]);
    assert.equal(pretty.code, 0);
    assert.match(pretty.stdout, /v1\s+[0-9a-f]{64}\s+\(Repo Admin\)/);
  });

  it('(b)/(b2) delegations: alice signs v1, alice and bob sign v2', async () => {
    const sc = await signersRepo(stack, 'example/signers');
    assert.deepEqual(sc.tags.v2?.signers, ['alice', 'bob']);
    const { result, json } = await dockerTrustInspect(viewer(stack), [sc.gun]);
    assert.equal(result.code, 0, result.stderr);
    assertMatches(json[0]!, sc);
    // the JSON signer list is sorted by name, descending
    assert.deepEqual(
      json[0]!.Signers.map((s) => s.Name),
      ['bob', 'alice'],
    );
    // single tag lookup
    const one = await dockerTrustInspect(viewer(stack), [`${sc.gun}:v1`]);
    assert.deepEqual(
      one.json[0]!.SignedTags.map((r) => r.SignedTag),
      ['v1'],
    );
  });

  it('(b2) bob can co-sign with notary addhash -r targets/bob too', async () => {
    const sc = await signersRepo(stack, 'example/signers-notary', { coSignWith: 'notary' });
    const { json } = await dockerTrustInspect(viewer(stack), [sc.gun]);
    assertMatches(json[0]!, sc);
  });

  it('(c) docker trust signer add initialises a new repo; alice signs v1', async () => {
    const sc = await newRepoBySigner(stack, 'example/new');
    const { result, json } = await dockerTrustInspect(viewer(stack), [sc.gun]);
    assert.equal(result.code, 0, result.stderr);
    assertMatches(json[0]!, sc);
  });

  it('(d) empty repositories (notary init, docker signer add)', async () => {
    const d = await emptyRepo(stack, 'example/empty');
    const d2 = await emptyRepo(stack, 'example/empty-signer', 'docker');
    const { result, json } = await dockerTrustInspect(viewer(stack), [d.gun, d2.gun]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(json.length, 2);
    assertMatches(json[0]!, d);
    assertMatches(json[1]!, d2);
    assert.deepEqual(json[0]!.SignedTags, []);
    // an unknown repository: [] on stdout, error on stderr, rc 1
    const missing = await dockerTrustInspect(viewer(stack), [`${stack.registryHost}/example/nope`]);
    assert.equal(missing.result.code, 1);
    assert.equal(missing.result.stdout, '[]\n');
    assert.match(missing.result.stderr, /no signatures or cannot access/i);
  });

  it('plain-HTTP notary works with the notary CLI', async () => {
    const gun = `${stack.registryHost}/example/http`;
    const admin = makeIdentity(stack, 'http-admin', { server: stack.notaryHttpUrl });
    const img = await pushImage(stack.registryHost, 'example/http', 'v1');
    ok(await admin.notary(['init', gun, '-p']));
    ok(await admin.notary(['addhash', gun, 'v1', String(img.size), '--sha256', img.hex, '-p']));
    const v = makeIdentity(stack, 'http-viewer', { server: stack.notaryHttpUrl });
    const l = await notaryList(v, gun);
    assert.equal(l.result.code, 0, l.result.stderr);
    assert.deepEqual(l.targets, { v1: { hex: img.hex, size: img.size, role: 'targets' } });
    // the HTTPS server has its own store
    const other = await notaryList(viewer(stack), gun);
    assert.notEqual(other.result.code, 0);
  });

  it('the notary-signer server uses ECDSA timestamp keys', async () => {
    const url = stack.notaryEcdsaUrl!;
    const gun = `${stack.registryHost}/example/ecdsa`;
    const admin = makeIdentity(stack, 'ecdsa-admin', { server: url });
    ok(await admin.notary(['init', gun, '-p']));
    const ca = readFileSync(stack.caFile, 'utf8');
    const ts = await getJson(`${url}/v2/${gun}/_trust/tuf/timestamp.key`, ca);
    assert.equal(ts.status, 200);
    assert.equal((ts.body as { keytype: string }).keytype, 'ecdsa');
    const local = await getJson(
      `${stack.notaryHttpsUrl}/v2/${stack.registryHost}/example/admin/_trust/tuf/timestamp.key`,
      ca,
    );
    assert.equal((local.body as { keytype: string }).keytype, 'ed25519');
    const l = await notaryList(viewer(stack, url), gun, url);
    assert.equal(l.result.code, 0, l.result.stderr);
  });

  it('manyTagsRepo: changelist and cli staging give the same published targets', async () => {
    const n = 12;
    for (const layout of ['targets', 'releases'] as const) {
      const results = [];
      for (const method of ['changelist', 'cli'] as const) {
        const sc = await manyTagsRepo(stack, `many/${layout}-${method}`, n, layout, {
          method,
          tagName: (i) => `t${i}`,
        });
        const v = viewer(stack);
        const { json } = await dockerTrustInspect(v, [sc.gun]);
        assertMatches(json[0]!, sc);
        // the raw published target entries
        const role = layout === 'targets' ? 'targets' : 'targets/releases';
        const ca = readFileSync(stack.caFile, 'utf8');
        const meta = await getJson(`${stack.notaryHttpsUrl}/v2/${sc.gun}/_trust/tuf/${role}.json`, ca);
        const targets = (meta.body as { signed: { targets: Record<string, unknown> } }).signed.targets;
        assert.equal(Object.keys(targets).length, n);
        // same entry shape; hash = sha256 of "gun:tag" so strip the gun-dependent values
        results.push(
          Object.values(targets)
            .map(
              (t) =>
                JSON.stringify(Object.keys(t as object)) +
                JSON.stringify(Object.keys((t as { hashes: object }).hashes)),
            )
            .sort(),
        );
      }
      assert.deepEqual(results[0], results[1], layout);
    }
  });

  it('stopNotary/startNotary simulate an outage', async () => {
    const gun = `${stack.registryHost}/example/admin`;
    await stack.stopNotary('https');
    const down = await dockerTrustInspect(viewer(stack), [gun]);
    assert.equal(down.result.code, 1);
    assert.match(down.result.stderr, /no signatures or cannot access/i);
    await stack.startNotary('https');
    const ca = readFileSync(stack.caFile, 'utf8');
    assert.equal((await getJson(`${stack.notaryHttpsUrl}/_notary_server/health`, ca)).status, 200);
    // memory store: the restarted server is empty
    const after = await notaryList(viewer(stack), gun);
    assert.notEqual(after.result.code, 0);
  });
});

describe('stack.stop()', () => {
  it('kills exactly its processes and removes the temp dir', async () => {
    const s = await startStack();
    const pids = Object.values(s.pids());
    assert.equal(pids.length, 3);
    for (const pid of pids) assert.ok(existsSync(`/proc/${pid}`));
    await s.stop();
    for (const pid of pids) {
      const alive = existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
      assert.equal(alive, false, `pid ${pid} still running`);
    }
    assert.equal(existsSync(s.dir), false);
    await s.stop(); // idempotent
  });
});
