import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DockerCredentialSource,
  dockerConfigDir,
  loadDockerConfig,
  tlsOptionsFor,
} from '../../../core/node/docker-config.js';
import { isSignetError } from '../../../core/errors.js';

let root: string;
let binDir: string;
let env: Record<string, string | undefined>;

before(() => {
  root = mkdtempSync(join(tmpdir(), 'signet-dockercfg-'));
  binDir = join(root, 'bin');
  mkdirSync(binDir);
  // Fake helper: logs the server URL it was asked for, answers from a table.
  writeFileSync(
    join(binDir, 'docker-credential-test'),
    `#!/bin/sh
[ "$1" = get ] || { echo "bad action $1"; exit 1; }
read -r server
echo "$server" >> "${join(root, 'helper.log')}"
case "$server" in
  reg.example.com:5000) echo '{"ServerURL":"reg.example.com:5000","Username":"helperuser","Secret":"helperpass"}' ;;
  https://index.docker.io/v1/) echo '{"ServerURL":"https://index.docker.io/v1/","Username":"<token>","Secret":"refresh-abc"}' ;;
  broken.example) echo 'keychain locked' ; echo 'keychain locked' >&2 ; exit 3 ;;
  leaky.example) echo '{"ServerURL":"leaky.example","Username":"bob","Secret":"s3cret-on-stdout"}' ;
    echo 'cannot store: token=tok-on-stderr-1 for https://bob:pw-in-url@leaky.example ghp_0123456789abcdefABCDEF0123' >&2 ; exit 2 ;;
  garbage.example) echo 'Username bob Secret s3cret-in-garbage' ; exit 0 ;;
  *) echo 'credentials not found in native keychain' ; exit 1 ;;
esac
`,
  );
  chmodSync(join(binDir, 'docker-credential-test'), 0o755);
  env = { ...process.env, PATH: `${binDir}:${process.env['PATH']}` };
});
after(() => rmSync(root, { recursive: true, force: true }));

function configDir(name: string, config: unknown): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  return dir;
}
const b64 = (s: string): string => Buffer.from(s).toString('base64');

test('dockerConfigDir: $DOCKER_CONFIG, else $HOME/.docker', () => {
  assert.equal(dockerConfigDir({ DOCKER_CONFIG: '/x/cfg', HOME: '/home/a' }), '/x/cfg');
  assert.equal(dockerConfigDir({ HOME: '/home/a' }), '/home/a/.docker');
});

test('missing config.json is an empty config; corrupt one is BAD_CONFIG naming the file', async () => {
  const empty = await loadDockerConfig(join(root, 'nope'));
  assert.deepEqual(empty, { path: join(root, 'nope', 'config.json'), auths: {}, credHelpers: {} });
  const dir = configDir('corrupt', '{"auths": {');
  await assert.rejects(loadDockerConfig(dir), (e) => {
    assert.ok(isSignetError(e, 'BAD_CONFIG'));
    assert.ok(e.message.startsWith(`${join(dir, 'config.json')} is not valid JSON`), e.message);
    return true;
  });
  await assert.rejects(loadDockerConfig(configDir('array', '[1]')), { code: 'BAD_CONFIG' });
});

test('auths: base64 auth, username/password, identitytoken, scheme variants and docker.io key', async () => {
  const dir = configDir('auths', {
    auths: {
      'reg.example.com:5000': { auth: b64('alice:pa:ss') },
      'https://other.example': { username: 'bob', password: 'pw' },
      'https://index.docker.io/v1/': { auth: b64('hubuser:hubpass') },
      'http://legacy.example:8443/v1/': { auth: b64('carol:cpw') },
      'tok.example': { identitytoken: 'idtok' },
    },
  });
  const src = new DockerCredentialSource(await loadDockerConfig(dir), { env });
  assert.deepEqual(await src.get('reg.example.com:5000'), { username: 'alice', password: 'pa:ss' });
  assert.deepEqual(await src.get('other.example'), { username: 'bob', password: 'pw' });
  assert.deepEqual(await src.get('docker.io'), { username: 'hubuser', password: 'hubpass' });
  assert.deepEqual(await src.get('index.docker.io'), { username: 'hubuser', password: 'hubpass' });
  assert.deepEqual(await src.get('legacy.example:8443'), { username: 'carol', password: 'cpw' });
  assert.deepEqual(await src.get('tok.example'), { identityToken: 'idtok' });
  assert.equal(await src.get('unknown.example'), undefined);
  const bad = new DockerCredentialSource(
    await loadDockerConfig(configDir('badauth', { auths: { h: { auth: b64('nocolon') } } })),
  );
  await assert.rejects(bad.get('h'), { code: 'BAD_CONFIG' });
});

