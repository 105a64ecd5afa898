/**
 * `signet inspect` failure modes against REAL servers (notary-server, docker-registry, a token
 * issuer), compared with `docker trust inspect` where docker can be run with the same setup.
 *
 * Every failing read must: exit 1; print `[]\n` (JSON) or nothing (--pretty) on stdout; print on
 * stderr first `no signatures or cannot access <ref as typed>` (docker's line), then
 * `  cause: …` naming the real cause; never a stack trace. Several cases run the CLI as a child
 * process (`node cli/bin/signet.js`), the rest in-process through main(argv, io).
 *
 * One stack for the whole file. Order matters: the last group stops the stack's HTTPS notary.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../cli/main.js';
import { freePort, startStack, type Stack } from '../helpers/stack.js';
import { makeIdentity, ok, run, type Identity, type RunResult } from '../helpers/identity.js';
import { startTokenNotary, startTokenServer, type TokenNotary, type TokenServer } from '../helpers/token-server.js';
import { systemClock } from '../../core/node/clock.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const BIN = join(ROOT, 'cli/bin/signet.js');
const STACK_TRACE = /\n\s+at /;
const HEX = 'ab'.repeat(32);
/** INSPECT_ERRORS_VERBOSE=1 prints every signet/docker run (to compare messages by eye) */
const VERBOSE = process.env['INSPECT_ERRORS_VERBOSE'] === '1';

let stack: Stack;
let tokenServer: TokenServer | undefined;
let tokenNotary: TokenNotary | undefined;
let idCount = 0;

/** a fresh key-less identity (own DOCKER_CONFIG, trust cache, tls/ CAs for the stack's HTTPS notary) */
function fresh(label: string, server?: string): Identity {
  idCount += 1;
  return makeIdentity(stack, `${label}-${idCount}`, server ? { server } : {});
}

type Mode = 'child' | 'inproc';

/** `signet inspect ARGS` as a real process (bin launcher) or in-process through main(). */
async function signet(
  id: Identity,
  args: string[],
  mode: Mode,
  env: Record<string, string | undefined> = {},
): Promise<RunResult> {
  const fullEnv: Record<string, string | undefined> = { ...id.env, ...env };
  let r: RunResult;
  if (mode === 'child') {
    r = await run(process.execPath, [BIN, 'inspect', ...args], fullEnv, { cwd: ROOT, timeoutMs: 60_000 });
  } else {
    let stdout = '';
    let stderr = '';
    const code = await main(['inspect', ...args], {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      env: fullEnv,
      now: systemClock,
    });
    r = { code, stdout, stderr };
  }
  if (VERBOSE)
    process.stderr.write(
      `\n$ signet inspect ${args.join(' ')}  (${mode}) → exit ${r.code}\n${r.stdout.length > 200 ? '<stdout ' + r.stdout.length + ' bytes>\n' : r.stdout}${r.stderr}`,
    );
  return r;
}

/** `docker ARGS` from an identity (logged with INSPECT_ERRORS_VERBOSE=1) */
async function docker(id: Identity, args: string[], env: Record<string, string | undefined> = {}): Promise<RunResult> {
  const r = await id.docker(args, { env });
  if (VERBOSE)
    process.stderr.write(
      `\n$ docker ${args.join(' ')} → exit ${r.code}\n${r.stdout.length > 200 ? '<stdout ' + r.stdout.length + ' bytes>\n' : r.stdout}${r.stderr}`,
    );
  return r;
}

/** Asserts docker's failure shape and returns the `cause:` line (without the prefix). */
function assertFailure(r: RunResult, input: string, pretty: boolean, what: string): string {
  const where = `${what}\n--- stdout:\n${r.stdout}--- stderr:\n${r.stderr}`;
  assert.equal(r.code, 1, `exit code: ${where}`);
  assert.equal(r.stdout, pretty ? '' : '[]\n', `stdout: ${where}`);
  assert.doesNotMatch(r.stderr, STACK_TRACE, `stack trace on stderr: ${where}`);
  const lines = r.stderr.split('\n');
  const first = lines.findIndex((l) => l.startsWith('no signatures or cannot access'));
  assert.ok(first >= 0, `no "no signatures" line: ${where}`);
  assert.equal(lines[first], `no signatures or cannot access ${input}`, `first failure line: ${where}`);
  // only warnings (e.g. plain HTTP) may come before docker's line
  for (const l of lines.slice(0, first))
    assert.match(l, /^Warning: /, `unexpected stderr before the failure line: ${where}`);
  const cause = lines[first + 1] ?? '';
  assert.match(cause, /^ {2}cause: \S/, `second line must be "  cause: …": ${where}`);
  return cause.slice('  cause: '.length);
}

