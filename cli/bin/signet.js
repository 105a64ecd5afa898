#!/usr/bin/env node
// Launcher. Runs, in order of preference:
//   1. dist/signet.mjs, the whole CLI bundled into one module (scripts/bundle.mjs, run by `npm ci`
//      through the prepare script): fastest start-up;
//   2. dist/cli/main.js, the compiled CLI (tsc -b);
//   3. the TypeScript sources through tsx, in a checkout that was not built.
// A build is only used while it is newer than every .ts file under core/ and cli/ (stale-build
// protection: an edited source never runs as its old compiled self).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

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

const mtime = (file) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
};

const isTs = (name) => name.endsWith('.ts') && !name.endsWith('.d.ts');
const sources = Math.max(newest(join(root, 'core'), isTs), newest(join(root, 'cli'), isTs));
const bundle = join(root, 'dist', 'signet.mjs');
const compiled = join(root, 'dist', 'cli', 'main.js');

let mod;
if (mtime(bundle) >= sources) {
  mod = await import(pathToFileURL(bundle).href);
} else if (existsSync(compiled) && newest(join(root, 'dist'), () => true) >= sources) {
  // tsc -b leaves unchanged outputs alone but rewrites dist/.tsbuild/*.tsbuildinfo on every build
  // that saw a changed source, so "something in dist/ is newer than every source" means built.
  mod = await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  mod = await import(pathToFileURL(join(root, 'cli', 'main.ts')).href);
}
process.exitCode = await mod.main(process.argv.slice(2));
