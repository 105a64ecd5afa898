#!/usr/bin/env node
// Reads the Electron fuse wire of a packaged binary, as @electron/fuses does, and checks Signet's
// fuses (scripts/check-package.sh). The wire, after the sentinel: one byte fuse-wire version (1),
// one byte wire length, then one byte per fuse: '0' disabled, '1' enabled, 'r' removed.
//   node scripts/fuses.mjs release/linux-unpacked/signet          # prints the states, checks them
//   node scripts/fuses.mjs --stub FILE                             # writes a stub binary with Electron's default wire
import { readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** FuseV1Options, by wire index. */
export const FUSE_NAMES = [
  'RunAsNode',
  'EnableCookieEncryption',
  'EnableNodeOptionsEnvironmentVariable',
  'EnableNodeCliInspectArguments',
  'EnableEmbeddedAsarIntegrityValidation',
  'OnlyLoadAppFromAsar',
  'LoadBrowserProcessSpecificV8Snapshot',
  'GrantFileProtocolExtraPrivileges',
  'WasmTrapHandlers',
];

/** What Signet's package must have (electron-builder.yml electronFuses). */
export const REQUIRED = {
  RunAsNode: 'off',
  EnableNodeOptionsEnvironmentVariable: 'off',
  EnableNodeCliInspectArguments: 'off',
  EnableEmbeddedAsarIntegrityValidation: 'on',
  OnlyLoadAppFromAsar: 'on',
};

/** Electron's defaults (docs/tutorial/fuses.md): what an unflipped binary carries. */
const ELECTRON_DEFAULT_WIRE = '101100011';

const STATE = { 0x30: 'off', 0x31: 'on', 0x72: 'removed' };

/**
 * Every fuse wire in `bin` (a universal macOS binary has two); throws when there is none, when the
 * wires disagree, or on a version or state byte this reader does not know.
 * @returns {{ version: number, states: Record<string, string> }}
 */
export function readFuseWire(bin) {
  const sentinel = Buffer.from(SENTINEL, 'latin1');
  const wires = [];
  for (let at = bin.indexOf(sentinel); at !== -1; at = bin.indexOf(sentinel, at + 1)) {
    const pos = at + sentinel.length;
    if (pos + 2 > bin.length) throw new Error('the fuse wire is cut short after the sentinel');
    const version = bin[pos];
    const length = bin[pos + 1];
    if (version !== 1) throw new Error(`fuse wire version ${version}, this reader knows version 1`);
    if (pos + 2 + length > bin.length) throw new Error(`the fuse wire says ${length} fuses but the file ends first`);
    const states = {};
    for (let i = 0; i < length; i++) {
      const byte = bin[pos + 2 + i];
      const state = STATE[byte];
      if (state === undefined) throw new Error(`fuse ${i} has the unknown state byte 0x${byte.toString(16)}`);
      states[FUSE_NAMES[i] ?? `fuse${i}`] = state;
    }
    wires.push({ version, states });
  }
  if (wires.length === 0) throw new Error('no fuse wire (sentinel not found): not an Electron >= 12 binary');
  const first = JSON.stringify(wires[0]);
  if (wires.some((w) => JSON.stringify(w) !== first)) throw new Error('the binary holds fuse wires that disagree');
  return wires[0];
}

/** The required fuses not in their required state, as "Name: is X, must be Y". */
export function checkFuses(states, required = REQUIRED) {
  return Object.entries(required)
    .filter(([name, want]) => states[name] !== want)
    .map(([name, want]) => `${name}: is ${states[name] ?? 'absent'}, must be ${want}`);
}

/** A stand-in Electron binary (a shell script that refuses to run) carrying Electron's default fuse wire. */
export function stubBinary() {
  const wire = Buffer.concat([
    Buffer.from(`#!/bin/sh\necho "stub electron: not runnable" >&2\nexit 3\n# `, 'latin1'),
    Buffer.from(SENTINEL, 'latin1'),
    Buffer.from([1, ELECTRON_DEFAULT_WIRE.length]),
    Buffer.from(`${ELECTRON_DEFAULT_WIRE}\n`, 'latin1'),
  ]);
  return wire;
}

function main(argv) {
  if (argv[0] === '--stub') {
    writeFileSync(argv[1], stubBinary());
    chmodSync(argv[1], 0o755);
    return 0;
  }
  const file = argv[0];
  if (!file) {
    console.error('usage: node scripts/fuses.mjs BINARY | --stub FILE');
    return 2;
  }
  let wire;
  try {
    wire = readFuseWire(readFileSync(file));
  } catch (e) {
    console.error(`fuses: ${file}: ${e.message}`);
    return 1;
  }
  const wrong = checkFuses(wire.states);
  for (const w of wrong) console.error(`fuses: ${file}: ${w}`);
  if (wrong.length > 0) return 1;
  const shown = Object.keys(REQUIRED).map((n) => `${n}=${wire.states[n]}`);
  console.log(`fuses: ${file}: ${shown.join(' ')}`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1])
  process.exitCode = main(process.argv.slice(2));