/** Runs JSON and --pretty modes; both must fail the same way; returns both cause lines + stderr. */
async function expectFailure(
  id: Identity,
  input: string,
  mode: Mode,
  causeRe: RegExp,
  extra: string[] = [],
  env: Record<string, string | undefined> = {},
): Promise<{ json: RunResult; pretty: RunResult; cause: string }> {
  const json = await signet(id, [...extra, input], mode, env);
  const cause = assertFailure(json, input, false, `signet inspect ${[...extra, input].join(' ')} (${mode})`);
  assert.match(cause, causeRe, `cause (JSON mode): ${json.stderr}`);
  const pretty = await signet(id, ['--pretty', ...extra, input], mode, env);
  const pcause = assertFailure(pretty, input, true, `signet inspect --pretty ${[...extra, input].join(' ')} (${mode})`);
  assert.equal(pcause, cause, 'same cause in --pretty mode');
  return { json, pretty, cause };
}

/** `notary init -p`, server-managed snapshot, one tag (synthetic digest): as docker's first push does */
async function seed(admin: Identity, gun: string, env: Record<string, string | undefined> = {}): Promise<void> {
  ok(await admin.notary(['init', gun, '-p'], { env }), `notary init ${gun}`);
  ok(await admin.notary(['key', 'rotate', gun, 'snapshot', '-r'], { env }), `notary key rotate ${gun} snapshot -r`);
  ok(await admin.notary(['addhash', gun, 'v1', '1234', '--sha256', HEX, '-p'], { env }), `notary addhash ${gun} v1`);
}

/** JSON docker auths entry */
function writeLogin(id: Identity, host: string, user: string, password: string): void {
  const auth = Buffer.from(`${user}:${password}`).toString('base64');
  writeFileSync(join(id.dockerConfig, 'config.json'), JSON.stringify({ auths: { [host]: { auth } } }, null, 2), {
    mode: 0o600,
  });
}

before(async () => {
  stack = await startStack();
});

after(async () => {
  await tokenNotary?.stop();
  await tokenServer?.stop();
  await stack?.stop();
});

