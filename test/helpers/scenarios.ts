/**
 * Seed layouts on a running test stack, built ONLY with the real notary and docker CLIs
 * (plus raw registry pushes for the image digests), as in the peers' notary-scenarios:
 *   adminSignedRepo  (a)  tags signed by the repo admin in `targets`          -> "(Repo Admin)"
 *   signersRepo      (b)  delegations alice, bob, releases(alice+bob); alice signs v1;
 *                   (b2)  v2 signed by alice (notary) and co-signed by bob (docker trust sign)
 *   newRepoBySigner  (c)  `docker trust signer add` initialises a new repo; alice signs v1
 *   emptyRepo        (d)  initialised, no tags
 *   manyTagsRepo          n tags, for benchmarks
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync, chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Stack } from './stack.js';
import { makeIdentity, ok, REPO_PASSPHRASE, run, type Identity, type RunResult } from './identity.js';
import { pushImage } from './registry-push.js';
import { forEachLimit } from '../../core/util/pool.js';

export interface ExpectedTag {
  /** sha256:<hex> */
  digest: string;
  /** hex, as docker trust inspect prints it */
  hex: string;
  size: number;
  /** expected docker trust inspect signers of the row, sorted; ["Repo Admin"] when only `targets` has it */
  signers: string[];
}

export interface ExpectedSigner {
  name: string;
  /** canonical key IDs (as docker trust inspect shows them), sorted */
  keyIds: string[];
}

export interface Scenario {
  gun: string;
  /** repository path inside the registry (gun without the registry host) */
  repo: string;
  /** identities used; `admin` always, plus e.g. alice, bob */
  identities: Record<string, Identity>;
  /** tag -> expected row */
  tags: Record<string, ExpectedTag>;
  /** expected signer list (sorted by name; excludes releases) */
  signers: ExpectedSigner[];
}

/* ---------------------------------------------------------------- helpers */

/** accept a full GUN ("127.0.0.1:5000/x/y") or a repo path ("x/y") on the stack's registry */
export function resolveGun(stack: Stack, gunOrRepo: string): { gun: string; repo: string } {
  const prefix = `${stack.registryHost}/`;
  if (gunOrRepo.startsWith(prefix)) return { gun: gunOrRepo, repo: gunOrRepo.slice(prefix.length) };
  return { gun: prefix + gunOrRepo, repo: gunOrRepo };
}

let idCounter = 0;
/** a fresh identity dir name (identities are per scenario so keys never mix) */
export function newIdentity(stack: Stack, label: string, server?: string): Identity {
  idCounter += 1;
  return makeIdentity(stack, `${label}-${process.pid}-${idCounter}`, server ? { server } : {});
}

/** a key-less identity for `docker trust inspect` */
export function viewer(stack: Stack, server?: string): Identity {
  return newIdentity(stack, 'viewer', server);
}

function privateKeyIds(id: Identity): Set<string> {
  const dir = join(id.trustDir, 'private');
  if (!existsSync(dir)) return new Set();
  return new Set(
    readdirSync(dir)
      .filter((f) => f.endsWith('.key'))
      .map((f) => f.slice(0, -4)),
  );
}

/** `docker trust key generate NAME --dir DIR` in the identity; returns the .pub path and key ID */
export async function dockerKeyGenerate(id: Identity, name: string): Promise<{ pub: string; keyId: string }> {
  const dir = join(id.dockerConfig, 'keys');
  mkdirSync(dir, { recursive: true });
  const before = privateKeyIds(id);
  ok(await id.docker(['trust', 'key', 'generate', name, '--dir', dir]), `docker trust key generate ${name}`);
  const added = [...privateKeyIds(id)].filter((k) => !before.has(k));
  if (added.length !== 1) throw new Error(`expected one new key for ${name}, got ${added.join(',')}`);
  return { pub: join(dir, `${name}.pub`), keyId: added[0]! };
}

/**
 * `notary key generate ecdsa --role NAME -o PREFIX`, then (notary cannot import its own
 * encrypted output) decrypt the private key with openssl and `notary key import --role NAME`.
 */
