import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateEngine, parseEngineHost } from '../../../core/node/engine/engine-host.js';
import { isSignetError } from '../../../core/errors.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function configDir(config?: object, contexts: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'signet-engine-host-'));
  dirs.push(dir);
  if (config) writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  for (const [name, host] of Object.entries(contexts)) {
    const id = createHash('sha256').update(name).digest('hex');
    mkdirSync(join(dir, 'contexts', 'meta', id), { recursive: true });
    writeFileSync(
      join(dir, 'contexts', 'meta', id, 'meta.json'),
      JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }),
    );
  }
  return dir;
}

test('DOCKER_HOST wins over the current context', async () => {
  const dir = configDir({ currentContext: 'remote' }, { remote: 'tcp://10.0.0.1:2375' });
  const r = await locateEngine({ env: { DOCKER_CONFIG: dir, DOCKER_HOST: 'unix:///run/podman.sock' } });
  assert.deepEqual(r.endpoint, { kind: 'socket', address: 'unix:///run/podman.sock', socketPath: '/run/podman.sock' });
  assert.equal(r.source, 'DOCKER_HOST');
});

test('the current context (config.json currentContext, or DOCKER_CONTEXT) names the engine', async () => {
  const dir = configDir({ currentContext: 'remote' }, { remote: 'tcp://10.0.0.1:2375', other: 'unix:///o.sock' });
  const r = await locateEngine({ env: { DOCKER_CONFIG: dir } });
  assert.deepEqual(r.endpoint, { kind: 'tcp', address: 'tcp://10.0.0.1:2375', host: '10.0.0.1', port: 2375 });
  assert.equal(r.source, 'docker context remote');
  const o = await locateEngine({ env: { DOCKER_CONFIG: dir, DOCKER_CONTEXT: 'other' } });
  assert.equal(o.endpoint.address, 'unix:///o.sock');
  const missing = configDir({ currentContext: 'gone' });
  await assert.rejects(locateEngine({ env: { DOCKER_CONFIG: missing } }), (e) => isSignetError(e, 'BAD_CONFIG'));
});

test('without either: the platform default (the named pipe on Windows)', async () => {
  const dir = configDir();
  const linux = await locateEngine({ env: { DOCKER_CONFIG: dir }, platform: 'linux' });
  assert.equal(linux.endpoint.address, 'unix:///var/run/docker.sock');
  const win = await locateEngine({ env: { DOCKER_CONFIG: dir }, platform: 'win32' });
  assert.deepEqual(win.endpoint, {
    kind: 'socket',
    address: 'npipe:////./pipe/docker_engine',
    socketPath: '\\\\.\\pipe\\docker_engine',
  });
  const ctxDefault = configDir({ currentContext: 'default' });
  assert.equal((await locateEngine({ env: { DOCKER_CONFIG: ctxDefault }, platform: 'linux' })).source, 'default');
});

test('tcp with DOCKER_TLS_VERIFY is TLS on 2376; ssh:// is refused with what to do', async () => {
  const dir = configDir();
  writeFileSync(join(dir, 'ca.pem'), 'x');
  const r = await locateEngine({
    env: { DOCKER_CONFIG: dir, DOCKER_HOST: 'tcp://docker.example', DOCKER_TLS_VERIFY: '1' },
  });
  assert.deepEqual(r.endpoint, {
    kind: 'tcp',
    address: 'tcp://docker.example',
    host: 'docker.example',
    port: 2376,
    tls: { skipVerify: false, ca: join(dir, 'ca.pem') },
  });
  assert.throws(
    () => parseEngineHost('ssh://me@host'),
    (e) => isSignetError(e, 'ENGINE_UNREACHABLE') && /ssh -L/.test(e.hint ?? ''),
  );
});
