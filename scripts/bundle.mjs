#!/usr/bin/env node
// Bundles the compiled CLI (dist/cli/main.js, from `tsc -b`) into ONE CommonJS script,
// dist/signet.cjs, which cli/bin/signet.js prefers while no source is newer: loading one file
// instead of ~80 ES modules saves loader time on every run, and a script (unlike an ES module) can
// be compiled from V8's code cache on Node 20 (cli/bin/run-bundle.js).
//
//   node scripts/bundle.mjs        (run by `npm run build` / `prepare`, after tsc -b)
//
// CommonJS also makes everything lazy that the CLI does not use: esbuild wraps each module in an init
// function that runs on first use, node: built-ins included (an ES bundle hoists every built-in
// import: inspect loaded child_process, readline, http's server...).
//
// The first line is `//signet-bundle SHA256 SOURCE...`: the hash of the rest (the compile cache's
// key) and the .ts sources it was built from (the launcher's stale check stats exactly these).
//
// keytar and pkcs11js (native addons, loaded lazily with createRequire) and tsx stay external. Without esbuild
// (it comes with tsx) nothing is bundled and the launcher uses dist/cli/main.js: exit 0 either way.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'cli', 'main.js');
const outfile = join(root, 'dist', 'signet.cjs');
const OLD_BUNDLE = join(root, 'dist', 'signet.mjs'); // the ES bundle of earlier builds

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

rmSync(OLD_BUNDLE, { force: true });
// A bundle of a stale dist/ would look fresh to the launcher: refuse (and drop any old bundle).
const isTs = (n) => n.endsWith('.ts') && !n.endsWith('.d.ts');
const sources = Math.max(newest(join(root, 'core'), isTs), newest(join(root, 'cli'), isTs));
if (newest(join(root, 'dist'), (n) => n !== 'signet.cjs') < sources) {
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

// core/crypto/pbe.ts and ecdsa.ts import noble-key-crypto.js for its side effect: install the
// portable noble provider (a top-level await, which CommonJS cannot hold) unless a platform
// provider is registered. cli/main.ts registers node:crypto's provider before any command module
// is evaluated, so in the CLI that import never does anything: leave it (and noble) out.
const noNobleDefault = {
  name: 'no-noble-default',
  setup(build) {
    build.onResolve({ filter: /\/noble-key-crypto\.js$/ }, (args) =>
      args.kind === 'import-statement' ? { path: args.path, namespace: 'noble-default' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'noble-default' }, () => ({ contents: '', loader: 'js' }));
  },
};

const t0 = performance.now();
const result = await esbuild.build({
  absWorkingDir: root, // metafile paths relative to the root
  entryPoints: [entry],
  write: false,
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20', // package.json engines: >=20.19
  // import('node:x') becomes a require(): a vm.Script has no ES module loader to import with
  supported: { 'dynamic-import': false },
  external: ['keytar', 'pkcs11js', 'tsx', 'tsx/*', 'esbuild'],
  plugins: [noNobleDefault],
  // keychain-key-store.ts: createRequire(import.meta.url), i.e. the bundle's own URL
  define: { 'import.meta.url': '__signet_bundle_url' },
  banner: { js: 'var __signet_bundle_url=require("node:url").pathToFileURL(__filename).href;' },
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'silent',
  metafile: true,
});
if (result.warnings.length > 0 || result.errors.length > 0) {
  const messages = await esbuild.formatMessages([...result.errors, ...result.warnings], { kind: 'warning' });
  console.error(messages.join('\n'));
  console.error('bundle: esbuild warned; a CommonJS bundle must not depend on what it warns about');
  rmSync(outfile, { force: true });
  process.exit(1);
}
const code = result.outputFiles[0].text;
if (/\bimport\(/.test(code)) {
  console.error('bundle: the bundle still calls import(), which a vm.Script cannot run; make it a static import');
  process.exit(1);
}
// dist/core/x.js -> core/x.ts: the sources the launcher checks
const bundled = Object.keys(result.metafile.inputs)
  .filter((p) => /^dist\/(core|cli)\/.*\.js$/.test(p.split(sep).join('/')))
  .map((p) =>
    relative(root, join(root, p.replace(/^dist[/\\]/, '').replace(/\.js$/, '.ts')))
      .split(sep)
      .join('/'),
  )
  .filter((p) => existsSync(join(root, p)))
  .sort();
if (bundled.length === 0 || bundled.some((p) => /\s/.test(p))) {
  console.error(`bundle: unexpected source list: ${bundled.join(', ')}`);
  process.exit(1);
}
const hash = createHash('sha256').update(code).digest('hex');
const tmp = `${outfile}.${process.pid}.tmp`;
writeFileSync(tmp, `//signet-bundle ${hash} ${bundled.join(' ')}\n${code}`);
renameSync(tmp, outfile);
console.error(`bundle: dist/signet.cjs (${bundled.length} sources) in ${Math.round(performance.now() - t0)} ms`);