export async function notaryKeyGenerate(id: Identity, name: string): Promise<{ pub: string; keyId: string }> {
  const dir = join(id.dockerConfig, 'keys');
  mkdirSync(dir, { recursive: true });
  const prefix = join(dir, name);
  ok(await id.notary(['key', 'generate', 'ecdsa', '--role', name, '-o', prefix]), `notary key generate ${name}`);
  const encPem = readFileSync(`${prefix}-key.pem`, 'utf8');
  // drop the PEM "role:" header for openssl
  const stripped = encPem
    .split('\n')
    .filter((l) => !/^[A-Za-z-]+: /.test(l))
    .join('\n')
    .replace(/-----\n\n/, '-----\n');
  const encFile = `${prefix}-key.enc.pem`;
  writeFileSync(encFile, stripped, { mode: 0o600 });
  const plainFile = `${prefix}-key.plain.pem`;
  ok(
    await run('openssl', ['pkey', '-in', encFile, '-passin', `pass:${REPO_PASSPHRASE}`, '-out', plainFile], id.env),
    `openssl decrypt ${name}`,
  );
  chmodSync(plainFile, 0o600);
  const before = privateKeyIds(id);
  ok(await id.notary(['key', 'import', plainFile, '--role', name]), `notary key import ${name}`);
  const added = [...privateKeyIds(id)].filter((k) => !before.has(k));
  if (added.length !== 1) throw new Error(`expected one imported key for ${name}, got ${added.join(',')}`);
  return { pub: `${prefix}.pem`, keyId: added[0]! };
}

export async function push(stack: Stack, repo: string, tag: string): Promise<ExpectedTag> {
  const r = await pushImage(stack.registryHost, repo, tag);
  return { digest: r.digest, hex: r.hex, size: r.size, signers: [] };
}

/** notary init -p + key rotate snapshot -r (server-managed snapshot, like docker) */
export async function initAdmin(admin: Identity, gun: string): Promise<void> {
  ok(await admin.notary(['init', gun, '-p']), `notary init ${gun}`);
  ok(await admin.notary(['key', 'rotate', gun, 'snapshot', '-r']), `notary key rotate ${gun} snapshot -r`);
}

export function addhashArgs(
  gun: string,
  tag: string,
  t: { hex: string; size: number },
  roles: string[],
  publish: boolean,
): string[] {
  const a = ['addhash', gun, tag, String(t.size), '--sha256', t.hex];
  for (const r of roles) a.push('-r', r);
  if (publish) a.push('-p');
  return a;
}

/** run tasks with at most `limit` in flight (core's one bounded-concurrency helper) */
export const pool = forEachLimit;

/* ---------------------------------------------------------------- (a) admin-signed */

export async function adminSignedRepo(
  stack: Stack,
  gunOrRepo: string,
  tags: string[] = ['v1', 'v2'],
): Promise<Scenario> {
  const { gun, repo } = resolveGun(stack, gunOrRepo);
  const admin = newIdentity(stack, 'admin');
  const expected: Record<string, ExpectedTag> = {};
  for (const tag of tags) expected[tag] = { ...(await push(stack, repo, tag)), signers: ['Repo Admin'] };
  await initAdmin(admin, gun);
  for (const tag of tags) {
    ok(await admin.notary(addhashArgs(gun, tag, expected[tag]!, [], true)), `notary addhash ${gun} ${tag}`);
  }
  return { gun, repo, identities: { admin }, tags: expected, signers: [] };
}

/* ---------------------------------------------------------------- (b) + (b2) signers */

export interface SignersRepoOptions {
  /** also sign v2 by alice and co-sign it by bob (b2); default true */
  coSigned?: boolean;
  /** how bob co-signs v2: 'docker' (docker trust sign, default) or 'notary' (addhash -r targets/bob) */
  coSignWith?: 'docker' | 'notary';
}

