import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { FileVersionStore } from '../../../core/node/file-version-store.js';
import { signetDataDir, versionStoreDir } from '../../../core/node/data-dir.js';

const hex = (s: string) => createHash('sha256').update(s).digest('hex');
const enc = new TextEncoder();
const GUN = '127.0.0.1:5000/org/app';

function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'signet-versions-'));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test('the data directory: SIGNET_DATA_DIR, else XDG_DATA_HOME or ~/.local/share on Linux, Application Support on macOS, %APPDATA% on Windows', () => {
  assert.equal(signetDataDir({ SIGNET_DATA_DIR: '/x/y', XDG_DATA_HOME: '/d' }, 'linux', '/home/u'), '/x/y');
  assert.equal(signetDataDir({ XDG_DATA_HOME: '/d' }, 'linux', '/home/u'), '/d/signet');
  assert.equal(signetDataDir({ XDG_DATA_HOME: 'relative' }, 'linux', '/home/u'), '/home/u/.local/share/signet');
  assert.equal(signetDataDir({}, 'linux', '/home/u'), '/home/u/.local/share/signet');
  assert.equal(signetDataDir({}, 'darwin', '/Users/u'), '/Users/u/Library/Application Support/Signet');
  assert.equal(
    signetDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u'),
    'C:\\Users\\u\\AppData\\Roaming\\Signet',
  );
  assert.equal(signetDataDir({}, 'win32', 'C:\\Users\\u'), 'C:\\Users\\u\\AppData\\Roaming\\Signet');
  assert.equal(versionStoreDir('/d/signet'), '/d/signet/trust-history');
});

test('content-addressed: bytes stored once under their sha256 (0600 in 0700 dirs), read back; unknown digests are undefined', () =>
  withDir(async (dir) => {
    const store = new FileVersionStore(dir);
    const sha = await store.put(enc.encode('{"signed":1}'));
    assert.equal(sha, hex('{"signed":1}'));
    assert.equal(await store.put(enc.encode('{"signed":1}')), sha);
    const file = store.objectPath(sha);
    assert.equal(file, join(dir, 'objects', sha.slice(0, 2), sha));
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, 'objects', sha.slice(0, 2))).mode & 0o777, 0o700);
    assert.equal(new TextDecoder().decode(await store.get(sha)), '{"signed":1}');
    assert.equal(await store.get(hex('other')), undefined);
    await assert.rejects(store.get('../../etc/passwd'), { code: 'BAD_INPUT' });
    assert.deepEqual(readdirSync(join(dir, 'objects', sha.slice(0, 2))), [sha], 'no temporary file left');
  }));

test('the index is only appended to: an entry is recorded once, a time learnt later is added, a torn line is skipped', () =>
  withDir(async (dir) => {
    const store = new FileVersionStore(dir);
    const e = { gun: GUN, role: 'timestamp', version: 3, sha256: hex('t3'), length: 9 };
    await store.record([e, { ...e, role: 'targets', version: 2, sha256: hex('t2') }]);
    await store.record([e]);
    await store.record([{ ...e, time: '2026-12-04T05:09:01.8Z', changeId: '12' }]);
    const file = store.indexPath(GUN);
    assert.equal(file, join(dir, 'index', '127.0.0.1%3A5000%2Forg%2Fapp.jsonl'));
    assert.equal(
      readFileSync(file, 'utf8').trim().split('\n').length,
      3,
      'appended: the first line is never rewritten',
    );
    appendFileSync(file, '{"role":"targets","vers'); // a crash in the middle of an append
    const fresh = new FileVersionStore(dir);
    assert.deepEqual(
      (await fresh.list(GUN)).map((x) => [x.role, x.version, x.time, x.changeId]),
      [
        ['timestamp', 3, '2026-12-04T05:09:01.8Z', '12'],
        ['targets', 2, undefined, undefined],
      ],
    );
    assert.deepEqual(await fresh.list('other/gun'), []);
  }));

test('a store it cannot write to is a CACHE_IO error naming the path and the fix', () =>
  withDir(async (dir) => {
    writeFileSync(join(dir, 'blocked'), 'a file, not a directory');
    const store = new FileVersionStore(join(dir, 'blocked'));
    await assert.rejects(
      store.put(enc.encode('x')),
      (e: any) => e.code === 'CACHE_IO' && e.message.includes(join(dir, 'blocked')) && /SIGNET_DATA_DIR/.test(e.hint),
    );
  }));