describe('signet inspect: failures look like docker and name the real cause', () => {
  it('1a. server down (nothing listening): cannot reach / connection refused, no stack trace (child process)', async () => {
    const port = await freePort(); // closed again: nothing listens there
    const id = fresh('down');
    const input = `${stack.registryHost}/down/app:v1`;
    const env = { DOCKER_CONTENT_TRUST_SERVER: `https://127.0.0.1:${port}` };
    const { cause, json } = await expectFailure(
      id,
      input,
      'child',
      /cannot reach https:\/\/127\.0\.0\.1:\d+: connection refused \[HTTP_UNREACHABLE\]/,
      [],
      env,
    );
    assert.match(json.stderr, /\n {2}hint: check that the server at 127\.0\.0\.1:\d+ is running/);
    // the in-process CLI (TypeScript sources) and the launcher agree
    const inproc = await signet(id, [input], 'inproc', env);
    assert.deepEqual(inproc, json, `bin and in-process differ; cause was ${cause}`);
    // docker: same exit code and stdout, same first line
    const d = await docker(id, ['trust', 'inspect', input], env);
    assert.equal(d.code, 1, d.stderr);
    assert.equal(d.stdout, '[]\n');
    assert.equal(
      d.stderr
        .split('\n')
        .find((l) => l.trim() !== '')
        ?.trim(),
      `no signatures or cannot access ${input}`,
    );
  });

  describe('2. token auth (real notary-server with "auth": token, real token issuer)', () => {
    let gun: string;
    before(async () => {
      tokenServer = await startTokenServer();
      tokenNotary = await startTokenNotary({
        token: tokenServer,
        tlsCertFile: join(stack.dir, 'tls', 'server.crt'),
        tlsKeyFile: join(stack.dir, 'tls', 'server.key'),
        caFile: stack.caFile,
      });
      // The real notary CLI publishes with Basic credentials from NOTARY_AUTH (base64 user:password,
      // read by its token-auth password store instead of a TTY prompt).
      gun = `${stack.registryHost}/token/app`;
      const admin = fresh('token-admin', tokenNotary.url);
      await seed(admin, gun, {
        NOTARY_AUTH: Buffer.from(`${tokenServer.username}:${tokenServer.password}`).toString('base64'),
      });
    });

    it('without credentials: 401 → HTTP_UNAUTHORIZED naming the registry login (child process); docker fails too', async () => {
      const id = fresh('token-anon', tokenNotary!.url);
      const before = tokenServer!.requests.length;
      const { json } = await expectFailure(
        id,
        gun,
        'child',
        new RegExp(
          `requires authentication: no credentials for ${stack.registryHost.replace(/\./g, '\\.')} \\[HTTP_UNAUTHORIZED\\]`,
        ),
      );
      assert.match(
        json.stderr,
        new RegExp(`\\n {2}hint: log in with \`docker login ${stack.registryHost.replace(/\./g, '\\.')}\``),
      );
      const asked = tokenServer!.requests.slice(before);
      assert.ok(asked.length > 0, 'signet asked the token server');
      for (const r of asked) {
        assert.equal(r.auth, 'anonymous');
        assert.equal(r.service, 'notary-server');
        assert.deepEqual(r.scopes, [`repository:${gun}:pull`]);
        assert.equal(r.status, 401);
      }
      const d = await docker(id, ['trust', 'inspect', gun]);
      assert.equal(d.code, 1);
      assert.equal(d.stdout, '[]\n');
      assert.equal(
        d.stderr
          .split('\n')
          .find((l) => l.trim() !== '')
          ?.trim(),
        `no signatures or cannot access ${gun}`,
      );
    });

    it('wrong password: HTTP_UNAUTHORIZED says the credentials were not accepted', async () => {
      const id = fresh('token-bad', tokenNotary!.url);
      writeLogin(id, stack.registryHost, tokenServer!.username, 'wrong-password');
      await expectFailure(
        id,
        gun,
        'inproc',
        /the credentials for 127\.0\.0\.1:\d+ were not accepted \[HTTP_UNAUTHORIZED\]/,
      );
    });

    it('with the REGISTRY host login in config.json auths: readable, same output as docker', async () => {
      const id = fresh('token-user', tokenNotary!.url);
      // docker (trust.go GetNotaryRepository) resolves the login of the image's registry (repoInfo.Index),
      // not of the trust server's host, and sends it to the notary token realm
      writeLogin(id, stack.registryHost, tokenServer!.username, tokenServer!.password);
      const before = tokenServer!.requests.length;
      const s = await signet(id, [gun], 'child');
      assert.equal(s.code, 0, s.stderr);
      assert.doesNotMatch(s.stderr, STACK_TRACE);
      const asked = tokenServer!.requests.slice(before);
      assert.ok(
        asked.some((r) => r.auth === 'basic' && r.account === tokenServer!.username && r.status === 200),
        JSON.stringify(asked),
      );
      const view = JSON.parse(s.stdout) as { Name: string; SignedTags: { SignedTag: string; Digest: string }[] }[];
      assert.equal(view[0]!.Name, gun);
      assert.deepEqual(
        view[0]!.SignedTags.map((t) => [t.SignedTag, t.Digest]),
        [['v1', HEX]],
      );
      const d = await docker(id, ['trust', 'inspect', gun]);
      assert.equal(d.code, 0, d.stderr);
      assert.equal(s.stdout, d.stdout, 'byte-identical to docker trust inspect');
    });

    it('a login stored for the trust server host only is NOT used (docker uses the registry login)', async () => {
      const id = fresh('token-wronghost', tokenNotary!.url);
      writeLogin(id, tokenNotary!.host, tokenServer!.username, tokenServer!.password);
      await expectFailure(id, gun, 'inproc', /no credentials for 127\.0\.0\.1:\d+ \[HTTP_UNAUTHORIZED\]/);
      const d = await docker(id, ['trust', 'inspect', gun]);
      assert.equal(d.code, 1, `docker also ignores a login for the trust server host: ${d.stdout}${d.stderr}`);
      assert.equal(d.stdout, '[]\n');
    });
  });

  it('3. TLS with an unknown CA (non-loopback registry name): certificate signed by unknown authority + tls/<host:port>/ca.crt hint; docker fails too', async () => {
    // an existing repository with a docker.io name (notary does not care which registry a GUN names)
    await seed(fresh('tls-admin'), 'docker.io/example/app');
    const id = fresh('tls');
    rmSync(join(id.dockerConfig, 'tls'), { recursive: true, force: true }); // the stack CA is NOT installed
    const hostPort = new URL(stack.notaryHttpsUrl).host;
    const input = 'example/app'; // docker.io: no loopback TLS skipping, for docker nor for signet
    const { json } = await expectFailure(
      id,
      input,
      'child',
      /TLS handshake with https:\/\/127\.0\.0\.1:\d+ failed: certificate signed by unknown authority \[HTTP_TLS\]/,
    );
    const hint = json.stderr.split('\n').find((l) => l.startsWith('  hint: '));
    assert.ok(hint?.includes(`$DOCKER_CONFIG/tls/${hostPort}/ca.crt`), `hint names the CA path: ${json.stderr}`);
    // the same identity with docker: same setup, same failure
    const d = await docker(id, ['trust', 'inspect', input]);
    assert.equal(d.code, 1, d.stderr);
    assert.equal(d.stdout, '[]\n');
    assert.equal(
      d.stderr
        .split('\n')
        .find((l) => l.trim() !== '')
        ?.trim(),
      `no signatures or cannot access ${input}`,
    );
    // with the CA where the hint says, both read the repository, with the same output:
    // so the only thing that failed above was the TLS verification
    const caDir = join(id.dockerConfig, 'tls', hostPort);
    mkdirSync(caDir, { recursive: true });
    copyFileSync(stack.caFile, join(caDir, 'ca.crt'));
    const s2 = await signet(id, [input], 'child');
    assert.equal(s2.code, 0, s2.stderr);
    const d2 = await docker(id, ['trust', 'inspect', input]);
    assert.equal(d2.code, 0, d2.stderr);
    assert.equal(s2.stdout, d2.stdout, 'byte-identical to docker trust inspect once the CA is installed');
    assert.equal((JSON.parse(s2.stdout) as { Name: string }[])[0]!.Name, input);
  });

  it('4. timeout: a server that accepts and never answers, --timeout 1 → no answer within 1 s, quickly', async () => {
    const sockets = new Set<Socket>();
    const server: Server = createServer((s) => {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    try {
      const id = fresh('timeout');
      const env = { DOCKER_CONTENT_TRUST_SERVER: `https://127.0.0.1:${port}` };
      const t0 = Date.now();
      const { cause } = await expectFailure(
        id,
        'example/slow:v1',
        'child',
        new RegExp(`no answer from https://127\\.0\\.0\\.1:${port} within 1 s \\[HTTP_TIMEOUT\\]`),
        ['--timeout', '1'],
        env,
      );
      const elapsed = Date.now() - t0;
      assert.ok(elapsed < 8000, `two runs with --timeout 1 took ${elapsed} ms (${cause})`);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('5. repository that does not exist on a live server: same output and exit code as docker (JSON and --pretty)', async () => {
    const id = fresh('missing');
    const input = `${stack.registryHost}/no/such-repo:v1`;
    const { json, pretty, cause } = await expectFailure(
      id,
      input,
      'inproc',
      /has no trust data for .*no\/such-repo \[NOTARY_NOT_INITIALIZED\]/,
    );
    assert.ok(cause.length > 0);
    const dj = await docker(id, ['trust', 'inspect', input]);
    assert.equal(json.code, dj.code, 'exit code as docker (JSON)');
    assert.equal(json.stdout, dj.stdout, 'stdout byte for byte as docker (JSON)');
    assert.equal(json.stderr.split('\n')[0], dj.stderr.split('\n')[0], 'first stderr line as docker (JSON)');
    const dp = await docker(id, ['trust', 'inspect', '--pretty', input]);
    assert.equal(pretty.code, dp.code, 'exit code as docker (--pretty)');
    assert.equal(pretty.stdout, dp.stdout, 'stdout byte for byte as docker (--pretty)');
    assert.equal(pretty.stderr.split('\n')[0], dp.stderr.split('\n')[0], 'first stderr line as docker (--pretty)');
  });

  it('6. plain http:// trust server: signet reads it with a plain-HTTP warning; docker refuses http', async () => {
    const admin = fresh('http-admin', stack.notaryHttpUrl);
    const gun = `${stack.registryHost}/http/app`;
    await seed(admin, gun);
    const id = fresh('http', stack.notaryHttpUrl);
    const s = await signet(id, [gun], 'inproc');
    assert.equal(s.code, 0, s.stderr);
    assert.match(s.stderr, /^Warning: trust server http:\/\/127\.0\.0\.1:\d+ uses plain HTTP/m);
    assert.doesNotMatch(s.stderr, STACK_TRACE);
    const view = JSON.parse(s.stdout) as { Name: string; SignedTags: { SignedTag: string; Digest: string }[] }[];
    assert.deepEqual(
      view[0]!.SignedTags.map((t) => [t.SignedTag, t.Digest]),
      [['v1', HEX]],
    );
    // docker only accepts https trust servers; recorded here as the comparison (docker 28: exit 1,
    // "[]" and a "valid https URL required for trust server, got http://…" error)
    const d = await docker(id, ['trust', 'inspect', gun]);
    assert.equal(d.code, 1);
    assert.equal(d.stdout, '[]\n');
    assert.match(
      d.stderr,
      new RegExp(`valid https URL required for trust server, got ${stack.notaryHttpUrl.replace(/\./g, '\\.')}`),
    );
  });

  it("8. invalid reference (Host.example.com/A/b): docker's message and exit code (child process)", async () => {
    const id = fresh('badref');
    const input = 'Host.example.com/A/b';
    for (const pretty of [false, true]) {
      const args = pretty ? ['--pretty', input] : [input];
      const s = await signet(id, args, 'child');
      const d = await docker(id, ['trust', 'inspect', ...args]);
      assert.equal(s.code, 1);
      assert.equal(s.code, d.code, 'exit code as docker');
      assert.equal(s.stdout, pretty ? '' : '[]\n');
      assert.equal(s.stdout, d.stdout, 'stdout as docker');
      assert.equal(s.stderr, 'invalid reference format: repository name (A/b) must be lowercase\n');
      assert.equal(s.stderr.split('\n')[0], d.stderr.split('\n')[0], 'message as docker');
      assert.doesNotMatch(s.stderr, STACK_TRACE);
    }
  });

  // Last: stops the stack's HTTPS notary (its memory store is lost on restart).
  describe('7 + 1b. offline: cached data when the server goes away', () => {
    let gun: string;
    let reader: Identity;
    let first: RunResult;
    before(async () => {
      gun = `${stack.registryHost}/offline/app`;
      await seed(fresh('offline-admin'), gun);
      reader = fresh('offline-reader');
      first = await signet(reader, [gun], 'inproc');
      assert.equal(first.code, 0, first.stderr);
      assert.equal(first.stderr, '');
      const meta = join(reader.trustDir, 'tuf', gun, 'metadata');
      assert.ok(existsSync(meta), `cache dir ${meta}`);
      const files = readdirSync(meta).sort();
      for (const f of ['root.json', 'snapshot.json', 'targets.json', 'timestamp.json'])
        assert.ok(files.includes(f), `${f} in ${files.join(',')}`);
      await stack.stopNotary('https');
    });

    it('server stopped + cache: exit 0, same stdout, CACHED warning (child process)', async () => {
      for (const mode of ['child', 'inproc'] as const) {
        const r = await signet(reader, [gun], mode);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stdout, first.stdout, 'same output as when online');
        assert.match(
          r.stderr,
          /^Warning: showing CACHED trust data for .*offline\/app .*cannot reach https:\/\/127\.0\.0\.1:\d+: connection refused/m,
        );
        assert.doesNotMatch(r.stderr, STACK_TRACE);
      }
      const o = await signet(reader, ['--offline', gun], 'inproc');
      assert.equal(o.code, 0, o.stderr);
      assert.equal(o.stdout, first.stdout);
      assert.match(o.stderr, /CACHED/);
    });

    it('--offline without a cache: exit 1 with a clear message', async () => {
      const id = fresh('offline-nocache');
      await expectFailure(id, gun, 'child', /no cached trust data \(root\) for this repository/, ['--offline']);
    });

    it('1b. notary stopped (stack.stopNotary), fresh identity without cache: exit 1, cannot reach', async () => {
      const id = fresh('offline-fresh');
      await expectFailure(
        id,
        gun,
        'child',
        /cannot reach https:\/\/127\.0\.0\.1:\d+: connection refused \[HTTP_UNREACHABLE\]/,
      );
      const d = await docker(id, ['trust', 'inspect', gun]);
      assert.equal(d.code, 1);
      assert.equal(d.stdout, '[]\n');
    });
  });
});