export async function signersRepo(stack: Stack, gunOrRepo: string, opts: SignersRepoOptions = {}): Promise<Scenario> {
  const { gun, repo } = resolveGun(stack, gunOrRepo);
  const coSigned = opts.coSigned ?? true;
  const admin = newIdentity(stack, 'admin');
  const alice = newIdentity(stack, 'alice');
  const bob = newIdentity(stack, 'bob');

  const expected: Record<string, ExpectedTag> = {};
  expected.v1 = { ...(await push(stack, repo, 'v1')), signers: ['alice'] };
  if (coSigned) expected.v2 = { ...(await push(stack, repo, 'v2')), signers: ['alice', 'bob'] };

  const [aliceKey, bobKey] = await Promise.all([dockerKeyGenerate(alice, 'alice'), notaryKeyGenerate(bob, 'bob')]);

  await initAdmin(admin, gun);
  ok(
    await admin.notary(['delegation', 'add', gun, 'targets/alice', aliceKey.pub, '--all-paths']),
    'delegation add alice',
  );
  ok(await admin.notary(['delegation', 'add', gun, 'targets/bob', bobKey.pub, '--all-paths']), 'delegation add bob');
  ok(
    await admin.notary(['delegation', 'add', gun, 'targets/releases', aliceKey.pub, bobKey.pub, '--all-paths']),
    'delegation add releases',
  );
  ok(await admin.notary(['publish', gun]), 'publish delegations');

  ok(
    await alice.notary(addhashArgs(gun, 'v1', expected.v1, ['targets/releases', 'targets/alice'], true)),
    'alice addhash v1',
  );
  if (coSigned) {
    const v2 = expected.v2!;
    ok(await alice.notary(addhashArgs(gun, 'v2', v2, ['targets/releases', 'targets/alice'], true)), 'alice addhash v2');
    if ((opts.coSignWith ?? 'docker') === 'docker') {
      // the tag is already signed, so docker copies the hash/length and needs no engine
      ok(await bob.docker(['trust', 'sign', `${gun}:v2`]), 'bob docker trust sign v2');
    } else {
      ok(await bob.notary(addhashArgs(gun, 'v2', v2, ['targets/bob'], true)), 'bob addhash v2');
    }
  }
  return {
    gun,
    repo,
    identities: { admin, alice, bob },
    tags: expected,
    signers: [
      { name: 'alice', keyIds: [aliceKey.keyId] },
      { name: 'bob', keyIds: [bobKey.keyId] },
    ],
  };
}

/* ---------------------------------------------------------------- (c) new repo via docker trust signer add */

export async function newRepoBySigner(stack: Stack, gunOrRepo: string, tag = 'v1'): Promise<Scenario> {
  const { gun, repo } = resolveGun(stack, gunOrRepo);
  const admin = newIdentity(stack, 'admin');
  const alice = newIdentity(stack, 'alice');
  const expected: Record<string, ExpectedTag> = {};
  expected[tag] = { ...(await push(stack, repo, tag)), signers: ['alice'] };
  const aliceKey = await dockerKeyGenerate(alice, 'alice');
  ok(
    await admin.docker(['trust', 'signer', 'add', '--key', aliceKey.pub, 'alice', gun]),
    'docker trust signer add alice',
  );
  // alice cannot `docker trust sign` an unsigned tag without an engine: notary addhash into her roles
  ok(
    await alice.notary(addhashArgs(gun, tag, expected[tag]!, ['targets/releases', 'targets/alice'], true)),
    `alice addhash ${tag}`,
  );
  return {
    gun,
    repo,
    identities: { admin, alice },
    tags: expected,
    signers: [{ name: 'alice', keyIds: [aliceKey.keyId] }],
  };
}

/* ---------------------------------------------------------------- (d) empty repo */

export async function emptyRepo(
  stack: Stack,
  gunOrRepo: string,
  via: 'notary' | 'docker' = 'notary',
): Promise<Scenario> {
  const { gun, repo } = resolveGun(stack, gunOrRepo);
  const admin = newIdentity(stack, 'admin');
  if (via === 'notary') {
    await initAdmin(admin, gun);
    return { gun, repo, identities: { admin }, tags: {}, signers: [] };
  }
  const alice = newIdentity(stack, 'alice');
  const aliceKey = await dockerKeyGenerate(alice, 'alice');
  ok(
    await admin.docker(['trust', 'signer', 'add', '--key', aliceKey.pub, 'alice', gun]),
    'docker trust signer add alice',
  );
  return { gun, repo, identities: { admin, alice }, tags: {}, signers: [{ name: 'alice', keyIds: [aliceKey.keyId] }] };
}

