/**
 * A repository whose trust history was written ONLY by the real `notary` and `docker trust` CLIs
 * (issue 12's sequence): init (snapshot key to the server), sign v1, sign v2, re-sign v1 with
 * another digest, remove v2, add signer alice, alice signs v1, rotate the targets key, remove
 * alice, witness targets. Shared by the history integration test and the History tab e2e.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Stack } from './stack.js';
import { makeIdentity, ok, run, type Identity } from './identity.js';
import { dockerKeyGenerate, dockerTrustInspect } from './scenarios.js';
import { pushImage } from './registry-push.js';

export interface CliHistory {
  gun: string;
  /** Holds the root and both targets keys (the first snapshot key too). */
  admin: Identity;
  alice: Identity;
  digests: { v1: string; v2: string; v1b: string };
  keys: { root: string; targets1: string; targets2: string; snapshot: string; alice: string };
  /** changefeed CreatedAt per publish (timestamp version), read from the server with curl */
  times: Map<number, string>;
  dockerJson: string;
  dockerPretty: string;
}

let n = 0;

async function curlJson(stack: Stack, path: string): Promise<any> {
  const r = ok(
    await run(
      'curl',
      ['-sf', '--cacert', stack.caFile, `${stack.notaryHttpsUrl}${path}`],
      process.env as Record<string, string>,
    ),
  );
  return JSON.parse(r.stdout);
}

export async function buildCliHistory(stack: Stack, repo: string): Promise<CliHistory> {
  const gun = `${stack.registryHost}/${repo}`;
  const person = (name: string): Identity => makeIdentity(stack, `${name}-h${process.pid}-${++n}`);
  const admin = person('admin');
  const alice = person('alice');
  const cachedRoot = (id: Identity) =>
    JSON.parse(readFileSync(join(id.trustDir, 'tuf', gun, 'metadata', 'root.json'), 'utf8')).signed;
  const [v1, v2, v1b] = [
    await pushImage(stack.registryHost, repo, 'v1'),
    await pushImage(stack.registryHost, repo, 'v2'),
    await pushImage(stack.registryHost, repo, 'v1', { content: 'v1, rebuilt\n' }),
  ];
  const addhash = (tag: string, t: { hex: string; size: number }) => [
    'addhash',
    gun,
    tag,
    String(t.size),
    '--sha256',
    t.hex,
    '-p',
  ];
  // init: notary init, then the snapshot key to the server (docker's layout), as the seed scenarios do
  ok(await admin.notary(['init', gun, '-p']), 'notary init');
  ok(await admin.notary(['key', 'rotate', gun, 'snapshot', '-r']), 'notary key rotate snapshot -r');
  ok(await admin.notary(addhash('v1', v1)), 'sign v1');
  // notary's cache holds root v2 once a later command has read it (key rotate does not update it)
  const first = cachedRoot(admin);
  if (first.version !== 2) throw new Error(`expected root v2 in the cache, found v${first.version}`);
  const snapshotKey: string = first.roles.snapshot.keyids[0];
  ok(await admin.notary(addhash('v2', v2)), 'sign v2');
  ok(await admin.notary(addhash('v1', v1b)), 're-sign v1 with another digest');
  ok(await admin.notary(['remove', gun, 'v2', '-p']), 'remove v2');
  const aliceKey = await dockerKeyGenerate(alice, 'alice');
  ok(await admin.docker(['trust', 'signer', 'add', '--key', aliceKey.pub, 'alice', gun]), 'docker trust signer add');
  ok(await alice.docker(['trust', 'sign', `${gun}:v1`]), 'alice: docker trust sign v1');
  ok(await admin.notary(['key', 'rotate', gun, 'targets']), 'notary key rotate targets');
  // docker 28 ignores --force here; answering its question works
  const removed = ok(
    await admin.docker(['trust', 'signer', 'remove', 'alice', gun], { input: 'y\n' }),
    'signer remove',
  );
  if (!/Successfully removed alice/.test(removed.stdout)) throw new Error(`signer remove: ${removed.stdout}`);
  ok(await admin.notary(['witness', gun, 'targets', '-p']), 'notary witness targets');

  const feed = await curlJson(stack, `/v2/${gun}/_trust/changefeed?change_id=0&records=100`);
  const viewer = person('viewer');
  const inspect = await dockerTrustInspect(viewer, [gun]);
  ok(inspect.result, 'docker trust inspect');
  const pretty = ok(await viewer.docker(['trust', 'inspect', '--pretty', gun]), 'docker trust inspect --pretty');
  return {
    gun,
    admin,
    alice,
    digests: { v1: v1.hex, v2: v2.hex, v1b: v1b.hex },
    keys: {
      root: first.roles.root.keyids[0],
      targets1: first.roles.targets.keyids[0],
      targets2: inspect.json[0]!.AdministrativeKeys.find((k) => k.Name === 'Repository')!.Keys![0]!.ID,
      snapshot: snapshotKey,
      alice: aliceKey.keyId,
    },
    times: new Map(feed.records.map((r: any) => [r.Version, r.CreatedAt])),
    dockerJson: inspect.result.stdout,
    dockerPretty: pretty.stdout,
  };
}

/** The changes the CLIs made, as `signet history --json` lists them, oldest first. */
export function expectedHistory(h: CliHistory): Array<Record<string, unknown>> {
  const { digests: d, keys: k, times } = h;
  const t = (publish: number) => times.get(publish);
  const targets = (publish: number, version: number, change: string, extra: object, keys = [k.targets1]) => ({
    Time: t(publish),
    Role: 'targets',
    Version: version,
    Change: change,
    ...extra,
    KeyIDs: keys,
  });
  return [
    { Time: t(1), Role: 'root', Version: 1, Change: 'initialized', KeyIDs: [k.root] },
    { Time: t(2), Role: 'snapshot', Version: 3, Change: 'key-rotated', KeyIDs: [k.snapshot] },
    targets(3, 3, 'tag-added', { Tag: 'v1', Digest: d.v1 }),
    targets(4, 4, 'tag-added', { Tag: 'v2', Digest: d.v2 }),
    targets(5, 5, 'tag-changed', { Tag: 'v1', Digest: d.v1b, PreviousDigest: d.v1 }),
    targets(6, 6, 'tag-removed', { Tag: 'v2', PreviousDigest: d.v2 }),
    targets(7, 7, 'signer-added', { Signer: 'alice' }),
    targets(7, 7, 'signer-added', { Signer: 'releases' }),
    { Time: t(8), Role: 'targets/alice', Version: 1, Change: 'tag-added', Tag: 'v1', Digest: d.v1b, KeyIDs: [k.alice] },
    {
      Time: t(8),
      Role: 'targets/releases',
      Version: 1,
      Change: 'tag-added',
      Tag: 'v1',
      Digest: d.v1b,
      KeyIDs: [k.alice],
    },
    targets(9, 8, 'key-rotated', {}, [k.targets2]),
    targets(10, 9, 'signer-removed', { Signer: 'alice' }, [k.targets2]),
    targets(10, 9, 'signer-changed', { Signer: 'releases' }, [k.targets2]),
    targets(11, 10, 'renewed', {}, [k.targets2]),
  ];
}
