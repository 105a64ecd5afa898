#!/usr/bin/env node
// `npm start`: the desktop app, else the browser harness.
//   npm start                 -> Electron (builds main + preload first); on the first start the
//                                Electron binary is downloaded by the electron package's own
//                                installer (Electron >= 42 no longer downloads it at npm install);
//                                when that is impossible (offline, blocked), the harness, URL printed
//   npm start -- --harness    -> the browser harness directly
//   npm start -- <command>    -> the signet CLI (e.g. npm start -- inspect --pretty IMAGE)
// SIGNET_NO_ELECTRON_DOWNLOAD=1 never downloads (harness when no binary is there).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const pkg = join(root, 'node_modules', 'electron');

function run(cmd, argv) {
  const child = spawn(cmd, argv, { cwd: root, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/** The Electron binary if it is there (looked up without node_modules/electron/index.js, which downloads). */
function electronBinary() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const b = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : 'electron');
    return existsSync(b) ? b : undefined;
  }
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const b = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(b) ? b : undefined;
}

/** Downloads the binary with the electron package's installer (checksummed by @electron/get). */
function downloadElectron() {
  if (process.env.SIGNET_NO_ELECTRON_DOWNLOAD === '1' || !existsSync(join(pkg, 'install.js'))) return 'not attempted';
  console.log('Downloading Electron (first start only)...');
  const r = spawnSync(process.execPath, [join(pkg, 'install.js')], { cwd: pkg, encoding: 'utf8', timeout: 300_000 });
  if (r.status === 0) return undefined;
  const why = `${r.stderr ?? ''}`.split('\n').find((l) => /error/i.test(l)) ?? `exit ${r.status}`;
  return why.trim().slice(0, 200);
}

function harness(reason) {
  console.log(`Electron is not available here (${reason}); starting the browser harness instead: open the URL below.`);
  run(process.execPath, ['--import', 'tsx', join(root, 'electron', 'harness', 'main.ts')]);
}

if (args.length > 0 && args[0] !== '--harness') {
  run(process.execPath, [join(root, 'cli', 'bin', 'signet.js'), ...args]);
} else if (args[0] === '--harness') {
  harness('--harness');
} else {
  let binary = electronBinary();
  const failure = binary ? undefined : downloadElectron();
  binary ??= electronBinary();
  if (!binary) {
    harness(failure === 'not attempted' ? 'no Electron binary, download disabled' : `download failed: ${failure}`);
  } else {
    for (const [cmd, argv] of [
      [process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b']],
      [process.execPath, [join(root, 'scripts', 'build-preload.mjs')]],
      [process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn']],
    ]) {
      const r = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit' });
      if (r.status !== 0) process.exit(r.status ?? 1);
    }
    run(binary, [join(root, 'dist', 'electron', 'main', 'index.js')]);
  }
}
