/** `npm run harness`: serves the renderer and the real handlers on 127.0.0.1 and prints the URL. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { fileURLToPath } from 'node:url';
import { startHarness } from './harness.js';

/** The project root: the nearest folder with package.json above this file (source or dist/). */
function projectRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return start;
  }
}
const root = projectRoot(dirname(fileURLToPath(import.meta.url)));
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
const portText = process.env['SIGNET_HARNESS_PORT'];
const port = portText === undefined || portText === '' ? 5174 : Number(portText);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`signet harness: SIGNET_HARNESS_PORT must be a port number, got ${portText}`);
  process.exit(2);
}
// by hand in a terminal: the stand-in file dialogs ask there
const terminal = process.stdin.isTTY ? createInterface({ input: process.stdin, output: process.stdout }) : undefined;
try {
  const h = await startHarness({
    port,
    rendererDir: join(root, 'dist', 'renderer'),
    appVersion: version,
    ...(terminal ? { ask: (q: string) => terminal.question(`\n${q}`) } : {}),
  });
  console.log(h.keyStoreLine);
  console.log(`DOCKER_CONFIG: ${h.graph.services.dockerConfig}; settings: ${h.graph.settings.file}`);
  console.log(`Signet harness (browser UI, real handlers): ${h.url}`);
  const stop = () => void h.close().then(() => (terminal?.close(), process.exit(0)));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  terminal?.on('SIGINT', stop); // readline takes Ctrl-C from the terminal
} catch (e) {
  console.error(`signet harness: cannot start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
