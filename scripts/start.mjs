#!/usr/bin/env node
// `npm start`: the desktop app when an Electron binary is installed, else the browser harness.
//   npm start                 -> Electron (builds main + preload first), or the harness with its URL
//   npm start -- <command>    -> the signet CLI, as before (e.g. npm start -- inspect --pretty IMAGE)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

function run(cmd, argv) {
  const child = spawn(cmd, argv, { cwd: root, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (args.length > 0) {
  run(process.execPath, [join(root, 'cli', 'bin', 'signet.js'), ...args]);
} else {
  // node_modules/electron/index.js would try to DOWNLOAD a missing binary; look for it without that
  const pkg = join(root, 'node_modules', 'electron');
  let binary;
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH)
    binary = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : 'electron');
  else if (existsSync(join(pkg, 'path.txt')))
    binary = join(pkg, 'dist', readFileSync(join(pkg, 'path.txt'), 'utf8').trim());
  if (binary && existsSync(binary)) {
    for (const [cmd, argv] of [
      [process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b']],
      [process.execPath, [join(root, 'scripts', 'build-preload.mjs')]],
    ]) {
      const r = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit' });
      if (r.status !== 0) process.exit(r.status ?? 1);
    }
    run(binary, [join(root, 'dist', 'electron', 'main', 'index.js')]);
  } else {
    console.log(
      'Electron is not installed here (no Electron binary in node_modules/electron); starting the browser harness instead: open the URL below.',
    );
    run(process.execPath, ['--import', 'tsx', join(root, 'electron', 'harness', 'main.ts')]);
  }
}