/* ---------------------------------------------------------------- many tags (benchmarks) */

export interface ManyTagsOptions {
  /**
   * How the n target changes are staged before the single `notary publish`:
   *  - 'cli': one `notary addhash` (no -p) per tag, `concurrency` at a time
   *  - 'changelist' (default): ONE real `notary addhash` stages the first tag; its change
   *    file(s) are used as a template for the other tags (same JSON, new path/data), then
   *    the real `notary publish` signs and uploads everything. Much faster; checked against
   *    'cli' in test/integration/stack.test.ts.
   */
  method?: 'cli' | 'changelist';
  /** parallel addhash processes for method 'cli' (default 8) */
  concurrency?: number;
  /** 'synthetic' (default): distinct made-up sha256/size per tag; 'registry': push an image per tag */
  digests?: 'synthetic' | 'registry';
  /** tag name for index i (default tag00001 …) */
  tagName?: (i: number) => string;
}

export interface ManyTagsScenario extends Scenario {
  timings: { setupMs: number; stageMs: number; publishMs: number };
}

function changelistDir(id: Identity, gun: string): string {
  return join(id.trustDir, 'tuf', gun, 'changelist');
}

/** stage tags 1..n-1 by cloning the change files that a real `notary addhash` wrote for tag 0 */
function cloneChanges(dir: string, tags: string[], exp: Record<string, ExpectedTag>): void {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.change'))
    .sort();
  if (files.length === 0) throw new Error(`no change file in ${dir}`);
  const templates = files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>);
  // self-check: re-encoding the template's data must give the same bytes
  for (const [i, t] of templates.entries()) {
    const raw = readFileSync(join(dir, files[i]!), 'utf8');
    if (JSON.stringify(t) !== raw.trim()) throw new Error(`change file format not understood: ${raw}`);
    const d = JSON.parse(Buffer.from(String(t.data), 'base64').toString('utf8')) as Record<string, unknown>;
    if (t.type !== 'target' || t.action !== 'create' || typeof d.length !== 'number') {
      throw new Error(`unexpected change: ${raw}`);
    }
  }
  let nanos = BigInt(files[files.length - 1]!.split('_')[0]!);
  for (let i = 1; i < tags.length; i++) {
    const tag = tags[i]!;
    const e = exp[tag]!;
    for (const t of templates) {
      const d = JSON.parse(Buffer.from(String(t.data), 'base64').toString('utf8')) as Record<string, unknown>;
      d.length = e.size;
      d.hashes = { sha256: Buffer.from(e.hex, 'hex').toString('base64') };
      const c = { ...t, path: tag, data: Buffer.from(JSON.stringify(d)).toString('base64') };
      nanos += 1n;
      const name = `${nanos.toString().padStart(20, '0')}_${randomUUID()}.change`;
      writeFileSync(join(dir, name), JSON.stringify(c), { mode: 0o600 });
    }
  }
}