test('credsStore runs docker-credential-<name> get with the server URL on stdin', async () => {
  const dir = configDir('store', {
    credsStore: 'test',
    auths: { 'reg.example.com:5000': {}, 'ignored.example': { auth: b64('x:y') } },
  });
  const src = new DockerCredentialSource(await loadDockerConfig(dir), { env });
  rmSync(join(root, 'helper.log'), { force: true });
  assert.deepEqual(await src.get('reg.example.com:5000'), { username: 'helperuser', password: 'helperpass' });
  assert.deepEqual(await src.get('docker.io'), { identityToken: 'refresh-abc' });
  // With a helper configured, auths credentials are not used (as in docker).
  assert.equal(await src.get('ignored.example'), undefined);
  const { readFileSync } = await import('node:fs');
  assert.deepEqual(readFileSync(join(root, 'helper.log'), 'utf8').trim().split('\n'), [
    'reg.example.com:5000',
    'https://index.docker.io/v1/',
    'ignored.example',
    'https://ignored.example',
  ]);
});

test('credHelpers per host win over auths; helper failures are BAD_CONFIG without output secrets', async () => {
  const dir = configDir('helpers', {
    credHelpers: { 'reg.example.com:5000': 'test', 'broken.example': 'test', 'gone.example': 'missing' },
    auths: { 'plain.example': { auth: b64('p:q') } },
  });
  const src = new DockerCredentialSource(await loadDockerConfig(dir), { env });
  assert.deepEqual(await src.get('reg.example.com:5000'), { username: 'helperuser', password: 'helperpass' });
  assert.deepEqual(await src.get('plain.example'), { username: 'p', password: 'q' });
  await assert.rejects(src.get('broken.example'), (e) => {
    assert.ok(isSignetError(e, 'BAD_CONFIG'));
    assert.equal(
      e.message,
      'credential helper docker-credential-test failed for broken.example: exit 3: keychain locked',
    );
    return true;
  });
  await assert.rejects(src.get('gone.example'), {
    code: 'BAD_CONFIG',
    message: 'credential helper docker-credential-missing failed for gone.example: not found',
  });
});

test('a failing or garbled credential helper: the error names the helper and its exit status, never what it printed on stdout, and stderr without secrets', async () => {
  const dir = configDir('leaky', { credHelpers: { 'leaky.example': 'test', 'garbage.example': 'test' } });
  const src = new DockerCredentialSource(await loadDockerConfig(dir), { env });
  const secrets = [
    's3cret-on-stdout',
    'tok-on-stderr-1',
    'pw-in-url',
    'ghp_0123456789abcdefABCDEF0123',
    's3cret-in-garbage',
  ];
  const noSecret = (e: unknown): void => {
    const text = `${(e as Error).message} ${(e as { hint?: string }).hint ?? ''}`;
    for (const s of secrets) assert.ok(!text.includes(s), `"${s}" leaked: ${text}`);
  };
  await assert.rejects(src.get('leaky.example'), (e) => {
    assert.ok(isSignetError(e, 'BAD_CONFIG'));
    noSecret(e);
    assert.equal(
      e.message,
      'credential helper docker-credential-test failed for leaky.example: exit 2: cannot store: token=[redacted] for https://leaky.example [redacted]',
    );
    return true;
  });
  await assert.rejects(src.get('garbage.example'), (e) => {
    assert.ok(isSignetError(e, 'BAD_CONFIG'));
    noSecret(e);
    assert.equal(
      e.message,
      'credential helper docker-credential-test failed for garbage.example: its output is not JSON',
    );
    return true;
  });
});

test('tlsOptionsFor reads *.crt as CAs and a *.cert/*.key pair; missing dir is {}', () => {
  const dir = join(root, 'tlscfg');
  const hostDir = join(dir, 'tls', '127.0.0.1:4443');
  mkdirSync(hostDir, { recursive: true });
  writeFileSync(join(hostDir, 'ca.crt'), 'CA1');
  writeFileSync(join(hostDir, 'extra.crt'), 'CA2');
  writeFileSync(join(hostDir, 'client.cert'), 'CERT');
  writeFileSync(join(hostDir, 'client.key'), 'KEY');
  writeFileSync(join(hostDir, 'README'), 'ignored');
  const t = tlsOptionsFor(dir, '127.0.0.1:4443');
  assert.deepEqual(t.ca?.map(String), ['CA1', 'CA2']);
  assert.equal(String(t.cert), 'CERT');
  assert.equal(String(t.key), 'KEY');
  assert.deepEqual(tlsOptionsFor(dir, 'other:1'), {});
  writeFileSync(join(hostDir, 'orphan.key'), 'K');
  assert.throws(() => tlsOptionsFor(dir, '127.0.0.1:4443'), {
    code: 'BAD_CONFIG',
    message: `missing client certificate orphan.cert for key ${join(hostDir, 'orphan.key')}`,
  });
  rmSync(join(hostDir, 'orphan.key'));
  writeFileSync(join(hostDir, 'lonely.cert'), 'C');
  assert.throws(() => tlsOptionsFor(dir, '127.0.0.1:4443'), {
    code: 'BAD_CONFIG',
    message: `missing key lonely.key for client certificate ${join(hostDir, 'lonely.cert')}`,
  });
});
