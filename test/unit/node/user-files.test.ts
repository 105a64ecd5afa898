/**
 * Every file a user names goes through readUserFile: CA files (trust pinning, the app's per-server
 * CA, docker's tls/ directory), key files to import, public key files, docker's config.json and
 * Signet's config file. Each refuses a FIFO (without blocking), a directory and an oversized file
 * with a message naming the file.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SignetError } from '../../../core/errors.js';
import { loadDockerConfig, tlsOptionsFor } from '../../../core/node/docker-config.js';
import { readKeyFile, USER_FILE_CAPS } from '../../../core/node/files.js';
import { readPublicKeyFiles } from '../../../core/node/public-key-files.js';
import { loadTrustPinning, readTrustPinningFile } from '../../../core/node/signet-config.js';
import { updateTrustPins } from '../../../core/node/trust-pins.js';
import { TrustDirKeyStore } from '../../../core/node/trust-dir-key-store.js';
import { nodeReadContext } from '../../../core/node/read-context.js';
import { readView } from '../../../core/operations/view.js';

let dir: string;
before(() => (dir = mkdtempSync(join(tmpdir(), 'signet-userfiles-'))));
after(() => rmSync(dir, { recursive: true, force: true }));

type Kind = 'fifo' | 'directory' | 'oversized';
const KINDS: Kind[] = ['fifo', 'directory', 'oversized'];
const WHY: Record<Kind, RegExp> = {
  fifo: /is a named pipe \(FIFO\), not a regular file/,
  directory: /is a directory, not a regular file/,
  oversized: /bytes, over the limit of \d+ bytes for .* files/,
};

/** `<dir>/<case>/<name>` made a FIFO, a directory or a sparse file one byte over `cap`. */
function make(kind: Kind, at: string, cap: number): string {
  mkdirSync(join(at, '..'), { recursive: true });
  if (kind === 'fifo') assert.equal(spawnSync('mkfifo', [at]).status, 0);
  else if (kind === 'directory') mkdirSync(at);
  else {
    writeFileSync(at, '');
    truncateSync(at, cap + 1);
  }
  return at;
}

const now = new Date('2026-01-01T00:00:00Z');

/** Each reader: where its file goes, its cap, how to run it, the code it refuses with. */
const READERS: { name: string; file: string; cap: number; code: string; run: (base: string) => Promise<unknown> }[] = [
  {
    name: 'a key file to import (CLI key import/load, the app)',
    file: 'key.pem',
    cap: USER_FILE_CAPS.pem,
    code: 'BAD_INPUT',
    run: (b) => readKeyFile(join(b, 'key.pem')),
  },
  {
    name: 'a public key file (signer add)',
    file: 'alice.pub',
    cap: USER_FILE_CAPS.pem,
    code: 'BAD_INPUT',
    run: (b) => readPublicKeyFiles([{ path: join(b, 'alice.pub') }]),
  },
  {
    name: "docker's config.json",
    file: 'config.json',
    cap: USER_FILE_CAPS.config,
    code: 'BAD_CONFIG',
    run: (b) => loadDockerConfig(b),
  },
  {
    name: "a CA in docker's tls/<host:port>/",
    file: 'tls/127.0.0.1:4443/ca.crt',
    cap: USER_FILE_CAPS.pem,
    code: 'BAD_CONFIG',
    run: async (b) => tlsOptionsFor(b, '127.0.0.1:4443'),
  },
  {
    name: "Signet's config file",
    file: 'signet.json',
    cap: USER_FILE_CAPS.config,
    code: 'BAD_CONFIG',
    run: (b) => readTrustPinningFile(join(b, 'signet.json')),
  },
  {
    name: 'a CA file pinned in the config file',
    file: 'team-ca.pem',
    cap: USER_FILE_CAPS.pem,
    code: 'BAD_CONFIG',
    run: (b) => {
      writeFileSync(join(b, 'pins.json'), JSON.stringify({ trust_pinning: { ca: { 'r.example/': 'team-ca.pem' } } }));
      return loadTrustPinning(join(b, 'pins.json'));
    },
  },
  {
    name: 'a CA file chosen in Settings (trust pinning)',
    file: 'chosen-ca.pem',
    cap: USER_FILE_CAPS.pem,
    code: 'BAD_INPUT',
    run: (b) => updateTrustPins(join(b, 'pins2.json'), { ca: { 'r.example/': join(b, 'chosen-ca.pem') } }),
  },
  {
    name: "a server's CA file from the app's settings",
    file: 'server-ca.pem',
    cap: USER_FILE_CAPS.pem,
    code: 'BAD_CONFIG',
    run: async (b) => {
      const services = nodeReadContext({
        env: { DOCKER_CONFIG: join(b, 'docker'), HOME: b },
        server: () => 'https://127.0.0.1:9',
        offline: 'never',
        now: () => now,
        trustPinning: { certs: {}, ca: {}, disableTofu: false },
        caFileFor: () => join(b, 'server-ca.pem'),
      });
      try {
        return await readView(services, '127.0.0.1:9/team/app');
      } finally {
        services.close();
      }
    },
  },
];

for (const r of READERS) {
  test(
    `${r.name}: a FIFO, a directory and an oversized file are refused, naming the file`,
    { timeout: 10_000 },
    async () => {
      for (const kind of KINDS) {
        const base = join(dir, `${r.file.replace(/\W/g, '_')}-${kind}`);
        const path = make(kind, join(base, r.file), r.cap);
        await assert.rejects(r.run(base), (e: unknown) => {
          assert.ok(e instanceof SignetError, `${kind}: ${String(e)}`);
          assert.equal(e.code, r.code, `${kind}: ${e.message}`);
          assert.ok(e.message.includes(path), `${kind}: ${e.message}`);
          assert.match(e.message, WHY[kind]);
          return true;
        });
      }
    },
  );
}

test(
  'a trust dir to import from, holding a FIFO named like a key: listed without it, never waited on',
  { timeout: 10_000 },
  async () => {
    const trustDir = join(dir, 'import-trust');
    const id = 'c'.repeat(64);
    make('fifo', join(trustDir, 'private', `${id}.key`), 0);
    const store = new TrustDirKeyStore(trustDir);
    assert.deepEqual(await store.list(), []);
    assert.equal(await store.get(id), undefined);
  },
);
