import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileMetadataCache, trustDirFor } from '../../../core/node/file-metadata-cache.js';

let root: string;
before(() => {
  root = mkdtempSync(join(tmpdir(), 'signet-cache-'));
});
after(() => rmSync(root, { recursive: true, force: true }));
const enc = new TextEncoder();
const mode = (p: string): number => statSync(p).mode & 0o777;

test('layout: <trustDir>/tuf/<GUN>/metadata/<role>.json, delegations under metadata/targets/', async () => {
  const trust = trustDirFor(join(root, 'docker'));
  assert.equal(trust, join(root, 'docker', 'trust'));
  const c = new FileMetadataCache(trust, '127.0.0.1:5000/x/dk-order');
  assert.equal(c.dir, join(trust, 'tuf', '127.0.0.1:5000', 'x', 'dk-order', 'metadata'));
  const root1 = enc.encode('{"signed":{"_type":"Root"}}');
  await c.set('root', root1);
  await c.set('targets', enc.encode('T'));
  await c.set('targets/releases', enc.encode('R'));
  assert.deepEqual(readFileSync(join(c.dir, 'root.json')), Buffer.from(root1));
  assert.equal(readFileSync(join(c.dir, 'targets', 'releases.json'), 'utf8'), 'R');
  assert.deepEqual(await c.get('root'), root1);
  assert.deepEqual(await c.get('targets/releases'), enc.encode('R'));
  assert.equal(await c.get('snapshot'), undefined);
  assert.deepEqual(readdirSync(c.dir).sort(), ['root.json', 'targets', 'targets.json'], 'no temp files left behind');
});

test('modes: dirs 0700, files 0600 (also when overwriting)', async () => {
  const trust = join(root, 't2');
  const c = new FileMetadataCache(trust, 'docker.io/library/alpine');
  await c.set('timestamp', enc.encode('1'));
  await c.set('timestamp', enc.encode('22'));
  assert.equal(readFileSync(join(c.dir, 'timestamp.json'), 'utf8'), '22');
  assert.equal(mode(join(c.dir, 'timestamp.json')), 0o600);
  for (const d of [c.dir, join(trust, 'tuf', 'docker.io'), join(trust, 'tuf')]) assert.equal(mode(d), 0o700, d);
});

test('remove deletes one role and tolerates a missing file', async () => {
  const c = new FileMetadataCache(join(root, 't3'), 'g');
  await c.set('targets', enc.encode('T'));
  await c.set('targets/a', enc.encode('A'));
  await c.remove('targets');
  assert.equal(await c.get('targets'), undefined);
  assert.deepEqual(await c.get('targets/a'), enc.encode('A'));
  await c.remove('snapshot');
  assert.equal(existsSync(join(c.dir, 'targets.json')), false);
});

test('path traversal in GUN or role is refused', async () => {
  assert.throws(() => new FileMetadataCache(root, '../evil'), { code: 'BAD_INPUT' });
  assert.throws(() => new FileMetadataCache(root, 'a//b'), { code: 'BAD_INPUT' });
  const c = new FileMetadataCache(join(root, 't4'), 'g');
  await assert.rejects(c.set('../../x', enc.encode('x')), { code: 'BAD_INPUT' });
  await assert.rejects(c.get('targets/..'), { code: 'BAD_INPUT' });
});

test('IO errors become CACHE_IO naming the file', async () => {
  // A file where the metadata dir should be: fails even for root.
  const blocked = join(root, 't6');
  writeFileSync(blocked, 'not a dir');
  await assert.rejects(new FileMetadataCache(blocked, 'g').set('root', enc.encode('r')), {
    code: 'CACHE_IO',
    message: /^cannot write .*t6\/tuf\/g\/metadata\/root\.json: ENOTDIR/,
  });
  await assert.rejects(new FileMetadataCache(blocked, 'g').get('root'), { code: 'CACHE_IO' });
});
