/**
 * scripts/fuses.mjs, the packaging check's fuse reader: it reads the wire @electron/fuses writes
 * (flipped here by @electron/fuses itself, as electron-builder does), and fails a binary whose
 * fuses are Electron's defaults, or any one of Signet's five fuses left as it was.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SCRIPT = join(REPO, 'scripts', 'fuses.mjs');
// electron-builder's own copy (a dependency of app-builder-lib): the module that flips the fuses
const fuses = createRequire(join(REPO, 'node_modules', 'app-builder-lib', 'package.json'))('@electron/fuses') as {
  flipFuses: (path: string, config: Record<string, unknown>) => Promise<number>;
  FuseVersion: { V1: string };
  FuseV1Options: Record<string, number>;
};

let dir: string;
before(() => (dir = mkdtempSync(join(tmpdir(), 'signet-fuses-'))));
after(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });

function stub(name: string): string {
  const file = join(dir, name);
  const r = run('--stub', file);
  assert.equal(r.status, 0, r.stderr);
  return file;
}

const SIGNET = {
  RunAsNode: false,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
};

async function flip(file: string, settings: Record<string, boolean>): Promise<void> {
  const config: Record<string, unknown> = { version: fuses.FuseVersion.V1 };
  for (const [name, on] of Object.entries(settings)) config[fuses.FuseV1Options[name]!] = on;
  await fuses.flipFuses(file, config);
}

test("an unflipped binary (Electron's default wire) fails the check, naming each of the five fuses", () => {
  const r = run(stub('default'));
  assert.equal(r.status, 1);
  assert.deepEqual(r.stderr.trim().split('\n').sort(), [
    `fuses: ${dir}/default: EnableEmbeddedAsarIntegrityValidation: is off, must be on`,
    `fuses: ${dir}/default: EnableNodeCliInspectArguments: is on, must be off`,
    `fuses: ${dir}/default: EnableNodeOptionsEnvironmentVariable: is on, must be off`,
    `fuses: ${dir}/default: OnlyLoadAppFromAsar: is off, must be on`,
    `fuses: ${dir}/default: RunAsNode: is on, must be off`,
  ]);
});

test("the wire as @electron/fuses flips it with Signet's settings passes, and reads back each state", async () => {
  const file = stub('flipped');
  await flip(file, SIGNET);
  const r = run(file);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(
    r.stdout.trim(),
    `fuses: ${file}: RunAsNode=off EnableNodeOptionsEnvironmentVariable=off EnableNodeCliInspectArguments=off EnableEmbeddedAsarIntegrityValidation=on OnlyLoadAppFromAsar=on`,
  );
});

test('each fuse is checked on its own: one left enabled fails, naming only that one', async () => {
  for (const [name, on] of Object.entries(SIGNET)) {
    const file = stub(`one-${name}`);
    await flip(file, { ...SIGNET, [name]: !on });
    const r = run(file);
    assert.equal(r.status, 1, name);
    assert.equal(r.stderr.trim(), `fuses: ${file}: ${name}: is ${on ? 'off' : 'on'}, must be ${on ? 'on' : 'off'}`);
  }
});

test('a file without a fuse wire, a cut-short wire and two wires that disagree are refused', () => {
  const none = join(dir, 'none');
  writeFileSync(none, '#!/bin/sh\nexit 0\n');
  assert.match(run(none).stderr, /no fuse wire \(sentinel not found\)/);

  const full = readFileSync(stub('cut'));
  const cut = join(dir, 'cut');
  writeFileSync(cut, full.subarray(0, full.length - 4));
  assert.match(run(cut).stderr, /says 9 fuses but the file ends first/);

  const twice = join(dir, 'twice');
  const other = Buffer.from(full);
  other[other.length - 2] = 0x30; // the second copy's last fuse differs
  writeFileSync(twice, Buffer.concat([full, other]));
  assert.match(run(twice).stderr, /fuse wires that disagree/);
});
