#!/usr/bin/env node
// Bundles the sandboxed preload: electron/preload/entry.ts -> dist/electron/preload.cjs
// (CommonJS, everything inlined except 'electron', which a sandboxed preload may require).
// esbuild is already installed (through tsx); no extra dependency.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outArg = process.argv.indexOf('--outfile');
const outfile = outArg > 0 ? process.argv[outArg + 1] : join(root, 'dist', 'electron', 'preload.cjs');
await build({
  entryPoints: [join(root, 'electron', 'preload', 'entry.ts')],
  outfile,
  bundle: true,
  format: 'cjs',
  platform: 'browser', // sandboxed: no Node built-ins
  target: 'chrome140',
  external: ['electron'],
  logLevel: 'warning',
  legalComments: 'none',
});
const out = readFileSync(outfile, 'utf8');
const requires = [...out.matchAll(/require\((["'])([^"']+)\1\)/g)].map((m) => m[2]);
if (requires.some((r) => r !== 'electron')) {
  console.error(`build-preload: the preload requires more than 'electron': ${requires.join(', ')}`);
  process.exit(1);
}
console.log(`build-preload: ${outfile} (${out.length} bytes, requires: ${[...new Set(requires)].join(', ')})`);
