/** The registry-tags and pins channels: their guards, and the pins wired to core's config-file functions (the same file the CLI reads); refusals come back coded. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { composeMain } from '../../../electron/main/compose.js';
import { BadArgumentsError, parseArgs } from '../../../electron/ipc/guards.js';

const ID = 'c'.repeat(64);
const KEY = 'a'.repeat(64);
const bad = (fn: () => unknown) => assert.throws(fn, BadArgumentsError);

function graph() {
  const dir = mkdtempSync(join(tmpdir(), 'signet-pins-ipc-'));
  const config = join(dir, 'signet', 'config.json');
  const g = composeMain({
    env: { SIGNET_CONFIG: config, DOCKER_CONFIG: join(dir, 'docker'), HOME: dir },
    userDataDir: join(dir, 'user-data'),
    emit: () => undefined,
    shell: 'harness',
    appVersion: 'test',
    log: () => undefined,
  });
  return { g, config };
}

test('pins:get and pins:update read and write Signet’s config file, and name it', async () => {
  const { g, config } = graph();
  assert.deepEqual(await g.dispatch('pins:get', []), {
    ok: true,
    value: { file: config, certs: {}, ca: {}, disableTofu: false },
  });
  const r = await g.dispatch('pins:update', [{ certs: { 'example/app': [ID] }, disableTofu: true }]);
  assert.deepEqual(r, {
    ok: true,
    value: { file: config, certs: { 'docker.io/example/app': [ID] }, ca: {}, disableTofu: true },
  });
  assert.deepEqual(JSON.parse(readFileSync(config, 'utf8')).trust_pinning, {
    certs: { 'docker.io/example/app': [ID] },
    ca: {},
    disable_tofu: true,
  });
});

test('refused before core (bad arguments, a CA file path) or by core, with a code', async () => {
  const { g } = graph();
  const bad = await g.dispatch('pins:update', [{ certs: { 'example/app': ['nope'] } }]);
  assert.equal(!bad.ok && bad.error.code, 'IPC_BAD_ARGUMENTS');
  const extra = await g.dispatch('pins:update', [{ disable_tofu: true }]);
  assert.equal(!extra.ok && extra.error.code, 'IPC_BAD_ARGUMENTS', 'the contract’s name is disableTofu');
  const ca = await g.dispatch('pins:update', [{ ca: { 'r/': '/nowhere/ca.pem' } }]);
  assert.equal(!ca.ok && ca.error.code, 'IPC_BAD_ARGUMENTS', 'a CA file is chosen in main’s dialog (pins:setCa)');
  const unchosen = await g.dispatch('pins:setCa', [{ prefix: 'r/', file: 'd'.repeat(32) }]);
  assert.equal(!unchosen.ok && unchosen.error.code, 'BAD_INPUT');
  assert.match(!unchosen.ok ? unchosen.error.message : '', /no longer available/);
  const pin = await g.dispatch('pins:pinRoot', [{ reference: 'example/app', ids: [ID] }]);
  assert.equal(
    !pin.ok && pin.error.code,
    'IPC_BAD_ARGUMENTS',
    'the IDs come from the trusted root, never from the renderer',
  );
});

test('registry tags, pins: references, 64-hex certificate IDs, known fields only', () => {
  assert.deepEqual(parseArgs('registry:tags', ['example/app']), ['example/app']);
  bad(() => parseArgs('registry:tags', []));
  assert.deepEqual(parseArgs('pins:get', []), []);
  const patch = { certs: { 'example/app': [KEY] }, disableTofu: true };
  assert.deepEqual(parseArgs('pins:update', [patch]), [patch]);
  bad(() => parseArgs('pins:update', [{ ca: { 'r/': 'ca.pem' } }]));
  assert.deepEqual(parseArgs('pins:setCa', [{ prefix: 'r/', file: 'f'.repeat(32) }]), [
    { prefix: 'r/', file: 'f'.repeat(32) },
  ]);
  bad(() => parseArgs('pins:setCa', [{ prefix: 'a b', file: 'f'.repeat(32) }]));
  bad(() => parseArgs('pins:setCa', [{ prefix: 'r/', file: 'ca.pem' }]));
  assert.deepEqual(parseArgs('pins:removeCa', [{ prefix: 'r/' }]), [{ prefix: 'r/' }]);
  bad(() => parseArgs('pins:update', [{ certs: { 'example/app': [] } }]));
  bad(() => parseArgs('pins:update', [{ certs: { 'example/app': [KEY, KEY] } }]));
  bad(() => parseArgs('pins:update', [{ certs: { 'a b': [KEY] } }]));
  bad(() => parseArgs('pins:update', [{ certs: ['x'] }]));
  bad(() => parseArgs('pins:update', [{ disableTofu: 'yes' }]));
  bad(() => parseArgs('pins:update', [{ trust_pinning: {} }]));
  assert.deepEqual(parseArgs('pins:pinRoot', [{ reference: 'example/app' }]), [{ reference: 'example/app' }]);
  bad(() => parseArgs('pins:pinRoot', [{ reference: 'example/app', ids: [KEY] }]));
  bad(() => parseArgs('pins:pinRoot', ['example/app']));
});