export async function manyTagsRepo(
  stack: Stack,
  gunOrRepo: string,
  n: number,
  layout: 'targets' | 'releases',
  opts: ManyTagsOptions = {},
): Promise<ManyTagsScenario> {
  const { gun, repo } = resolveGun(stack, gunOrRepo);
  const method = opts.method ?? 'changelist';
  const width = Math.max(5, String(n).length);
  const tagName = opts.tagName ?? ((i: number) => `tag${String(i).padStart(width, '0')}`);
  const tags = Array.from({ length: n }, (_, i) => tagName(i + 1));

  const t0 = Date.now();
  const admin = newIdentity(stack, 'admin');
  const identities: Record<string, Identity> = { admin };
  const signers: ExpectedSigner[] = [];
  let signer = admin;
  let roles: string[] = [];
  const rowSigners = layout === 'targets' ? ['Repo Admin'] : ['alice'];

  const exp: Record<string, ExpectedTag> = {};
  if ((opts.digests ?? 'synthetic') === 'registry') {
    await pool(tags, 8, async (tag) => {
      exp[tag] = { ...(await push(stack, repo, tag)), signers: rowSigners };
    });
  } else {
    for (const [i, tag] of tags.entries()) {
      const hex = createHash('sha256').update(`${gun}:${tag}`).digest('hex');
      exp[tag] = { digest: `sha256:${hex}`, hex, size: 500 + i, signers: rowSigners };
    }
  }

  if (layout === 'targets') {
    await initAdmin(admin, gun);
  } else {
    const alice = newIdentity(stack, 'alice');
    identities.alice = alice;
    const [aliceKey] = await Promise.all([dockerKeyGenerate(alice, 'alice'), initAdmin(admin, gun)]);
    ok(
      await admin.notary(['delegation', 'add', gun, 'targets/alice', aliceKey.pub, '--all-paths']),
      'delegation add alice',
    );
    ok(
      await admin.notary(['delegation', 'add', gun, 'targets/releases', aliceKey.pub, '--all-paths', '-p']),
      'delegation add releases',
    );
    signers.push({ name: 'alice', keyIds: [aliceKey.keyId] });
    signer = alice;
    roles = ['targets/releases', 'targets/alice'];
  }
  const t1 = Date.now();

  if (n > 0) {
    if (method === 'cli') {
      await pool(tags, opts.concurrency ?? 8, async (tag) => {
        ok(await signer.notary(addhashArgs(gun, tag, exp[tag]!, roles, false)), `addhash ${tag}`);
      });
    } else {
      const dir = changelistDir(signer, gun);
      if (existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.change'))) {
        throw new Error(`changelist ${dir} is not empty`);
      }
      ok(await signer.notary(addhashArgs(gun, tags[0]!, exp[tags[0]!]!, roles, false)), `addhash ${tags[0]}`);
      cloneChanges(dir, tags, exp);
    }
  }
  const t2 = Date.now();
  ok(await signer.notary(['publish', gun], { timeoutMs: 600000 }), `publish ${gun}`);
  const t3 = Date.now();

  return {
    gun,
    repo,
    identities,
    tags: exp,
    signers,
    timings: { setupMs: t1 - t0, stageMs: t2 - t1, publishMs: t3 - t2 },
  };
}

/* ---------------------------------------------------------------- inspection helpers */

export interface InspectJson {
  Name: string;
  SignedTags: { SignedTag: string; Digest: string; Signers: string[] }[];
  Signers: { Name: string; Keys?: { ID: string }[] }[];
  AdministrativeKeys: { Name: string; Keys?: { ID: string }[] }[];
}

/** `docker trust inspect REFS...` (JSON) from the given identity; parsed, with the raw result */
export async function dockerTrustInspect(
  id: Identity,
  refs: string[],
): Promise<{ result: RunResult; json: InspectJson[] }> {
  const result = await id.docker(['trust', 'inspect', ...refs]);
  let json: InspectJson[] = [];
  try {
    json = JSON.parse(result.stdout) as InspectJson[];
  } catch {
    /* leave empty */
  }
  return { result, json };
}

/** `notary list GUN` parsed into { tag: { hex, size, role } } */
export async function notaryList(
  id: Identity,
  gun: string,
  server?: string,
): Promise<{ result: RunResult; targets: Record<string, { hex: string; size: number; role: string }> }> {
  const result = await id.notary(['list', gun], server ? { server } : {});
  const targets: Record<string, { hex: string; size: number; role: string }> = {};
  for (const line of result.stdout.split('\n').slice(2)) {
    const m = /^(\S+)\s+([0-9a-f]{64})\s+(\d+)\s+(\S+)\s*$/.exec(line);
    if (m) targets[m[1]!] = { hex: m[2]!, size: Number(m[3]), role: m[4]! };
  }
  return { result, targets };
}
