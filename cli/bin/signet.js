#!/usr/bin/env node
// Launcher: runs the compiled CLI (built by `npm ci` through the prepare script); falls back to the
// TypeScript sources through tsx in a checkout that was not built.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const built = new URL('../../dist/cli/main.js', import.meta.url);
let mod;
if (existsSync(fileURLToPath(built))) {
  mod = await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  mod = await import(pathToFileURL(`${here}../main.ts`).href);
}
process.exitCode = await mod.main(process.argv.slice(2));
