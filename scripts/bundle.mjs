#!/usr/bin/env node
// Bundles the compiled CLI (dist/cli/main.js, from `tsc -b`) into ONE ES module, dist/signet.mjs,
// which cli/bin/signet.js prefers while it is newer than every source file: loading one file
// instead of ~80 ES modules saves ESM loader time on every run of the CLI.
//
//   node scripts/bundle.mjs        (run by `npm run build` / `prepare`, after tsc -b)
//
// keytar (a native addon, loaded lazily with createRequire) and tsx stay external. Without esbuild
// (it comes with tsx) nothing is bundled and the launcher uses dist/cli/main.js: exit 0 either way.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'cli', 'main.js');
const outfile = join(root, 'dist', 'signet.mjs');

if (!existsSync(entry)) {
  console.error('bundle: dist/cli/main.js is missing: run tsc -b first');
  process.exit(1);
}
/** newest mtime (ms) of the files below `dir` accepted by `want` */
function newest(dir, want) {
  let max = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) max = Math.max(max, newest(p, want));
    else if (want(e.name)) max = Math.max(max, statSync(p).mtimeMs);
  }
  return max;
}

// A bundle of a stale dist/ would look fresh to the launcher: refuse (and drop any old bundle).
const isTs = (n) => n.endsWith('.ts') && !n.endsWith('.d.ts');
const sources = Math.max(newest(join(root, 'core'), isTs), newest(join(root, 'cli'), isTs));
if (newest(join(root, 'dist'), (n) => n !== 'signet.mjs') < sources) {
  rmSync(outfile, { force: true });
  console.error('bundle: dist/ is older than the sources: run tsc -b first');
  process.exit(1);
}

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  rmSync(outfile, { force: true }); // never leave an old bundle behind
  console.error('bundle: esbuild is not installed; the CLI runs from dist/cli/main.js');
  process.exit(0);
}
const t0 = performance.now();
await esbuild.build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20', // package.json engines: >=20.19
  external: ['keytar', 'tsx', 'tsx/*', 'esbuild'],
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
});
console.error(`bundle: dist/signet.mjs in ${Math.round(performance.now() - t0)} ms`);
