#!/usr/bin/env node
// Launcher. Runs, in order of preference:
//   1. dist/signet.cjs, the whole CLI bundled into one CommonJS script (scripts/bundle.mjs, run by
//      `npm ci` through the prepare script), compiled through V8's code cache (run-bundle.js):
//      fastest start-up;
//   2. dist/cli/main.js, the compiled CLI (tsc -b);
//   3. the TypeScript sources through tsx, in a checkout that was not built.
// A build is only used while it is newer than its sources (stale-build protection: an edited source
// never runs as its old compiled self). The bundle's first line lists the sources it was built from,
// so checking it costs one stat per source, no directory walk.
// CommonJS (cli/bin/package.json): an ES module entry point costs node its ES loader, ~7 ms a run.
'use strict';
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { bundleFresh, readBundle, runBundle } = require('./run-bundle.js');

const root = join(__dirname, '..', '..');

/** newest mtime (ms) of the files below `dir` accepted by `want`; 0 when there are none */
function newest(dir, want) {
  let max = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') max = Math.max(max, newest(join(dir, e.name), want));
    } else if (want(e.name)) {
      max = Math.max(max, statSync(join(dir, e.name)).mtimeMs);
    }
  }
  return max;
}

/** dist/cli/main.js while dist/ is newer than every source, else the sources through tsx */
async function unbundled() {
  const isTs = (name) => name.endsWith('.ts') && !name.endsWith('.d.ts');
  const sources = Math.max(newest(join(root, 'core'), isTs), newest(join(root, 'cli'), isTs));
  const compiled = join(root, 'dist', 'cli', 'main.js');
  // tsc -b leaves unchanged outputs alone but rewrites dist/.tsbuild/*.tsbuildinfo on every build
  // that saw a changed source, so "something in dist/ is newer than every source" means built.
  if (existsSync(compiled) && newest(join(root, 'dist'), () => true) >= sources) {
    return import(pathToFileURL(compiled).href);
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(join(root, 'cli', 'main.ts')).href);
}

async function launch(argv) {
  const bundleFile = join(root, 'dist', 'signet.cjs');
  const bundle = readBundle(bundleFile);
  if (bundle !== undefined && bundleFresh(root, bundle))
    return runBundle(root, bundleFile, bundle.source, bundle.st, argv);
  return (await unbundled()).main(argv);
}

launch(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
