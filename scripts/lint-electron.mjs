#!/usr/bin/env node
// Electronegativity over electron/ (Electron 45): writes reports/electronegativity.csv, prints the
// findings, and fails when any finding is HIGH or CRITICAL (lower ones are printed for review).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const csv = join(root, 'reports', 'electronegativity.csv');
mkdirSync(dirname(csv), { recursive: true });
const bin = join(
  root,
  'node_modules',
  '.bin',
  process.platform === 'win32' ? 'electronegativity.cmd' : 'electronegativity',
);
const r = spawnSync(bin, ['-i', join(root, 'electron'), '-r', '-e', '45.5.0', '-v', 'false', '-o', csv], {
  cwd: root,
  encoding: 'utf8',
});
if (r.status !== 0) {
  console.error(r.stdout, r.stderr);
  process.exit(r.status ?? 1);
}
const rows = readFileSync(csv, 'utf8').trim().split('\n').slice(1).filter(Boolean);
const high = rows.filter((l) => /^[^,]*,"(HIGH|CRITICAL)"/.test(l));
for (const l of rows) console.log(`electronegativity: ${l.split(',').slice(0, 5).join(' ')}`);
console.log(`electronegativity: ${rows.length} finding(s), ${high.length} high or critical`);
process.exit(high.length > 0 ? 1 : 0);
